"""Stage 2: analyse every competence: readability, glossary terms and Easy Read rules.

Reads the model, returns data (``Analysis``); prints nothing and writes nothing
except through the cache it is given. For each span (statement or sub-point) the
text is normalised (same length: Word's non-breaking hyphens and curly quotes),
tagged by spaCy in batches, split into sentences, and checked; hits become
``Finding``s placed at their exact line and column.

Speed, in the order it matters (``python bench/run.py`` measures it):

1. Results per span (hits and sentence scores) and per competence (scores) are
   cached by text, settings and glossary: an unchanged competence is never parsed
   twice, and a run that finds everything in the cache imports neither spaCy nor
   textstat. The same text twice in one run is analysed once.
2. spaCy runs in batches (``nlp.pipe``) with a cached stand-in for its slowest
   components (see nlp.py). Above ``PARALLEL_FROM_WORDS`` words, forked workers
   (one per extra core) tag and check a share of the spans while this process
   does the first share. spaCy's own ``n_process`` works with the glossary
   component too (tests/test_nlp.py), but sends whole Docs back; here only the
   texts and the compact results cross, and the checks run in parallel as well.
3. Readability needs textstat's pronouncing dictionary, which takes a second to
   load; with ``background_scores`` (the CLI) a helper process, forked before
   anything else loads, reads it on the other core and then scores each chunk's
   sentences (and each finished competence) while spaCy tags the next chunk.
"""

from __future__ import annotations

import atexit
import functools
import gc
import hashlib
import multiprocessing
import os
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .cache import AnalysisCache
from .content import normalise_for_matching
from .findings import SEVERITY_ORDER, Finding, finding_at
from .glossary import Entry, Glossary, Phrase
from .model import Competence, Domain, Framework, Span
from .readability import DEFAULT_LANG, Scores, dictionary_loaded, score_many, warm_up
from .settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

CODE_VERSION = "analyse-5"
# What the cached results depend on besides text, settings and glossary: change any of
# these files (a rule, a message in rules.yml) and every cached result is recomputed.
CODE_FILES = ("analyse.py", "rules.py", "nlp.py", "readability.py", "findings.py", "content.py", "data/rules.yml")
PARALLEL_FROM_WORDS = 5_000    # below this, forking a helper costs more than it saves
MAX_PROCESSES = 4
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()   # not on Windows: all in one process
CHUNK_SPANS = 64               # spans per job for the worker processes (and per progress step)
FORM_BY_TAG = {"NNS": "plural", "NNPS": "plural", "VBD": "past", "VBN": "past", "VBG": "ing",
               "VBZ": "third"}


@dataclass(frozen=True)
class RawHit:
    """A rule hit relative to a span's text: what the cache stores."""

    rule: str
    start: int
    end: int
    message: str
    suggestion: str
    source: str
    severity: str


@dataclass(frozen=True)
class SpanAnalysis:
    """Everything learnt from one span's text (cacheable: no positions, no file)."""

    sentences: tuple[tuple[int, int], ...]
    hits: tuple[RawHit, ...]
    scores: tuple[Scores, ...] = ()   # one per sentence

    def to_json(self) -> dict[str, object]:
        return {"sentences": [list(s) for s in self.sentences],
                "hits": [[h.rule, h.start, h.end, h.message, h.suggestion, h.source, h.severity]
                         for h in self.hits],
                "scores": [s.as_dict() for s in self.scores]}

    @classmethod
    def from_json(cls, data: dict) -> "SpanAnalysis":
        return cls(tuple((int(a), int(b)) for a, b in data["sentences"]),
                   tuple(RawHit(*h) for h in data["hits"]),
                   tuple(Scores.from_dict(s) for s in data.get("scores", ())))


@dataclass
class CompetenceResult:
    """The analysis of one competence: findings, scores per sentence, and a verdict."""

    competence: Competence
    domain: Domain
    findings: list[Finding]
    sentence_scores: list[Scores]
    scores: Scores
    verdict: str = "passes"
    reasons: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.competence.text.source.path

    @property
    def passes(self) -> bool:
        return self.verdict == "passes"


