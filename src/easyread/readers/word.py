"""Word documents (.docx) into the model, one line per paragraph.

python-docx opens the package (and is the library that writes the Easy Read Word
document, so one library serves both); the body is walked as XML because the
places and the tracked changes need what python-docx's ``paragraph.text`` hides:

- every paragraph of the body, in order, tables and empty paragraphs included, is
  one line of the ``SourceFile`` (``paragraphs=True``), so a finding's place is
  ``letter.docx:¶12:34``: paragraph 12, character 34;
- Title and Heading 1-9 (or a style based on them, or an outline level) are
  headings; a paragraph with Word numbering (its own or its style's: List Bullet,
  List Number) is a list item nested by its level, as is one that starts with a
  typed bullet; tables are read row by row, cell by cell;
- bold runs are kept as ``**bold**`` in the span's Markdown;
- tracked insertions are kept and tracked deletions left out (the text as if every
  change were accepted); comments, headers, footers, footnotes and text boxes are
  left out, and each is said in a notice on the Domain (ECMA-376 part names).

A password-protected document (Word wraps it in an OLE file, not a zip), an old
.doc renamed, a damaged file, and a document with no text (a scan) are one-line
coded errors naming the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..content import HEADING, ITEM, PARAGRAPH, TITLE_LEVEL, Block, build_domains, placed_span
from ..files import read_bytes
from ..errors import InputError, Msg, Notice, Warn
from ..model import Domain, SourceFile
from . import bold_markdown

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
VML = "{urn:schemas-microsoft-com:vml}"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # a zip bomb is refused before it is opened
# Never read: deleted text, field codes, properties, text boxes (counted), the other
# branch of a compatibility choice.
SKIPPED = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "delInstrText", W + "pPr",
           W + "rPr", W + "txbxContent", MC + "Fallback", W + "commentReference"}
RUN_TEXT = {W + "t": None, W + "tab": " ", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "\u2011",
            W + "ptab": " "}
TYPED_BULLET = re.compile(r"^\s*[•◦▪‣·\-–*]\s+")
FALSE = {"0", "false", "off"}


@dataclass
class _Paragraph:
    """One paragraph as read: its text in pieces (text, bold), its style and list level."""

    pieces: list[tuple[str, bool]] = field(default_factory=list)
    style: str = ""
    list_level: int | None = None
    outline_level: int | None = None

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


def read_word(path: Path) -> list[Domain]:
    """A .docx file as its Domain(s), with notices for what was left out."""
    data = read_bytes(path)
    document = _open(data, str(path))
    styles = _Styles(document)
    body = document.element.body
    paragraphs = [_read_paragraph(p, styles) for p in _paragraph_elements(body)]
    source = SourceFile.from_text(str(path), "\n".join(p.text for p in paragraphs), paragraphs=True)
    blocks = list(_blocks(source, paragraphs, styles))
    if not blocks:
        raise InputError(Msg.E074.format(why=_why_no_text(body)), path=str(path))
    domains = build_domains(source, blocks)
    domains[0].notices.extend(_left_out(document, body, str(path)))
    return domains


def _open(data: bytes, display: str):
    """The python-docx Document, or the one-line error that says why not."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if data.startswith(OLE_MAGIC):
        raise InputError(Msg.E072.format() if ENCRYPTED_MARK in data else Msg.E076.format(), path=display)
    if not data.startswith(ZIP_MAGIC):
        raise InputError(Msg.E073.format(why="it is not a zip package"), path=display)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise InputError(Msg.E073.format(why=f"it unpacks to {unpacked / 2**20:.0f} MB"), path=display)
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, EOFError) as error:
        why = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(Msg.E073.format(why=why[:120]), path=display) from None


def _paragraph_elements(element) -> Iterator:
    """Every paragraph of the body in reading order: tables row by row, content controls
    and inserted blocks opened; deleted blocks, and paragraphs inside text boxes, not."""
    for child in element:
        if child.tag == W + "p":
            yield child
        elif child.tag not in SKIPPED and child.tag != W + "sectPr":
            yield from _paragraph_elements(child)


def _read_paragraph(element, styles: "_Styles") -> _Paragraph:
    properties = element.find(W + "pPr")
    style = _value(properties, "pStyle") or ""
    paragraph = _Paragraph(style=style)
    paragraph.pieces = list(_pieces(element, styles))
    numbering = properties.find(W + "numPr") if properties is not None else None
    paragraph.list_level = _list_level(numbering) if numbering is not None else styles.list_level(style)
    outline = _value(properties, "outlineLvl")
    paragraph.outline_level = int(outline) if outline and outline.isdigit() else None
    return paragraph


def _pieces(element, styles: "_Styles", bold: bool = False) -> Iterator[tuple[str, bool]]:
    """(text, bold) pieces in order: runs anywhere (hyperlinks, insertions, fields) but
    never inside deletions, field codes or text boxes."""
    for child in element:
        if child.tag in SKIPPED:
            continue
        if child.tag == W + "r":
            run_bold = styles.run_bold(child.find(W + "rPr"))
            for part in child:
                if part.tag in RUN_TEXT:
                    yield (part.text or "") if RUN_TEXT[part.tag] is None else RUN_TEXT[part.tag], run_bold
                elif part.tag not in SKIPPED:   # a compatibility choice or a smart tag in a run
                    yield from _pieces(part, styles, run_bold)
        else:
            yield from _pieces(child, styles, bold)


def _value(properties, name: str) -> str | None:
    found = properties.find(W + name) if properties is not None else None
    return found.get(W + "val") if found is not None else None


