"""The curated glossary that ships with easyread, and glossaries that extend it.

``easyread check letter.txt`` in any folder, with no settings, uses the curated
glossary inside the package; a project's own ``glossary.yml`` is used instead, or
adds to it with ``extends: builtin`` (an entry or phrase with the id of a built-in
one replaces it; the others are added).

One copy of the curated data: ``glossary.yml`` at the root of the repository, where
editors edit it. A checkout (and an editable install, ``pip install -e .``) reads it
there; ``pip install .`` installs a copy as data, ``<prefix>/share/easyread/glossary.yml``
(pyproject.toml's ``data-files``), which an installed easyread reads. A package file
``easyread/data/glossary.yml`` would win over both, should the glossary ever move into
the package; ``tests/test_builtin.py`` fails if both it and the root copy exist, so two
copies can never drift.
"""

from __future__ import annotations

import site
import sys
from importlib import resources
from pathlib import Path

from .errors import GlossaryError, Msg

BUILTIN = "builtin"
PACKAGE_FILE = "data/glossary.yml"
CHECKOUT_FILE = Path(__file__).resolve().parents[2] / "glossary.yml"
INSTALLED_FILE = Path("share") / "easyread" / "glossary.yml"   # under an install prefix


def _installed_copies() -> list[Path]:
    """Where ``pip install .`` puts the data file: the environment's prefix, or the user's."""
    prefixes = [sys.prefix, getattr(site, "USER_BASE", None) or ""]
    return [Path(prefix) / INSTALLED_FILE for prefix in prefixes if prefix]


def builtin_glossary_path() -> Path:
    """Where the curated glossary is: in the package, the checkout, or the install's data."""
    packaged = resources.files("easyread").joinpath(PACKAGE_FILE)
    if packaged.is_file():
        return Path(str(packaged))
    if CHECKOUT_FILE.is_file():
        return CHECKOUT_FILE
    installed = next((path for path in _installed_copies() if path.is_file()), None)
    if installed is not None:
        return installed
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
