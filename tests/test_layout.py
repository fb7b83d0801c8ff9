"""Tests for layout.py: the Easy Read pages as data (rows, headings, words, parts).

The fixture framework (tests/browser/helpers.py) has hand-made Easy Read versions, so
no spaCy is needed; the gates on the real content are in test_build.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.helpers import load_fixture
from easyread.errors import InputError
from easyread.layout import (CompetenceRows, HeadingItem, RowText, easy_titles, entry_for, lay_out, row_pictures,
                             row_rules, split_block, word_count)
from easyread.site import package_site_text
from easyread.model import EasyReadBlock, EasyReadVersion
from easyread.pictures import CONCEPT, DEFAULT, EDITOR

RULES = row_rules()


@pytest.fixture
def fixture(tmp_path):
    return load_fixture(tmp_path)


def rows_of(layout, competence_id: str):
    return next(item.rows for page in layout.pages for item in page.items
                if isinstance(item, CompetenceRows) and item.id == competence_id)


def sentence(words: int, n: int = 0) -> str:
    return " ".join(["Peer"] + [f"word{n}x{i}" for i in range(words - 2)] + ["end."])


# ---------------------------------------------------------------- one idea per row


def test_a_short_block_is_one_row():
    block = EasyReadBlock(["They listen.", "They talk.", "They help."])
    assert [r.sentences for r in split_block(block, RULES)] == [("They listen.", "They talk.", "They help.")]


def test_more_than_three_sentences_or_forty_words_make_balanced_rows():
    four = EasyReadBlock([f"Sentence {n} is short." for n in range(4)])
    assert [len(r.sentences) for r in split_block(four, RULES)] == [2, 2]
    long = EasyReadBlock([sentence(15, n) for n in range(3)])        # 45 words in 3 sentences
    rows = split_block(long, RULES)
    assert len(rows) == 2 and all(sum(map(word_count, r.sentences)) <= RULES.max_words for r in rows)
    assert [r.first_of_block for r in rows] == [True, False]


def test_one_long_sentence_is_never_split_here():
    block = EasyReadBlock([sentence(50)])
    assert [r.sentences for r in split_block(block, RULES)] == [(sentence(50),)]


def test_a_lead_stays_with_its_list_and_a_short_lead_keeps_the_sentence_before_it():
    block = EasyReadBlock(["Peer support workers keep boundaries.", "For example:"], ["One.", "Two."])
    rows = split_block(block, RULES)
    assert len(rows) == 1 and rows[0].sentences == ("Peer support workers keep boundaries.", "For example:")
    assert rows[0].bullets == ("One.", "Two.")


def test_a_long_list_is_split_into_even_rows_with_the_lead_repeated_from_data():
    items = [f"Item {n}." for n in range(7)]
    rows = split_block(EasyReadBlock(["Peer support workers can:"], items), RULES)
    assert [len(r.bullets) for r in rows] == [4, 3] or [len(r.bullets) for r in rows] == [3, 4]
    assert rows[0].sentences == ("Peer support workers can:",)
    assert rows[1].sentences == ("Peer support workers can also:",) and rows[1].continued
    assert [b for r in rows for b in r.bullets] == items       # nothing lost, nothing moved


def test_related_items_stay_together_when_the_rows_are_even_either_way():
    items = ["Talk about money.", "Claim benefits they are owed.", "Pay bills.", "Find a home.",
             "Pay the rent.", "Find a job.", "Go back to work."]
    rows = split_block(EasyReadBlock(["They help people:"], items), RULES)
    assert len(rows) == 2 and len(rows[0].bullets) in (3, 4)


def test_continued_lead_examples_in_site_yml():
    raw = package_site_text()["rows"]["continued_lead"]
    assert all(item.get("examples") for item in raw), "every continued_lead wording needs examples"
    for item in raw:
        for lead, expected in item["examples"].items():
            assert RULES.lead_again(lead) == expected, lead
    assert RULES.lead_again("Helping people to:") == "Helping people to:"     # no rule fits: as it is


def test_a_long_list_under_a_short_lead_repeats_only_the_lead():
    items = [f"Item {n}." for n in range(7)]
    rows = split_block(EasyReadBlock(["Peer support workers know about culture.", "This includes:"], items), RULES)
    assert rows[0].sentences == ("Peer support workers know about culture.", "This includes:")
    assert rows[1].sentences == ("This also includes:",)


def test_sentences_before_a_lead_get_their_own_row_when_the_list_is_long():
    before = [sentence(12, n) for n in range(2)]
    rows = split_block(EasyReadBlock([*before, "They can:"], ["A.", "B.", "C.", "D."]), RULES)
    assert rows[0].bullets == () and rows[-1].sentences[-1] == "They can:"


# ---------------------------------------------------------------- headings and parts


def test_easy_read_titles_come_from_front_matter_with_the_original_beneath(fixture):
    framework, versions, glossary = fixture
    layout = lay_out(framework, versions, glossary)
    first = layout.pages[0]
    assert (first.title, first.original) == ("What matters in peer support", "Values of peer support")
    headings = [i for i in first.items if isinstance(i, HeadingItem)]
    assert (headings[0].title, headings[0].original) == ("What peer support workers believe in",
                                                         "Values of peer support workers")
    assert (headings[1].title, headings[1].original) == ("Principles of peer support", "")
    assert layout.untitled == ["1.2"]


def test_a_bad_titles_map_is_a_one_line_error(fixture):
    framework = fixture[0]
    domain = framework.domains[0]
    domain.front_matter["easy-read-titles"] = ["not", "a", "map"]
    with pytest.raises(InputError, match=r"\[E090\]"):
        easy_titles(domain)
    domain.front_matter["easy-read-titles"] = {"1.1": 12}
    with pytest.raises(InputError, match=r"\[E091\].*1\.1"):
        easy_titles(domain)


def test_a_competence_longer_than_a_part_still_appears_and_no_heading_ends_a_part(fixture, monkeypatch):
    framework, versions, glossary = fixture
    versions[1].blocks = [EasyReadBlock([f"Sentence {n} is here." for n in range(3)]) for _ in range(40)]
    monkeypatch.setitem(package_site_text(), "part_lines", 30)
    layout = lay_out(framework, versions, glossary)
    found = [item.id for page in layout.pages for item in page.items if isinstance(item, CompetenceRows)]
    assert sorted(found) == sorted(c.id for c in framework.competences())
    for page in layout.pages:
        assert page.items and not isinstance(page.items[-1], HeadingItem), page.slug
        assert any(isinstance(item, CompetenceRows) for item in page.items)


# ---------------------------------------------------------------- words on the page


def test_first_use_links_later_uses_are_bold_and_the_rewrites_explanation_needs_no_note(fixture):
    layout = lay_out(*fixture)
    page = next(p for p in layout.pages if p.domain.number == "2")
    uses = [use for row in page.rows() for line in row.lines for use in line.words if use]
    assert [u.link for u in uses if u.entry == "advocacy"] == [True, False, False]
    assert all(not row.notes for row in page.rows())
    explaining = next(row for row in page.rows() if row.explains == "advocacy")
    assert explaining.picture.concept == "advocacy" and explaining.picture.source == CONCEPT


def test_a_note_when_the_page_has_no_explanation_and_never_twice_in_a_row(fixture):
    framework, versions, glossary = fixture
    for version in versions:
        version.changes = [c for c in version.changes if c.rule != "explain-next"]
    versions[5].blocks = [EasyReadBlock(["They know about **advocacy** and **advocacy**."])]
    layout = lay_out(framework, versions, glossary)
    notes = [(row.competence_id, note.entry_id) for page in layout.pages for row in page.rows() for note in row.notes]
    assert notes == [("2.1.1", "advocacy")]


def test_a_row_that_defines_its_word_gets_no_note(fixture):
    framework, versions, glossary = fixture
    for version in versions:
        version.changes = []
    versions[5].blocks = [EasyReadBlock(["**Advocacy** means speaking up for someone."])]
    layout = lay_out(framework, versions, glossary)
    assert rows_of(layout, "2.1.1")[0].notes == []


@pytest.mark.parametrize("definition", ["Advocacy means speaking up for someone.",
                                        "An advocacy says what you want to people who decide."])
def test_a_row_whose_next_sentence_defines_its_word_gets_no_note(fixture, definition):
    """As editors write it: the bold word, then a sentence of its own that defines it."""
    framework, versions, glossary = fixture
    for version in versions:
        version.changes = []
    versions[5].blocks = [EasyReadBlock(["They know about **advocacy**.", definition])]
    layout = lay_out(framework, versions, glossary)
    assert rows_of(layout, "2.1.1")[0].notes == []


def test_entry_for_matches_a_term_or_its_plural(fixture):
    glossary = fixture[2]
    advocacy = glossary.entry("advocacy")
    assert entry_for("Advocacy", [advocacy]) is advocacy
    assert entry_for("advocacys", [advocacy]) is advocacy
    assert entry_for("advocate", [advocacy]) is None


def test_word_ids_per_page_come_from_the_data_not_the_html(fixture):
    layout = lay_out(*fixture)
    assert [p.word_ids() for p in layout.pages] == [[], ["advocacy"]]
    assert [w.id for w in layout.word_bank] == ["advocacy"]
    assert layout.word_bank[0].picture.alt


# ---------------------------------------------------------------- pictures on the rows


def test_row_pictures_for_the_report_with_sources_and_reasons(fixture):
    records = {(r.competence_id, r.row): r for r in row_pictures(*fixture)}
    assert records[("1.1.2", 1)].source == EDITOR and records[("1.1.2", 1)].picture == "1F91D"
    assert records[("1.1.1", 1)].source == CONCEPT and records[("1.1.1", 1)].concept == "listening"
    default = records[("1.1.3", 1)]
    assert default.source == DEFAULT and default.why and default.picture


def test_every_row_has_a_picture_with_alt_text(fixture):
    layout = lay_out(*fixture)
    assert all(row.picture.alt for page in layout.pages for row in page.rows())


def test_an_approval_picture_wins_on_the_first_row_of_its_block(fixture):
    framework, versions, glossary = fixture
    versions[1].picture = "1F4AC"
    versions[1].blocks = [EasyReadBlock([f"Sentence {n} about listening." for n in range(5)])]
    rows = rows_of(lay_out(framework, versions, glossary), "1.1.1")
    assert rows[0].picture.code == "1F4AC" and rows[0].picture.source == EDITOR
    assert rows[1].picture.source != EDITOR


def test_front_matter_pictures_may_give_one_per_block(fixture):
    framework, versions, glossary = fixture
    framework.domains[0].front_matter["pictures"]["1.1.1"] = ["1F442", {"picture": "1F4AC", "alt": "Talk"}]
    versions[1].blocks = [EasyReadBlock(["They listen."]), EasyReadBlock(["They talk."])]
    rows = rows_of(lay_out(framework, versions, glossary), "1.1.1")
    assert [(r.picture.code, r.picture.alt) for r in rows] == [("1F442", "An ear"), ("1F4AC", "Talk")]


def test_row_text_lines():
    assert RowText(("A.",), ("B.",)).lines == ["A.", "B."]


def test_a_draft_page_is_named_after_its_file(tmp_path):
    from easyread.content import load_paths
    from easyread.glossary import Glossary

    (tmp_path / "Ünïcode letter.txt").write_text("Dear Sam,\n\nWe will phone you.\n", encoding="utf-8")
    framework = load_paths([tmp_path])
    versions = [EasyReadVersion(c, [EasyReadBlock([c.text.text])]) for c in framework.competences()]
    layout = lay_out(framework, versions, Glossary("<none>"))
    assert [p.path for p in layout.pages] == ["text-unicode-letter.html"]


LEAFLET = Path(__file__).parent / "fixtures" / "pictures" / "leaflet.md"


def test_pictures_fit_a_leaflet_from_outside_the_framework():
    """A clinic leaflet easyread has never seen (tests/fixtures/pictures/leaflet.md): each
    paragraph is one row, and each picture is the idea a reader would draw for it."""
    from easyread.content import load_paths
    from easyread.glossary import Glossary
    from easyread.text import split_sentences

    framework = load_paths([LEAFLET])
    versions = [EasyReadVersion(c, [EasyReadBlock(split_sentences(c.text.text))]) for c in framework.competences()]
    rows = [row for page in lay_out(framework, versions, Glossary("<none>")).pages for row in page.rows()]
    expected = ["team", "sharing-information", "medicine", "family", "questions", "planning", "phone",
                "confidentiality", "crisis", "money", "housing", "activities", "culture", "digital", "feedback"]
    assert [row.picture.concept for row in rows] == expected
    assert all(row.picture.source == CONCEPT and row.picture.alt for row in rows)


def test_titles_from_the_settings_and_a_drafts_own_headings(fixture, tmp_path):
    from easyread.content import load_paths
    from easyread.glossary import Glossary
    from easyread.site import site_text_for

    framework, versions, glossary = fixture
    text = site_text_for(framework, {"headings": {"1.2": "The main ideas", "1.1": "Not this one"}})
    first = lay_out(framework, versions, glossary, text=text).pages[0]
    titles = {i.number: i.title for i in first.items if isinstance(i, HeadingItem)}
    assert titles == {"1.1": "What peer support workers believe in", "1.2": "The main ideas"}  # front matter wins

    (tmp_path / "visit.md").write_text("# Your visit\n\nWe will see you soon.\n\n## Where to go\n\nCome to the "
                                       "clinic.\n", encoding="utf-8")
    draft = load_paths([tmp_path / "visit.md"])
    made = [EasyReadVersion(c, [EasyReadBlock([c.text.text])]) for c in draft.competences()]
    layout = lay_out(draft, made, Glossary("<none>"))
    headings = [(i.title, i.anchor) for i in layout.pages[0].items if isinstance(i, HeadingItem)]
    assert headings == [("Where to go", "s-h1")] and layout.untitled == []
