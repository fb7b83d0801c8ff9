"""Reading files: bytes from disk or standard input, as text an editor's tools wrote.

Every input easyread reads (content, glossary, approvals, settings) comes through
here, so the promises about bad input are kept in one place: a huge file or a
runaway pipe is refused before it fills memory, Word's Windows-1252 bytes are an
error naming the line and column, and UTF-8 with or without a byte order mark,
with CRLF or CR line endings, reads the same (lines and columns stay the file's).
Writing is ``output.py``'s job.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable

from .errors import InputError, Msg, Notice, Warn
from .model import SourceFile

MAX_FILE_BYTES = 20 * 1024 * 1024
STDIN_PATH = "<stdin>"


def read_source(path: str | Path, data: bytes | None = None) -> SourceFile:
    """Read a file (or given bytes) as text, with clear errors for Word exports.

    Accepts UTF-8 with or without a byte order mark, and CRLF or CR line endings
    (turned into LF; lines and columns stay the same). Rejects empty, huge and
    non-UTF-8 files, naming the line of the first bad byte.
    """
    display = str(path)
    if data is None:
        data = read_bytes(Path(path))
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Msg.E004.format(size_mb=len(data) / 2**20, limit_mb=MAX_FILE_BYTES / 2**20),
                         path=display)
    text = decode_text(data, display)
    if not text.strip():
        raise InputError(Msg.E003.format(), path=display)
    return SourceFile.from_text(display, text)


def decode_text(data: bytes, display: str) -> str:
    """UTF-8 bytes (with or without a byte order mark) as text with LF line endings;
    any other bytes (Windows-1252 from Word) are an error naming the line and column."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place_of_byte(data, error.start)
        raise InputError(Msg.E002.format(byte=f"0x{data[error.start]:02X}", column=column),
                         path=display, line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _place_of_byte(data: bytes, index: int) -> tuple[int, int]:
    """Line and column of ``data[index]`` as an editor's editor shows them.

    Lines end at LF, CRLF or a lone CR (old Mac files); the column counts
    characters, not bytes, so "café" before the bad byte counts 4, not 5. Everything
    before ``index`` is valid UTF-8 (``index`` is the first bad byte).
    """
    before = data[:index].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", errors="replace")) + 1


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing a huge file before reading it into memory.

    At most ``MAX_FILE_BYTES + 1`` bytes are read even when the size is unknown
    (a pipe, a device) or the file grows while it is read.
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(Msg.E004.format(size_mb=size / 2**20, limit_mb=MAX_FILE_BYTES / 2**20),
                                 path=str(path))
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Msg.E005.format(), path=str(path)) from None
    except IsADirectoryError:
        raise InputError(Msg.E001.format(why="it is a folder"), path=str(path)) from None
    except OSError as error:
        raise InputError(Msg.E001.format(why=error.strerror or str(error)), path=str(path)) from None


def content_files(paths: Iterable[str | Path], skipped: list[Notice] | None = None) -> list[Path]:
    """Expand folders to the files easyread reads (top level, sorted).

    Every other file and folder in a folder is added to ``skipped`` with the reason
    (hidden files such as .DS_Store, and the ``approved`` folder, are passed over quietly).
    """
    from .approvals import APPROVED_DIR   # editor-approved text, read by the rewrite stage
    from .readers import reader_by_suffix

    readable = reader_by_suffix()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for entry in sorted(path.iterdir()):
                if entry.name.startswith(".") or (entry.is_dir() and entry.name == APPROVED_DIR):
                    continue
                reason = _why_left_out(entry, readable)
                if reason is None:
                    found.append(entry)
                elif skipped is not None:
                    skipped.append(reason)
            if not found:
                raise InputError(Msg.E006.format(), path=str(path))
            files.extend(found)
        else:
            files.append(path)
    return files


def _why_left_out(entry: Path, readable: dict[str, str]) -> Notice | None:
    """None for a file to read; else why it is left out."""
    from .readers import skipped

    if entry.is_dir():
        return Notice(str(entry), Warn.W077.format(name=entry.name))
    if entry.name.startswith("~$"):
        return Notice(str(entry), Warn.W075.format(why="a Word lock file (Word keeps it while the document is open)"))
    if entry.name.startswith("_") or entry.name.lower() == "readme.md":
        return Notice(str(entry), Warn.W075.format(why="a README or a file whose name starts with _ (a note, not content)"))
    if entry.suffix.lower() not in readable:
        return skipped(entry)
    return None


def read_stdin() -> bytes:
    """Standard input, but never more than the file size limit (a runaway pipe)."""
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Msg.E008.format(limit_mb=MAX_FILE_BYTES / 2**20), path=STDIN_PATH)
    return data
