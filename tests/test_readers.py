"""Tests for readers/__init__.py and data/formats.yml: which files are read, what an
editor is told about the others, and every example next to the data.

Like the glossary's examples, each rule in data/formats.yml carries text it must
treat one way and text it must treat the other; the tests run them all and fail when
a rule has none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from easyread.content import load_paths, parse_plain_text, plain_text_headings
from easyread.errors import InputError, Msg, Warn
from easyread.model import SourceFile
from easyread.readers import formats_data, reader_for, unsupported_kinds
from easyread.readers.web import _PageReader

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"ECMA-376", "HTML-LS", "easyread"}


# ---------------------------------------------------------------- the data and its examples


def test_every_rule_cites_its_source_and_has_examples():
    data = formats_data()
    assert all(kind["source"] in SOURCES for kind in data["unsupported"])
    headings = data["plain-text-headings"]
    assert headings["source"] in SOURCES and headings["examples"]["heading"] and headings["examples"]["not-heading"]
    assert data["web-page"]["source"] in SOURCES and data["web-page"]["examples"]


@pytest.mark.parametrize("text", formats_data()["plain-text-headings"]["examples"]["heading"])
def test_plain_text_heading_examples_are_headings(text):
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    assert 0 in plain_text_headings(blocks), text


@pytest.mark.parametrize("text", formats_data()["plain-text-headings"]["examples"]["not-heading"])
def test_plain_text_not_heading_examples_are_not(text):
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    assert 0 not in plain_text_headings(blocks), text
    domain = parse_plain_text(SourceFile.from_text("example.txt", text))
    assert domain.position is None and not any(s.position and s.position.line == 1 for s in domain.sections)


@pytest.mark.parametrize("example", formats_data()["web-page"]["examples"], ids=lambda e: e["html"][:40])
def test_web_page_examples_read_only_the_main_text(example):
    reader = _PageReader(SourceFile.from_text("example.html", example["html"]))
    assert [block.span.text for block in reader.blocks()] == example["blocks"]


# ---------------------------------------------------------------- which reader, or why not


@pytest.mark.parametrize("name, reader", [
    ("letter.md", "markdown"), ("LETTER.MD", "markdown"), ("notes", "markdown"), ("letter.txt", "text"),
    ("letter.docx", "word"), ("page.html", "web"), ("page.HTM", "web"),
])
def test_reader_by_name(name, reader):
    assert reader_for(Path(name)) == reader


@pytest.mark.parametrize("name", ["letter.doc", "report.pdf", "notes.odt", "photo.jpg", "data.xlsx"])
def test_a_known_kind_easyread_cannot_read_says_what_to_do(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"not read")
    kind = next(k for k in unsupported_kinds() if path.suffix in k.suffixes)
    with pytest.raises(InputError) as raised:
        load_paths([path])
    assert str(raised.value) == f"{path}: error: {Msg.E070.format(what=kind.what, advice=kind.advice)}"


def test_any_other_kind_is_one_clear_line(tmp_path):
    path = tmp_path / "data.xyz"
    path.write_text("words", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_paths([path])
    assert str(raised.value) == f"{path}: error: {Msg.E071.format(suffix='.xyz')}"


# ---------------------------------------------------------------- folders


def test_a_folder_reads_every_kind_and_lists_what_it_skipped(tmp_path):
    (tmp_path / "a-letter.txt").write_text("Dear Sam,\n\nThank you.\n", encoding="utf-8")
    (tmp_path / "b-page.html").write_text("<main><p>We will call you.</p></main>", encoding="utf-8")
    (tmp_path / "c-notes.md").write_text("Some notes.\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf")
    (tmp_path / "README.md").write_text("About this folder.\n", encoding="utf-8")
    (tmp_path / "~$letter.docx").write_bytes(b"lock")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / "archive").mkdir()
    (tmp_path / "approved").mkdir()
    framework = load_paths([tmp_path])
    assert framework.paths == [str(tmp_path / n) for n in ("a-letter.txt", "b-page.html", "c-notes.md")]
    skipped = {Path(n.path).name: n.message for n in framework.skipped}
    assert set(skipped) == {"photo.jpg", "old.doc", "README.md", "~$letter.docx", "archive"}
    assert skipped["archive"] == Warn.W077.format(name="archive")
    assert skipped["old.doc"].startswith("[W075] skipped: easyread cannot read an old Word document (.doc)")
    assert all(str(n).startswith(f"{n.path}: warning: [W07") for n in framework.notices)


@pytest.mark.parametrize("name, data, why", [
    ("empty.md", b"", Msg.E003),
    ("blank.txt", b"\n  \n", Msg.E003),
    ("nothing.html", b"<html><body><nav>Menu</nav><script>x()</script></body></html>", Msg.E075),
])
def test_a_file_with_no_text_in_a_folder_is_a_warning_and_the_others_are_read(tmp_path, name, data, why):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "letter.txt").write_text("We will call you.\n", encoding="utf-8")
    framework = load_paths([tmp_path])
    assert [c.text.text for c in framework.competences()] == ["We will call you."]
    uncoded = why.format()[len("[E000] "):]
    assert [(Path(n.path).name, n.message) for n in framework.skipped] == [
        (name, Warn.W078.format(why=uncoded))]
    with pytest.raises(InputError) as raised:   # given alone, it stays an error
        load_paths([tmp_path / name])
    assert why.format() in str(raised.value)
