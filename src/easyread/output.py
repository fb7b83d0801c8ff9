"""Writing files safely: atomically, never over an editor's input, never into content/.

Every output goes through here so the promise "nothing lost" is kept in one place:
a file is written to a temporary name in the same folder and renamed over the
target only when complete; a folder (``output/``) is built beside the old one and
swapped in only when every page is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import Msg, OutputError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def safe_write(path: Path, data: str | bytes, *, inputs: list[Path] = (), content_dir: Path | None = None,
               force: bool = False, what: str = "the output file") -> None:
    """Write an output file for the editor, refusing to overwrite inputs or content/."""
    path = Path(path)
    resolved = path.resolve()
    if any(resolved == Path(i).resolve() for i in inputs):
        raise OutputError(Msg.E051.format(path=path))
    if content_dir is not None and content_dir.resolve() in resolved.parents:
        raise OutputError(Msg.E052.format(path=path))
    if path.exists() and not force:
        raise OutputError(Msg.E053.format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)   # "-o drafts/easy.md": make drafts/
        write_atomic(path, data)
    except OSError as error:
        raise OutputError(Msg.E050.format(what=path, why=error.strerror or error)) from None


def replace_folder(target: Path, build: "callable") -> None:
    """Build a folder's new contents beside it, then swap it in.

    ``build(folder)`` writes everything into a fresh temporary folder. Only when it
    returns is the old ``target`` moved aside and the new one renamed into place, so
    a failed or interrupted build leaves the previous folder complete.
    """
    target = Path(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=parent))
    except OSError as error:
        raise OutputError(Msg.E050.format(what=target, why=error.strerror or error)) from None
    old = None
    try:
        build(staging)
        os.chmod(staging, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, old / "previous")
        os.replace(staging, target)
    except BaseException as error:
        # Whatever stopped us (a full disk, Ctrl-C), the previous folder goes back.
        if old is not None and not target.exists():
            os.replace(old / "previous", target)
        for leftover in (staging, old):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)
        if isinstance(error, OSError):
            raise OutputError(Msg.E050.format(what=target, why=error.strerror or error)) from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _clean_leftovers(target: Path) -> None:
    """Tidy what a killed build (SIGKILL, power cut) left beside ``target``.

    A kill between moving the old folder aside and renaming the new one in leaves
    no ``target`` but a complete ``.NAME.old.*/previous``: that is put back first.
    Then every ``.NAME.old.*`` and half-written ``.NAME.new.*`` folder is removed,
    so staging folders never pile up or pass for output.
    """
    beside = sorted(p for p in target.parent.iterdir() if p.is_dir())   # not glob: "-o 'site [1]'"
    for old in (p for p in beside if p.name.startswith(f".{target.name}.old.")):
        previous = old / "previous"
        if not target.exists() and previous.is_dir():
            os.replace(previous, target)
        shutil.rmtree(old, ignore_errors=True)
    for staging in (p for p in beside if p.name.startswith(f".{target.name}.new.")):
        shutil.rmtree(staging, ignore_errors=True)
