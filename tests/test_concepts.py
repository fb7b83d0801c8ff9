"""Tests for concepts.py and data/concepts.yml: what an Easy Read row is about.

Every concept carries rows it must fit and rows it must not (like the glossary's
flag/pass examples); the test runs them all and fails on a concept without both.
"""

from __future__ import annotations

from importlib import resources

import pytest

from easyread.concepts import concept_table, table_from, tokenize
from easyread.pictures import picture_table

TABLE = concept_table()


def best(table, text: str) -> tuple[str, float]:
    scores = table.scores([text])
    if not scores:
        return "", 0.0
    top = max(scores.values(), key=lambda s: (s.value, s.concept))
    return top.concept, top.value


@pytest.mark.parametrize("name", sorted(TABLE.concepts))
def test_every_concept_fits_its_rows_and_not_the_others(name):
    concept = TABLE.concepts[name]
    assert concept.fits and concept.misfits, f"{name}: give rows it must fit and rows it must not"
    minimum = TABLE.weights.min_score
    for row in concept.fits:
        got, score = best(TABLE, row)
        assert (got, score >= minimum) == (name, True), (row, got, score)
    for row in concept.misfits:
        got, score = best(TABLE, row)
        assert got != name or score < minimum, (row, got, score)


def test_a_word_means_one_idea():
    assert TABLE.duplicates() == {}


def test_every_concept_picture_is_vendored_described_and_people_come_first():
    pictures = picture_table()
    for concept in TABLE.concepts.values():
        assert concept.pictures and concept.idea
        for code in concept.pictures:
            assert code in pictures.vendored and code in pictures.shows, (concept.name, code)


def test_the_table_version_changes_with_the_table():
    text = resources.files("easyread").joinpath("data/concepts.yml").read_text("utf-8")
    assert table_from(text).version == TABLE.version != table_from(text + "# edited\n").version


# ---------------------------------------------------------------- reading a row


def weights(text: str) -> dict[str, float]:
    return {t.word: t.weight for t in TABLE.read(text) if not t.carrier}


def test_the_main_verb_and_its_object_count_and_the_usual_subject_does_not():
    read = weights("Peer support workers can listen to the person about their money worries.")
    assert "peer" not in read and read["listen"] == TABLE.weights.action
    assert read["money"] == TABLE.weights.about    # "about X" is what the row is about


def test_verbs_that_carry_another_pass_the_weight_on():
    tokens = {t.word: t for t in TABLE.read("They help people to find a job in a shop.")}
    assert tokens["help"].carrier and tokens["people"].carrier and tokens["find"].carrier
    assert tokens["job"].weight == TABLE.weights.action and tokens["shop"].weight == TABLE.weights.complement


def test_a_named_subject_counts_and_a_defined_word_counts_most():
    assert weights("Supervisors check the notes.")["supervisors"] == TABLE.weights.subject
    assert weights("Boundaries are limits on what a worker does.")["boundaries"] == TABLE.weights.object


def test_words_after_that_or_a_subordinate_opening_are_detail():
    detail = TABLE.weights.detail
    read = weights("Peer support workers notice when someone is upset.")
    assert read["upset"] < TABLE.weights.clause and read["notice"] == TABLE.weights.action
    opening = weights("Where there is a crisis, peer support workers stay calm.")
    assert opening["crisis"] <= TABLE.weights.object * detail and opening["stay"] == TABLE.weights.action


def test_a_clause_with_no_that_is_detail_but_a_possessive_is_not():
    assert weights("They understand the communities people choose to join.")["choose"] < TABLE.weights.action
    read = weights("These communities have shaped people's experiences.")
    assert read["experiences"] == TABLE.weights.object


def test_the_longest_phrase_wins_and_except_phrases_count_for_nothing():
    assert set(TABLE.scores(["They share information with the team."])) >= {"sharing-information"}
    assert "lived-experience" not in TABLE.scores(["They share information with the team."])
    assert "money" not in TABLE.scores(["They talk about the benefits of peer support."])


def test_a_word_again_counts_less_and_a_long_list_does_not_drown_its_lead():
    once = TABLE.scores(["They run groups."])["groups"].value
    twice = TABLE.scores(["They run groups.", "The groups meet."])["groups"].value
    assert once < twice < 2 * once + 1
    lead = ["Peer support workers help people find a job."]
    bullets = [f"Talk about feelings {n}." for n in range(8)]
    scores = TABLE.scores(lead, bullets)
    assert scores["work"].value > 0 and scores["feelings"].value <= 2 * TABLE.weights.action


def test_tokens_and_topic():
    assert tokenize("The **person's** self-care, and 3 goals.") == ["the", "person", "self-care", ",", "and",
                                                                    "3", "goals"]
    topic = TABLE.topic(["Keeping things private", "Confidentiality and consent"])
    assert max(topic, key=topic.get) == "confidentiality"


def test_a_draft_from_outside_the_framework_reads_the_same_way():
    rows = {"Please bring a list of your medicines to the clinic.": "medicine",
            "Ring 999 if you are in danger right now.": "crisis",
            "Our advice team can help you claim benefits.": "money",
            "You can bring a family member or a friend.": "family",
            "We will send you a letter with the date.": "sharing-information",
            "Tell us if you need an interpreter.": "culture"}
    for row, concept in rows.items():
        assert best(TABLE, row)[0] == concept, row
