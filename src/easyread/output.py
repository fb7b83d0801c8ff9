"""Writing files safely: atomically, never over an input of the run, never into content/.

Every file and folder easyread writes goes through ``write_output`` or
``replace_folder``, and both through ``refuse_inputs``, so the promise "nothing
lost" is kept in one place (issue 14): whatever the command, with or without
``--force``, nothing replaces a file the run reads (content, approvals, glossary,
settings), nothing is written inside a content folder, and no folder that holds an
input is replaced; symbolic links are resolved first, so ``content/../glossary.yml``
or a link to the glossary is the glossary. A file is written to a temporary name in
the same folder and renamed over the target only when complete; a folder
(``output/``) is built beside the old one and swapped in only when every page is
written, under a lock, so two builds never mix their work.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import Msg, OutputError

LOCK_WAIT_MESSAGE_AFTER = 1.0   # seconds before a waiting build says why it waits
LOCK_TIMEOUT = 600.0            # seconds a build waits for another before it gives up


@dataclass(frozen=True)
class RunInputs:
    """What a run reads, so that nothing it writes replaces any of it.

    ``files``: every file read (content, approvals, glossary, settings files).
    ``folders``: content folders; nothing is written inside them.
    ``updatable``: inputs the command exists to update in place (``approve``: the
    approval file it records the fingerprint in), still never through a link to
    another input.
    """

    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()
    updatable: tuple[Path, ...] = ()


def run_inputs(paths: Iterable[str | Path], *, settings=None, content_dir: Path | None = None,
               approvals_dir: Path | None = None, updatable: Iterable[Path] = ()) -> RunInputs:
    """The inputs of a run: the files and folders given, each content folder's approvals,
    and the settings' glossary, settings files and content folder. ``approvals_dir``: where
    a draft's approvals live (beside it): its approvals are inputs, the folder itself is not
    a content folder (a draft in Documents may have its Easy Read site built beside it)."""
    from .approvals import APPROVED_DIR
    from .errors import InputError
    from .files import content_files

    given = [Path(p) for p in paths if str(p) != "-"]
    folders = [p for p in given if p.is_dir()]
    if content_dir is not None:
        folders.append(Path(content_dir))
    files: list[Path] = []
    if approvals_dir is not None and (Path(approvals_dir) / APPROVED_DIR).is_dir():
        files += sorted((Path(approvals_dir) / APPROVED_DIR).glob("*.yml"))
    if settings is not None:
        folders.append(settings.content)
        files += [settings.glossary, *settings.sources]
    for path in given:
        try:
            files += content_files([path])
        except InputError:   # an empty folder: nothing in it to protect but the folder
            pass
    for folder in folders:
        approved = folder / APPROVED_DIR
        files += sorted(approved.glob("*.yml")) if approved.is_dir() else []
    return RunInputs(tuple(dict.fromkeys(files)), tuple(dict.fromkeys(folders)), tuple(updatable))


def refuse_inputs(target: Path, inputs: RunInputs) -> None:
    """Raise a one-line OutputError if writing ``target`` could replace or enter an input.

    Paths are compared after resolving symbolic links and ``..``: the target itself,
    each folder above it, and each input. A file or folder is refused when it is an
    input (E051), lies inside a content folder (E052), or holds an input (E061).
    """
    resolved = _resolved(target)
    updating = {_resolved(p) for p in inputs.updatable}
    named = {os.path.abspath(p) for p in inputs.updatable}   # compared as named: a link stays another file
    others = {_resolved(p) for p in inputs.files if os.path.abspath(p) not in named}
    if resolved in others:
        raise OutputError(Msg.E051.format(path=target))
    if resolved in updating:
        return
    for named_folder in inputs.folders:
        folder = _resolved(named_folder)
        if resolved == folder or folder in resolved.parents:
            raise OutputError(Msg.E052.format(path=target, folder=f"{named_folder}{os.sep}".replace(f"{os.sep}{os.sep}", os.sep)))
    held = next((p for p in [*inputs.files, *inputs.folders] if resolved in _resolved(p).parents), None)
    if held is not None:
        raise OutputError(Msg.E061.format(path=target, input=held))


def _resolved(path: Path) -> Path:
    """The path as the file system will find it: absolute, links and ``..`` resolved
    (as far as the path exists; a loop of links resolves as far as it can)."""
    try:
        return Path(os.path.realpath(Path(path).absolute()))
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def write_output(path: Path, data: str | bytes, inputs: RunInputs, *, force: bool = False) -> None:
    """Write an output file for the editor: never over an input, never over an existing
    file without ``force``, atomically, making its folder if needed."""
    path = Path(path)
    refuse_inputs(path, inputs)
    if path.exists() and not force:
        raise OutputError(Msg.E053.format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)   # "-o drafts/easy.md": make drafts/
        write_atomic(path, data)
    except OSError as error:
        raise OutputError(Msg.E050.format(what=path, why=error.strerror or error)) from None


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The primitive under ``write_output`` (and the cache, which writes only its own
    files in its own folder): it checks nothing about inputs.
    """
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


