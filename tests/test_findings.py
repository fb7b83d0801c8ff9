"""findings.py: the one finding type, its line, its JSON, and its place in the file."""

from __future__ import annotations

from easyread.findings import Finding, finding_at
from easyread.model import SourceFile, Span


def make(**changes) -> Finding:
    fields = dict(path="letter.md", line=3, column=5, end_line=3, end_column=8, competence_id="p2",
                  rule="acronym", severity="error", message="'NHS' is a set of initials",
                  text="NHS", suggestion="", source="GOV.UK-ACF")
    return Finding(**{**fields, **changes})


def test_a_finding_is_one_line_like_a_compiler_diagnostic():
    assert make().as_line() == "letter.md:3:5: error acronym 'NHS' is a set of initials"
    assert make(suggestion="National Health Service").as_line().endswith("[National Health Service]")


def test_a_word_documents_finding_names_its_paragraph():
    finding = make(path="letter.docx", paragraph=3)
    assert finding.as_line().startswith("letter.docx:¶3:5: ")
    assert finding.as_dict()["paragraph"] == 3 and "paragraph" not in make().as_dict()


def test_the_json_of_a_finding_has_every_field_and_its_count():
    data = make(count=3).as_dict()
    assert data["count"] == 3 and data["rule"] == "acronym" and set(data) >= {"line", "end_column", "source"}
    assert Finding(**data) == make(count=3)


def test_a_finding_is_placed_on_the_files_own_text():
    source = SourceFile.from_text("draft.md", "Hello\n- We offer **CBT** now\n")
    plain = "We offer CBT now"
    offsets = [8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 24, 25, 26, 27, 28]
    span = Span(plain, "We offer **CBT** now", source, tuple(offsets))
    finding = finding_at(span, 9, 12, competence_id="p2", rule="acronym", severity="error", message="m")
    assert (finding.line, finding.column, finding.end_line, finding.end_column, finding.text) == (2, 14, 2, 17, "CBT")
