"""Readers for the kinds of file easyread reads besides Markdown: Word, web pages.

Which reader a file gets, and what an editor is told about a file easyread cannot
read, is data (``data/formats.yml``): a suffix table and one line of advice per
kind of file. Each reader turns its file into ``content.Block``s over a
``SourceFile`` whose characters are where the editor finds them, and
``content.build_domains`` gives them the same structure rules as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from ..errors import InputError, Msg, Notice, Warn
from ..yamlio import package_data


@dataclass(frozen=True)
class Unsupported:
    """A kind of file easyread cannot read, and what to do instead."""

    suffixes: tuple[str, ...]
    what: str
    advice: str


@lru_cache(maxsize=1)
def formats_data() -> dict:
    return package_data("data/formats.yml")


@lru_cache(maxsize=1)
def reader_by_suffix() -> dict[str, str]:
    """``.docx`` -> ``word``, ``.md`` -> ``markdown``..., from data/formats.yml."""
    return {suffix: name for name, suffixes in formats_data()["readers"].items() for suffix in suffixes}


@lru_cache(maxsize=1)
def unsupported_kinds() -> tuple[Unsupported, ...]:
    return tuple(Unsupported(tuple(k["suffixes"]), k["what"], k["advice"])
                 for k in formats_data()["unsupported"])


def reader_for(path: Path) -> str:
    """The reader for a file by its name: markdown, text, word or web.

    A file with no suffix is read as Markdown (like standard input); any other
    suffix easyread does not read is an error that says what to do instead.
    """
    suffix = path.suffix.lower()
    if not suffix:
        return "markdown"
    name = reader_by_suffix().get(suffix)
    if name is None:
        raise InputError(why_not_read(path), path=str(path))
    return name


def why_not_read(path: Path) -> str:
    """The coded one-line error for a file easyread does not read."""
    template, values = _reason(path)
    return template.format(**values)


def skipped(path: Path) -> Notice:
    """A folder's file that is not read, and why (the command line lists them at the end)."""
    template, values = _reason(path)
    return Notice(str(path), Warn.W075.format(why=template.value.format(**values)))


def _reason(path: Path) -> tuple[Msg, dict[str, str]]:
    suffix = path.suffix.lower()
    kind = next((k for k in unsupported_kinds() if suffix in k.suffixes), None)
    if kind is not None:
        return Msg.E070, {"what": kind.what, "advice": kind.advice}
    return Msg.E071, {"suffix": suffix or "name-only (no .ending)"}


def bold_markdown(pieces: list[tuple[str, bool]], skip: int = 0) -> str:
    """Text pieces (text, bold) as inline Markdown, bold runs as ``**bold**``.

    Neighbouring bold pieces are merged and their outer spaces kept outside the
    marks (``**word **`` is no emphasis in Markdown); the first ``skip`` characters
    (a typed bullet) are left out.
    """
    merged: list[list] = []
    for text, bold in pieces:
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out = []
    for text, bold in merged:
        if skip:
            text, skip = text[skip:], max(0, skip - len(text))
        core = text.strip()
        if bold and core:
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(text)
    return "".join(out)
