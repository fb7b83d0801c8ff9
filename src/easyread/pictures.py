"""Which picture goes with which Easy Read row, and what its alt text says.

Easy Read puts a picture next to every idea, and the picture shows that idea
(DoH-2009 ``picture-left``). The choice, for each row in reading order:

1. the picture an editor set always wins (``EDITOR``): ``picture:`` in
   ``content/approved/*.yml`` for a competence's first row, or ``pictures:`` in a
   domain's front matter by competence id (one code, or a list with one per row of
   the Easy Read text);
2. else the picture of the concept the row is about (``CONCEPT``; ``concepts.py``
   reads the row, ``data/concepts.yml`` says which pictures show each idea): the
   best scoring picture, where the section's topic and OpenMoji's own tags for the
   picture add a little, and a picture is never the one of the row just above
   unless the idea is the same;
3. else, when no concept scores ``min_score``, the section's own picture (set in
   front matter ``pictures:`` by section number, or ``picture:`` for the domain), or
   the picture of the section's topic (its headings read the same way), or the
   table's fallback (``DEFAULT``). Such a picture still gets a meaningful alt text,
   and the row is recorded with the reason for the editor's report.

Pictures are OpenMoji SVGs (CC BY-SA 4.0) vendored into ``static/pictures`` with
their OpenMoji name, tags and author (``tools/vendor_openmoji.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Iterator

from .concepts import ConceptTable, concept_table, tokenize
from .yamlio import load_data
from .errors import InputError, Msg
from .model import Domain

EDITOR, CONCEPT, DEFAULT = "editor", "concept", "default"
STATIC = "static/pictures"
MAX_TAG_WORDS = 2


@dataclass(frozen=True)
class Picture:
    """One row's picture: the OpenMoji code, its alt text, why it was chosen and for which idea."""

    code: str
    alt: str
    source: str
    concept: str = ""     # the idea it shows ("" when an editor chose it)
    why: str = ""         # for DEFAULT: why no concept fitted the row

    @property
    def path(self) -> str:
        return f"{STATIC}/{self.code}.svg"


@dataclass(frozen=True)
class Candidate:
    """A picture that could show a row: its concept, score, and the row's own share of it."""

    code: str
    concept: str
    score: float
    own: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """What a section is about (from its headings) and the picture for rows that fit nothing."""

    scores: dict[str, float]
    picture: Picture
    name: str = ""


