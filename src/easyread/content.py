"""Stage 1: read content files into the document model, keeping exact positions.

A framework file is Markdown with YAML front matter; numbered headings give the
domain (``# 2``), section (``## 2.2``) and subsection (``### 2.2.4``); each
top-level list item is a competence and nested items are its sub-points; other
paragraphs are notes. Any other text (a letter, a web page, plain text) loads as
paragraphs with ids ``p1``, ``p2``, ... so every later stage works on it too.

markdown-it-py parses the Markdown because, unlike Python-Markdown, it reports the
source lines of every block; columns are recovered by aligning each block's text
with its source lines.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from ruamel.yaml.error import YAMLError

from .cache import AnalysisCache, code_fingerprint
from .errors import InputError, Msg, Notice, UsageError, Warn
from .files import STDIN_PATH, content_files, read_source, read_stdin
from .model import (Competence, Domain, Framework, Heading, Point, Position, Section,
                    SourceFile, Span, Subsection)
from .model_json import NotStorable, domain_from_json, domain_to_json
from .yamlio import careful_load

MAX_LIST_DEPTH = 30
HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+)$")
DISABLE_COMMENT = re.compile(
    r"<!--\s*easyread-disable(?P<scope>-line|-next-line)?\s*(?P<rules>[^>]*?)\s*-->")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def load_paths(paths: Iterable[str | Path], cache: AnalysisCache | None = None) -> Framework:
    """Load files and folders (``-`` is standard input) into one Framework.

    In a folder, an empty file (or a Word document or web page with no text) is
    skipped with a warning and the other files are read; given alone, it is an error.
    With a ``cache``, a Markdown or text file's model is kept by its text and the code
    that reads it, so an unchanged file is not parsed again on the next run.
    """
    paths = list(paths)
    if sum(str(p) == "-" for p in paths) > 1:  # the second read would find it empty
        raise UsageError(Msg.E009.format())
    framework = Framework()
    for path in paths:
        if str(path) == "-":
            framework.domains.extend(parse_markdown_domains(read_source(STDIN_PATH, read_stdin())))
            continue
        in_folder = Path(path).is_dir()
        for file in content_files([path], framework.skipped):
            try:
                framework.domains.extend(_load_cached(file, cache) if cache is not None else load_file(file))
            except InputError as error:
                if not (in_folder and error.message in _NO_TEXT):
                    raise
                framework.skipped.append(Notice(str(file), Warn.W078.format(why=_uncoded(error.message))))
    return framework


_NO_TEXT = {Msg.E003.format(), Msg.E075.format(), Msg.E074.format(why="")}


def _uncoded(message: str) -> str:
    return re.sub(r"^\[[A-Z]\d+\] ", "", message)


CACHED_READERS = ("markdown", "text")   # Word and web pages are read afresh (their model has more)


def _load_cached(path: Path, cache: AnalysisCache) -> list[Domain]:
    """``load_file`` through the cache (model_json.py): keyed by the file's text and this code."""
    from .readers import reader_for

    if reader_for(path) not in CACHED_READERS:
        return load_file(path)
    source = read_source(path)
    table = f"model:{_code_fingerprint()}"
    key = f"{path.suffix.lower()}\0{source.path}\0{source.text}"
    stored = cache.get(table, key, False)
    if stored is not None:
        try:
            return [domain_from_json(item, source) for item in stored["domains"]]
        except (KeyError, TypeError, ValueError, IndexError):
            pass   # a damaged entry is rebuilt
    domains = load_file(path, source)
    try:
        cache.put(table, key, False, {"domains": [domain_to_json(d) for d in domains]})
    except NotStorable:
        pass
    return domains


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The code that turns a file into the model: a change to any of it parses every file again."""
    return code_fingerprint("model", ("content.py", "model.py", "model_json.py", "files.py", "text.py",
                                      "yamlio.py", "data/formats.yml"))


def load_file(path: str | Path, source: SourceFile | None = None) -> list[Domain]:
    """One file as its domains: a framework file may hold several, anything else one.

    The reader is chosen by the file's name (data/formats.yml): Markdown, plain
    text, Word (.docx) or a web page (.html); any other kind is a one-line error.
    """
    from .readers import reader_for

    reader = reader_for(Path(path))
    if reader == "word":
        from .readers.word import read_word
        return read_word(Path(path))
    if reader == "web":
        from .readers.web import read_web_page
        return read_web_page(Path(path))
    source = source or read_source(path)
    if reader == "text":
        return [parse_plain_text(source)]
    return parse_markdown_domains(source)


# ---------------------------------------------------------------- front matter

def split_front_matter(source: SourceFile) -> tuple[dict[str, object], str]:
    """Return the front matter settings and the body with the front matter blanked.

    The front matter lines are replaced by empty lines, not removed, so that
    line numbers in the body stay the line numbers of the file.
    """
    text = source.text
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        raise InputError(Msg.E011.format(), path=source.path, line=1) from None
    yaml_text = "\n".join(lines[1:end])
    try:
        data = careful_load(yaml_text, typ="safe") if yaml_text.strip() else {}   # bounded (yamlio)
    except (YAMLError, ValueError, TypeError, RecursionError) as error:   # ruamel raises all four
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise InputError(Msg.E010.format(why=yaml_problem(error)), path=source.path, line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Msg.E012.format(), path=source.path, line=2)
    _check_front_matter_types(data, lines[1:end], source.path)
    body = "\n" * end + "\n" + "\n".join(lines[end + 1:])
    if not body.strip():  # an editor would otherwise get a clean report on nothing
        raise InputError(Msg.E007.format(line=end + 1), path=source.path, line=end + 1)
    return data, body


SCALAR = (str, int, float)
DOMAIN_NUMBER = re.compile(r"\d+(?:\.\d+)*")
# What the stages expect of the front matter keys they read (content: number, title;
# pictures.py: picture, pictures): checked where the values enter, so a list where a
# mapping goes is one line naming the key, not a traceback in a later stage.
FRONT_MATTER_TYPES = {"number": (SCALAR, "a number"), "title": (SCALAR, "text"),
                      "picture": (SCALAR, "a picture code"),
                      "pictures": (dict, "a mapping of competence or section numbers to picture codes")}


def _check_front_matter_types(data: dict, yaml_lines: list[str], path: str) -> None:
    for key, (kinds, expected) in FRONT_MATTER_TYPES.items():
        value = data.get(key)
        if value is None or (isinstance(value, kinds) and not isinstance(value, bool)
                             and (key != "number" or DOMAIN_NUMBER.fullmatch(str(value)))):
            continue   # a domain's number names its page: digits only ("../x" would leave the site)
        line = next((i for i, text in enumerate(yaml_lines, 2) if text.startswith(f"{key}:")), 2)
        raise InputError(Msg.E017.format(key=key, expected=expected), path=path, line=line)


def yaml_problem(error: Exception) -> str:
    """What is wrong with some YAML, in an editor's words, from what ruamel raised.

    Besides its YAMLError, ruamel raises ValueError for a date that is no date
    (2026-13-45), TypeError for a key that is itself a list or mapping (a '?' line)
    and RecursionError for nesting thousands deep.
    """
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    if isinstance(error, TypeError):
        return "a key is itself a list or a mapping (a line starting with '?')"
    if isinstance(error, ValueError):
        return f"a value cannot be read ({error})"
    return getattr(error, "problem", None) or (str(error).splitlines() or [type(error).__name__])[0]


# ---------------------------------------------------------------- spans

def _line_offsets(source: SourceFile, first_line: int, content: str, start_col: int = 0) -> list[int]:
    """File offset of every character of a block's joined ``content``.

    markdown-it strips list markers and indentation from each line; we find each
    content line inside its source line to get the column back. It also strips a
    block's leading lines of Unicode spaces (a line of only U+2028 is not blank in
    Markdown, but is stripped like one), so the content may start a line or more
    below where the block does.
    """
    offsets: list[int] = []
    skipped = 0
    for i, content_line in enumerate(content.split("\n")):
        start = start_col if i == 0 else 0
        while True:
            line_no = min(first_line + i + skipped, len(source.line_starts) - 1)
            line_start = source.line_starts[line_no]
            line_end = (source.line_starts[line_no + 1] - 1 if line_no + 1 < len(source.line_starts)
                        else len(source.text))
            src_line = source.text[line_start:line_end]
            if (i or src_line[start:].strip() or not content_line.strip()
                    or line_no + 1 >= len(source.line_starts)):
                break
            skipped, start = skipped + 1, 0   # "1. <U+2028>": the item's words start below
        columns = _columns_in_line(src_line, content_line, start)
        offsets.extend(line_start + col for col in columns)
    return offsets


def _columns_in_line(src_line: str, content_line: str, start: int) -> list[int]:
    """Column of each character of ``content_line`` in ``src_line``, then its end.

    markdown-it turns a tab of indentation into spaces ("\t)" becomes "  )"), so a
    line not found as it is is looked for without its leading spaces; those spaces
    share the column of what follows them. Every column stays inside the line.
    markdown-it also turns NUL into U+FFFD (same length), so the line is compared so too.
    """
    src_line = src_line.replace("\x00", "\ufffd")
    col = src_line.find(content_line, start) if content_line else -1
    if col >= 0:
        return list(range(col, col + len(content_line) + 1))
    visible = content_line.lstrip()
    found = src_line.find(visible, start) if visible else -1
    if found >= 0:
        lead = len(content_line) - len(visible)
        return [found] * lead + list(range(found, found + len(visible) + 1))
    col = max(0, len(src_line) - len(content_line))
    return [min(col + k, len(src_line)) for k in range(len(content_line) + 1)]


def _align(plain: str, raw: str, raw_offsets: list[int], cursor: int,
           entities: bool = True) -> tuple[list[int], int]:
    """Map each character of a decoded text token to the raw inline source.

    Handles backslash escapes and HTML entities (``&copy;`` decodes to ``©`` and is
    placed on its ``&``; ``&amp;`` is one ``&``, not the ``&`` and then ``amp;``), but
    not inside a code span (``entities=False``), where ``&amp;`` is five characters;
    anything else that does not line up is mapped to the cursor, never lost.
    """
    mapped: list[int] = []
    for ch in plain:
        entity = ENTITY.match(raw, cursor) if entities and raw.startswith("&", cursor) else None
        if entity is not None and html.unescape(entity.group()) == ch:
            mapped.append(raw_offsets[cursor])
            cursor = entity.end()
        elif cursor < len(raw) and (raw[cursor] == ch or (raw[cursor] == "\n" and ch == " ")):
            mapped.append(raw_offsets[cursor])   # code spans turn a line break into a space
            cursor += 1
        elif cursor + 1 < len(raw) and raw[cursor] == "\\" and raw[cursor + 1] == ch:
            mapped.append(raw_offsets[cursor + 1])
            cursor += 2
        else:   # markup between (an emphasis mark, a tab markdown-it dropped): look a little ahead
            found, after = _ahead(raw, cursor, ch, entities)
            mapped.append(raw_offsets[min(found if found >= 0 else cursor, len(raw_offsets) - 1)])
            cursor = after if found >= 0 else cursor
    return mapped, cursor


def _ahead(raw: str, cursor: int, ch: str, entities: bool) -> tuple[int, int]:
    """Where ``ch`` is written within the next 16 characters, as itself or as an
    entity (``&#x41;`` for "A"), and where the raw text goes on after it; (-1, cursor)."""
    for index in range(cursor, min(len(raw), cursor + 16)):
        if raw[index] == ch:
            return index, index + 1
        entity = ENTITY.match(raw, index) if entities and raw[index] == "&" else None
        if entity is not None and html.unescape(entity.group()) == ch:
            return index, entity.end()
    return -1, cursor


def inline_span(source: SourceFile, token: Token, start_col: int = 0) -> Span:
    """Build a Span from a markdown-it ``inline`` token: plain words, exact places."""
    assert token.map is not None
    raw = token.content
    raw_offsets = _line_offsets(source, token.map[0], raw, start_col)
    text_parts: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for child in token.children or []:
        if child.type == "code_inline":   # start after the opening backticks, not inside them
            opening = raw.find(child.markup, cursor, cursor + 16 + len(child.markup))
            cursor = opening + len(child.markup) if opening >= 0 else cursor
        if child.type in ("text", "code_inline"):
            mapped, cursor = _align(child.content, raw, raw_offsets, cursor, child.type == "text")
            text_parts.append(child.content)
            offsets.extend(mapped)
        elif child.type in ("softbreak", "hardbreak"):
            newline = raw.find("\n", cursor)
            if newline >= 0:
                cursor = newline
            text_parts.append(" ")
            offsets.append(raw_offsets[min(cursor, len(raw_offsets) - 1)])
            cursor += 1
        elif child.type == "html_inline":
            found = raw.find(child.content, cursor)
            if found >= 0:
                cursor = found + len(child.content)
        elif child.type == "link_close" and child.markup != "autolink":
            cursor = _after_link(raw, cursor)
    text = "".join(text_parts)
    # Collapse the spaces an inline comment or a line break leaves behind.
    text, offsets = _tidy_spaces(text, offsets)
    offsets.append(min(offsets[-1] + 1, len(source.text)) if offsets else raw_offsets[-1])
    markdown = " ".join(line.strip() for line in raw.split("\n"))
    markdown = DISABLE_COMMENT.sub("", markdown).strip()
    markdown = re.sub(r"  +", " ", markdown)
    return Span(text, markdown, source, tuple(offsets))


def _after_link(raw: str, cursor: int) -> int:
    """Skip a link's ``](destination "title")`` or ``][label]``.

    Otherwise the text after a link is aligned against its address, and a word that
    also appears in the URL would get the URL's column.
    """
    close = raw.find("]", cursor)
    if close < 0:
        return cursor
    end = close + 1
    if raw.startswith("(", end):
        depth = 0
        for i in range(end, len(raw)):
            if raw[i] == "(" and raw[i - 1] != "\\":
                depth += 1
            elif raw[i] == ")" and raw[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    return i + 1
        return cursor
    if raw.startswith("[", end):
        label_end = raw.find("]", end)
        return label_end + 1 if label_end >= 0 else end
    return end


def _tidy_spaces(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    keep = [i for i, ch in enumerate(text)
            if not (ch == " " and (i == 0 or text[i - 1] == " " or i == len(text) - 1))]
    return "".join(text[i] for i in keep), [offsets[i] for i in keep]


def plain_span(source: SourceFile, start: int, end: int) -> Span:
    """A span over raw text (plain-text drafts): lines joined with spaces."""
    raw = source.text[start:end]
    return placed_span(source, raw.replace("\n", " "), list(range(start, end)), end)


def placed_span(source: SourceFile, text: str, offsets: list[int], end: int,
                markdown: str | None = None) -> Span:
    """A span of ``text`` whose character ``i`` sits at ``offsets[i]`` of the file.

    For readers that find the characters themselves (plain text, Word, web pages):
    runs of spaces are collapsed as a reader's eye does, and ``end`` is the offset
    just after the last character. ``markdown`` keeps bold as ``**bold**``.
    """
    text, offsets = _tidy_spaces(text.replace("\t", " "), offsets)
    while text.endswith(" "):
        text, offsets = text[:-1], offsets[:-1]
    offsets.append(max(end, offsets[-1] + 1) if offsets else end)
    return Span(text, text if markdown is None else " ".join(markdown.split()), source, tuple(offsets))


# ---------------------------------------------------------------- document structure

HEADING, PARAGRAPH, ITEM = "heading", "paragraph", "item"
TITLE_LEVEL = 0   # Word's Title style: above Heading 1


@dataclass(frozen=True)
class Block:
    """One block of a document as a reader found it, in reading order.

    The Word, web page and plain-text readers turn a file into blocks and
    ``build_domains`` turns blocks into the model, so every format follows the same
    structure rules (Markdown walks its own tokens into the same builder). ``level``
    is a heading's level (0 for Word's Title, 1 for Heading 1 or ``#``) or a list
    item's depth (1 is the top level).
    """

    kind: str
    span: Span
    level: int = 1


@dataclass
class _Builder:
    """Files each block under the current heading, starting domains as numbered headings say.

    A framework file (numbered headings) gives one Domain per ``# N`` heading: one
    per file in content/, all eleven in the draft framework as one file. A level the
    file never writes a heading for is filled in (``## 5.1`` first stands under
    domain 5); a level it does write must come before its children. A draft's
    headings are kept as unnumbered sections, and its first heading is its title
    when every other heading is below it.
    """

    source: SourceFile
    front_matter: dict[str, object]
    framework_shaped: bool
    title_line: int | None = None
    domains: list[Domain] = field(init=False)
    current: Heading = field(init=False)
    seen_numbers: dict[str, int] = field(default_factory=dict)
    last_child: dict[str, int] = field(default_factory=dict)  # parent number -> last child's number
    written_depths: set[int] = field(default_factory=set)   # heading depths written so far
    section_level: int = 0   # a draft: the level of its section headings
    paragraph_count: int = 0

    def __post_init__(self) -> None:
        number = str(self.front_matter.get("number", "")) if self.framework_shaped else ""
        self.domains = [self._new_domain(number, str(self.front_matter.get("title", "")))]
        self.current = self.domain

    @property
    def domain(self) -> Domain:
        return self.domains[-1]

    def _new_domain(self, number: str, title: str, position: Position | None = None) -> Domain:
        return Domain(number=number, title=title, position=position, path=self.source.path,
                      front_matter=dict(self.front_matter), settings=dict(self.front_matter))

    # -- headings
    def heading(self, raw: str, span: Span, line: int, level: int) -> None:
        """A heading: ``raw`` is its text as written, where a number is looked for."""
        if not self.framework_shaped:
            self._draft_heading(span, line, level)
            return
        match = HEADING_NUMBER.match(raw.strip())
        if not match:
            self.current.notes.append(span)
            return
        number, title = match.group(1), _strip_inline(match.group(2))
        if number in self.seen_numbers:
            raise InputError(Msg.E014.format(number=number, first_line=self.seen_numbers[number]),
                             path=self.source.path, line=line)
        if any(int(part) == 0 for part in number.split(".")[1:]):   # 1.0 would share ids with domain 1
            raise InputError(Msg.E016.format(number=number), path=self.source.path, line=line)
        self.seen_numbers[number] = line
        self._check_order(number, line)
        position = self.source.position(line)
        depth = number.count(".") + 1
        if depth == 1:
            self._enter_domain(number, title, position)
        else:
            self._fill_in_parents(number, line)
            self._add_heading(number, title, position)
        self.written_depths.add(depth)

    def _add_heading(self, number: str, title: str, position: Position | None) -> None:
        """A section (``2.2``) or a subsection (``2.2.4``, and ``10.2.4.1`` kept flat beside it)."""
        if number.count(".") == 1:
            section = Section(number=number, title=title, position=position)
            self.domain.sections.append(section)
            self.current = section
        else:
            subsection = Subsection(number=number, title=title, position=position)
            self.domain.sections[-1].subsections.append(subsection)
            self.current = subsection

    def _enter_domain(self, number: str, title: str, position: Position) -> None:
        pinned = self.front_matter.get("number")
        if pinned not in (None, "") and str(pinned) != number:
            raise InputError(Msg.E013.format(number=number, expected=f"{pinned} (front matter)"),
                             path=self.source.path, line=position.line)
        if self.domain.number == number and self.domain.sections:
            raise InputError(Msg.E013.format(number=number, expected=f"# {number} before its sections"),
                             path=self.source.path, line=position.line)
        if self.domain.number and self.domain.number != number:
            self.domains.append(self._new_domain(number, title, position))
        self.domain.number, self.domain.position = number, position
        self.domain.title = title or self.domain.title
        self.current = self.domain

    def _fill_in_parents(self, number: str, line: int) -> None:
        """Check (or fill in) the domain, section and subsection above ``number``.

        A parent at a level the file has written a heading for must be the last one
        written; at a level it never wrote (``## 5.1`` as the first heading), an
        untitled parent is made, so a part of a framework reads on its own.
        """
        parts = number.split(".")
        for depth in range(1, len(parts)):
            prefix = ".".join(parts[:depth])
            have = self._current_at(depth)
            if prefix in have:
                continue
            if depth in self.written_depths or (depth == 1 and self.front_matter.get("number") not in (None, "")):
                raise InputError(Msg.E013.format(number=number, expected=self._expected_parent(number)),
                                 path=self.source.path, line=line)
            self._check_order(prefix, line)
            if depth == 1:
                if self.domain.number:
                    self.domains.append(self._new_domain(prefix, ""))
                self.domain.number = prefix
                self.current = self.domain
            else:
                self._add_heading(prefix, "", None)

    def _expected_parent(self, number: str) -> str:
        """What the editor should have written above ``number``: its open section or domain."""
        section = self.domain.sections[-1] if self.domain.sections else None
        parent = section.number if section and number.count(".") > 1 else self.domain.number
        return f"a number starting {parent}." if parent else "a domain heading (# N) first"

    def _current_at(self, depth: int) -> list[str]:
        """Numbers of the headings now open at ``depth`` (subsections are kept flat)."""
        if depth == 1:
            return [self.domain.number] if self.domain.number else []
        section = self.domain.sections[-1] if self.domain.sections else None
        if depth == 2 or section is None:
            return [section.number] if section and depth == 2 else []
        return [s.number for s in section.subsections if s.number.count(".") + 1 == depth]

    def _check_order(self, number: str, line: int) -> None:
        """Numbers under one heading must go up: 2.3 after 2.4 is a pasting mistake.

        A gap (5.1.2 with no 5.1.1) is allowed: the published framework has gaps,
        and competence ids follow the numbers as written, so nothing is confused.
        """
        parent, _, last = number.rpartition(".")
        before = self.last_child.get(parent)
        if before is not None and int(last) <= before:
            after = f"{parent}.{before}" if parent else str(before)
            raise InputError(Msg.E013.format(number=number, expected=f"a number after {after}"),
                             path=self.source.path, line=line)
        self.last_child[parent] = int(last)

    def _draft_heading(self, span: Span, line: int, level: int) -> None:
        """A draft's heading: its title, or a section (a deeper one is a subsection)."""
        position = self.source.position(line)
        if line == self.title_line:
            self.domain.title = self.domain.title or span.text
            self.domain.position = position
            self.current = self.domain
            return
        self.section_level = self.section_level or level
        if level > self.section_level and self.domain.sections:
            subsection = Subsection(number="", title=span.text, position=position)
            self.domain.sections[-1].subsections.append(subsection)
            self.current = subsection
            return
        self.section_level = min(self.section_level, level)
        section = Section(number="", title=span.text, position=position)
        self.domain.sections.append(section)
        self.current = section

    # -- blocks
    def paragraph(self, span: Span) -> None:
        if not span.text:
            return
        if self.framework_shaped:
            self.current.notes.append(span)
        else:
            self._add_competence(span, [])

    def list_item(self, span: Span, points: list[Point]) -> None:
        self._add_competence(span, points, list_item=True)

    def _add_competence(self, span: Span, points: list[Point], list_item: bool = False) -> None:
        if self.framework_shaped:
            competence_id = ""  # numbered once the whole file is read: _number_competences
        else:
            self.paragraph_count += 1
            competence_id = f"p{self.paragraph_count}"
        self.current.competences.append(Competence(
            id=competence_id, text=span, points=points,
            heading=self.current.number, list_item=list_item))

    def finish(self) -> list[Domain]:
        """The domains, numbered; a draft with no title takes its first heading's, or its file name."""
        for domain in self.domains:
            if self.framework_shaped:
                _number_competences(domain)
            elif not domain.title:
                domain.title = next((s.title for s in domain.sections if s.title), "") or Path(self.source.path).stem
            domain.disabled_rules, domain.line_disables = _disable_comments(self.source)
        return self.domains


def title_line(blocks: list[tuple[str, int, int]]) -> int | None:
    """The line of a draft's title: its first block, when that is a heading above all others.

    ``blocks`` are (kind, level, line) in reading order. "Your first visit" over
    "What happens" and "Contact us" is the title; two headings at the top level,
    or a heading after the first paragraph, are sections.
    """
    if not blocks or blocks[0][0] != HEADING:
        return None
    first = blocks[0][1]
    if all(level > first for kind, level, _ in blocks[1:] if kind == HEADING):
        return blocks[0][2]
    return None


def build_domains(source: SourceFile, blocks: list[Block], front_matter: dict[str, object] | None = None,
                  numbered: bool = True) -> list[Domain]:
    """The model of a document a reader turned into blocks (Word, web page, plain text).

    Numbered headings make it a framework, as in Markdown (unless ``numbered`` is
    False: plain text has no list items to be competences); list items make
    competences (or paragraphs of a draft) with their deeper items as sub-points.
    """
    front_matter = front_matter or {}
    framework_shaped = numbered and ("number" in front_matter or any(
        b.kind == HEADING and HEADING_NUMBER.match(b.span.text) for b in blocks))
    title = None if framework_shaped else title_line(
        [(b.kind, b.level, b.span.position.line) for b in blocks])
    builder = _Builder(source, front_matter, framework_shaped, title)
    items: list[tuple[int, Span]] = []
    for block in blocks:
        if block.kind == ITEM:
            items.append((block.level, block.span))
            continue
        _add_items(builder, items)
        if block.kind == HEADING:
            builder.heading(block.span.text, block.span, block.span.position.line, block.level)
        else:
            builder.paragraph(block.span)
    _add_items(builder, items)
    return builder.finish()


def _add_items(builder: _Builder, items: list[tuple[int, Span]]) -> None:
    """A run of list items: each top-level item a competence, deeper ones its points."""
    for span, points in nest_items(items):
        builder.list_item(span, points)
    items.clear()


def nest_items(items: list[tuple[int, Span]]) -> list[tuple[Span, list[Point]]]:
    """(depth, span) in reading order as top-level items with nested points.

    Depths are relative: a list that starts at Word's second level is still a
    list; an item deeper than the one before it belongs to it.
    """
    top: list[tuple[Span, list[Point]]] = []
    open_points: list[tuple[int, list[Point]]] = []
    for depth, span in items:
        while open_points and open_points[-1][0] >= depth:
            open_points.pop()
        if not open_points:
            top.append((span, []))
            open_points = [(depth, top[-1][1])]
            continue
        point = Point(span)
        open_points[-1][1].append(point)
        open_points.append((depth, point.points))
    return top


def _strip_inline(text: str) -> str:
    return re.sub(r"(\*\*|__|\*|_|`)", "", text).strip()


# ---------------------------------------------------------------- Markdown documents

_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_LIST_DEPTH * 3 + 10}).disable("code")


def parse_markdown(source: SourceFile) -> Domain:
    """Parse a Markdown file of one domain (or a draft) into a Domain.

    A file with several domains is an error here; ``parse_markdown_domains`` reads it.
    """
    domains = parse_markdown_domains(source)
    if len(domains) > 1:
        second = domains[1]
        line = second.position.line if second.position else 1
        raise InputError(Msg.E013.format(number=second.number, expected="one domain per file"),
                         path=source.path, line=line)
    return domains[0]


def parse_markdown_domains(source: SourceFile) -> list[Domain]:
    """Parse a Markdown file (with optional front matter): one Domain per numbered
    domain heading (the framework in one file), or one for a draft."""
    front_matter, body = split_front_matter(source)
    tokens = _MARKDOWN.parse(body)
    framework_shaped = "number" in front_matter or any(
        tok.type == "inline" and tokens[i - 1].type == "heading_open"
        and HEADING_NUMBER.match(tok.content.strip()) for i, tok in enumerate(tokens) if i)
    title = None if framework_shaped else title_line(_markdown_outline(tokens))
    builder = _Builder(source, front_matter, framework_shaped, title)
    _walk_blocks(tokens, builder)
    return builder.finish()


def _markdown_outline(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """(kind, level, line) of each top-level block, for finding a draft's title."""
    outline = []
    for token in tokens:
        if token.level != 0 or not token.type.endswith("_open") or token.map is None:
            continue
        kind = HEADING if token.type == "heading_open" else PARAGRAPH
        outline.append((kind, int(token.tag[1:]) if kind == HEADING else 0, token.map[0] + 1))
    return outline


def _number_competences(domain: Domain) -> None:
    """A competence's id is its heading's number plus its ordinal (``2.2.4.1``).

    Where that heading also has numbered headings below it, a 0 stands for the
    missing level (``1.0.1`` under domain 1, ``2.4.0.1`` under section 2.4), so a
    competence id never reads like a heading number (competence "1.1" vs section 1.1).
    """
    numbers = {h.number for h in domain.headings()}
    for heading in domain.headings():
        base = heading.number or "0"
        if any(n.startswith(base + ".") for n in numbers):
            base += ".0"
        for ordinal, competence in enumerate(heading.competences, 1):
            competence.id = f"{base}.{ordinal}"


def _walk_blocks(tokens: list[Token], builder: _Builder) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            assert tokens[i + 1].map is not None
            builder.heading(tokens[i + 1].content, inline_span(builder.source, tokens[i + 1]),
                            tokens[i + 1].map[0] + 1, int(token.tag[1:]))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            i = _walk_list(tokens, i, builder, depth=1)
        elif token.type == "paragraph_open":
            builder.paragraph(inline_span(builder.source, tokens[i + 1]))
            i += 3
        else:
            i += 1


def _walk_list(tokens: list[Token], i: int, builder: _Builder, depth: int) -> int:
    """Walk a top-level list: each item becomes a competence with nested points."""
    close = tokens[i].type.replace("_open", "_close")
    i += 1
    while tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            span, points, i = _read_item(tokens, i, builder.source, depth)
            if span is not None:
                builder.list_item(span, points)
        else:
            i += 1
    return i + 1


def _read_item(tokens: list[Token], i: int, source: SourceFile,
               depth: int) -> tuple[Span | None, list[Point], int]:
    """Read one list item: first paragraph is its text, nested lists and any later
    paragraphs its points, in order (a later paragraph is text to check too: the
    Easy Read Markdown writes a competence's later rows so)."""
    if depth > MAX_LIST_DEPTH:
        raise InputError(Msg.E015.format(depth=depth, limit=MAX_LIST_DEPTH),
                         path=source.path, line=(tokens[i].map or [0])[0] + 1)
    level = tokens[i].level
    i += 1
    span: Span | None = None
    points: list[Point] = []
    while not (tokens[i].type == "list_item_close" and tokens[i].level == level):
        token = tokens[i]
        if token.type == "inline" and span is None:
            span = inline_span(source, token, start_col=_marker_width(source, token))
        elif token.type == "inline":
            points.append(Point(inline_span(source, token)))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            i = _read_sublist(tokens, i, source, depth + 1, points)
            continue
        i += 1
    return span, points, i + 1


def _read_sublist(tokens: list[Token], i: int, source: SourceFile, depth: int,
                  into: list[Point]) -> int:
    close = tokens[i].type.replace("_open", "_close")
    level = tokens[i].level
    i += 1
    while not (tokens[i].type == close and tokens[i].level == level):
        if tokens[i].type == "list_item_open":
            span, points, i = _read_item(tokens, i, source, depth)
            if span is not None:
                into.append(Point(span, points))
        else:
            i += 1
    return i + 1


def _marker_width(source: SourceFile, token: Token) -> int:
    """Column just after the list marker, so a word equal to the marker is not confused."""
    assert token.map is not None
    line = source.text[source.line_starts[token.map[0]]:].split("\n", 1)[0]
    match = re.match(r"\s*(?:[-*+]|\d+[.)])\s*", line)
    return match.end() if match else 0


def _disable_comments(source: SourceFile) -> tuple[frozenset[str], dict[int, frozenset[str]]]:
    """Find ``<!-- easyread-disable RULES -->`` comments (file, line, next line)."""
    whole_file: set[str] = set()
    by_line: dict[int, frozenset[str]] = {}
    for match in DISABLE_COMMENT.finditer(source.text):
        rules = frozenset(r for r in re.split(r"[\s,]+", match.group("rules")) if r) or frozenset({""})
        line, _ = source.line_col(match.start())
        scope = match.group("scope")
        if scope == "-line":
            by_line[line] = by_line.get(line, frozenset()) | rules
        elif scope == "-next-line":
            by_line[line + 1] = by_line.get(line + 1, frozenset()) | rules
        else:
            whole_file |= rules
    return frozenset(whole_file), by_line


# ---------------------------------------------------------------- plain text

PLAIN_BLOCK = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")


def parse_plain_text(source: SourceFile) -> Domain:
    """A plain-text draft: every block of lines separated by a blank line is a paragraph,
    except its title and headings (``plain_text_headings``), which give it sections."""
    blocks = []
    matches = [m for m in PLAIN_BLOCK.finditer(source.text) if m.group().strip()]
    headings = plain_text_headings([m.group().strip() for m in matches])
    for index, match in enumerate(matches):
        if index not in headings and _plain_list(source, match, blocks):
            continue
        lead = len(match.group()) - len(match.group().lstrip())
        span = plain_span(source, match.start() + lead, match.end())
        if not span.text.strip():
            continue
        level = (1 if index == 0 else 2) if index in headings else 1
        blocks.append(Block(HEADING if index in headings else PARAGRAPH, span, level))
    (domain,) = build_domains(source, blocks, numbered=False)
    return domain


def _plain_list(source: SourceFile, match: re.Match[str], blocks: list[Block]) -> bool:
    """A block whose every line starts with a list mark ("- ", "• ") is a list: one item a line."""
    marks = plain_heading_rule().list_marks
    lines = match.group().split("\n")
    if not all(line.lstrip().startswith(marks) for line in lines):
        return False
    start = match.start()
    for line in lines:
        lead = len(line) - len(line.lstrip())
        mark = next(m for m in marks if line.lstrip().startswith(m))
        span = plain_span(source, start + lead + len(mark), start + len(line))
        if span.text:
            blocks.append(Block(ITEM, span, 1))
        start += len(line) + 1
    return True


def plain_text_headings(blocks: list[str]) -> set[int]:
    """Which blocks of a plain-text file are headings (the rule is in data/formats.yml).

    A heading is one short line that does not end like a sentence, a greeting or a
    sign-off, and that is followed by text ending a sentence, by a list, or by
    another heading over such text. Read from the last block up, so "another
    heading" is already known.
    """
    rule = plain_heading_rule()
    headings: set[int] = set()
    for index in range(len(blocks) - 1, -1, -1):
        text = blocks[index]
        if "\n" in text or len(text.split()) > rule.max_words or text[-1] in rule.not_ending:
            continue
        if rule.dates.match(text) or text.startswith(rule.greetings):   # "Dear Ms Patel" lost its comma
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else ""
        if following and (index + 1 in headings or following[-1] in rule.sentence_ends
                          or following.startswith(rule.list_marks) or following.startswith(rule.greetings)):
            headings.add(index)
    return headings


@dataclass(frozen=True)
class PlainHeadingRule:
    max_words: int
    not_ending: str
    sentence_ends: str
    list_marks: tuple[str, ...]
    greetings: tuple[str, ...]
    dates: re.Pattern[str]


@lru_cache(maxsize=1)
def plain_heading_rule() -> PlainHeadingRule:
    from .readers import formats_data

    data = formats_data()["plain-text-headings"]
    return PlainHeadingRule(int(data["max-words"]), str(data["not-ending"]), str(data["sentence-ends"]),
                            tuple(data["list-marks"]), tuple(data["greetings"]), re.compile(data["dates"]))
