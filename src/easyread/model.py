"""The typed document model that flows through every stage.

Framework -> Domain -> Section -> Subsection -> Competence, like MkDocs' config ->
files -> pages. A draft that is not in the framework's shape (a letter, a web page)
loads as one ``Domain`` with no number whose competences are its paragraphs, so
every stage can simply walk ``document.competences()``.

Every piece of text is a ``Span``: the plain words (inline Markdown removed) plus,
for each character, its offset in the source file, so that a finding on a word
can point at the exact line and column the editor must change.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator

from .errors import Notice


@dataclass(frozen=True, eq=False)
class SourceFile:
    """One file as read: its display path, its text, and where each line starts.

    A Word document is read as its paragraphs' text, one paragraph per line
    (``paragraphs=True``): its "line" N is paragraph N and its column the
    character in that paragraph, which is what an editor can find in Word.
    """

    path: str
    text: str
    line_starts: tuple[int, ...]
    paragraphs: bool = False

    @classmethod
    def from_text(cls, path: str, text: str, paragraphs: bool = False) -> "SourceFile":
        starts = [0]
        newline = text.find("\n")
        while newline >= 0:
            starts.append(newline + 1)
            newline = text.find("\n", newline + 1)
        return cls(path, text, tuple(starts), paragraphs)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into ``text``."""
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def position(self, line: int, column: int = 1) -> "Position":
        return Position(self.path, line, column, self.paragraphs)


@dataclass(frozen=True)
class Position:
    """A place in a source file, 1-based, like a compiler diagnostic.

    In a Word document the line is a paragraph: ``letter.docx:¶12:34``.
    """

    path: str
    line: int
    column: int
    paragraphs: bool = False

    @property
    def line_label(self) -> str:
        """The line as an editor reads it: ``12``, or ``¶12`` for a Word paragraph."""
        return f"¶{self.line}" if self.paragraphs else str(self.line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line_label}:{self.column}"


@dataclass(frozen=True, eq=False)
class Span:
    """Plain text plus where each of its characters sits in the source file.

    ``offsets[i]`` is the file offset of ``text[i]``; ``offsets[len(text)]`` is the
    offset just after the last character. ``markdown`` keeps the inline Markdown as
    written (bold, links) so rewriting can preserve formatting.
    """

    text: str
    markdown: str
    source: SourceFile
    offsets: tuple[int, ...]

    @property
    def position(self) -> Position:
        return self.position_at(0)

    def position_at(self, index: int) -> Position:
        """Position of ``text[index]`` (``index == len(text)`` is the end)."""
        index = max(0, min(index, len(self.offsets) - 1))
        return self.source.position(*self.source.line_col(self.offsets[index]))

    def end_position(self, end: int) -> Position:
        """Position just after ``text[end - 1]`` (an exclusive end, as in slices)."""
        if end <= 0 or not self.text:
            return self.position_at(0)
        end = min(end, len(self.text))
        line, column = self.source.line_col(self.offsets[end - 1])
        return self.source.position(line, column + 1)

    @classmethod
    def plain(cls, text: str, path: str = "<text>") -> "Span":
        """A span for text that has no file of its own (tests, standard input)."""
        source = SourceFile.from_text(path, text)
        return cls(text, text, source, tuple(range(len(text) + 1)))


@dataclass
class Point:
    """A sub-point of a competence ("for example: ..."), nested to any depth."""

    text: Span
    points: list["Point"] = field(default_factory=list)

    def walk(self) -> Iterator["Point"]:
        yield self
        for point in self.points:
            yield from point.walk()


@dataclass
class Competence:
    """One competence statement (or one paragraph of a plain draft).

    ``id`` is its heading number plus its ordinal under that heading (``2.2.4.1``);
    where the heading has numbered headings below it, a 0 stands for the missing
    level (``1.0.1``, ``8.1.0.2``), so no competence id reads like a heading number.
    A draft with no numbered headings gives ``p<N>`` for paragraph N.
    ``heading`` is the number of the heading it sits under ("" for none).
    """

    id: str
    text: Span
    points: list[Point] = field(default_factory=list)
    notes: list[Span] = field(default_factory=list)
    heading: str = ""
    list_item: bool = False   # written as a list item (the Easy Read Markdown writes it as one again)

    @property
    def position(self) -> Position:
        return self.text.position

    def spans(self) -> Iterator[Span]:
        """The statement and then every sub-point, in reading order."""
        yield self.text
        for point in self.points:
            for sub in point.walk():
                yield sub.text


