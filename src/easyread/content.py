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

import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .cache import AnalysisCache
from .errors import InputError, Msg, UsageError
from .files import STDIN_PATH, content_files, read_source, read_stdin
from .model import (Competence, Domain, DraftHeading, Framework, Heading, Point, Position, Section,
                    SourceFile, Span, Subsection)
from .model_json import NotStorable, domain_from_json, domain_to_json

MAX_LIST_DEPTH = 30
HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+)$")
DISABLE_COMMENT = re.compile(
    r"<!--\s*easyread-disable(?P<scope>-line|-next-line)?\s*(?P<rules>[^>]*?)\s*-->")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def load_paths(paths: Iterable[str | Path], cache: AnalysisCache | None = None) -> Framework:
    """Load files and folders (``-`` is standard input) into one Framework.

    With a ``cache``, each file's model is kept by its text and this code, so an
    unchanged file is not parsed again on the next run (model_json.py).
    """
    paths = list(paths)
    if sum(str(p) == "-" for p in paths) > 1:  # the second read would find it empty
        raise UsageError(Msg.E009.format())
    domains = []
    for path in paths:
        if str(path) == "-":
            domains.append(parse_markdown(read_source(STDIN_PATH, read_stdin())))
            continue
        for file in content_files([path]):
            domains.append(_load_cached(file, cache) if cache is not None else load_file(file))
    return Framework(domains)


def load_file(path: str | Path, source: SourceFile | None = None) -> Domain:
    source = source or read_source(path)
    if Path(path).suffix.lower() == ".txt":
        return parse_plain_text(source)
    return parse_markdown(source)


