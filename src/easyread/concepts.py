"""What an Easy Read row is about: the concepts its words show, weighted by where they are.

A picture must show the row's idea (DoH-2009 ``picture-left``), and the idea of an
Easy Read sentence sits in a fixed place: "Peer support workers can **listen** to the
person" is about listening, "They help people **claim benefits**" about money, and
the words after "that", "which" or "for example" add detail. So the row is read the
way such sentences are built (subject, "can", main verb, its object, the rest), with
word lists from ``data/concepts.yml`` instead of a parser: no spaCy is loaded, a
warm build stays fast, and a draft from outside the framework is read the same way.

Every word or phrase belongs to one concept; where phrases overlap, the longest wins
("share information" is passing information on, not sharing your own story), and
``except`` phrases stop a word from counting at all ("benefits of" is not money).
Regular endings (-s, -ed, -ing) are found with the glossary's own rule
(``glossary.inflections``), so the table lists base forms.

``ConceptTable.scores(lines)`` gives each concept's score for a row (with the words
that earned it); ``topic(titles)`` reads headings for the section's topic. The
choice of picture from these scores is ``pictures.py``'s job.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator


from .glossary import inflections
from .yamlio import load_data

if TYPE_CHECKING:
    from .cache import AnalysisCache

WORD = re.compile(r"[a-z0-9]+(?:['’\-][a-z0-9]+)*|[,;:()\[\]—–]|(?<=\s)-(?=\s)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
POSSESSIVE = re.compile(r"['’]s$")
OWNER = "'s"
MARKUP = re.compile(r"\*\*|__|[*_`]")
LIST_LINES = 2.0    # a row's bullets together count like this many sentences
LATER_SENTENCE = 0.85   # a row's first sentence usually says its idea; the others say more about it
# Cached readings are keyed by this file's own bytes too: a change to the reading code never serves old ones.
READING_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def tokenize(text: str) -> list[str]:
    """Lower-case words (hyphens kept inside, "'s" taken off) and clause punctuation."""
    return [word for word in words_of(text) if word != OWNER]


def words_of(text: str) -> list[str]:
    """Like ``tokenize``, with an ``OWNER`` token after each possessive ("people 's
    experiences"), so the reader knows "people's" is not the subject of a new clause."""
    words: list[str] = []
    for word in WORD.findall(MARKUP.sub("", text).lower().replace("’", "'")):
        plain = POSSESSIVE.sub("", word).rstrip("'")
        words.append(plain)
        if plain != word.rstrip("'"):
            words.append(OWNER)
    return words


@dataclass(frozen=True)
class Token:
    """One word of a row and how much it says about the row's idea.

    ``carrier``: a word that only carries the sentence ("can", "help people to"); on
    its own it never counts, but a phrase that starts with it does ("learn from").
    """

    word: str
    weight: float
    carrier: bool = False


@dataclass(frozen=True)
class Phrases:
    """A set of words and phrases, matched on token runs, longest first."""

    runs: frozenset[tuple[str, ...]]
    longest: int
    firsts: frozenset[str]

    @classmethod
    def of(cls, items: Iterable[str]) -> "Phrases":
        runs = frozenset(tuple(tokenize(str(item))) for item in items if tokenize(str(item)))
        return cls(runs, max((len(r) for r in runs), default=0), frozenset(r[0] for r in runs))

    def match(self, words: list[str], start: int) -> int:
        """How many words of ``words[start:]`` one of the phrases covers (0: none)."""
        if start >= len(words) or words[start] not in self.firsts:
            return 0
        for size in range(min(self.longest, len(words) - start), 0, -1):
            if tuple(words[start:start + size]) in self.runs:
                return size
        return 0

    def __contains__(self, word: str) -> bool:
        return (word,) in self.runs


@dataclass(frozen=True)
class Reading:
    """The word lists that tell the parts of an Easy Read sentence apart."""

    subjects: Phrases
    named_subjects: Phrases
    defining_verbs: Phrases
    auxiliaries: Phrases
    light_verbs: Phrases
    persons: Phrases
    links: Phrases
    subordinators: Phrases
    prepositions: Phrases
    topic_prepositions: Phrases
    function_words: Phrases
    ignore: Phrases


@dataclass(frozen=True)
class Weights:
    action: float
    object: float
    about: float
    complement: float
    subject: float
    clause: float
    detail: float
    topic: float
    min_topic: float
    min_score: float
    later_picture: float


@dataclass(frozen=True)
class Concept:
    """One idea, the pictures that show it (best first) and the rows that test it."""

    name: str
    idea: str
    pictures: tuple[str, ...]
    alts: dict[str, str]
    strength: float
    fits: tuple[str, ...]
    misfits: tuple[str, ...]


@dataclass
class Score:
    """A concept's score for one row, and the words that earned it."""

    concept: str
    value: float = 0.0
    words: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConceptTable:
    version: str                      # changes whenever concepts.yml changes
    concepts: dict[str, Concept]
    weights: Weights
    reading: Reading
    forms: dict[tuple[str, ...], tuple[str | None, float]]   # token run -> (concept, strength)
    owners: dict[tuple[str, ...], tuple[str, ...]]           # token run -> every concept listing it
    longest: int
    firsts: frozenset[str]                                   # the first word of every form

    # ------------------------------------------------------------ reading a row

    def read(self, text: str) -> list[Token]:
        """Every word of ``text`` with its weight, sentence by sentence."""
        return [token for sentence in SENTENCE_END.split(text) for token in self._sentence(words_of(sentence))]

    def _sentence(self, words: list[str], scale: float = 1.0) -> list[Token]:
        """Subject, then "can"-like words, then verbs that carry another, then the predicate."""
        w, r = self.weights, self.reading
        opening = r.subordinators.match(words, 0)
        if opening:
            return self._after_opening(words, opening, scale)
        tokens: list[Token] = []
        start = self._subject(words, tokens, scale)
        start = self._carriers(words, start, tokens, (r.auxiliaries,), 0.0)
        while start < len(words) and r.light_verbs.match(words, start):
            start = self._carriers(words, start, tokens, (r.light_verbs,), w.action * scale)
            start = self._carriers(words, start, tokens, (r.persons, r.links, r.auxiliaries),
                                   w.action * scale)
        self._predicate(words, start, tokens, scale)
        return tokens

    def _after_opening(self, words: list[str], opening: int, scale: float) -> list[Token]:
        """"Where X, Y" or "For example, Y": Y is the main clause and X detail; with no
        comma ("When their stress builds up."), the rest is read as the main clause."""
        tokens = [Token(word, 0.0, True) for word in words[:opening]]
        comma = next((i for i in range(opening, len(words)) if words[i] == ","), len(words))
        if comma >= len(words) - 1:
            return tokens + self._sentence(words[opening:], scale)
        tokens += self._sentence(words[opening:comma], scale * self.weights.detail)
        tokens.append(Token(",", 0.0, True))
        return tokens + self._sentence(words[comma + 1:], scale)

    def _subject(self, words: list[str], tokens: list[Token], scale: float) -> int:
        """A usual subject counts for nothing; another one ("Supervisors") counts a little."""
        known = self.reading.subjects.match(words, 0)
        if known:
            tokens.extend(Token(word, 0.0, True) for word in words[:known])
            return known
        named = self.reading.named_subjects.match(words, 0)
        verb = named or self._first_verb(words)
        defines = bool(verb) and bool(self.reading.defining_verbs.match(words, verb))
        weight = self.weights.object if defines else self.weights.subject
        tokens.extend(Token(word, weight * scale) for word in words[:verb])
        return verb

    def _first_verb(self, words: list[str]) -> int:
        """Where the verb is, if it comes within the first few words and before any comma."""
        r = self.reading
        for index, word in enumerate(words[:6]):
            if not word[0].isalnum() and word != OWNER:
                return 0
            if index and (r.auxiliaries.match(words, index) or r.light_verbs.match(words, index)):
                return index
        return 0

    @staticmethod
    def _carriers(words: list[str], start: int, tokens: list[Token], kinds: tuple[Phrases, ...],
                  weight: float) -> int:
        while start < len(words):
            size = next((n for n in (kind.match(words, start) for kind in kinds) if n), 0)
            if not size:
                return start
            tokens.extend(Token(word, weight, True) for word in words[start:start + size])
            start += size
        return start

    def _predicate(self, words: list[str], start: int, tokens: list[Token], scale: float) -> None:
        """The main verb, its object, the phrase after it ("about X" counts most), the rest
        of the clause; a new clause ("that ...", ", for example ...") is read again as a
        sentence of its own, at the ``detail`` share of these weights."""
        w, r = self.weights, self.reading
        role, words_left, index = "action", 3, start
        while index < len(words):
            word = words[index]
            cut = r.subordinators.match(words, index) if index > start else 0
            relative = not cut and role in ("object", "about", "complement") and self._clause_starts(words, index)
            if word in (",", OWNER):     # a comma mostly separates items of a list: the role goes on
                tokens.append(Token(word, 0.0, True))
                index += 1
                continue
            if not word[0].isalnum() or cut or relative:
                skip = cut or (0 if relative else 1)
                tokens.extend(Token(x, 0.0, True) for x in words[index:index + skip])
                tokens.extend(self._sentence(words[index + skip:], scale * w.detail))
                return
            if word in r.prepositions and role != "action":
                role = self._after_preposition(word, role)
                words_left = 3
                tokens.append(Token(word, 0.0, True))
            elif word in r.function_words:
                tokens.append(Token(word, getattr(w, role) * scale))
            else:
                tokens.append(Token(word, getattr(w, role) * scale))
                role, words_left = self._next_role(role, words_left - 1)
            index += 1

    def _clause_starts(self, words: list[str], index: int) -> bool:
        """A subject and then a verb-like word right after an object start a clause with no
        "that": "the communities [that] people choose to join" (not "people's", not "people about")."""
        r = self.reading
        size = r.subjects.match(words, index)
        if not size or index + size >= len(words):
            return False
        following = words[index + size]
        return following[0].isalnum() and following not in r.function_words and following not in r.prepositions

    def _after_preposition(self, word: str, role: str) -> str:
        """"about X" is what the row is about; the first other phrase is the complement."""
        if role == "clause":
            return role
        if word in self.reading.topic_prepositions:
            return "about"
        return "complement" if role == "object" else "clause"

    @staticmethod
    def _next_role(role: str, words_left: int) -> tuple[str, int]:
        """After the verb comes its object; a phrase runs for 3 words, then the clause."""
        if role == "action":
            return "object", 3
        if words_left <= 0 and role != "clause":
            return "clause", 3
        return role, words_left

    # ------------------------------------------------------------ concepts in the words

    def matches(self, tokens: list[Token]) -> Iterator[tuple[str, float, str]]:
        """(concept, weight, words) for every concept word or phrase, longest run first."""
        tokens = [t for t in tokens if t.word != OWNER]     # "a person's behalf" reads "a person behalf"
        words = [t.word for t in tokens]
        index = 0
        while index < len(words):
            size = 0 if words[index] not in self.firsts else next(
                (n for n in range(min(self.longest, len(words) - index), 0, -1)
                 if tuple(words[index:index + n]) in self.forms), 0)
            if not size:
                index += 1
                continue
            concept, strength = self.forms[tuple(words[index:index + size])]
            run = tokens[index:index + size]
            if concept is not None and not (size == 1 and run[0].carrier):
                weight = max(t.weight for t in run) * strength * self.concepts[concept].strength
                if weight > 0:
                    yield concept, weight, " ".join(words[index:index + size])
            index += size

    def line_matches(self, line: str) -> list[tuple[str, float, str]]:
        """(concept, weight, words) for one sentence or bullet."""
        return list(self.matches(self.read(line)))

    def scores(self, lines: Iterable[str], bullets: Iterable[str] = (),
               reader: Callable[[str], list[tuple[str, float, str]]] | None = None) -> dict[str, Score]:
        """Each concept's score over a row: its sentences, and its bullets, which together
        count like ``LIST_LINES`` sentences (a long list must not drown its lead); the first
        sentence counts a little more than the others. The same word again adds half as
        much as the time before. ``reader`` gives a line's matches
        (``CachedReading`` keeps them between runs)."""
        bullets = list(bullets)
        reader = reader or self.line_matches
        share = min(1.0, LIST_LINES / len(bullets)) if bullets else 1.0
        scaled = [(line, 1.0 if index == 0 else LATER_SENTENCE) for index, line in enumerate(lines)]
        seen: dict[tuple[str, str], list[float]] = {}
        for line, scale in [*scaled, *((b, share) for b in bullets)]:
            for concept, weight, words in reader(line):
                seen.setdefault((concept, words), []).append(weight * scale)
        found: dict[str, Score] = {}
        for (concept, words), weights in seen.items():
            score = found.setdefault(concept, Score(concept))
            score.value += _diminishing(weights)
            score.words.append(words)
        return found

    def topic(self, titles: Iterable[str]) -> dict[str, float]:
        """A section's topic from its headings: every word counts the same; concepts
        under ``min_topic`` (only a weak word) are no topic."""
        scores: dict[str, float] = {}
        for title in titles:
            tokens = [Token(word, 1.0) for word in tokenize(title)]
            for concept, weight, _ in self.matches(tokens):
                scores[concept] = scores.get(concept, 0.0) + weight
        return {name: score for name, score in scores.items() if score >= self.weights.min_topic}

    def content_words(self, lines: Iterable[str]) -> set[str]:
        """The words of the lines that could mean something (for OpenMoji's tags)."""
        return {word for line in lines for word in tokenize(line)
                if word[0].isalnum() and word not in self.reading.function_words}

    def alt(self, concept: str, code: str, shows: str) -> str:
        """What a picture says for a concept: the concept's own wording, else "shows: idea"."""
        chosen = self.concepts[concept]
        if code in chosen.alts:
            return chosen.alts[code]
        said = set(tokenize(shows))
        return shows if set(tokenize(chosen.idea)) <= said else f"{shows}: {chosen.idea}"

    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """Forms listed by two concepts (a word must mean one idea; tests keep this empty)."""
        return {" ".join(run): owners for run, owners in self.owners.items() if len(set(owners)) > 1}


@dataclass
class CachedReading:
    """The concept matches of each line, kept in the analysis cache (``cache.AnalysisCache``)
    by the line's text, the table's version and this code's, so a warm build reads no row again."""

    table: ConceptTable
    cache: AnalysisCache | None = None

    @property
    def key(self) -> str:
        return f"concepts-{READING_VERSION}-{self.table.version}"

    def __call__(self, line: str) -> list[tuple[str, float, str]]:
        if self.cache is None:
            return self.table.line_matches(line)
        found = self.cache.get(self.key, line, False)
        if found is not None and isinstance(found.get("matches"), list):
            return [(str(c), float(w), str(words)) for c, w, words in found["matches"]]
        matches = self.table.line_matches(line)
        self.cache.put(self.key, line, False, {"matches": [list(m) for m in matches]})
        return matches


def _diminishing(weights: list[float]) -> float:
    """The same word again adds half as much as the time before (best first)."""
    return sum(weight / 2 ** rank for rank, weight in enumerate(sorted(weights, reverse=True)))


# ---------------------------------------------------------------- loading the table


def _forms(entries: Iterable[object]) -> set[tuple[str, ...]]:
    """Token runs for entries and the regular inflections of their last word."""
    runs = set()
    for entry in entries:
        words = tokenize(str(entry))
        if words:
            runs.update((*words[:-1], form) for form in inflections(words[-1]))
    return runs


def _concept(name: str, raw: dict) -> Concept:
    return Concept(name=name, idea=str(raw["idea"]), pictures=tuple(str(p) for p in raw["pictures"]),
                   alts={str(k): str(v) for k, v in (raw.get("alt") or {}).items()},
                   strength=float(raw.get("strength", 1.0)),
                   fits=tuple(str(x) for x in raw.get("fits") or ()),
                   misfits=tuple(str(x) for x in raw.get("not") or ()))


def _index(raw: dict, ignore: Iterable[str]) -> tuple[dict, dict]:
    """Every form -> (concept, strength); ``except`` and ``ignore`` forms -> (None, 0)."""
    forms: dict[tuple[str, ...], tuple[str | None, float]] = {}
    owners: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name, item in raw.items():
        for key, strength in (("words", 1.0), ("phrases", 1.0), ("weak", 0.5)):
            for run in _forms(item.get(key) or ()):
                forms[run] = (name, strength)
                owners[run] = owners.get(run, ()) + (name,)
    blocked = _forms(ignore) | {run for item in raw.values() for run in _forms(item.get("except") or ())}
    for run in blocked - set(forms):    # a phrase a concept lists is never blocked
        forms[run] = (None, 0.0)
    return forms, owners


def table_from(text: str) -> ConceptTable:
    """A concept table from the YAML text of ``concepts.yml`` (tests pass their own)."""
    raw = load_data(text)
    reading = {key: Phrases.of(value or ()) for key, value in raw["reading"].items()}
    reading.setdefault("ignore", Phrases.of(()))
    forms, owners = _index(raw["concepts"], raw["reading"].get("ignore") or ())
    return ConceptTable(
        version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
        concepts={str(name): _concept(str(name), item) for name, item in raw["concepts"].items()},
        weights=Weights(**{key: float(value) for key, value in raw["weights"].items()}),
        reading=Reading(**reading), forms=forms, owners=owners,
        longest=max((len(run) for run in forms), default=1), firsts=frozenset(run[0] for run in forms))


@lru_cache(maxsize=1)
def concept_table() -> ConceptTable:
    """The package's concept table, read once."""
    return table_from(resources.files("easyread").joinpath("data/concepts.yml").read_text("utf-8"))
