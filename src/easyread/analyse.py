"""Stage 2: analyse every competence: readability, glossary terms and Easy Read rules.

Reads the model, returns data (``Analysis``); prints nothing and writes nothing
except through the cache it is given. For each span (statement or sub-point) the
text is normalised (same length: Word's non-breaking hyphens and curly quotes),
tagged by spaCy in batches, split into sentences, and checked; hits become
``Finding``s placed at their exact line and column. Results per span are cached by
text, settings and glossary, so an unchanged competence is never parsed twice.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .cache import AnalysisCache
from .content import normalise_for_matching
from .findings import SEVERITY_ORDER, Finding, finding_at
from .glossary import Entry, Glossary, Phrase
from .model import Competence, Domain, Framework, Span
from .readability import Scores, score
from .settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

CODE_VERSION = "analyse-3"
N_PROCESS_FROM_WORDS = 60_000  # below this, a second process costs more than it saves


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

    def to_json(self) -> dict[str, object]:
        return {"sentences": [list(s) for s in self.sentences],
                "hits": [[h.rule, h.start, h.end, h.message, h.suggestion, h.source, h.severity]
                         for h in self.hits]}

    @classmethod
    def from_json(cls, data: dict) -> "SpanAnalysis":
        return cls(tuple(tuple(s) for s in data["sentences"]),  # type: ignore[misc]
                   tuple(RawHit(*h) for h in data["hits"]))


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
        grades = [r.scores.grade for r in self.results if r.scores.grade is not None]
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


def analyse(framework: Framework, glossary: Glossary, settings: Settings,
            cache: AnalysisCache | None = None, progress: Progress | None = None) -> Analysis:
    """Analyse every competence of ``framework`` under ``settings.profile``."""
    cache = cache or AnalysisCache.disabled()
    key = f"{CODE_VERSION}:{settings.fingerprint}:{glossary.fingerprint}"
    spans = [span for competence in framework.competences() for span in competence.spans()]
    first_spans = {id(c.text) for c in framework.competences()}
    analysed = _analyse_spans(spans, first_spans, glossary, settings, cache, key, progress)
    results = []
    for domain in framework.domains:
        for competence in domain.competences_in_order():
            results.append(_competence_result(competence, domain, analysed, settings))
    cache.save()
    return Analysis(settings.profile.name, results, framework.paths)


def _analyse_spans(spans: list[Span], first_spans: set[int], glossary: Glossary,
                   settings: Settings, cache: AnalysisCache, key: str,
                   progress: Progress | None) -> dict[int, SpanAnalysis]:
    """Look every span up in the cache; tag and check only the ones not there."""
    analysed: dict[int, SpanAnalysis] = {}
    missing: list[tuple[Span, bool]] = []
    for span in spans:
        is_statement = id(span) in first_spans
        cached = cache.get(key, span.text, is_statement)
        if cached is not None:
            analysed[id(span)] = SpanAnalysis.from_json(cached)
        else:
            missing.append((span, is_statement))
    if missing:
        texts = [normalise_for_matching(span.text) for span, _ in missing]
        for (span, is_statement), doc in zip(missing, tag_texts(texts, glossary, settings)):
            result = analyse_doc(doc, is_statement, glossary, settings)
            analysed[id(span)] = result
            cache.put(key, span.text, is_statement, result.to_json())
            if progress:
                progress(len(span.text.split()))
    return analysed


def tag_texts(texts: Sequence[str], glossary: Glossary, settings: Settings) -> Iterable["Doc"]:
    """Run spaCy over many texts in batches (two processes for large inputs)."""
    from .nlp import pipeline_for  # spaCy loads only when something is not cached

    nlp = pipeline_for(settings.model, glossary)
    words = sum(len(t.split()) for t in texts)
    n_process = 2 if words >= N_PROCESS_FROM_WORDS else 1
    return nlp.pipe(texts, batch_size=256, n_process=n_process)


def analyse_doc(doc: "Doc", is_statement: bool, glossary: Glossary,
                settings: Settings) -> SpanAnalysis:
    """All hits in one tagged span."""
    from .nlp import SPAN_KEY
    from .rules import CHECKS, SentenceView

    profile = settings.profile
    hits: list[RawHit] = []
    covered: set[int] = set()
    entries = {e.id: e for e in glossary.entries}
    for match in doc.spans[SPAN_KEY]:
        entry = entries[match.label_]
        covered.update(range(match.start, match.end))
        hit = _glossary_hit(entry, match.start_char, match.end_char, doc.text, settings)
        if hit:
            hits.append(hit)
    hits.extend(_phrase_hits(doc.text, is_statement, glossary, settings))
    sentences = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        sentences.append((sent.start_char, sent.end_char))
        view = SentenceView(sent=sent, text=doc.text, profile=profile, covered=covered)
        for rule_id, check in CHECKS.items():
            if settings.enabled(rule_id):
                hits.extend(_rule_hit(h, doc.text, settings) for h in check(view))
    hits.extend(_full_stop_hits(doc.text, settings))
    hits = [h for h in hits if settings.enabled(h.rule)]
    return SpanAnalysis(tuple(sentences), tuple(sorted(hits, key=lambda h: (h.start, h.rule))))


def _glossary_hit(entry: Entry, start: int, end: int, text: str, settings: Settings) -> RawHit | None:
    if entry.status == "rejected":
        return None
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
    source = entry.provenance[0].cite() if entry.provenance else ""
    return RawHit(entry.rule, start, end, message, entry.suggestion, source, severity)


def _category_words(category: str) -> str:
    return {"clinical": "clinical wording", "jargon": "jargon", "acronym": "a set of initials",
            "patronising": "wording readers found patronising", "wordy": "wordy"}[category]


def _phrase_hits(text: str, is_statement: bool, glossary: Glossary,
                 settings: Settings) -> Iterable[RawHit]:
    """Literal phrases: stems at the start of a statement, wordy phrases anywhere."""
    lowered = text.casefold()
    taken: list[tuple[int, int]] = []
    candidates = sorted(((len(m), phrase, m) for phrase in glossary.phrases if phrase.status != "rejected"
                         for m in phrase.match), key=lambda c: -c[0])
    for _, phrase, literal in candidates:
        for start in _literal_positions(lowered, literal.casefold(), phrase, is_statement):
            end = start + len(literal)
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            yield _phrase_hit(phrase, start, end, text, settings)


def _literal_positions(lowered: str, literal: str, phrase: Phrase, is_statement: bool) -> Iterable[int]:
    if phrase.kind == "stem":
        if is_statement and lowered.startswith(literal) and _word_boundary(lowered, len(literal)):
            yield 0
        return
    start = lowered.find(literal)
    while start >= 0:
        if (start == 0 or not lowered[start - 1].isalnum()) and _word_boundary(lowered, start + len(literal)):
            yield start
        start = lowered.find(literal, start + 1)


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


def _full_stop_hits(text: str, settings: Settings) -> list[RawHit]:
    """IE-2009: a statement ends with a full stop (a colon may lead into a list)."""
    from .rules import rule_info

    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?:" or not settings.enabled("no-full-stop"):
        return []
    info = rule_info()["no-full-stop"]
    return [RawHit("no-full-stop", len(stripped) - 1, len(stripped), info.message, info.suggestion,
                   info.cite(), settings.profile.severity_of("no-full-stop"))]


def _competence_result(competence: Competence, domain: Domain, analysed: dict[int, SpanAnalysis],
                       settings: Settings) -> CompetenceResult:
    profile = settings.profile
    findings: list[Finding] = []
    sentence_scores: list[Scores] = []
    sentence_texts: list[str] = []
    for span in competence.spans():
        result = analysed[id(span)]
        for start, end in result.sentences:
            sentence_texts.append(span.text[start:end])
            sentence_scores.append(score([span.text[start:end]], min_words=profile.min_words_to_score))
        for hit in result.hits:
            finding = finding_at(span, hit.start, hit.end, competence_id=competence.id, rule=hit.rule,
                                 severity=hit.severity, message=hit.message,
                                 suggestion=hit.suggestion, source=hit.source)
            if not _disabled(finding, domain):
                findings.append(finding)
    scores = score(sentence_texts, min_words=profile.min_words_to_score)
    readability = _readability_finding(competence, scores, settings)
    if readability and not _disabled(readability, domain):
        findings.append(readability)
    findings.sort(key=lambda f: (f.line, f.column, SEVERITY_ORDER.get(f.severity, 3), f.rule))
    errors = sorted({f.rule.split(".")[0] for f in findings if f.severity == "error"})
    return CompetenceResult(competence, domain, findings, sentence_scores, scores,
                            verdict="fails" if errors else "passes", reasons=errors)


def _readability_finding(competence: Competence, scores: Scores, settings: Settings) -> Finding | None:
    """The competence as a whole is above the profile's reading level."""
    from .rules import rule_info

    profile = settings.profile
    if not scores.scored or not settings.enabled("readability"):
        return None
    problems = []
    if scores.grade is not None and scores.grade > profile.max_grade:
        problems.append(f"grade {scores.grade:.1f}, above {profile.max_grade:g}")
    if scores.reading_ease is not None and scores.reading_ease < profile.min_reading_ease:
        problems.append(f"reading ease {scores.reading_ease:.0f}, below {profile.min_reading_ease:g}")
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
