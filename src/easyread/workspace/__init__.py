"""The editor's workspace: ``easyread serve``, a local web app to check, rewrite and approve
Easy Read text in the browser.

``service.py`` is the only module that calls into the rest of easyread; ``app.py`` is the
Flask app (pages, security); ``server.py`` starts it on 127.0.0.1 with waitress and prints
its address with a random token, as Jupyter does.
"""

from __future__ import annotations

__all__ = ["serve"]


def serve(*args, **kwargs):
    """Start the workspace (see ``server.serve``); Flask and waitress load only then."""
    from .server import serve as run

    return run(*args, **kwargs)
