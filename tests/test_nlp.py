"""The spaCy pipeline: the cached attribute component gives spaCy's own answers, the
glossary component finds terms (also in two processes), sentences end where they should."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from easyread.content import load_paths
from easyread.errors import SettingsError
from easyread.nlp import EXCLUDED, SPAN_KEY, _fresh_pipeline, pipeline_for

ROOT = Path(__file__).resolve().parents[1]
TRICKY = ["Let's go, we're gonna win. Y'all ain't seen nothing.", "I got ta go now.",
          "Interventions were offered.  Two  spaces\there.", "C'mon, let us talk about it."]


@pytest.fixture(scope="module")
def reference(settings_for):
    """spaCy's own components, untouched (the model with only the parser and NER left out:
    the fast pipeline loads the parser but keeps it switched off)."""
    nlp = spacy.load(settings_for().model, exclude=[*EXCLUDED, "parser"])
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?"]})
    return nlp


def test_cached_attributes_give_spacys_own_answers(reference, settings_for):
    fast = _fresh_pipeline(settings_for().model)
    assert fast.pipe_names == ["tok2vec", "tagger", "easyread_attributes", "sentencizer"]
    framework = load_paths([ROOT / "content"])
    texts = [span.text for competence in framework.competences() for span in competence.spans()] + TRICKY
    expected = [[(t.tag_, t.pos_, str(t.morph), t.lemma_.lower()) for t in doc] for doc in reference.pipe(texts)]
    for _ in range(2):   # the second time every (word, tag) pair comes from the table
        got = [[(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in fast.pipe(texts)]
        assert got == expected
    # the multi-token patterns ("let's", "gonna", "y'all", "ain't") go through the real components
    assert [fast(t).to_json()["tokens"] for t in TRICKY] == [_lower_lemmas(reference(t).to_json()["tokens"])
                                                             for t in TRICKY]


def _lower_lemmas(tokens: list[dict]) -> list[dict]:
    return [token | {"lemma": token["lemma"].lower()} for token in tokens]


def test_a_semicolon_does_not_end_a_sentence(nlp):
    doc = nlp("We will call you; we will also write. Then we meet!")
    assert [s.text for s in doc.sents] == ["We will call you; we will also write.", "Then we meet!"]


def test_glossary_terms_match_by_lemma_at_a_sentence_start_and_in_their_written_forms(nlp):
    doc = nlp("Interventions help. Crisis interventions help more. We value co production and CBT.")
    assert [(span.label_, span.text) for span in doc.spans[SPAN_KEY]] == [
        ("intervention", "Interventions"), ("crisis-intervention", "Crisis interventions"),
        ("co-production", "co production"), ("cbt", "CBT")]


def test_two_processes_give_the_same_glossary_matches(nlp):
    texts = ["Crisis interventions help.", "We value co-production.", "CBT helps."] * 20
    one = [[(s.label_, s.start, s.end) for s in doc.spans[SPAN_KEY]] for doc in nlp.pipe(texts)]
    two = [[(s.label_, s.start, s.end) for s in doc.spans[SPAN_KEY]]
           for doc in nlp.pipe(texts, n_process=2, batch_size=8)]
    assert two == one
    assert one[:3] == [[("crisis-intervention", 0, 2)], [("co-production", 2, 5)], [("cbt", 0, 1)]]


def test_the_pipeline_is_loaded_once_per_glossary(draft_glossary, empty_glossary, settings_for):
    model = settings_for().model
    assert pipeline_for(model, draft_glossary) is pipeline_for(model, draft_glossary)
    assert pipeline_for(model, empty_glossary) is not pipeline_for(model, draft_glossary)


def test_a_model_that_is_not_installed_is_a_settings_error():
    with pytest.raises(SettingsError) as error:
        _fresh_pipeline("en_no_such_model")
    assert str(error.value) == ("error: [E042] settings: 'model' must be an installed spaCy model package "
                                "('en_no_such_model' is not installed)")


def test_parser_pipeline_has_the_parser_and_is_loaded_once(settings_for):
    from easyread.nlp import parser_pipeline

    nlp = parser_pipeline(settings_for().model)
    assert "parser" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert parser_pipeline(settings_for().model) is nlp
    assert [t.dep_ for t in nlp("They listen.")][:2] == ["nsubj", "ROOT"]


def test_parser_pipeline_for_a_model_that_is_not_installed_is_a_settings_error():
    from easyread.errors import SettingsError
    from easyread.nlp import parser_pipeline

    with pytest.raises(SettingsError, match="not installed"):
        parser_pipeline("no_such_model_xyz")


def test_the_switched_off_parser_parses_tagged_docs_as_a_parsing_pipeline_would(settings_for):
    """One model for tagging and parsing: the parser reads the tagger's token vectors."""
    from easyread.nlp import parse, parser_pipeline

    fast = _fresh_pipeline(settings_for().model)
    assert "parser" in fast.component_names and "parser" not in fast.pipe_names
    texts = ["Peer support workers can recognise and respond to distress.",
             "The team delivers support that is valued by people who use services."]
    docs = list(fast.pipe(texts))
    parsed = parse(fast, docs)
    reference = list(parser_pipeline(settings_for().model).pipe(texts))
    assert [[(t.dep_, t.head.i) for t in doc] for doc in parsed] == [[(t.dep_, t.head.i) for t in doc]
                                                                     for doc in reference]
    assert all(t.dep_ == "" for doc in docs for t in doc)   # the shared Docs are left as they were
