"""Text operations every stage shares: the one normaliser, phrase matcher and sentence splitter.

Check, rewrite, approvals and the report all need to find the glossary's literal
phrases and to cut text into sentences. When each did it its own way, the copies
disagreed (a stem after a stray ``**`` was rewritten but never flagged), so each
operation lives here once:

- ``normalise_for_matching``: Word's non-breaking hyphens, curly quotes and odd
  spaces made plain, without changing the length (offsets stay valid);
- ``PhraseMatcher``: the glossary's stems and wordy phrases, found in the text
  itself (never in a lower-cased copy, whose length can differ);
- ``sentence_bounds`` / ``split_sentences``: sentences of plain text, ending where
  spaCy's sentencizer (``nlp.py``) ends them, at ``SENTENCE_ENDS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .glossary import Phrase

SENTENCE_ENDS = (".", "!", "?")


# ---------------------------------------------------------------- normalising


def normalise_for_matching(text: str) -> str:
    """Same-length normalisation used before matching words (Word exports).

    Non-breaking spaces become spaces, non-breaking and other hyphens and en/em
    dashes become '-' (Word turns "self-help" into "self–help"), curly quotes become
    straight ones, zero-width characters become spaces. The length never changes,
    so offsets stay valid. Glossary terms get the same treatment, so a term typed
    with a curly apostrophe or an en dash matches the text either way.
    """
    return text.translate(_MATCHING_TABLE)


_MATCHING_TABLE = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\ufeff": " ", "\u2060": " ",
})


# ---------------------------------------------------------------- literal phrases


@dataclass(frozen=True)
class PhraseMatch:
    """A glossary phrase found at ``text[start:end]``."""

    phrase: "Phrase"
    start: int
    end: int


# A stem opens a competence, even after spaces or asterisks a draft left in front of it
# ("- **An ability to ..." with the bold never closed).
_STEM_LEAD = r"[\s*]*"


class PhraseMatcher:
    """Finds glossary phrases in a text: stems at the start of a statement, wordy phrases anywhere.

    Matched case-insensitively on the text itself, whole words only; where two
    phrases overlap, the longer literal wins (then the earlier one). Build it once
    per run with the phrases a stage uses: the check takes every phrase that is not
    rejected, the rewrite only approved ones.
    """

    def __init__(self, phrases: Iterable["Phrase"]) -> None:
        literals = [(phrase, literal) for phrase in phrases for literal in phrase.match]
        literals.sort(key=lambda item: -len(item[1]))
        self._literals = [(phrase, literal.casefold(), self._pattern(phrase, literal))
                          for phrase, literal in literals]

    @staticmethod
    def _pattern(phrase: "Phrase", literal: str) -> re.Pattern[str]:
        if phrase.kind == "stem":
            return re.compile(_STEM_LEAD + "(" + re.escape(literal) + ")", re.IGNORECASE)
        return re.compile("(" + re.escape(literal) + ")", re.IGNORECASE)

    def find(self, text: str, is_statement: bool) -> list[PhraseMatch]:
        """Every phrase in ``text``, in reading order, none overlapping another.

        The casefolded text only rules phrases out quickly: "Straße".casefold() is one
        letter longer, so places are always taken from ``text`` itself.
        """
        folded = text.casefold()
        found: list[PhraseMatch] = []
        for phrase, folded_literal, pattern in self._literals:
            if folded_literal not in folded:
                continue
            for start, end in _places(text, pattern, phrase.kind == "stem", is_statement):
                if all(end <= m.start or start >= m.end for m in found):
                    found.append(PhraseMatch(phrase, start, end))
        return sorted(found, key=lambda m: m.start)


def _places(text: str, pattern: re.Pattern[str], stem: bool, is_statement: bool) -> Iterable[tuple[int, int]]:
    if stem:
        match = pattern.match(text) if is_statement else None
        if match and _word_end(text, match.end(1)):
            yield match.span(1)
        return
    for match in pattern.finditer(text):
        start, end = match.span(1)
        if (start == 0 or not text[start - 1].isalnum()) and _word_end(text, end):
            yield start, end


def _word_end(text: str, index: int) -> bool:
    return index >= len(text) or not text[index].isalnum()


# ---------------------------------------------------------------- sentences


_CLOSERS = "\"')]*_\u201d\u2019"
_SENTENCE_END = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*\s+")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in plain text, spaces between them left out.

    A sentence ends at . ! or ? (closing quotes and brackets stay with it) before a
    space and anything but a lower-case letter: "e.g. the team" and "etc. and" go on.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() < len(text) and text[match.end()].islower():
            continue
        _add_bounds(text, start, match.end(), bounds)
        start = match.end()
    _add_bounds(text, start, len(text), bounds)
    return bounds


def _add_bounds(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))


def split_sentences(text: str) -> list[str]:
    """The sentences of plain text (or of one line of inline Markdown)."""
    return [text[a:b] for a, b in sentence_bounds(text)]