@dataclass
class Analysis:
    """The result of analysing a whole framework under one profile."""

    profile: str
    results: list[CompetenceResult]
    files: list[str]

    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def summary(self) -> dict[str, object]:
        findings = self.findings()
        grades = [r.scores.typical_grade for r in self.results if r.scores.typical_grade is not None]
        wps = [s.words_per_sentence for r in self.results for s in r.sentence_scores if s.words]
        return {
            "profile": self.profile,
            "files": len(self.files),
            "competences": len(self.results),
            "passing": sum(r.passes for r in self.results),
            "findings": len(findings),
            "by_severity": dict(sorted(Counter(f.severity for f in findings).items())),
            "by_rule": dict(sorted(Counter(f.rule.split(".")[0] for f in findings).items())),
            "median_grade": round(statistics.median(grades), 1) if grades else None,
            "median_words_per_sentence": round(statistics.median(wps), 1) if wps else None,
            "words": sum(r.scores.words for r in self.results),
        }


Progress = Callable[[int], None]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code and rule data that produce cached results (part of the cache key)."""
    digest = hashlib.sha256(CODE_VERSION.encode())
    package = resources.files("easyread")
    for name in CODE_FILES:
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]
SpanKey = tuple[str, bool]   # (text, is it a competence statement?)


def analyse(framework: Framework, glossary: Glossary, settings: Settings,
            cache: AnalysisCache | None = None, progress: Progress | None = None,
            background_scores: bool = False) -> Analysis:
    """Analyse every competence of ``framework`` under ``settings.profile``."""
    cache = cache or AnalysisCache.disabled()
    key = f"{code_fingerprint()}:{settings.fingerprint}:{glossary.fingerprint}"
    competences = [(c, d) for d in framework.domains for c in d.competences_in_order()]
    wanted: dict[SpanKey, None] = {}
    for competence, _ in competences:
        for index, span in enumerate(competence.spans()):
            wanted[(span.text, index == 0)] = None
    scorer = _Scorer(settings, background_scores)
    whole = _CompetenceScores([c for c, _ in competences], cache, f"{key}:competence", scorer)
    try:
        analysed = _analyse_spans(list(wanted), glossary, settings, cache, key, scorer, progress, whole.known)
        scores = whole.finish()
    finally:
        scorer.close()
    results = [_competence_result(c, d, analysed, scores[id(c)], settings) for c, d in competences]
    _mark_explained_acronyms(results, settings)
    cache.save()
    return Analysis(settings.profile.name, results, framework.paths)


Sentences = tuple[tuple[int, int], ...]


def _analyse_spans(wanted: list[SpanKey], glossary: Glossary, settings: Settings,
                   cache: AnalysisCache, key: str, scorer: "_Scorer", progress: Progress | None,
                   known: Callable[[dict[SpanKey, Sentences]], None]) -> dict[SpanKey, SpanAnalysis]:
    """Look every span up in the cache; tag, check and score only the ones not there.

    ``known`` hears, in reading order, which spans' sentences are known (from the
    cache at once, then chunk by chunk as spaCy finishes them).
    """
    analysed: dict[SpanKey, SpanAnalysis] = {}
    missing: list[SpanKey] = []
    for span_key in wanted:
        cached = cache.get(key, *span_key, decode=SpanAnalysis.from_json)
        if cached is not None:
            analysed[span_key] = cached
        else:
            missing.append(span_key)
    if progress and len(missing) < len(wanted):
        progress(sum(len(text.split()) for text, _ in wanted) - sum(len(t.split()) for t, _ in missing))
    known({span_key: result.sentences for span_key, result in analysed.items()})
    if not missing:
        return analysed
    scorer.start()
    batches: list[tuple[list[SpanKey], list[SpanAnalysis], Callable[[], list[Scores]]]] = []

    def score_chunk(chunk: list[SpanKey], results: list[SpanAnalysis]) -> None:
        """Send a chunk's sentences to the scorer at once: it scores while spaCy tags the rest."""
        sentences = [[text[a:b]] for (text, _), result in zip(chunk, results) for a, b in result.sentences]
        batches.append((chunk, results, scorer.submit(sentences)))
        known({span_key: result.sentences for span_key, result in zip(chunk, results)})

    check_texts(missing, glossary, settings, progress, on_chunk=score_chunk)
    for chunk, results, scored_sentences in batches:
        sentence_scores = iter(scored_sentences())
        for span_key, result in zip(chunk, results):
            scores = tuple(next(sentence_scores) for _ in result.sentences)
            analysed[span_key] = SpanAnalysis(result.sentences, result.hits, scores)
            cache.put(key, *span_key, analysed[span_key].to_json())
    return analysed


