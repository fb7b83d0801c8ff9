"""Stage 4b: the Easy Read Word document, from the rows the website is rendered from.

Easy Read producers deliver Word: editors and supporters change it, print it and
send it on. ``docx_bytes`` writes one with python-docx (the library that reads Word
documents too) from ``RenderedSite.outline``: the same headings, rows, pictures and
words as the web pages, never the HTML itself. The layout is data
(``data/word.yml``): per section a two-column table, the picture (a PNG at least
2.5 cm wide) on the left and the words on the right, Arial at 14 point or more with
line spacing 1.5, Word's own heading styles (so the navigation pane works), bold
only for the explained words, the word bank at the end, and a title page that says
it is Easy Read.

The pictures are the site's OpenMoji SVGs, drawn into PNGs by resvg (resvg-py: a
wheel with no system library, unlike cairosvg's libcairo, and the same SVGs as the
site, so no second copy of the pictures can drift). The same input gives the same
bytes: the document's dates are fixed and the zip is rewritten with fixed times.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable


from .yamlio import package_data
from .glossary import Glossary
from .model import EasyReadBlock
from .layout import CompetenceRows, HeadingItem, Row
from .render import RenderedSite

DOCX_NAME = "easy-read.docx"
FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Layout:
    font: str
    body_points: float
    heading_points: dict[str, float]
    line_spacing: float
    picture_cm: float
    words_cm: float
    picture_pixels: int
    page: dict[str, float]


@lru_cache(maxsize=1)
def layout() -> Layout:
    data = package_data("data/word.yml")
    return Layout(str(data["font"]), float(data["body_points"]),
                  {str(k): float(v) for k, v in data["heading_points"].items()}, float(data["line_spacing"]),
                  float(data["picture_cm"]), float(data["words_cm"]), int(data["picture_pixels"]),
                  {str(k): float(v) for k, v in data["page_cm"].items()})


def docx_bytes(site: RenderedSite, glossary: Glossary) -> bytes:
    """The Easy Read Word document of a rendered site, as the bytes of a .docx file."""
    import docx

    document = docx.Document()
    writer = _Writer(document, layout(), glossary)
    writer.set_up(site)
    writer.title_page(site)
    for page in site.outline:
        writer.page(page.title, page.items)
    writer.word_bank(site.bank)
    writer.about(site)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time fixed, so equal documents are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


@lru_cache(maxsize=None)
def picture_png(code: str, pixels: int) -> bytes:
    """An OpenMoji picture drawn as a square PNG (no network, no system library)."""
    import resvg_py

    svg = resources.files("easyread").joinpath(f"static/pictures/{code}.svg").read_text(encoding="utf-8")
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=pixels, height=pixels))


def runs(markdown: str, bold_words: Iterable[str] | None = None) -> list[tuple[str, bool]]:
    """Inline Markdown as (text, bold) runs: ``**word**`` is bold when it is one of
    ``bold_words`` (the explained words, as on the web page; None: every one)."""
    keep = None if bold_words is None else set(bold_words)
    text = MARKDOWN_LINK.sub(r"\1", markdown).replace("\\*", "*")
    out: list[tuple[str, bool]] = []
    last = 0
    for match in MARKDOWN_BOLD.finditer(text):
        out.append((text[last:match.start()], False))
        out.append((match.group(1), keep is None or match.group(1) in keep))
        last = match.end()
    out.append((text[last:], False))
    return [(t, b) for t, b in out if t]


class _Writer:
    """Adds the parts of the document in order; python-docx does the XML."""

    def __init__(self, document, layout: Layout, glossary: Glossary) -> None:
        self.document, self.layout, self.glossary = document, layout, glossary
        self.table = None
        self.style_ids: dict[str, str] = {}

    # -- styles and page
    def set_up(self, site: RenderedSite) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(self.layout.page["width"]), Cm(self.layout.page["height"])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(self.layout.page["margin"]))
        styles = self.document.styles
        self._font(styles["Normal"], self.layout.body_points, bold=False)
        styles["Normal"].paragraph_format.line_spacing = self.layout.line_spacing
        styles["Normal"].paragraph_format.space_after = Pt(6)
        for name, key in (("Title", "title"), ("Heading 1", "1"), ("Heading 2", "2"), ("Heading 3", "3")):
            self._font(styles[name], self.layout.heading_points[key], bold=True)
            styles[name].paragraph_format.line_spacing = self.layout.line_spacing
        for name in ("List Bullet", "Footer"):
            self._font(styles[name], self.layout.body_points, bold=False)
        self._page_numbers(section)
        properties = self.document.core_properties
        properties.title = site.text.title if site.text else ""
        properties.author = properties.last_modified_by = "easyread"
        properties.subject = "Easy Read"
        properties.keywords = "Easy Read"
        properties.comments = ""
        properties.revision = 1
        properties.created = properties.modified = properties.last_printed = FIXED_TIME

    def _font(self, style, points: float, bold: bool) -> None:
        """One font for a style, in every script slot, and no theme font that would win over it."""
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        style.font.name = self.layout.font
        style.font.size = Pt(points)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{slot}"), self.layout.font)
        for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)

    def _page_numbers(self, section) -> None:
        """"Page 3 of 8" at the foot of every page (Word fills in the numbers)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        footer.add_run(" of ")
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="NUMPAGES"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))

    # -- parts of the document
    def title_page(self, site: RenderedSite) -> None:
        """It says it is Easy Read, what it is a version of, who it is for and who made it (IE-2009)."""
        from docx.enum.text import WD_BREAK
        from docx.shared import Pt

        text = site.text
        mark = self.document.add_paragraph().add_run("Easy Read")
        mark.bold, mark.font.size = True, Pt(self.layout.heading_points["1"])
        self.document.add_paragraph(text.title, style="Title")
        self.document.add_paragraph(f"This is an Easy Read version of {text.document}.")
        self.table = None
        for block in text.intro:
            cell = self._row(str(block["picture"]), "")
            self._paragraph(cell, [(str(block["heading"]), True)], first=True)
            for line in block["lines"]:
                self._paragraph(cell, [(str(line), False)])
        self.table = None
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def page(self, title: str, items: list) -> None:
        self.document.add_heading(title, level=1)
        self.table = None
        for item in items:
            if isinstance(item, HeadingItem):
                self.document.add_heading(item.title + (" (continued)" if item.continued else ""),
                                          level=min(item.level, 3))
                self.table = None
            elif isinstance(item, CompetenceRows):
                for row in item.rows:
                    self._idea(row)

    def _idea(self, row: Row) -> None:
        """One row: its picture on the left; its sentences, bullets and notes on the right."""
        cell = self._row(row.picture.code, row.picture.alt)
        block = row.block or EasyReadBlock([])
        first = True
        for sentence in block.sentences:
            self._paragraph(cell, runs(sentence, row.bold_words), first=first)
            first = False
        for bullet in block.bullets:
            self._paragraph(cell, runs(bullet, row.bold_words), style="List Bullet", first=first)
            first = False
        for note in row.notes:
            entry = self.glossary.entry(note.entry_id)
            self._paragraph(cell, [("What ", False), (note.term, True), (" means: ", False),
                                   *runs(MARKDOWN_BOLD.sub(r"\1", entry.explanation), ())], first=first)
            first = False

    def word_bank(self, bank: list[dict]) -> None:
        if not bank:
            return
        self.document.add_heading("Word bank: what the hard words mean", level=1)
        self.table = None
        for word in bank:
            picture = word["picture"]
            cell = self._row(picture.code if picture else None, "")
            self._paragraph(cell, [(str(word["term"]), True)], first=True)
            entry = self.glossary.entry(word["id"])
            self._paragraph(cell, runs(MARKDOWN_BOLD.sub(r"\1", entry.explanation), ()))
        self.table = None

    def about(self, site: RenderedSite) -> None:
        self.document.add_heading("About this document", level=1)
        for line in site.text.about:
            self.document.add_paragraph(str(line))
        self.document.add_paragraph(
            "The pictures are from OpenMoji, the open-source emoji and icon project (openmoji.org). "
            "Licence: CC BY-SA 4.0 (creativecommons.org/licenses/by-sa/4.0). We did not change them.")

    # -- tables and paragraphs
    def _style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def _row(self, code: str | None, alt: str):
        """A new row of the current two-column table (a new table after a heading); its words cell."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.shared import Cm

        if self.table is None:
            self.table = self.document.add_table(rows=0, cols=2)
            self.table.autofit = False
            self.table.columns[0].width = Cm(self.layout.picture_cm + 0.5)
            self.table.columns[1].width = Cm(self.layout.words_cm)
        row = self.table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        picture_cell, words_cell = row.cells
        picture_cell.width, words_cell.width = Cm(self.layout.picture_cm + 0.5), Cm(self.layout.words_cm)
        for cell in (picture_cell, words_cell):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if code:
            run = picture_cell.paragraphs[0].add_run()
            shape = run.add_picture(io.BytesIO(picture_png(code, self.layout.picture_pixels)),
                                    width=Cm(self.layout.picture_cm))
            shape._inline.docPr.set("descr", alt)
            shape._inline.docPr.set("name", f"OpenMoji {code}")
        return words_cell

    def _paragraph(self, cell, pieces: list[tuple[str, bool]], style: str | None = None,
                   first: bool = False) -> None:
        paragraph = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
        if style:   # by its id: python-docx's style setter looks up the default style every time
            paragraph._p.style = self._style_id(style)
        for text, bold in pieces:
            paragraph.add_run(text).bold = bold or None
