"""Sentence figures for the measuring scripts: the same numbers for a source and its Easy Read.

Sentences are split the way a reader sees them: every paragraph, list item and
sub-point is at least one sentence, and inside one a sentence ends at ``.``, ``!`` or
``?`` followed by a space and a capital, digit or opening quote. Markdown emphasis,
code marks and HTML comments are dropped first; headings are not sentences. Words are
counted with easyread's own rule (``easyread.readability.count_words``: "don't" and
"non-judgemental" are one word each), and a long word has three or more syllables by
textstat's count, the one easyread's readability formulas use.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from easyread_cli import ROOT

sys.path.insert(0, str(ROOT / "src"))
from easyread.readability import WORD, count_words  # noqa: E402  (after the path is set)

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[*_]*[A-Z0-9])")
LIST_MARKER = re.compile(r"^\s*(?:[-*+\u2022]|\d+[.)])\s+")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
MARKUP = re.compile(r"\*\*|__|`|<!--.*?-->")
BRACKETS = re.compile(r"[()\[\]]")
SHORT_SENTENCE = 15
LONG_WORD_SYLLABLES = 3


def blocks(markdown: str) -> list[str]:
    """Paragraphs and list items of Markdown text, one string each; headings left out."""
    found: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            found.append(" ".join(current))
            current.clear()

    for line in markdown.split("\n"):
        if not line.strip() or HEADING.match(line):
            close()
            continue
        if LIST_MARKER.match(line):
            close()
            line = LIST_MARKER.sub("", line, count=1)
        current.append(line.strip())
    close()
    return found


def sentences(texts: Iterable[str]) -> list[str]:
    """The sentences of already-separated texts (spans, blocks), with words in each."""
    found = []
    for text in texts:
        plain = MARKUP.sub("", text).strip()
        found.extend(s for s in SENTENCE_END.split(plain) if count_words(s))
    return found


def words_of(text: str) -> list[str]:
    """The words of a text, lower-cased, by easyread's word rule."""
    return [w.lower() for w in WORD.findall(MARKUP.sub("", text))]


@lru_cache(maxsize=None)
def syllables(word: str) -> int:
    """textstat's syllable count for one word (US English rules, as easyread scores)."""
    import textstat

    textstat.set_lang("en_US")
    return textstat.syllable_count(word)


@dataclass(frozen=True)
class SentenceFigures:
    """The issue 10 figures for one set of sentences."""

    sentences: int
    short_share: float          # share of sentences of 15 words or fewer
    median: float
    p90: float
    longest: int
    bracket_share: float        # share of sentences with ( ) [ ]
    long_words_per_100: float   # words of 3+ syllables per 100 words

    @classmethod
    def of(cls, found: Sequence[str]) -> "SentenceFigures | None":
        if not found:
            return None
        lengths = sorted(count_words(s) for s in found)
        words = [w for s in found for w in WORD.findall(s)]
        long_words = sum(1 for w in words if syllables(w) >= LONG_WORD_SYLLABLES)
        return cls(sentences=len(found),
                   short_share=sum(n <= SHORT_SENTENCE for n in lengths) / len(found),
                   median=statistics.median(lengths), p90=percentile(lengths, 90),
                   longest=lengths[-1],
                   bracket_share=sum(1 for s in found if BRACKETS.search(s)) / len(found),
                   long_words_per_100=100 * long_words / len(words))


def percentile(ordered: Sequence[int], pct: int) -> float:
    """The pct-th percentile, interpolated between ranks (numpy's default 'linear')."""
    if len(ordered) == 1:
        return float(ordered[0])
    return statistics.quantiles(ordered, n=100, method="inclusive")[pct - 1]


def tail_kept(source: str, easy_read: str, skip: int = 8) -> bool | None:
    """Does the source, after its first ``skip`` words, appear word for word in the Easy Read?

    This is issue 10's "matches the source word for word after the first 8 words": the
    rewrite swapped the opening stem and kept the rest. Case and punctuation are
    ignored. None when the source has no words after the first ``skip``.
    """
    tail = words_of(source)[skip:]
    if not tail:
        return None
    rewritten = words_of(easy_read)
    width = len(tail)
    return any(rewritten[i:i + width] == tail for i in range(len(rewritten) - width + 1))
