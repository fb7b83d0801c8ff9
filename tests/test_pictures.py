"""Tests for pictures.py and data/pictures.yml: which picture a row gets, and its alt text."""

from __future__ import annotations

import pytest

from easyread.errors import InputError
from easyread.model import Domain
from easyread.pictures import (CONCEPT, DEFAULT, EDITOR, Picture, PicturePicker, domain_picture,
                               editor_pictures, picture_table)

TABLE = picture_table()


def nothing():
    return TABLE.topic([])


def test_the_table_is_consistent_and_every_picture_is_vendored_with_its_tags():
    assert TABLE.fallback and all(code in TABLE.vendored for code in TABLE.shows)
    for code in TABLE.shows:
        meta = TABLE.vendored[code]
        assert meta["annotation"] and meta["author"] and "tags" in meta and meta["group"]


def test_candidates_come_best_first_with_the_concepts_own_score():
    ranked = TABLE.candidates(["Peer support workers listen carefully to the person."])
    assert ranked[0].code == "1F442" and ranked[0].concept == "listening"
    assert ranked[0].own >= TABLE.concepts.weights.min_score
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_a_concepts_first_picture_wins_unless_openmoji_tags_say_more():
    talk = TABLE.candidates(["They have a conversation with the person."])
    assert [c.code for c in talk[:2]] == ["E246", "E24A"]


def test_alt_text_says_what_the_picture_shows_and_the_idea():
    picker = PicturePicker(TABLE)
    picture = picker.choose(["Peer support workers listen carefully."], nothing())
    assert (picture.code, picture.alt, picture.source) == ("1F442", "An ear: listening", CONCEPT)


def test_the_section_topic_breaks_a_tie():
    lines = ["They work with teams.", "They work with families."]
    assert PicturePicker(TABLE).choose(lines, nothing()).concept == "team"
    topic = TABLE.topic(["Working with families and carers"])
    assert PicturePicker(TABLE).choose(lines, topic).concept == "family"


def test_never_the_same_picture_twice_in_a_row_unless_the_idea_is_the_same():
    picker = PicturePicker(TABLE)
    first = picker.choose(["They keep notes about what they said."], nothing())
    again = picker.choose(["They keep notes after each meeting."], nothing())
    assert first.concept == again.concept == "records" and again.code == first.code   # the same idea
    picker.previous = Picture("1F442", "An ear: listening", CONCEPT, "talking-other")
    other = picker.choose(["Peer support workers listen carefully."], nothing())
    assert other.code != "1F442"                            # another idea had the ear


def test_a_row_with_no_good_match_says_why_and_still_gets_a_meaningful_picture():
    picker = PicturePicker(TABLE)
    topic = TABLE.topic(["Keeping things private"])
    picture = picker.choose(["Peer support workers do this well."], topic)
    assert picture.source == DEFAULT and picture.why and picture.alt
    assert picture.concept == "confidentiality" and picker.unmatched == [picture]
    second = picker.choose(["They do it again."], topic)
    assert second.source == DEFAULT and second.code != picture.code


def test_with_no_topic_either_the_fallback_picture_is_used():
    picture = PicturePicker(TABLE).choose(["Xyzzy plugh."], nothing())
    assert picture.source == DEFAULT and picture.code == TABLE.fallback[0] and picture.alt


def test_the_editors_choice_wins():
    editor = TABLE.editor("1F4AC", "competence 1.1.1")
    picker = PicturePicker(TABLE)
    assert picker.choose(["They listen."], nothing(), editor) is editor
    assert picker.choose(["They keep notes."], nothing(), editor) is editor   # even twice
    with pytest.raises(InputError, match=r"\[E056\] picture 1F984 for competence 1\.1\.1"):
        TABLE.editor("1F984", "competence 1.1.1")


def test_front_matter_pictures_one_a_list_or_with_alt_text():
    domain = Domain("1", "Values", path="01.md", front_matter={
        "picture": "1F91D",
        "pictures": {"1.1.1": "1F442", "1.1.2": [None, "1F4AC"], "1.1.3": {"picture": "1F512", "alt": "Private"}}})
    assert [p.code for p in editor_pictures(domain, "1.1.1", TABLE)] == ["1F442"]
    assert [p and p.code for p in editor_pictures(domain, "1.1.2", TABLE)] == [None, "1F4AC"]
    assert editor_pictures(domain, "1.1.3", TABLE)[0].alt == "Private"
    assert editor_pictures(domain, "9.9", TABLE) == [None]
    assert domain_picture(domain, TABLE).source == EDITOR
    domain.front_matter["pictures"]["1.1.4"] = "1F984"
    with pytest.raises(InputError, match=r"\[E056\].*1\.1\.4 in the front matter of 01\.md"):
        editor_pictures(domain, "1.1.4", TABLE)


def test_search_for_the_editors_workspace():
    assert ("1F442", "An ear") in TABLE.search("ear")
    assert ("1F442", "An ear") in TABLE.search("listening")        # the concept's own words
    assert ("1F48A", "A pill") in TABLE.search("medicine")
    assert TABLE.search("") == [] and TABLE.search("xyzzy") == []
