"""Tests for docx_out.py: the Easy Read Word document.

Opened again with python-docx, it must have the layout Easy Read producers deliver
(data/word.yml): Word headings, a two-column table per section with the picture at
least 2.5 cm wide on the left, at least 14 point text in one sans-serif font with
line spacing 1.5, bold only for explained words, the word bank at the end and a title
page that says it is Easy Read. LibreOffice must open it (converted to PDF, its pages
checked with pypdf), and the same input must give the same bytes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.shared import Cm, Pt

from easyread.content import load_paths
from easyread.docx_out import docx_bytes, layout, runs
from easyread.render import render_site
from easyread.rewrite import rewrite_framework
from word_documents import letter

pytestmark = pytest.mark.slow   # writes Word documents and prints them with LibreOffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory, draft_glossary, settings_for, drafts):
    """The Word document of a Word letter and a web-page draft, as bytes."""
    folder = tmp_path_factory.mktemp("docx-out")
    about = folder / "about-us.md"
    about.write_text("# About us\n\nOur service is built on co-production with the people who use it.\n",
                     encoding="utf-8")
    framework = load_paths([letter(folder / "letter.docx"), drafts / "web-page.md", about])
    settings = settings_for()
    versions = rewrite_framework(framework, draft_glossary, settings)
    site = render_site(framework, versions, draft_glossary, settings)
    return site, docx_bytes(site, draft_glossary)


@pytest.fixture(scope="module")
def document(built):
    return docx.Document(io.BytesIO(built[1]))


def test_the_layout_data_keeps_the_easy_read_minimums():
    rules = layout()
    assert rules.body_points >= 14 and rules.line_spacing >= 1.5 and rules.picture_cm >= 2.5
    assert all(points > rules.body_points for points in rules.heading_points.values())


def test_title_page_says_it_is_easy_read(document, built):
    site, _ = built
    first = [p.text for p in document.paragraphs[:3]]
    assert first == ["Easy Read", site.text.title, f"This is an Easy Read version of {site.text.document}."]
    assert document.paragraphs[1].style.name == "Title"
    assert document.core_properties.title == site.text.title


def test_headings_are_word_headings_so_the_navigation_pane_works(document, built):
    site, _ = built
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    page_titles = [page.title for page in site.outline]
    bank = ["Word bank: what the hard words mean"] if site.bank else []
    assert [t for s, t in headings if s == "Heading 1"] == [*page_titles, *bank, "About this document"]
    assert ("Heading 2", "What happens next") in headings and ("Heading 3", "Where to go") in headings


def test_each_idea_is_a_row_picture_left_words_right(document, built):
    site, _ = built
    rows = [row for table in document.tables for row in table.rows]
    ideas = sum(len(item.rows) for page in site.outline for item in page.items if hasattr(item, "rows"))
    assert len(rows) >= ideas + len(site.bank)
    minimum = Cm(2.5)
    for table in document.tables:
        assert len(table.columns) == 2
        for row in table.rows:
            assert row._tr.trPr.find(f"{W}cantSplit") is not None   # never split across pages
            pictures = row.cells[0]._tc.findall(f".//{W}drawing")
            for shape in row.cells[0]._tc.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"):
                assert int(shape.get("cx")) >= minimum
            assert not row.cells[1]._tc.findall(f".//{W}drawing")
            assert pictures or row.cells[0].text == ""
    words = [cell.text for table in document.tables for row in table.rows for cell in row.cells[1:]]
    assert any("Bring your letter." in text for text in words)


def test_fonts_sizes_and_line_spacing(document):
    rules = layout()
    normal = document.styles["Normal"]
    assert normal.font.name == rules.font and normal.font.size == Pt(rules.body_points)
    assert normal.paragraph_format.line_spacing == rules.line_spacing
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        style = document.styles[name]
        assert style.font.name == rules.font and style.font.size >= Pt(rules.body_points), name
        fonts = style.element.rPr.rFonts
        assert not any(key.endswith("Theme") for key in fonts.attrib), name   # no theme font wins over Arial
    sizes = [run.font.size for p in document.paragraphs for run in p.runs if run.font.size is not None]
    assert all(size >= Pt(rules.body_points) for size in sizes)


def test_bold_only_for_explained_words(built, document):
    site, _ = built
    assert site.bank and any(row.bold_words for page in site.outline for item in page.items
                             if hasattr(item, "rows") for row in item.rows)
    shown = {word for page in site.outline for item in page.items if hasattr(item, "rows")
             for row in item.rows for word in row.bold_words}
    bold = {run.text for table in document.tables for row in table.rows for paragraph in row.cells[1].paragraphs
            for run in paragraph.runs if run.bold}
    bank_terms = {word["term"] for word in site.bank}
    intro_headings = {block["heading"] for block in site.text.intro}
    assert bold <= shown | bank_terms | intro_headings | {note.term for page in site.outline for item in page.items
                                                         if hasattr(item, "rows") for row in item.rows
                                                         for note in row.notes}


def test_markdown_runs():
    assert runs("A **hard word** and **plain**.", {"hard word"}) == [
        ("A ", False), ("hard word", True), (" and ", False), ("plain", False), (".", False)]
    assert runs("See [our page](https://example.org) \\*now\\*") == [("See our page *now*", False)]


def test_the_same_input_gives_the_same_bytes(built, draft_glossary):
    site, data = built
    assert docx_bytes(site, draft_glossary) == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in package.read("docProps/core.xml")


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
def test_libreoffice_opens_it_and_prints_it(built, tmp_path):
    from pypdf import PdfReader

    site, data = built
    source = tmp_path / "easy-read.docx"
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"   # its own profile: never the user's, never shared between runs
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    reader = PdfReader(tmp_path / "easy-read.pdf")
    assert 3 <= len(reader.pages) <= 24
    first = reader.pages[0].extract_text()
    assert "Easy Read" in first and site.text.title.split()[0] in first
    everything = " ".join(page.extract_text() for page in reader.pages)
    assert "Bring your letter." in everything and "Word bank" in everything