# ---------------------------------------------------------------- folders (easyread build)


def replace_folder(target: Path, build: Callable[[Path], None], inputs: RunInputs = RunInputs(), *,
                   may_replace: Callable[[Path], None] | None = None,
                   on_wait: Callable[[], None] | None = None) -> None:
    """Build a folder's new contents beside it, then swap it in, holding its lock.

    ``build(folder)`` writes everything into a fresh temporary folder. Only when it
    returns is the old ``target`` moved aside and the new one renamed into place, so
    a failed or interrupted build leaves the previous folder complete. Everything
    from tidying what a killed build left to the swap happens under the folder's
    lock (``folder_lock``): a second build waits, so it can never delete the staging
    folder of one still running. ``may_replace(target)`` is asked under the lock.
    """
    target = Path(target)
    refuse_inputs(target, inputs)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(Msg.E050.format(what=target, why=error.strerror or error)) from None
    with folder_lock(target, on_wait):
        if may_replace is not None:
            may_replace(target)
        _swap_in(target, build)


def _swap_in(target: Path, build: Callable[[Path], None]) -> None:
    parent = target.parent
    try:
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


@contextmanager
def folder_lock(target: Path, on_wait: Callable[[], None] | None = None,
                timeout: float | None = None) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``target`` while its contents are replaced.

    filelock takes an OS lock on the file (``fcntl.flock`` on POSIX, ``msvcrt.locking``
    on Windows), which the OS drops when a process dies, so a killed build never
    leaves the folder locked. A second build waits; after a second it calls
    ``on_wait`` (the CLI prints why it waits) and after ``timeout`` it stops with E062.
    """
    from filelock import FileLock, Timeout

    timeout = LOCK_TIMEOUT if timeout is None else timeout
    lock = FileLock(str(target.parent / f".{target.name}.lock"))
    try:
        try:
            lock.acquire(timeout=min(LOCK_WAIT_MESSAGE_AFTER, timeout))
        except Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire(timeout=max(timeout - LOCK_WAIT_MESSAGE_AFTER, 0))
    except Timeout:
        raise OutputError(Msg.E062.format(path=target, seconds=round(timeout))) from None
    except OSError as error:
        raise OutputError(Msg.E050.format(what=target, why=error.strerror or error)) from None
    try:
        yield
    finally:
        lock.release()


def _clean_leftovers(target: Path) -> None:
    """Tidy what a killed build (SIGKILL, power cut) left beside ``target``.

    Called only with the folder's lock held, so no build that is still running owns
    anything removed here. A kill between moving the old folder aside and renaming
    the new one in leaves no ``target`` but a complete ``.NAME.old.*/previous``: that
    is put back first. Then every ``.NAME.old.*`` and half-written ``.NAME.new.*``
    folder is removed, so staging folders never pile up or pass for output.
    """
    beside = sorted(p for p in target.parent.iterdir() if p.is_dir())   # not glob: "-o 'site [1]'"
    for old in (p for p in beside if p.name.startswith(f".{target.name}.old.")):
        previous = old / "previous"
        if not target.exists() and previous.is_dir():
            os.replace(previous, target)
        shutil.rmtree(old, ignore_errors=True)
    for staging in (p for p in beside if p.name.startswith(f".{target.name}.new.")):
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------- the terminal


# Shown as escapes: C0 and C1 controls and DEL (ESC starts terminal commands, CR
# overwrites a line, BS erases) and the bidirectional overrides that make text read
# in another order than it is ("Trojan Source"). Tab stays a tab.
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def terminal_safe(text: str, keep: str = "\t") -> str:
    """Text from a draft, a file name or the cache, fit to print on a terminal.

    Each control character (and each bidirectional override) is shown as a Python
    escape (``\\x1b``, ``\\u202e``), so a draft cannot move the cursor, change
    colours, set the window title or reorder what the editor reads. ``keep`` lists
    characters left as they are (pass ``"\\t\\n"`` for text of several lines).
    """
    if not _maybe_unsafe(keep).search(text):   # nearly always: a check's whole output, read once in C
        return text
    return "".join(char if char in keep or not _unsafe(char) else _escape(char) for char in text)


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS or char in "\u2028\u2029"


@functools.lru_cache(maxsize=8)
def _maybe_unsafe(keep: str) -> "re.Pattern[str]":
    """Every character _unsafe may call unsafe (category Cc is exactly C0, DEL and C1)
    but those in ``keep``: text with none of them needs no escapes."""
    unsafe = [chr(c) for c in (*range(0x20), *range(0x7f, 0xa0))] + ["\u2028", "\u2029", *sorted(_BIDI_CONTROLS)]
    return re.compile("[" + "".join(re.escape(c) for c in unsafe if c not in keep) + "]")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
