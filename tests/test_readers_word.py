"""Tests for readers/word.py: Word documents in, one paragraph per line.

The documents are made with python-docx in tests/word_documents.py (``letter`` has a
title, headings, a numbered and a bulleted list, bold, a table, a comment, a tracked
insertion and deletion, a header and a footer); the broken ones here, byte by byte.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from jsonschema import Draft202012Validator

from easyread.analyse import analyse
from easyread.content import load_paths
from easyread.errors import InputError, Msg, Warn
from easyread.formats import as_json, as_sarif, as_text
from easyread.readers.word import ENCRYPTED_MARK, OLE_MAGIC
from word_documents import LETTER_TEXT, letter

SCHEMA = Path(__file__).resolve().parent.parent / "src" / "easyread" / "schemas" / "check.schema.json"


@pytest.fixture(scope="module")
def letter_path(tmp_path_factory) -> Path:
    return letter(tmp_path_factory.mktemp("word") / "letter.docx")


@pytest.fixture(scope="module")
def framework(letter_path):
    return load_paths([letter_path])


def test_every_paragraph_is_a_line_and_the_text_is_as_word_shows_it(framework):
    (domain,) = framework.domains
    source = domain.competences[0].text.source
    assert source.paragraphs
    lines = source.text.split("\n")
    assert lines[0] == "Your appointment at the memory clinic"
    assert lines[2] == LETTER_TEXT + "intervention with the memory team."
    assert lines[8] == "The clinic is now open on Fridays."   # insertion kept, deletion left out
    assert lines[9:13] == ["Date", "Monday 3 March", "Place", "Clinic 4"]   # the table, row by row
    assert len(lines) == 15


def test_title_headings_lists_and_bold(framework):
    (domain,) = framework.domains
    assert (domain.title, str(domain.position)) == ("Your appointment at the memory clinic",
                                                   f"{domain.path}:¶1:1")
    assert [(s.title, [sub.title for sub in s.subsections]) for s in domain.sections] == [
        ("What happens next", ["Where to go"])]
    items = domain.sections[0].competences
    assert [(c.text.text, c.list_item) for c in items[:3]] == [
        ("Bring your letter.", True), ("Bring a list of your medicines.", True),
        ("Ask the nurse if you have questions.", True)]
    assert [p.text.text for p in items[2].points] == ["A nurse will help you."]   # List Bullet 2: nested
    assert domain.competences[1].text.markdown == LETTER_TEXT + "**intervention** with the memory team."


def test_what_was_left_out_is_said(framework):
    assert [n.message for n in framework.notices] == [
        Warn.W070.format(count=1), Warn.W071.format(count=1), Warn.W072.format(parts="header and footer")]


def test_golden_place_of_a_finding_is_paragraph_and_character(framework, draft_glossary, settings_for):
    analysis = analyse(framework, draft_glossary, settings_for())
    (finding,) = [f for f in analysis.findings() if f.rule == "clinical-wording.intervention"]
    assert (finding.line, finding.column, finding.paragraph, finding.text) == (3, 27, 3, "intervention")
    assert finding.as_line().startswith(f"{finding.path}:¶3:27: error clinical-wording.intervention ")
    text = as_text(analysis)
    assert f"p2 ({finding.path}:¶3) - " in text
    document = json.loads(as_json(analysis))
    Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(document)
    found = next(f for f in document["findings"] if f["rule"] == "clinical-wording.intervention")
    assert (found["paragraph"], found["line"], found["column"]) == (3, 3, 27)
    assert next(c for c in document["competences"] if c["id"] == "p2")["paragraph"] == 3
    region = next(r for r in json.loads(as_sarif(analysis))["runs"][0]["results"]
                  if r["ruleId"] == "clinical-wording.intervention")["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 27, 39)


def test_a_markdown_finding_has_no_paragraph(draft_glossary, settings_for, drafts):
    analysis = analyse(load_paths([drafts / "letter.txt"]), draft_glossary, settings_for())
    assert all("paragraph" not in f for f in json.loads(as_json(analysis))["findings"])


def test_typed_bullets_and_outline_levels(tmp_path):
    document = docx.Document()
    document.add_paragraph("• Bring your letter.")
    document.add_paragraph("- Bring your medicines.")
    heading = document.add_paragraph("Contact us")
    heading._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Phone 01234 567890.")
    document.save(tmp_path / "typed.docx")
    (domain,) = load_paths([tmp_path / "typed.docx"]).domains
    first = domain.competences[0]
    assert (first.text.text, first.list_item, first.position.column) == ("Bring your letter.", True, 3)
    assert [s.title for s in domain.sections] == ["Contact us"]


# ---------------------------------------------------------------- files that cannot be read


def error_for(path: Path) -> str:
    with pytest.raises(InputError) as raised:
        load_paths([path])
    return str(raised.value)


def test_password_protected(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 512 + ENCRYPTED_MARK + b"\0" * 64)
    assert error_for(path) == f"{path}: error: {Msg.E072.format()}"


def test_an_old_word_document_with_a_new_name(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(OLE_MAGIC + b"\0" * 512)
    assert error_for(path) == f"{path}: error: {Msg.E076.format()}"


@pytest.mark.parametrize("why, make", [
    ("it is not a zip package", lambda path: path.write_bytes(b"%PDF-1.4 not a Word file")),
    ("File is not a zip file", lambda path: path.write_bytes(b"PK\x03\x04 broken")),
    (None, lambda path: _zip(path, {"hello.txt": "not Word"})),
])
def test_a_damaged_file_names_itself(tmp_path, why, make):
    path = tmp_path / "damaged.docx"
    make(path)
    message = error_for(path)
    assert message.startswith(f"{path}: error: [E073] this Word document is damaged or is not a Word document (")
    if why:
        assert message == f"{path}: error: {Msg.E073.format(why=why)}"


def _zip(path: Path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as package:
        for name, text in files.items():
            package.writestr(name, text)


def test_a_scan_has_no_text(tmp_path):
    import io

    from easyread.docx_out import picture_png

    document = docx.Document()
    document.add_picture(io.BytesIO(picture_png("1F4A1", 72)))
    document.save(tmp_path / "scan.docx")
    assert error_for(tmp_path / "scan.docx") == (
        f"{tmp_path / 'scan.docx'}: error: {Msg.E074.format(why=': it holds only pictures (is it a scan?)')}")


def test_an_empty_document(tmp_path):
    docx.Document().save(tmp_path / "empty.docx")
    assert error_for(tmp_path / "empty.docx") == f"{tmp_path / 'empty.docx'}: error: {Msg.E074.format(why='')}"


def test_words_only_in_text_boxes_are_said(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        '<w:t>Our new clinic opens in May.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    document.save(tmp_path / "boxes.docx")
    why = ": its words are all in text boxes or shapes, which easyread does not read"
    assert error_for(tmp_path / "boxes.docx") == f"{tmp_path / 'boxes.docx'}: error: {Msg.E074.format(why=why)}"