@dataclass
class Heading:
    """What domains, sections and subsections share: a number, a title, notes."""

    number: str
    title: str
    position: Position | None = None
    notes: list[Span] = field(default_factory=list)
    competences: list[Competence] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)


@dataclass
class Subsection(Heading):
    pass


@dataclass
class Section(Heading):
    subsections: list[Subsection] = field(default_factory=list)

    def competences_in_order(self) -> Iterator[Competence]:
        yield from self.competences
        for subsection in self.subsections:
            yield from subsection.competences


@dataclass
class Domain(Heading):
    """A numbered domain of the framework with its front matter settings (a file of
    content/ holds one; the framework in one file holds them all), or a whole draft."""

    path: str = ""
    sections: list[Section] = field(default_factory=list)
    front_matter: dict[str, object] = field(default_factory=dict)
    # Rule prefixes switched off by inline comments: for the whole file, and by line.
    disabled_rules: frozenset[str] = frozenset()
    line_disables: dict[int, frozenset[str]] = field(default_factory=dict)
    # What was left out while reading the file (Word comments, tracked deletions...).
    notices: list[Notice] = field(default_factory=list)

    def competences_in_order(self) -> Iterator[Competence]:
        yield from self.competences
        for section in self.sections:
            yield from section.competences_in_order()

    def headings(self) -> Iterator[Heading]:
        yield self
        for section in self.sections:
            yield section
            yield from section.subsections

    @property
    def is_framework(self) -> bool:
        return bool(self.number)


@dataclass
class Framework:
    """Everything loaded for one run: the Domains of every input file, in order.

    ``skipped`` says which files of a folder were not read, and why.
    """

    domains: list[Domain] = field(default_factory=list)
    skipped: list[Notice] = field(default_factory=list)

    @property
    def notices(self) -> list[Notice]:
        """Everything to tell the editor after the results: files skipped, parts left out."""
        return [*self.skipped, *(n for domain in self.domains for n in domain.notices)]

    def competences(self) -> Iterator[Competence]:
        for domain in self.domains:
            yield from domain.competences_in_order()

    def find(self, competence_id: str) -> Competence | None:
        return next((c for c in self.competences() if c.id == competence_id), None)

    @property
    def paths(self) -> list[str]:
        """Each input file once (a framework file holds several domains)."""
        return list(dict.fromkeys(domain.path for domain in self.domains))

    @property
    def unit(self) -> str:
        """What its parts are called in messages: competences of the framework, paragraphs of a draft."""
        return "competences" if any(d.is_framework for d in self.domains) or not self.domains else "paragraphs"


# ---------------------------------------------------------------- the Easy Read version
# Written by the rewrite stage, read by the renderer and the report.


@dataclass(frozen=True)
class Change:
    """One change the rewrite stage made: which rule or glossary entry, before, after, where."""

    rule: str
    before: str
    after: str
    path: str
    line: int
    column: int
    competence_id: str


@dataclass
class EasyReadBlock:
    """One row of an Easy Read page: one idea in short sentences, maybe a bullet list.

    Sentences and bullets are inline Markdown: explained words are ``**bold**``.
    """

    sentences: list[str]
    bullets: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [" ".join(self.sentences)] if self.sentences else []
        if self.bullets:
            lines.append("\n".join(f"- {bullet}" for bullet in self.bullets))
        return "\n\n".join(lines)


@dataclass
class EasyReadVersion:
    """The Easy Read text of one competence and how it was made.

    ``origin`` is "rules" (approved rewrites applied by easyread) or "editor" (text an
    editor wrote and approved in ``content/approved/``). ``status`` is "rewritten",
    "approved" or "stale" (the source changed after the editor approved the text).
    ``explained`` lists glossary entry ids whose words appear in bold and need the
    word bank; ``losses`` lists source content words that may have lost their meaning.
    """

    competence: Competence
    blocks: list[EasyReadBlock]
    changes: list[Change] = field(default_factory=list)
    origin: str = "rules"
    status: str = "rewritten"
    explained: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    picture: str | None = None
    pictures: list[str | None] = field(default_factory=list)   # the editor's, per row (None: the rules')

    @property
    def competence_id(self) -> str:
        return self.competence.id

    def picture_for(self, row: int) -> str | None:
        """The picture an editor chose for row ``row`` (0-based), if any."""
        if row < len(self.pictures) and self.pictures[row]:
            return self.pictures[row]
        return self.picture if row == 0 else None

    def markdown(self) -> str:
        return "\n\n".join(block.markdown() for block in self.blocks)

    def sentences(self) -> list[str]:
        """Every sentence and bullet, in order (what the checker scores)."""
        return [s for block in self.blocks for s in (*block.sentences, *block.bullets)]