def _load_cached(path: Path, cache: AnalysisCache) -> Domain:
    source = read_source(path)
    table = f"model:{_code_fingerprint()}"
    key = f"{path.suffix.lower()}\0{source.path}\0{source.text}"
    stored = cache.get(table, key, False)
    if stored is not None:
        try:
            return domain_from_json(stored["domain"], source)
        except (KeyError, TypeError, ValueError, IndexError):
            pass   # a damaged entry is rebuilt
    domain = load_file(path, source)
    try:
        cache.put(table, key, False, {"domain": domain_to_json(domain)})
    except NotStorable:
        pass
    return domain


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The code that turns a file into the model: a change to any of it parses every file again."""
    package = resources.files("easyread")
    digest = hashlib.sha256()
    for name in ("content.py", "model.py", "model_json.py", "files.py", "text.py"):
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


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
        data = YAML(typ="safe", pure=True).load(yaml_text) if yaml_text.strip() else {}
    except (YAMLError, ValueError, TypeError, RecursionError) as error:   # ruamel raises all four
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise InputError(Msg.E010.format(why=yaml_problem(error)), path=source.path, line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Msg.E012.format(), path=source.path, line=2)
    body = "\n" * end + "\n" + "\n".join(lines[end + 1:])
    if not body.strip():  # an editor would otherwise get a clean report on nothing
        raise InputError(Msg.E007.format(line=end + 1), path=source.path, line=end + 1)
    return data, body


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
    text = raw.replace("\n", " ")
    offsets = list(range(start, end))
    text, offsets = _tidy_spaces(text, offsets)
    offsets.append(end)
    return Span(text, text, source, tuple(offsets))


# ---------------------------------------------------------------- Markdown documents

@dataclass
class _Builder:
    """Walks markdown-it tokens and files each block under the current heading."""

    source: SourceFile
    front_matter: dict[str, object]
    framework_shaped: bool
    domain: Domain = field(init=False)
    current: Heading = field(init=False)
    seen_numbers: dict[str, int] = field(default_factory=dict)
    last_child: dict[str, int] = field(default_factory=dict)  # parent number -> last child's number
    paragraph_count: int = 0

    def __post_init__(self) -> None:
        number = str(self.front_matter.get("number", "")) if self.framework_shaped else ""
        title = str(self.front_matter.get("title", ""))
        self.domain = Domain(number=number, title=title, path=self.source.path,
                             front_matter=dict(self.front_matter),
                             settings=dict(self.front_matter))
        self.current = self.domain

    # -- headings
    def heading(self, token: Token, level: int = 1) -> None:
        assert token.map is not None
        line = token.map[0] + 1
        position = Position(self.source.path, line, 1)
        match = HEADING_NUMBER.match(token.content.strip())
        if not self.framework_shaped or not match:
            if self.framework_shaped:
                self.current.notes.append(inline_span(self.source, token))
            else:   # a draft's heading stays a heading in its Easy Read text
                self.domain.draft_headings.append(DraftHeading(level, inline_span(self.source, token)))
            return
        number, title = match.group(1), _strip_inline(match.group(2))
        if number in self.seen_numbers:
            raise InputError(Msg.E014.format(number=number, first_line=self.seen_numbers[number]),
                             path=self.source.path, line=line)
        if any(int(part) == 0 for part in number.split(".")[1:]):   # 1.0 would share ids with domain 1
            raise InputError(Msg.E016.format(number=number), path=self.source.path, line=line)
        self.seen_numbers[number] = line
        self._check_order(number, line)
        depth = number.count(".") + 1
        if depth == 1:
            self._enter_domain(number, title, position)
        elif depth == 2:
            self._check_parent(number, self.domain.number, line)
            section = Section(number=number, title=title, position=position)
            self.domain.sections.append(section)
            self.current = section
        else:
            section = self.domain.sections[-1] if self.domain.sections else None
            parent = section.number if section else ""
            # 10.2.4.1 sits under subsection 10.2.4; it is kept flat in the section.
            if section and depth > 3 and any(s.number == number.rsplit(".", 1)[0]
                                             for s in section.subsections):
                parent = number.rsplit(".", 1)[0]
            self._check_parent(number, parent, line)
            assert section is not None
            subsection = Subsection(number=number, title=title, position=position)
            section.subsections.append(subsection)
            self.current = subsection

    def _enter_domain(self, number: str, title: str, position: Position) -> None:
        if self.domain.sections or (self.domain.number and self.domain.number != number
                                    and self.domain.position is not None):
            raise InputError(Msg.E013.format(number=number, expected="one domain per file"),
                             path=self.source.path, line=position.line)
        if self.front_matter.get("number") not in (None, "") and str(self.front_matter["number"]) != number:
            raise InputError(Msg.E013.format(number=number,
                                             expected=f"{self.front_matter['number']} (front matter)"),
                             path=self.source.path, line=position.line)
        self.domain.number, self.domain.position = number, position
        self.domain.title = title or self.domain.title
        self.current = self.domain

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

    def _check_parent(self, number: str, parent: str, line: int) -> None:
        if not parent or number.rsplit(".", 1)[0] != parent:
            expected = f"a number starting {parent}." if parent else "a domain heading (# N) first"
            raise InputError(Msg.E013.format(number=number, expected=expected),
                             path=self.source.path, line=line)

    # -- blocks
    def paragraph(self, inline: Token) -> None:
        span = inline_span(self.source, inline)
        if not span.text:
            return
        if self.framework_shaped:
            self.current.notes.append(span)
        else:
            self._add_competence(span, [])

    def list_item(self, span: Span, points: list[Point], notes: list[Span]) -> None:
        self._add_competence(span, points, notes)

    def _add_competence(self, span: Span, points: list[Point], notes: list[Span] | None = None) -> None:
        notes = notes or []
        if self.framework_shaped:
            competence_id = ""  # numbered once the whole file is read: _number_competences
        else:
            self.paragraph_count += 1
            competence_id = f"p{self.paragraph_count}"
        self.current.competences.append(Competence(
            id=competence_id, text=span, points=points, notes=notes,
            heading=self.current.number))


def _strip_inline(text: str) -> str:
    return re.sub(r"(\*\*|__|\*|_|`)", "", text).strip()


_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_LIST_DEPTH * 3 + 10}).disable("code")


def parse_markdown(source: SourceFile) -> Domain:
    """Parse a Markdown file (with optional front matter) into a Domain."""
    front_matter, body = split_front_matter(source)
    tokens = _MARKDOWN.parse(body)
    framework_shaped = "number" in front_matter or any(
        tok.type == "inline" and tokens[i - 1].type == "heading_open"
        and HEADING_NUMBER.match(tok.content.strip()) for i, tok in enumerate(tokens) if i)
    builder = _Builder(source, front_matter, framework_shaped)
    _walk_blocks(tokens, builder)
    domain = builder.domain
    if framework_shaped:
        _number_competences(domain)
    domain.disabled_rules, domain.line_disables = _disable_comments(source)
    return domain


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
            builder.heading(tokens[i + 1], int(token.tag[1:]))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            i = _walk_list(tokens, i, builder, depth=1)
        elif token.type == "paragraph_open":
            builder.paragraph(tokens[i + 1])
            i += 3
        else:
            i += 1


def _walk_list(tokens: list[Token], i: int, builder: _Builder, depth: int) -> int:
    """Walk a top-level list: each item becomes a competence with nested points."""
    close = tokens[i].type.replace("_open", "_close")
    i += 1
    while tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            span, points, notes, i = _read_item(tokens, i, builder.source, depth)
            if span is not None:
                builder.list_item(span, points, notes)
        else:
            i += 1
    return i + 1


def _read_item(tokens: list[Token], i: int, source: SourceFile,
               depth: int) -> tuple[Span | None, list[Point], list[Span], int]:
    """Read one list item: first paragraph is its text, nested lists its points,
    any later paragraphs its notes."""
    if depth > MAX_LIST_DEPTH:
        raise InputError(Msg.E015.format(depth=depth, limit=MAX_LIST_DEPTH),
                         path=source.path, line=(tokens[i].map or [0])[0] + 1)
    level = tokens[i].level
    i += 1
    span: Span | None = None
    points: list[Point] = []
    notes: list[Span] = []
    while not (tokens[i].type == "list_item_close" and tokens[i].level == level):
        token = tokens[i]
        if token.type == "inline" and span is None:
            span = inline_span(source, token, start_col=_marker_width(source, token))
        elif token.type == "inline":
            notes.append(inline_span(source, token))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            i = _read_sublist(tokens, i, source, depth + 1, points)
            continue
        i += 1
    return span, points, notes, i + 1


def _read_sublist(tokens: list[Token], i: int, source: SourceFile, depth: int,
                  into: list[Point]) -> int:
    close = tokens[i].type.replace("_open", "_close")
    level = tokens[i].level
    i += 1
    while not (tokens[i].type == close and tokens[i].level == level):
        if tokens[i].type == "list_item_open":
            span, points, _notes, i = _read_item(tokens, i, source, depth)
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

def parse_plain_text(source: SourceFile) -> Domain:
    """A plain-text draft: every block of lines separated by a blank line is a paragraph."""
    domain = Domain(number="", title=Path(source.path).stem, path=source.path)
    for count, match in enumerate(re.finditer(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*", source.text), 1):
        start, end = match.start(), match.end()
        lead = len(match.group()) - len(match.group().lstrip())
        span = plain_span(source, start + lead, end)
        if span.text.strip():
            domain.competences.append(Competence(id=f"p{len(domain.competences) + 1}", text=span))
    domain.disabled_rules, domain.line_disables = _disable_comments(source)
    return domain
