"""approvals.py: editor-approved Easy Read text, its fingerprint, and the files it lives in."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from easyread.approvals import approval_key, fingerprint, load_approvals, parse_blocks
from easyread.content import load_paths
from easyread.errors import InputError, Msg

DRAFTS = Path(__file__).resolve().parent / "fixtures" / "drafts"


def test_each_paragraph_is_a_row_and_a_list_belongs_to_the_row_above():
    blocks = parse_blocks("Peer support workers listen. They help.\n\nThey can:\n\n- listen\n- talk\n\nLast row.")
    assert [(b.sentences, b.bullets) for b in blocks] == [
        (["Peer support workers listen.", "They help."], []), (["They can:"], ["listen", "talk"]),
        (["Last row."], [])]


def test_the_fingerprint_ignores_spacing_and_bold_but_not_words(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("We **listen** to  people.\n", encoding="utf-8")
    (first,) = load_paths([page]).competences()
    page.write_text("We listen\nto people.\n", encoding="utf-8")
    (rewrapped,) = load_paths([page]).competences()
    page.write_text("We listen to everyone.\n", encoding="utf-8")
    (changed,) = load_paths([page]).competences()
    assert fingerprint(first) == fingerprint(rewrapped) != fingerprint(changed)


def test_a_drafts_paragraph_is_keyed_by_its_file():
    (letter_p2,) = [c for c in load_paths([DRAFTS / "letter.txt"]).competences() if c.id == "p2"]
    framework = load_paths([DRAFTS / "framework.md"])
    assert approval_key(letter_p2) == "letter.txt#p2"
    assert approval_key(next(framework.competences())) == "3.1.1"


def approvals_file(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "approved"
    folder.mkdir(exist_ok=True)
    path = folder / "03.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_fingerprint_typed_as_digits_is_taken_as_typed(tmp_path):
    approvals_file(tmp_path, '''\
        "3.1.1":
          source: 012345678901
          text: We listen.
        ''')
    assert load_approvals(tmp_path)["3.1.1"].source == "012345678901"


@pytest.mark.parametrize("text, code, line", [
    ('"3.1.1":\n  text: We listen.\n', "E047", 1),
    ('"3.1.1":\n  source: abc\n  text: We listen.\n  colour: red\n', "E048", 1),
    ('- just a list\n', "E046", 1),
])
def test_a_broken_approval_is_one_line_with_its_file_and_line(tmp_path, text, code, line):
    path = approvals_file(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_approvals(tmp_path)
    assert str(raised.value).startswith(f"{path}:{line}: error: [{code}]")


def test_a_competence_approved_twice_is_an_error(tmp_path):
    approvals_file(tmp_path, '"3.1.1":\n  source: a\n  text: One.\n')
    (tmp_path / "approved" / "04.yml").write_text('"3.1.1":\n  source: b\n  text: Two.\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_approvals(tmp_path)
    assert Msg.E049.name in str(raised.value) and "04.yml:1" in str(raised.value)
