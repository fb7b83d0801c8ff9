"""tagging.py: the run's one spaCy pipeline, each text tagged (and parsed) once."""

from __future__ import annotations

from easyread.tagging import Parser, Tagger


def test_each_distinct_text_is_tagged_once(settings_for, draft_glossary):
    tagger = Tagger(settings_for().model, draft_glossary)
    first = tagger.docs(["We offer interventions.", "We listen.", "We offer interventions."])
    assert tagger.tagged == 2 and first[0] is first[2]
    again = tagger.docs(["We listen.", "We offer\u00a0interventions."])   # the same text, normalised
    assert tagger.tagged == 2 and again[1] is first[0]
    assert [s.label_ for s in again[1].spans["glossary"]] == ["intervention"]


def test_parses_come_from_the_same_pipeline_and_leave_the_shared_docs_alone(settings_for, draft_glossary):
    tagger = Tagger(settings_for().model, draft_glossary)
    parser = Parser(tagger)
    (doc,) = parser.pipe(["Peer support workers listen and help people."])
    assert [t.dep_ for t in doc][:4] == ["compound", "compound", "nsubj", "ROOT"]
    assert parser(doc.text) is doc and parser.parsed == 1
    assert all(not t.dep_ for t in tagger.doc("Peer support workers listen and help people."))
