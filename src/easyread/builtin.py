"""The curated glossary that ships with easyread, and glossaries that extend it.

``easyread check letter.txt`` in any folder, with no settings, uses the curated
glossary inside the package; a project's own ``glossary.yml`` is used instead, or
adds to it with ``extends: builtin`` (an entry or phrase with the id of a built-in
one replaces it; the others are added).

One copy of the curated data: the package file ``easyread/data/glossary.yml``.
Until the curated file moves there from the repository root (``git mv glossary.yml
src/easyread/data/glossary.yml``, done when no one is editing it), a checkout's
root copy is used, which an editable install (``pip install -e .``) can reach;
``tests/test_builtin.py`` fails if both copies exist, so they can never drift.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import GlossaryError, Msg

BUILTIN = "builtin"
PACKAGE_FILE = "data/glossary.yml"
CHECKOUT_FILE = Path(__file__).resolve().parents[2] / "glossary.yml"


def builtin_glossary_path() -> Path:
    """Where the curated glossary is: in the package, else (before the move) the checkout."""
    packaged = resources.files("easyread").joinpath(PACKAGE_FILE)
    if packaged.is_file():
        return Path(str(packaged))
    if CHECKOUT_FILE.is_file():
        return CHECKOUT_FILE
    raise GlossaryError(Msg.E037.format())


def is_builtin(name: str | Path | None) -> bool:
    """Does a setting or flag name the built-in glossary (``glossary = "builtin"``)?"""
    return name is not None and str(name) == BUILTIN


def glossary_for(setting: str | Path | None, root: Path | None) -> Path:
    """The glossary a run uses: the flag (``root`` None: as typed) or setting (relative to
    the settings folder ``root``) if given, ``builtin`` naming the curated one; else the
    project's ``glossary.yml``; else, with no project glossary, the curated one."""
    if is_builtin(setting):
        return builtin_glossary_path()
    if setting is not None:
        return Path(setting) if root is None else root / str(setting)
    own = (root or Path.cwd()) / "glossary.yml"
    return own if own.exists() else builtin_glossary_path()