class _CompetenceScores:
    """Scores of each competence as a whole (all its sentences), cached by those sentences.

    As soon as every span of the next competences has its sentences, their scores
    are looked up in the cache or sent to the scorer, so scoring runs alongside
    tagging instead of after it.
    """

    def __init__(self, competences: list[Competence], cache: AnalysisCache, table: str,
                 scorer: "_Scorer") -> None:
        self.competences = competences
        self.cache, self.table, self.scorer = cache, table, scorer
        self.sentences: dict[SpanKey, Sentences] = {}
        self.next = 0
        self.found: dict[int, Scores] = {}
        self.pending: list[tuple[list[tuple[Competence, str]], Callable[[], list[Scores]]]] = []

    def known(self, sentences: dict[SpanKey, Sentences]) -> None:
        self.sentences.update(sentences)
        todo: list[tuple[Competence, list[str]]] = []
        while self.next < len(self.competences):
            texts = self._texts(self.competences[self.next])
            if texts is None:
                break
            competence = self.competences[self.next]
            cached = self.cache.get(self.table, "\x1e".join(texts), False, decode=Scores.from_dict)
            if cached is not None:
                self.found[id(competence)] = cached
            else:
                todo.append((competence, texts))
            self.next += 1
        if todo:
            self.scorer.start()
            self.pending.append(([(c, "\x1e".join(t)) for c, t in todo], self.scorer.submit(t for _, t in todo)))

    def _texts(self, competence: Competence) -> list[str] | None:
        texts = []
        for index, span in enumerate(competence.spans()):
            sentences = self.sentences.get((span.text, index == 0))
            if sentences is None:
                return None
            texts.extend(span.text[a:b] for a, b in sentences)
        return texts

    def finish(self) -> dict[int, Scores]:
        for todo, scored in self.pending:
            for (competence, joined), scores in zip(todo, scored()):
                self.found[id(competence)] = scores
                self.cache.put(self.table, joined, False, scores.as_dict())
        self.pending.clear()
        return self.found


class _Scorer:
    """Readability scoring, here or in the helper process (``start_scoring_helper``).

    The helper only pays off when this process has not loaded textstat's pronouncing
    dictionary yet (a fresh command-line run); tests and long-lived callers that have
    it already score here. One helper serves every analysis of the run (``check``
    also scores the rewritten text). ``submit`` returns at once; calling what it
    returns gives the scores (waiting for the helper if need be).
    """

    def __init__(self, settings: Settings, background: bool) -> None:
        self.min_words = settings.profile.min_words_to_score
        self.background = background
        self.helper: _Helper | None = None

    def start(self) -> None:
        if self.background and self.helper is None:
            self.helper = start_scoring_helper()

    def submit(self, jobs: Iterable[Sequence[str]]) -> Callable[[], list[Scores]]:
        jobs = [list(job) for job in jobs]
        if self.helper is not None:
            try:
                ticket = self.helper.submit(jobs, self.min_words)
                return lambda: self._collect(ticket, jobs)
            except (OSError, ValueError):
                self._lost()
        return lambda: score_many(jobs, DEFAULT_LANG, self.min_words)

    def score(self, jobs: Iterable[Sequence[str]]) -> list[Scores]:
        return self.submit(jobs)()

    def _collect(self, ticket: int, jobs: list[list[str]]) -> list[Scores]:
        if self.helper is not None:
            try:
                return self.helper.result(ticket)
            except (OSError, EOFError):
                self._lost()
        return score_many(jobs, DEFAULT_LANG, self.min_words)   # a helper that died: same result here

    def _lost(self) -> None:
        stop_scoring_helper()
        self.helper = None

    def close(self) -> None:
        self.helper = None