def _list_level(numbering) -> int | None:
    """Word's list level (0-based) of a w:numPr, or None for numId 0 ("no numbering")."""
    number_id = _value(numbering, "numId")
    if number_id == "0":
        return None
    level = _value(numbering, "ilvl")
    return int(level) if level and level.isdigit() else 0


class _Styles:
    """What a paragraph or character style means here, following ``w:basedOn``."""

    def __init__(self, document) -> None:
        self.by_id = {style.style_id: style for style in document.styles}
        self.default = next((s.style_id for s in document.styles if s.type == 1 and
                             s.element.get(W + "default") in ("1", "true")), "")

    def chain(self, style_id: str) -> Iterator:
        seen: set[str] = set()
        style = self.by_id.get(style_id or self.default)
        while style is not None and style.style_id not in seen:
            seen.add(style.style_id)
            yield style
            style = style.base_style

    def heading_level(self, style_id: str) -> int | None:
        """0 for Title, N for Heading N (or a style based on one, or with an outline level)."""
        for style in self.chain(style_id):
            name = (style.name or "").lower()
            if name == "title":
                return TITLE_LEVEL
            match = re.fullmatch(r"heading (\d)", name)
            if match:
                return int(match.group(1))
            outline = _value(style.element.find(W + "pPr"), "outlineLvl")
            if outline and outline.isdigit() and int(outline) < 9:
                return int(outline) + 1
        return None

    def list_level(self, style_id: str) -> int | None:
        """The list level a paragraph style gives: its numbering's level, plus one for
        each step of Word's "List Bullet 2", "List Number 3"... (their own lists start
        at level 0, indented further)."""
        for style in self.chain(style_id):
            properties = style.element.find(W + "pPr")
            numbering = properties.find(W + "numPr") if properties is not None else None
            if numbering is not None:
                level = _list_level(numbering)
                step = re.fullmatch(r"list(?: bullet| number| continue)? (\d)", (style.name or "").lower())
                return None if level is None else level + (int(step.group(1)) - 1 if step else 0)
        return None

    def run_bold(self, properties) -> bool:
        """Bold set on the run itself, or by its character style (Strong)."""
        if properties is None:
            return False
        bold = properties.find(W + "b")
        if bold is not None:
            return bold.get(W + "val", "true").lower() not in FALSE
        character_style = _value(properties, "rStyle")
        return bool(character_style) and _style_bold(self.by_id.get(character_style))


def _style_bold(style) -> bool:
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _blocks(source: SourceFile, paragraphs: list[_Paragraph], styles: _Styles) -> Iterator[Block]:
    """Each paragraph with text as a heading, a list item or a paragraph."""
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if not text.strip():
            continue
        start = source.line_starts[index]
        level = styles.heading_level(paragraph.style)
        if level is None and paragraph.outline_level is not None and paragraph.outline_level < 9:
            level = paragraph.outline_level + 1
        typed = TYPED_BULLET.match(text) if level is None and paragraph.list_level is None else None
        skip = typed.end() if typed else 0
        span = placed_span(source, text[skip:], list(range(start + skip, start + len(text))),
                           start + len(text), bold_markdown(paragraph.pieces, skip))
        if level is not None:
            yield Block(HEADING, span, level)
        elif paragraph.list_level is not None or typed:
            yield Block(ITEM, span, (paragraph.list_level or 0) + 1)
        else:
            yield Block(PARAGRAPH, span)


def _why_no_text(body) -> str:
    """Why a document with no text has none: a scan (only pictures), or text boxes."""
    if any((box.xpath("string()") or "").strip() for box in body.iter(W + "txbxContent")):
        return ": its words are all in text boxes or shapes, which easyread does not read"
    if next(body.iter(W + "drawing", W + "pict"), None) is not None:
        return ": it holds only pictures (is it a scan?)"
    return ""


def _left_out(document, body, display: str) -> list[Notice]:
    """Notices for every kind of text in the document that easyread did not read."""
    notices = []
    parts = {str(part.partname): part for part in document.part.package.iter_parts()}
    comments = sum(_count(part, W + "comment") for name, part in parts.items() if name.endswith("/comments.xml"))
    if comments:
        notices.append(Notice(display, Warn.W070.format(count=comments)))
    deletions = sum(1 for d in body.iter(W + "del", W + "moveFrom")
                    if next(d.iter(W + "delText", W + "t"), None) is not None)
    if deletions:
        notices.append(Notice(display, Warn.W071.format(count=deletions)))
    kinds = [kind for kind in ("header", "footer")
             if any(re.fullmatch(rf"/word/{kind}\d*\.xml", name) and _has_text(part) for name, part in parts.items())]
    if kinds:
        notices.append(Notice(display, Warn.W072.format(parts=" and ".join(kinds))))
    notes = sum(_count(part, W + "footnote", W + "endnote") for name, part in parts.items()
                if re.fullmatch(r"/word/(foot|end)notes\.xml", name))
    if notes:
        notices.append(Notice(display, Warn.W073.format(count=notes)))
    boxes = sum(1 for box in body.iter(W + "txbxContent")
                if not any(a.tag == MC + "Fallback" for a in box.iterancestors())
                and (box.xpath("string()") or "").strip())
    if boxes:
        notices.append(Notice(display, Warn.W074.format(count=boxes)))
    return notices


def _element(part):
    """A part's XML: python-docx parses the parts it knows; others are parsed here."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)


def _count(part, *tags: str) -> int:
    """Notes or comments that hold text (Word's separator notes have none)."""
    return sum(1 for item in _element(part).iter(*tags) if (item.xpath("string()") or "").strip())


def _has_text(part) -> bool:
    return bool((_element(part).xpath("string()") or "").strip())
