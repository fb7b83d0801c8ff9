"""Tests for model.py: positions, spans and walking the tree in reading order.

Everything later stages report rests on ``Span.position_at`` and ``end_position``
mapping a character of plain text back to a line and column of the file, so those
are pinned down here on hand-made spans; the tree walks are checked on a small
framework file loaded through content.py.
"""

from __future__ import annotations

from easyread.content import parse_markdown
from easyread.files import read_source
from easyread.model import (Competence, EasyReadBlock, EasyReadVersion, Framework, Point,
                            Position, SourceFile, Span)

DOCUMENT = """---
number: 4
title: Walks
---

# 4 Walks

A domain note.

- An ability in the domain itself

## 4.1 First section

- An ability in 4.1
  - a point
    - a point inside it
  - a second point

### 4.1.1 A subsection

- An ability in 4.1.1

## 4.2 Second section

- An ability in 4.2
"""


def load(text: str = DOCUMENT, path: str = "walks.md"):
    return parse_markdown(read_source(path, text.encode("utf-8")))


def test_line_col_is_one_based_and_counts_characters():
    source = SourceFile.from_text("f.md", "ab\n\u201ccd\u201d\n\nx")
    assert source.line_starts == (0, 3, 8, 9)
    assert source.line_col(0) == (1, 1)
    assert source.line_col(2) == (1, 3)          # the newline ends line 1
    assert source.line_col(4) == (2, 2)          # after a curly quote: one character, not three bytes
    assert source.line_col(8) == (3, 1)          # an empty line
    assert source.line_col(9) == (4, 1)


def test_span_positions_follow_offsets_across_lines():
    source = SourceFile.from_text("f.md", "- one\n  two three\n")
    # "one two three": "one" on line 1 from column 3, "two three" on line 2 from column 3.
    offsets = (2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
    span = Span("one two three", "one two three", source, offsets)
    assert span.position == Position("f.md", 1, 3)
    assert span.position_at(4) == Position("f.md", 2, 3)
    assert str(span.position_at(8)) == "f.md:2:7"
    assert span.end_position(3) == Position("f.md", 1, 6)      # just after "one"
    assert span.end_position(len(span.text)) == Position("f.md", 2, 12)  # just after "three"
    assert span.end_position(0) == span.position
    assert span.position_at(999) == span.position_at(len(span.text))  # clamped, never IndexError


def test_plain_span_maps_to_itself():
    span = Span.plain("Short text.")
    assert span.markdown == span.text == "Short text."
    assert span.offsets == tuple(range(12))
    assert span.position_at(6) == Position("<text>", 1, 7)
    assert Span.plain("", path="<stdin>").position == Position("<stdin>", 1, 1)


def test_points_walk_depth_first_in_reading_order():
    inner = Point(Span.plain("a point inside it"))
    tree = [Point(Span.plain("a point"), [inner]), Point(Span.plain("a second point"))]
    competence = Competence("4.1.1", Span.plain("An ability"), points=tree, heading="4.1")
    assert [s.text for s in competence.spans()] == [
        "An ability", "a point", "a point inside it", "a second point"]
    assert [p.text.text for p in tree[0].walk()] == ["a point", "a point inside it"]
    assert competence.position == Position("<text>", 1, 1)


def test_domain_walks_domain_then_sections_then_subsections():
    domain = load()
    assert [h.number for h in domain.headings()] == ["4", "4.1", "4.1.1", "4.2"]
    assert [c.id for c in domain.competences_in_order()] == ["4.0.1", "4.1.0.1", "4.1.1.1", "4.2.1"]
    assert [n.text for n in domain.notes] == ["A domain note."]
    assert [s.text for s in domain.sections[0].competences[0].spans()] == [
        "An ability in 4.1", "a point", "a point inside it", "a second point"]
    assert domain.sections[0].subsections[0].position == Position("walks.md", 19, 1)


def test_framework_finds_competences_across_files():
    first, second = load(), load(DOCUMENT.replace("4", "5"), path="other.md")
    framework = Framework([first, second])
    assert framework.paths == ["walks.md", "other.md"]
    assert len(list(framework.competences())) == 8
    assert framework.find("5.1.1.1").text.position.path == "other.md"
    assert framework.find("4.2.1").text.text == "An ability in 4.2"
    assert framework.find("6.1") is None


def test_easy_read_version_markdown_and_sentences():
    competence = load().sections[1].competences[0]
    blocks = [EasyReadBlock(["You **listen** to people.", "You are kind."]),
              EasyReadBlock(["You help people to:"], bullets=["find groups", "make plans"])]
    version = EasyReadVersion(competence, blocks, explained=["listen"])
    assert version.competence_id == "4.2.1"
    assert version.markdown() == ("You **listen** to people. You are kind.\n\n"
                                  "You help people to:\n\n- find groups\n- make plans")
    assert version.sentences() == ["You **listen** to people.", "You are kind.", "You help people to:",
                                   "find groups", "make plans"]
    assert (version.origin, version.status, version.changes) == ("rules", "rewritten", [])
    assert EasyReadBlock([], bullets=["only a bullet"]).markdown() == "- only a bullet"