@dataclass(frozen=True, eq=False)
class PictureTable:
    """What each picture shows, OpenMoji's metadata for it, and the concept table."""

    shows: dict[str, str]
    fallback: tuple[str, ...]
    vendored: dict[str, dict]
    concepts: ConceptTable

    def describe(self, code: str) -> str:
        """What a picture shows: the curated words, else OpenMoji's own name for it."""
        if code in self.shows:
            return self.shows[code]
        name = str(self.vendored.get(code, {}).get("annotation", ""))
        return name[:1].upper() + name[1:]

    def require(self, code: str, where: str) -> str:
        """An editor-set code must be a vendored picture, or the page would show a hole."""
        if code not in self.vendored:
            raise InputError(Msg.E056.format(code=code, where=where))
        return code

    def editor(self, code: str, where: str, alt: str = "") -> Picture:
        return Picture(self.require(code, where), alt or self.describe(code), EDITOR)

    def tag_words(self, code: str) -> frozenset[str]:
        """OpenMoji's own words for a picture (its name and tags), as single lower-case words."""
        return _tag_words(self, code)

    def candidates(self, lines: Iterable[str], topic: dict[str, float] | None = None,
                   bullets: Iterable[str] = (), reader: Callable | None = None) -> list[Candidate]:
        """Every picture of every concept a row's sentences and bullets show, best first.

        A candidate's score is the concept's score for the row, plus the section's
        topic (``topic`` weight for its best concept). OpenMoji's own name and tags for
        a picture choose between the pictures of one concept: each row word in them
        counts as much as two places in the concept's list (``later_picture`` a place),
        so "an emergency" gets the ambulance rather than the SOS sign. They never
        outweigh the concepts: a tag word like "run" (a race, or a group) is no idea.
        """
        lines, bullets = list(lines), list(bullets)
        weights = self.concepts.weights
        scores = self.concepts.scores(lines, bullets, reader)
        if not scores:
            return []
        words = _with_singulars(self.concepts.content_words([*lines, *bullets]))
        bonus = _topic_bonus(topic or {}, weights.topic)
        found = []
        for name, score in scores.items():
            for rank, code in enumerate(self.concepts.concepts[name].pictures):
                hits = min(len(words & self.tag_words(code)), MAX_TAG_WORDS)
                total = score.value + bonus.get(name, 0.0) + weights.later_picture * (2 * hits - rank)
                found.append(Candidate(code, name, round(total, 6), score.value, tuple(score.words)))
        return sorted(found, key=lambda c: (-c.score, c.concept, c.code))

    def concept_picture(self, candidate: Candidate) -> Picture:
        alt = self.concepts.alt(candidate.concept, candidate.code, self.describe(candidate.code))
        return Picture(candidate.code, alt, CONCEPT, candidate.concept)

    def topic(self, titles: Iterable[str], editor: Picture | None = None) -> Topic:
        """A section's topic from its headings; its picture is the editor's, else the topic's."""
        scores = self.concepts.topic(titles)
        best = max(scores, key=lambda name: (scores[name], name), default="")
        if editor is not None:
            return Topic(scores, editor, best)
        if best:
            code = self.concepts.concepts[best].pictures[0]
            picture = Picture(code, self.concepts.alt(best, code, self.describe(code)), DEFAULT, best)
            return Topic(scores, picture, best)
        return Topic(scores, self.fallback_picture(), "")

    def fallback_picture(self) -> Picture:
        """The table's picture for a row or section about nothing the concepts know."""
        return Picture(self.fallback[0], self.describe(self.fallback[0]), DEFAULT)

    def search(self, query: str) -> list[tuple[str, str]]:
        """Pictures whose description, concepts or OpenMoji tags have every word of ``query``.

        For the editor's workspace: (code, what it shows), best known first.
        """
        wanted = _with_singulars(set(tokenize(query)))
        if not wanted:
            return []
        by_concept: dict[str, set[str]] = {}
        for concept in self.concepts.concepts.values():
            for code in concept.pictures:
                by_concept.setdefault(code, set()).update(tokenize(f"{concept.name} {concept.idea}"))
        found = []
        for code in sorted(self.vendored):
            words = _with_singulars(set(self.tag_words(code)) | set(tokenize(self.describe(code)))
                                    | by_concept.get(code, set()))
            if all(w in words or w.rstrip("s") in words for w in set(tokenize(query))):
                found.append((code, self.describe(code)))
        return found


@lru_cache(maxsize=1024)
def _tag_words(table: PictureTable, code: str) -> frozenset[str]:
    meta = table.vendored.get(code, {})
    text = " ".join([str(meta.get("annotation", "")), *map(str, meta.get("tags", ()))])
    return frozenset(tokenize(text))


def _with_singulars(words: set[str]) -> set[str]:
    return words | {w[:-1] for w in words if w.endswith("s") and len(w) > 3}


def _topic_bonus(topic: dict[str, float], weight: float) -> dict[str, float]:
    """The section's best concept gets ``weight``; the others their share of it."""
    best = max(topic.values(), default=0.0)
    return {name: weight * value / best for name, value in topic.items()} if best else {}


# ---------------------------------------------------------------- choosing along a page


