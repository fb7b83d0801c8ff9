"""easyread: check health documents for plain English, flag clinical wording, build Easy Read.

Pipeline (one module per stage): content (load) -> analyse (check) -> rewrite -> render.
"""

__version__ = "0.1.0"
