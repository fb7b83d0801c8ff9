"""Blind samples for a human to judge: the same rows every run, written as Markdown.

A sample is drawn with ``random.Random(7)`` (the seed issues 10 and 16 name) from the
candidates in document order, so the same input gives the same rows on every
machine; the judge fills in the empty line under each row.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from easyread_cli import ROOT

SEED = 7
SAMPLE_SIZE = 40
OUT = ROOT / "bench" / "out"

T = TypeVar("T")


def seeded_sample(candidates: Sequence[T], size: int = SAMPLE_SIZE, seed: int = SEED) -> list[T]:
    """``size`` candidates chosen at random with a fixed seed, kept in document order."""
    if len(candidates) <= size:
        return list(candidates)
    chosen = set(random.Random(seed).sample(range(len(candidates)), size))
    return [c for i, c in enumerate(candidates) if i in chosen]


def write_sample(path: Path, title: str, intro: str, rows: Sequence[str]) -> Path:
    """Write the rows (each a Markdown block ending in its judgement line) under a title."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join([f"# {title}", intro, *rows]) + "\n"
    path.write_text(body, encoding="utf-8")
    return path


def quoted(text: str) -> str:
    """Text as a Markdown block quote, line by line (blank lines kept inside the quote)."""
    return "\n".join(f"> {line}".rstrip() for line in text.strip().split("\n"))