@dataclass
class PicturePicker:
    """Chooses pictures row by row down a page, so neighbours never repeat a picture
    unless they show the same idea."""

    table: PictureTable
    reader: Callable | None = None     # a line's concept matches (concepts.CachedReading)
    previous: Picture | None = None
    unmatched: list[Picture] = field(default_factory=list)

    def choose(self, lines: list[str], topic: Topic, editor: Picture | None = None,
               bullets: list[str] | None = None, continues: bool = False) -> Picture:
        """The picture of a row (``lines``: its sentences) below the rows chosen so far.

        ``continues``: the row carries on the block of the row above (a long paragraph or
        list split into rows), so the idea above counts like the section's topic does.
        """
        scores = dict(topic.scores)
        if continues and self.previous is not None and self.previous.concept:
            best = max(scores.values(), default=0.0) or 1.0
            scores[self.previous.concept] = max(scores.get(self.previous.concept, 0.0), best)
        ranked = self.table.candidates(lines, scores, bullets or (), self.reader)
        picture = editor or self._by_concept(ranked) or self._default(ranked, topic)
        self.previous = picture
        return picture

    def _by_concept(self, ranked: list[Candidate]) -> Picture | None:
        minimum = self.table.concepts.weights.min_score
        for candidate in ranked:
            if candidate.own < minimum:
                continue
            if self._repeats(candidate.code, candidate.concept):
                continue
            return self.table.concept_picture(candidate)
        return None

    def _repeats(self, code: str, concept: str) -> bool:
        """The picture of the row above, for another idea (or for no known idea at all)."""
        above = self.previous
        return above is not None and above.code == code and (not concept or above.concept != concept)

    def _default(self, ranked: list[Candidate], topic: Topic) -> Picture:
        """The section's picture, or the next one that is not the picture of the row above
        (the same picture is fine when the row above is about the section's topic: the
        same idea)."""
        why = (f"no idea in the row fits a picture well (best: {ranked[0].concept}, "
               f"from {', '.join(ranked[0].words)})" if ranked else "no word of the row shows an idea")
        above_is_the_topic = self.previous is not None and self.previous.source == CONCEPT
        options = list(self._default_options(topic))
        picture = next((p for p in options if not self._repeats(p.code, p.concept if above_is_the_topic else "")),
                       options[-1])
        if picture.source == EDITOR:
            return picture
        chosen = replace(picture, source=DEFAULT, why=why)
        self.unmatched.append(chosen)
        return chosen

    def _default_options(self, topic: Topic) -> Iterator[Picture]:
        yield topic.picture
        if topic.name:
            for code in self.table.concepts.concepts[topic.name].pictures:
                yield Picture(code, self.table.concepts.alt(topic.name, code, self.table.describe(code)),
                              DEFAULT, topic.name)
        for code in self.table.fallback:
            yield Picture(code, self.table.describe(code), DEFAULT)


# ---------------------------------------------------------------- what editors set


def editor_pictures(domain: Domain, key: str, table: PictureTable) -> list[Picture | None]:
    """``pictures: {KEY: CODE}`` in front matter, one picture or a list of them (one per row).

    A value may be a code, ``{picture: CODE, alt: "..."}``, or null (the rules choose).
    """
    value = (domain.front_matter.get("pictures") or {}).get(key)
    items = value if isinstance(value, list) else [value]
    where = f"{key} in the front matter of {domain.path}"
    return [_editor_item(item, where, table) for item in items]


def _editor_item(item: object, where: str, table: PictureTable) -> Picture | None:
    if isinstance(item, dict):
        code = item.get("picture")
        return table.editor(str(code), where, str(item.get("alt") or "")) if code else None
    return table.editor(str(item), where) if item not in (None, "") else None


def domain_picture(domain: Domain, table: PictureTable) -> Picture | None:
    """``picture:`` in a domain's front matter: its contents picture and section default."""
    code = domain.front_matter.get("picture")
    return table.editor(str(code), f"the front matter of {domain.path}") if code else None


@lru_cache(maxsize=1)
def picture_table() -> PictureTable:
    """The package's table (read once), checked against the vendored pictures."""
    package = resources.files("easyread")
    raw = load_data(package.joinpath("data/pictures.yml").read_text("utf-8"))
    vendored = json.loads(package.joinpath(f"{STATIC}/openmoji.json").read_text("utf-8"))["pictures"]
    table = PictureTable(shows={str(c): str(v["shows"]) for c, v in raw["pictures"].items()},
                         fallback=tuple(str(c) for c in raw["fallback"]), vendored=vendored,
                         concepts=concept_table())
    used = [*table.shows, *table.fallback, *(c for k in table.concepts.concepts.values() for c in k.pictures)]
    for code in used:
        table.require(code, "data/pictures.yml")
    return table


