"""The run's spaCy: every distinct text is tagged once, whichever stage asks for it first.

The check, the rewrite, the meaning check and the check of the rewritten text all
need spaCy's tags, lemmas and glossary matches, often for the same text. Each asks
this one ``Tagger`` (made per run by ``pipeline.py``), which tags a text the first
time and hands back the same ``Doc`` after that. spaCy itself is imported only when
something is actually tagged: a run that finds everything in the cache never loads it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Iterable, Iterator

from .text import normalise_for_matching

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .glossary import Glossary

BATCH = 256


class Tagger:
    """spaCy's analysis of texts (normalised first), each distinct text once per run."""

    def __init__(self, model: str, glossary: "Glossary") -> None:
        self.model = model
        self.glossary = glossary
        self._docs: dict[str, "Doc"] = {}
        self.tagged = 0    # distinct texts that went through spaCy (tests and bench read it)

    @functools.cached_property
    def nlp(self) -> "Language":
        """The pipeline, looked up once per run (finding it means hashing the glossary)."""
        from .nlp import pipeline_for   # spaCy loads here, on first use

        return pipeline_for(self.model, self.glossary)

    def docs(self, texts: Iterable[str]) -> list["Doc"]:
        """The Doc of each text, in order; only texts not seen before are tagged."""
        keys = [normalise_for_matching(text) for text in texts]
        missing = [key for key in dict.fromkeys(keys) if key not in self._docs]
        if missing:
            for key, doc in zip(missing, self.nlp.pipe(missing, batch_size=BATCH)):
                self._docs[key] = doc
            self.tagged += len(missing)
        return [self._docs[key] for key in keys]

    def doc(self, text: str) -> "Doc":
        return self.docs([text])[0]


class Parser:
    """Dependency parses for the sentence simplifier, from the run's one spaCy pipeline.

    Not a second model: the pipeline the Tagger loaded tags a sentence and its parser
    (loaded but switched off, ``nlp.parse``) parses it, only for the sentences the
    simplifier asks about. Each distinct text is parsed once per run. Texts are parsed
    as written (no normalising): the simplifier builds its sentences from their words.
    """

    def __init__(self, tagger: Tagger) -> None:
        self.tagger = tagger
        self._docs: dict[str, "Doc"] = {}
        self.parsed = 0

    def pipe(self, texts: Iterable[str], **_kwargs) -> Iterator["Doc"]:
        from .nlp import parse

        texts = list(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in self._docs]
        if missing:
            nlp = self.tagger.nlp
            for text, doc in zip(missing, parse(nlp, list(nlp.pipe(missing, batch_size=BATCH)))):
                self._docs[text] = doc
            self.parsed += len(missing)
        return iter([self._docs[text] for text in texts])

    def __call__(self, text: str) -> "Doc":
        return next(self.pipe([text]))