class _Helper:
    """A forked process that loads textstat's dictionary at once, then scores on request.

    Requests go down a pipe as they come; a thread here reads the answers as soon as
    they are ready, so neither side ever waits on a full pipe.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_helper_main, args=(theirs,), daemon=True,
                                       name="easyread-scores")
        self.process.start()
        theirs.close()
        self.sent = 0
        self.answers: list[list[Scores]] = []
        self.closed = False
        self.changed = threading.Condition()
        threading.Thread(target=self._read, name="easyread-scores-reader", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                answer = self.connection.recv()
            except (EOFError, OSError):
                with self.changed:
                    self.closed = True
                    self.changed.notify_all()
                return
            with self.changed:
                self.answers.append(answer)
                self.changed.notify_all()

    def submit(self, jobs: list[list[str]], min_words: int) -> int:
        self.connection.send((jobs, min_words))
        self.sent += 1
        return self.sent - 1

    def result(self, ticket: int) -> list[Scores]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.answers) > ticket or self.closed)
            if len(self.answers) <= ticket:
                raise EOFError("the scoring helper stopped")
            return self.answers[ticket]

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(1)
        self.connection.close()


def _helper_main(connection) -> None:
    """The helper's life: never hold the caller's terminal or pipes, warm up, serve, end."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(devnull, stream)
    warm_up(DEFAULT_LANG)
    while True:
        try:
            jobs, min_words = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(score_many(jobs, DEFAULT_LANG, min_words))


_HELPER: _Helper | None = None


def start_scoring_helper() -> "_Helper | None":
    """Start (once) the helper that loads textstat's dictionary while spaCy loads here.

    The CLI calls this first thing, so the second the dictionary takes is spent on the
    other core while settings, glossary, content and spaCy load. Does nothing where
    the dictionary is already loaded or processes cannot be forked.
    """
    global _HELPER
    if _HELPER is None and CAN_FORK and not dictionary_loaded():
        try:
            _HELPER = _Helper()
            atexit.register(stop_scoring_helper)
        except (OSError, ValueError):
            _HELPER = None
    return _HELPER


def stop_scoring_helper() -> None:
    global _HELPER
    if _HELPER is not None:
        helper, _HELPER = _HELPER, None
        helper.stop()


# ---------------------------------------------------------------- tagging and checking


def check_texts(items: Sequence[SpanKey], glossary: Glossary, settings: Settings,
                progress: Progress | None = None,
                on_chunk: Callable[[list[SpanKey], list[SpanAnalysis]], None] | None = None,
                ) -> list[SpanAnalysis]:
    """Tag and check many span texts (no scores yet), in two processes for large inputs.

    ``on_chunk`` hears about each chunk of results as soon as it is done.
    """
    from .nlp import pipeline_for  # spaCy loads only when something is not cached

    nlp = pipeline_for(settings.model, glossary)
    gc.freeze()   # the pipeline's objects live as long as the process: keep them out of GC passes
    chunks = [list(items[i:i + CHUNK_SPANS]) for i in range(0, len(items), CHUNK_SPANS)]
    words = sum(len(text.split()) for text, _ in items)
    results: list[SpanAnalysis] = []
    for chunk, chunk_results in zip(chunks, _run_chunks(chunks, nlp, glossary, settings, words)):
        results.extend(chunk_results)
        if on_chunk:
            on_chunk(chunk, chunk_results)
        if progress:
            progress(sum(len(text.split()) for text, _ in chunk))
    return results


_WORKER: tuple["Language", Glossary, Settings] | None = None


