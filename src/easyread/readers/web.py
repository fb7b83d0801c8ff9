"""Web pages (.html) into the model: the main text only, each character on its place.

Python's own ``html.parser`` reads the page because it reports where every tag,
every run of text and every character reference starts in the source, so a finding
points at the line and column of the HTML file (an entity such as ``&amp;`` is one
character, placed on its ``&``). lxml and html5lib build better trees but give no
columns (lxml: lines of elements only), and selectolax none at all; the main-text
rules below need no full HTML5 tree, only the open elements, which are tracked here
with the end tags HTML lets a page leave out (``<li>``, ``<p>``, table cells).

Which text is the page's own is data (data/formats.yml, ``web-page``): when the
page has ``<main>`` only its text is read, else its ``<article>`` elements, else the
body; navigation, headers, footers and asides around it, and scripts, styles, forms
and the like anywhere, are left out. Headings are headings, list items are list
items nested by depth, and ``<b>``/``<strong>`` are kept as ``**bold**``.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from ..content import HEADING, ITEM, PARAGRAPH, Block, build_domains, placed_span
from ..files import decode_text, read_bytes
from ..errors import InputError, Msg
from ..model import Domain, SourceFile
from . import bold_markdown, formats_data

BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
              "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
              "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "nav", "ol", "p", "pre",
              "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNTRACKED = {"p"}   # a paragraph only ends text; it need not be open to know where we are
IMPLIED_END = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
               "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}
BOLD_TAGS = {"b", "strong"}
LIST_TAGS = {"ul", "ol"}
NESTING = {"ul", "ol", "dl", "table"}   # an implied end never reaches outside these
HEADING_TAG = re.compile(r"^h([1-6])$")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class PageRules:
    """The main-text rules of data/formats.yml."""

    main: tuple[str, ...]
    never: frozenset[str]
    around: frozenset[str]
    kept_inside_main: frozenset[str]


@lru_cache(maxsize=1)
def page_rules() -> PageRules:
    data = formats_data()["web-page"]
    return PageRules(tuple(data["main"]), frozenset(data["never"]), frozenset(data["around"]),
                     frozenset(data["kept-inside-main"]))


def read_web_page(path: Path) -> list[Domain]:
    """An .html file as one Domain (or a framework's domains) from its main text."""
    source = SourceFile.from_text(str(path), decode_page(read_bytes(path), str(path)))
    reader = _PageReader(source)
    domains = build_domains(source, reader.blocks())
    if not any(True for domain in domains for _ in domain.competences_in_order()):
        raise InputError(Msg.E075.format(), path=str(path))
    if reader.page_title and domains[0].position is None and not domains[0].number:
        domains[0].title = reader.page_title
    return domains


def decode_page(data: bytes, display: str) -> str:
    """The page's text: UTF-8 (with or without a byte order mark) unless a
    ``<meta charset>`` says otherwise (older pages in windows-1252)."""
    declared = CHARSET.search(data[:4096])
    if declared and not data.startswith(b"\xef\xbb\xbf"):
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii"))
        except LookupError:
            codec = None
        if codec is not None and codec.name != "utf-8":
            return data.decode(codec.name, errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return decode_text(data, display)


@dataclass
class _Text:
    """The block being read: its characters, where each is, which are bold, and what it is."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)
    kind: str = PARAGRAPH
    level: int = 1


class _PageReader(HTMLParser):
    """Collects the page's tags and text with their offsets, then reads the main text."""

    def __init__(self, source: SourceFile) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.events: list[tuple[str, str, int, str]] = []   # (kind, tag or text, offset, raw)
        self.page_title = ""
        self.feed(source.text)
        self.close()

    # -- collecting
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.source.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        main_role = any(k == "role" and (v or "").lower() == "main" for k, v in attrs)
        self.events.append(("start", "main" if main_role and tag not in ("main", "article") else tag,
                            self._offset(), ""))
        if tag in VOID_TAGS:
            self.events.append(("end", tag, self._offset(), ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, self._offset(), ""))
        self.events.append(("end", tag, self._offset(), ""))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, self._offset(), ""))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data, self._offset(), data))

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        raw = f"&{name};" if self.source.text.startswith(f"&{name};", start) else f"&{name}"
        decoded = html.unescape(raw)
        self.events.append(("char" if decoded != raw else "text", decoded, start, raw))

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        raw = f"&#{name};" if self.source.text.startswith(f"&#{name};", start) else f"&#{name}"
        self.events.append(("char", html.unescape(raw), start, raw))

    # -- reading
    def blocks(self) -> list[Block]:
        rules = page_rules()
        starts = {tag for kind, tag, _, _ in self.events if kind == "start"}
        scope = next((tag for tag in rules.main if tag in starts), None)
        self.page_title = self._title()
        walker = _Walker(self.source, rules, scope)
        for kind, value, offset, raw in self.events:
            walker.event(kind, value, offset, raw)
        walker.flush()
        return walker.blocks

    def _title(self) -> str:
        inside, words = False, []
        for kind, value, _, _ in self.events:
            if kind in ("start", "end") and value == "title":
                inside = kind == "start"
            elif inside and kind in ("text", "char"):
                words.append(value)
        return " ".join("".join(words).split())


