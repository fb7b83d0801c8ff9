"""Tests for suggest.py and ``easyread glossary suggest``: hard words not in the glossary,
counted, with an example sentence, as proposed entries an editor fills in."""

from __future__ import annotations

import re

from click.testing import CliRunner
from ruamel.yaml import YAML

from easyread.cli import main
from easyread.glossary import check_glossary
from easyread.suggest import as_yaml, candidates

DRAFT = """Your care will be reviewed at a multidisciplinary meeting.

We review the arrangements every month. The arrangements can change.

The arrangement is that we ameliorate things: "quotes", colons and a tab\there.
"""


def test_candidates_are_counted_grouped_by_word_and_most_frequent_first(check_text, empty_glossary):
    found = candidates(check_text(DRAFT, glossary=empty_glossary), empty_glossary)
    words = [(c.word, c.count) for c in found]
    assert words[0] == ("arrangement", 3)      # "arrangements" twice and "arrangement" once
    assert set(found[0].forms) == {"arrangement", "arrangements"}
    assert ("multidisciplinary", 1) in words and ("ameliorate", 1) in words
    assert [c.count for c in found] == sorted((c.count for c in found), reverse=True)


def test_each_candidate_has_its_places_and_one_example_sentence(check_text, empty_glossary):
    found = {c.word: c for c in candidates(check_text(DRAFT, glossary=empty_glossary), empty_glossary)}
    arrangement = found["arrangement"]
    # reported once per paragraph, with how often: twice in the second paragraph, once in the third
    assert [(o.path, o.line, o.times) for o in arrangement.occurrences] == [("draft.md", 3, 2), ("draft.md", 5, 1)]
    assert arrangement.count == 3
    assert arrangement.example == "We review the arrangements every month."
    first = arrangement.occurrences[0]
    assert first.sentence[first.start:first.end] == "arrangements"
    assert found["multidisciplinary"].example == "Your care will be reviewed at a multidisciplinary meeting."


def test_words_the_glossary_has_are_not_candidates(check_text, draft_glossary, empty_glossary):
    text = "We ameliorate nebulous fears and ameliorated them again."
    analysis = check_text(text, glossary=empty_glossary)
    assert {c.word for c in candidates(analysis, empty_glossary)} == {"ameliorate", "nebulous"}
    from dataclasses import replace
    with_term = replace(draft_glossary, entries=[*draft_glossary.entries, _entry("ameliorate")])
    assert {c.word for c in candidates(analysis, with_term)} == {"nebulous"}


def test_limit_keeps_the_most_frequent(check_text, empty_glossary):
    found = candidates(check_text(DRAFT, glossary=empty_glossary), empty_glossary, limit=1)
    assert [c.word for c in found] == ["arrangement"]


def test_the_yaml_block_is_proposed_and_refused_until_an_editor_fills_it(check_text, empty_glossary, tmp_path):
    block = as_yaml(candidates(check_text(DRAFT, glossary=empty_glossary), empty_glossary), source="draft.md")
    data = YAML(typ="safe", pure=True).load(block)
    assert data and all(entry["status"] == "proposed" for entry in data)
    assert "status: approved" not in block
    unfilled = tmp_path / "unfilled.yml"
    unfilled.write_text("version: 1\nentries:\n" + block, encoding="utf-8")
    assert check_glossary(unfilled)[1], "a TODO source must not load"
    filled = tmp_path / "filled.yml"
    filled.write_text("version: 1\nentries:\n" + _fill(block), encoding="utf-8")
    glossary, problems = check_glossary(filled)
    assert problems == []
    assert {e.id for e in glossary.entries} >= {"arrangement", "multidisciplinary", "ameliorate"}


def test_text_from_the_draft_stays_data_in_the_yaml(check_text, empty_glossary):
    block = as_yaml(candidates(check_text(DRAFT, glossary=empty_glossary), empty_glossary))
    data = {e["id"]: e for e in YAML(typ="safe", pure=True).load(block)}
    example = data["ameliorate"]["examples"]["flag"][0]
    assert example == 'The arrangement is that we ameliorate things: "quotes", colons and a tab\there.'


def test_glossary_suggest_command_prints_the_block(tmp_path, monkeypatch):
    (tmp_path / "easyread.toml").write_text('profile = "easy-read"\n', encoding="utf-8")
    (tmp_path / "glossary.yml").write_text(
        "version: 1\nentries: []\n", encoding="utf-8")
    draft = tmp_path / "letter.md"
    draft.write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["glossary", "suggest", "letter.md", "--no-cache", "-n", "2"])
    assert result.exit_code == 0, result.output
    data = YAML(typ="safe", pure=True).load(result.stdout)
    assert [e["id"] for e in data] == ["arrangement", "ameliorate"]
    assert "letter.md" in data[0]["note"]


def test_no_candidates_says_so():
    assert as_yaml([]).rstrip().endswith("# No hard words outside the glossary were found.")


def test_glossary_suggest_needs_a_path():
    result = CliRunner().invoke(main, ["glossary", "suggest"])
    assert result.exit_code == 2


def _fill(block: str) -> str:
    """What an editor does: choose a source, write a quote, plain words and a pass example."""
    block = block.replace("source: TODO", "source: IE-2009")
    block = re.sub(r'"TODO: plain words[^"]*"', '"plain words"', block)
    return re.sub(r'"TODO: ([^"]*)"', r'"\1"', block)


def _entry(term: str):
    from easyread.glossary import Entry, Examples
    return Entry(id=term, terms=(term,), category="jargon", status="proposed", action="flag",
                 examples=Examples(flag=(term,), pass_=("x",)))