def _run_chunks(chunks: list[list[SpanKey]], nlp: "Language", glossary: Glossary, settings: Settings,
                words: int) -> Iterator[list[SpanAnalysis]]:
    """Each chunk's results, in order: all here, or shared with forked workers.

    The workers are forked after the pipeline is loaded, so they inherit it (only the
    texts and the results are pickled); this process does the first share itself
    meanwhile (two workers and an idle parent measured slower on two cores).
    """
    global _WORKER
    helpers = min(os.cpu_count() or 1, MAX_PROCESSES) - 1
    if words < PARALLEL_FROM_WORDS or len(chunks) < 2 or helpers < 1 or not CAN_FORK:
        for chunk in chunks:
            yield _check_chunk(chunk, nlp, glossary, settings)
        return
    share = -(-len(chunks) // (helpers + 1))
    mine, theirs = chunks[:share], chunks[share:]
    _WORKER = (nlp, glossary, settings)
    try:
        with multiprocessing.get_context("fork").Pool(helpers) as pool:
            pending = pool.imap(_worker_chunk, theirs)
            for chunk in mine:
                yield _check_chunk(chunk, nlp, glossary, settings)
            for data in pending:
                yield [SpanAnalysis.from_json(item) for item in data]
    finally:
        _WORKER = None


def _worker_chunk(chunk: list[SpanKey]) -> list[dict]:
    assert _WORKER is not None
    return [result.to_json() for result in _check_chunk(chunk, *_WORKER)]


def _check_chunk(chunk: list[SpanKey], nlp: "Language", glossary: Glossary,
                 settings: Settings) -> list[SpanAnalysis]:
    texts = [normalise_for_matching(text) for text, _ in chunk]
    docs = nlp.pipe(texts, batch_size=CHUNK_SPANS)
    return [analyse_doc(doc, is_statement, glossary, settings)
            for (_, is_statement), doc in zip(chunk, docs)]


def analyse_doc(doc: "Doc", is_statement: bool, glossary: Glossary,
                settings: Settings) -> SpanAnalysis:
    """All hits in one tagged span (sentences, no scores: those come from the scorer)."""
    from .nlp import SPAN_KEY
    from .rules import SPAN_CHECKS, SentenceView, checks_for

    text = doc.text   # spaCy rebuilds it from the tokens at every call: once is enough
    hits: list[RawHit] = []
    covered: set[int] = set()
    entries = _entries_by_id(glossary)
    for match in doc.spans[SPAN_KEY]:
        covered.update(range(match.start, match.end))
        hit = _glossary_hit(entries[match.label_], match, text, settings)
        if hit:
            hits.append(hit)
    phrase_hits = list(_phrase_hits(text, is_statement, glossary, settings))
    hits.extend(phrase_hits)
    sentences = []
    enabled = _switches(settings)
    checks = checks_for(enabled)
    for sent in doc.sents:
        if not text[sent.start_char:sent.end_char].strip():
            continue
        sentences.append((sent.start_char, sent.end_char))
        view = SentenceView(sent=sent, text=text, profile=settings.profile, covered=covered)
        for function in checks:
            hits.extend(_rule_hit(h, text, settings) for h in function(view))
    for function in SPAN_CHECKS.values():
        hits.extend(_rule_hit(h, text, settings) for h in function(text, is_statement))
    hits = [h for h in hits if enabled(h.rule) and not _shadowed(h, phrase_hits)]
    return SpanAnalysis(tuple(sentences), tuple(sorted(hits, key=lambda h: (h.start, h.rule))))


_SWITCHES: dict[int, tuple[Settings, dict[str, bool]]] = {}


def _switches(settings: Settings) -> Callable[[str], bool]:
    """``settings.enabled``, remembered per rule for these settings (asked for every hit)."""
    held = _SWITCHES.get(id(settings))
    if held is None or held[0] is not settings:
        _SWITCHES.clear()
        held = _SWITCHES[id(settings)] = (settings, {})
    answers = held[1]

    def enabled(rule: str) -> bool:
        if rule not in answers:
            answers[rule] = settings.enabled(rule)
        return answers[rule]
    return enabled


_ENTRIES: dict[int, tuple[Glossary, dict[str, Entry]]] = {}


def _entries_by_id(glossary: Glossary) -> dict[str, Entry]:
    """The glossary's entries by id, built once per glossary object."""
    held = _ENTRIES.get(id(glossary))
    if held is None or held[0] is not glossary:
        _ENTRIES.clear()
        held = _ENTRIES[id(glossary)] = (glossary, {e.id: e for e in glossary.entries})
    return held[1]


def _shadowed(hit: RawHit, phrase_hits: list[RawHit]) -> bool:
    """A built-in wordy phrase inside one of the glossary's own phrases is reported once."""
    return hit.rule == "wordy-phrase" and any(p.start < hit.end and hit.start < p.end for p in phrase_hits)


def _glossary_hit(entry: Entry, match, text: str, settings: Settings) -> RawHit | None:
    if entry.status == "rejected":
        return None
    start, end = match.start_char, match.end_char
    word = text[start:end]
    if entry.explained:
        severity = "info"
        message = f"'{word}' is explained in the word bank; keep it in bold"
    else:
        severity = settings.profile.severity_of(entry.rule)
        action = {"replace": "use plain words", "explain": "explain it", "flag": "consider rewording"}
        message = f"'{word}' is {_category_words(entry.category)}; {action[entry.action]}"
        if entry.status == "proposed":
            message += " (proposed, not yet approved)"
    suggestion = entry.plain.form(FORM_BY_TAG.get(match[-1].tag_, "base")) if entry.plain else ""
    source = entry.provenance[0].cite() if entry.provenance else ""
    return RawHit(entry.rule, start, end, message, suggestion, source, severity)


def _category_words(category: str) -> str:
    return {"clinical": "clinical wording", "jargon": "jargon", "acronym": "a set of initials",
            "patronising": "wording readers found patronising", "wordy": "wordy"}[category]


def _phrase_hits(text: str, is_statement: bool, glossary: Glossary,
                 settings: Settings) -> Iterable[RawHit]:
    """Literal phrases: stems at the start of a statement, wordy phrases anywhere.

    Matched case-insensitively on the text itself, not on ``text.casefold()``: that
    can change the length ("Straße" -> "strasse") and so every place after it. The
    casefolded text only rules phrases out quickly.
    """
    folded = text.casefold()
    taken: list[tuple[int, int]] = []
    for phrase, folded_literal, pattern in _phrase_literals(glossary):
        if folded_literal not in folded:
            continue
        for start, end in _literal_places(text, pattern, phrase, is_statement):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            yield _phrase_hit(phrase, start, end, text, settings)


_LITERALS: dict[int, tuple[Glossary, list[tuple[Phrase, str, re.Pattern[str]]]]] = {}


def _phrase_literals(glossary: Glossary) -> list[tuple[Phrase, str, re.Pattern[str]]]:
    """The glossary's phrase literals, longest first, casefolded and compiled (once per glossary)."""
    held = _LITERALS.get(id(glossary))
    if held is None or held[0] is not glossary:
        literals = sorted(((phrase, m.casefold(), re.compile(re.escape(m), re.IGNORECASE))
                           for phrase in glossary.phrases if phrase.status != "rejected"
                           for m in phrase.match), key=lambda c: -len(c[1]))
        _LITERALS.clear()
        held = _LITERALS[id(glossary)] = (glossary, literals)
    return held[1]


def _literal_places(text: str, pattern: re.Pattern[str], phrase: Phrase,
                    is_statement: bool) -> Iterable[tuple[int, int]]:
    if phrase.kind == "stem":
        match = pattern.match(text) if is_statement else None
        if match and _word_boundary(text, match.end()):
            yield match.start(), match.end()
        return
    for match in pattern.finditer(text):
        if (match.start() == 0 or not text[match.start() - 1].isalnum()) and _word_boundary(text, match.end()):
            yield match.start(), match.end()


def _word_boundary(text: str, index: int) -> bool:
    return index >= len(text) or not text[index].isalnum()


def _phrase_hit(phrase: Phrase, start: int, end: int, text: str, settings: Settings) -> RawHit:
    word = text[start:end]
    if phrase.kind == "stem":
        message = f"'{word}' is the repeated stem readers found patronising; say it plainly"
    else:
        message = f"'{word}' is wordy; use fewer words"
    if phrase.status == "proposed":
        message += " (proposed, not yet approved)"
    source = phrase.provenance[0].cite() if phrase.provenance else ""
    return RawHit(phrase.rule, start, end, message, phrase.replace, source,
                  settings.profile.severity_of(phrase.rule))


def _rule_hit(hit, text: str, settings: Settings) -> RawHit:
    from .rules import rule_info

    info = rule_info()[hit.rule]
    values = {"text": text[hit.start:hit.end], **hit.values}
    return RawHit(hit.rule, hit.start, hit.end, info.message.format(**values),
                  info.suggestion.format(**values), info.cite(), settings.profile.severity_of(hit.rule))


# ---------------------------------------------------------------- findings and verdicts


def _competence_result(competence: Competence, domain: Domain, analysed: dict[SpanKey, SpanAnalysis],
                       scores: Scores, settings: Settings) -> CompetenceResult:
    findings: list[Finding] = []
    sentence_scores: list[Scores] = []
    for index, span in enumerate(competence.spans()):
        result = analysed[(span.text, index == 0)]
        sentence_scores.extend(result.scores)
        for hit in result.hits:
            finding = finding_at(span, hit.start, hit.end, competence_id=competence.id, rule=hit.rule,
                                 severity=hit.severity, message=hit.message,
                                 suggestion=hit.suggestion, source=hit.source)
            if not _disabled(finding, domain):
                findings.append(finding)
    readability = _readability_finding(competence, scores, settings)
    if readability and not _disabled(readability, domain):
        findings.append(readability)
    findings.sort(key=lambda f: (f.line, f.column, SEVERITY_ORDER.get(f.severity, 3), f.rule))
    errors = sorted({f.rule.split(".")[0] for f in findings if f.severity == "error"})
    return CompetenceResult(competence, domain, findings, sentence_scores, scores,
                            verdict="fails" if errors else "passes", reasons=errors)


ACRONYM_DEFINED = re.compile(r"\b([A-Z][A-Z&]*[A-Z])s?\s*\(\s*[A-Za-z]|\(\s*([A-Z][A-Z&]*[A-Z])s?\s*\)")


def _mark_explained_acronyms(results: list[CompetenceResult], settings: Settings) -> None:
    """Initials spelt out earlier in the same file become ``acronym.explained``.

    "Patient Advice and Liaison Service (PALS)" or "PALS (Patient Advice ...)"
    spells PALS out; from there on the plain-English profile lets it pass (it sets
    ``acronym.explained`` to off), while Easy Read still wants the words in full.
    """
    from .rules import rule_info

    template = str(rule_info()["acronym"].data["explained"])
    severity = settings.profile.severity_of("acronym.explained")
    keep = settings.enabled("acronym.explained")
    explained: dict[str, set[str]] = {}
    for result in results:
        seen = explained.setdefault(result.path, set())
        defined: dict[tuple[int, int], str] = {}
        for span in result.competence.spans():
            for match in ACRONYM_DEFINED.finditer(span.text):
                group = 1 if match.group(1) else 2
                place = span.position_at(match.start(group))
                defined[(place.line, place.column)] = match.group(group)
        findings = []
        for finding in result.findings:
            if finding.rule == "acronym" and (finding.text.rstrip("s") in seen
                                              or (finding.line, finding.column) in defined):
                if not keep:
                    continue
                finding = replace(finding, rule="acronym.explained", severity=severity,
                                  message=template.format(text=finding.text))
            findings.append(finding)
        seen.update(defined.values())
        if findings != result.findings:
            result.findings = findings
            _set_verdict(result)


def _set_verdict(result: CompetenceResult) -> None:
    errors = sorted({f.rule.split(".")[0] for f in result.findings if f.severity == "error"})
    result.verdict, result.reasons = ("fails" if errors else "passes"), errors


def _readability_finding(competence: Competence, scores: Scores, settings: Settings) -> Finding | None:
    """The competence as a whole is above the profile's reading level."""
    from .rules import rule_info

    profile = settings.profile
    if not scores.scored or not settings.enabled("readability"):
        return None
    problems = []
    above = scores.above(profile.max_grade)
    if len(above) > profile.formulas_over_share * len(scores.grades):
        named = ", ".join(f"{name} {value:.1f}" for name, value in above.items())
        problems.append(f"{len(above)} of {len(scores.grades)} formulas above grade {profile.max_grade:g} ({named})")
    if scores.reading_ease is not None and scores.reading_ease < profile.min_reading_ease:
        problems.append(f"Flesch reading ease {scores.reading_ease:.0f}, below {profile.min_reading_ease:g}")
    if not problems:
        return None
    info = rule_info()["readability"]
    span = competence.text
    detail = f"{scores.describe()}: " + "; ".join(problems)
    return finding_at(span, 0, len(span.text), competence_id=competence.id, rule="readability",
                      severity=profile.severity_of("readability"), message=info.message.format(detail=detail),
                      suggestion=info.suggestion, source=info.cite())


def _disabled(finding: Finding, domain: Domain) -> bool:
    """Switched off by an inline comment for the whole file or for this line."""
    rules = set(domain.disabled_rules) | set(domain.line_disables.get(finding.line, ()))
    return any(r == "" or finding.rule == r or finding.rule.startswith(r + ".") for r in rules)