class _Walker:
    """Walks the page's events with the open elements, turning the main text into blocks."""

    def __init__(self, source: SourceFile, rules: PageRules, scope: str | None) -> None:
        self.source, self.rules, self.scope = source, rules, scope
        self.open: list[str] = []
        self.blocks: list[Block] = []
        self.text = _Text()

    def event(self, kind: str, value: str, offset: int, raw: str) -> None:
        if kind == "start":
            self._start(value, offset)
        elif kind == "end":
            self._end(value)
        elif self._reading():
            self._add(value, offset, kind == "char")

    def _start(self, tag: str, offset: int) -> None:
        for implied in IMPLIED_END.get(tag, ()):
            if self._still_open(implied):
                self._end(implied)
        if tag in BLOCK_TAGS:
            self.flush()
        if tag not in VOID_TAGS and tag not in UNTRACKED:
            self.open.append(tag)
        heading = HEADING_TAG.match(tag)
        if heading:
            self.text.kind, self.text.level = HEADING, int(heading.group(1))
        elif tag == "li":
            self.text.kind, self.text.level = ITEM, max(1, sum(t in LIST_TAGS for t in self.open))
        elif tag == "br":
            self._add(" ", offset, True)

    def _still_open(self, tag: str) -> bool:
        """Is ``tag`` open in the innermost list or table (a new ``<li>`` ends the last one)?"""
        for open_tag in reversed(self.open):
            if open_tag == tag:
                return True
            if open_tag in NESTING:
                return False
        return False

    def _end(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
        if HEADING_TAG.match(tag) or tag == "li":
            self.text.kind, self.text.level = PARAGRAPH, 1

    def _reading(self) -> bool:
        """Is text here the page's own? Inside the main scope, and not in anything left out."""
        if self.scope is not None and self.scope not in self.open:
            return False
        for index, tag in enumerate(self.open):
            if tag in self.rules.never:
                return False
            if tag in self.rules.around:
                inside_main = any(t in self.rules.main for t in self.open[:index])
                if not (inside_main and tag in self.rules.kept_inside_main):
                    return False
        return True

    def _add(self, value: str, offset: int, single: bool) -> None:
        """Text at ``offset``: a run of source characters, or one decoded reference (``single``)."""
        bold = any(t in BOLD_TAGS for t in self.open)
        if single:   # a reference may stand for two characters (&NotEqualTilde;): both on its &
            characters = [(" " if ch.isspace() else ch, offset) for ch in value]
        else:
            characters = [(" " if ch.isspace() else ch, offset + i) for i, ch in enumerate(value)]
        for character, place in characters:
            self.text.chars.append(character)
            self.text.offsets.append(place)
            self.text.bold.append(bold)

    def flush(self) -> None:
        """End the block being read: a block if it has words; its kind stays until it has."""
        text = self.text
        if "".join(text.chars).strip():
            pieces = [(ch, bold) for ch, bold in zip(text.chars, text.bold)]
            end = text.offsets[-1] + 1
            span = placed_span(self.source, "".join(text.chars), list(text.offsets), end,
                               bold_markdown(pieces).strip())
            self.blocks.append(Block(text.kind, span, text.level))
            kind, level = (PARAGRAPH, 1) if text.kind == ITEM else (text.kind, text.level)
            self.text = _Text(kind=kind, level=level)
        else:
            self.text = _Text(kind=text.kind, level=text.level)
