"""Stage 2: analyse every competence: readability, glossary terms and Easy Read rules.

Reads the model, returns data (``Analysis``); prints nothing and writes nothing
except through the cache it is given. For each span (statement or sub-point) the
text is tagged by spaCy (through the run's ``Tagger``, which tags each text once
for every stage), split into sentences, checked and scored; hits become
``Finding``s placed at their exact line and column.

Results per span (hits and sentence scores) and per competence (scores) are cached
by text, settings, glossary and the code that makes them, so an unchanged competence
is never parsed twice, and a run that finds everything in the cache imports neither
spaCy nor the pronouncing dictionary. The same text twice in one run is analysed once.
"""

from __future__ import annotations

import functools
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Protocol

from .cache import AnalysisCache, code_fingerprint as package_fingerprint
from .findings import SEVERITY_ORDER, Finding, finding_at
from .glossary import Entry, Glossary, Phrase, glossary_rules
from .model import Competence, Domain, Framework
from .readability import DEFAULT_LANG, Scores, score
from .settings import Settings, has_prefix
from .tagging import Tagger
from .text import PhraseMatch, PhraseMatcher

if TYPE_CHECKING:
    from spacy.tokens import Doc

CODE_VERSION = "analyse-6"
# What the cached results depend on besides text, settings and glossary: change any of
# these files (a rule, a message in rules.yml) and every cached result is recomputed.
CODE_FILES = ("analyse.py", "rules.py", "nlp.py", "readability.py", "findings.py", "text.py",
              "data/rules.yml", "data/glossary-rules.yml")
FORM_BY_TAG = {"NNS": "plural", "NNPS": "plural", "VBD": "past", "VBN": "past", "VBG": "ing",
               "VBZ": "third"}
# Rules reported once per term per paragraph, with a count (issues 12 and 13): a
# glossary term or a set of initials repeated in one paragraph is one thing to fix.
ONCE_PER_PARAGRAPH = ("acronym", "hard-word", *dict.fromkeys(
    item["rule"] for item in glossary_rules()["categories"].values()))


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

    def judge(self) -> None:
        """Fails when any finding is an error under the profile; the reasons are those rules."""
        errors = sorted({f.rule.split(".")[0] for f in self.findings if f.severity == "error"})
        self.verdict, self.reasons = ("fails" if errors else "passes"), errors


@dataclass
class Analysis:
    """The result of analysing a whole framework under one profile."""

    profile: str
    results: list[CompetenceResult]
    files: list[str]
    unit: str = "competences"    # what the parts are called: "paragraphs" in a draft

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
            "unit": self.unit,
        }


class Progress(Protocol):
    """Hears how many words an analysis will look at, then how many it has done."""

    def expect(self, words: int) -> None: ...
    def __call__(self, words: int) -> None: ...


SpanKey = tuple[str, bool]   # (text, is it a competence statement?)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code and rule data that produce cached results (part of the cache key)."""
    return package_fingerprint(CODE_VERSION, CODE_FILES)


def analyse(framework: Framework, glossary: Glossary, settings: Settings,
            cache: AnalysisCache | None = None, progress: Progress | None = None,
            tagger: Tagger | None = None) -> Analysis:
    """Analyse every competence of ``framework`` under ``settings.profile``.

    ``tagger`` is the run's spaCy (shared with the rewrite, so no text is tagged
    twice); without one, a tagger for this analysis alone is made when needed.
    """
    cache = cache or AnalysisCache.disabled()
    key = f"{code_fingerprint()}:{settings.fingerprint}:{glossary.fingerprint}"
    competences = [(c, d) for d in framework.domains for c in d.competences_in_order()]
    whole = _whole_key(framework)
    stored = cache.get(f"{key}:whole", whole, False)
    if stored is not None:
        try:
            return _from_stored(stored, competences, settings, framework)
        except (KeyError, TypeError, ValueError, IndexError):
            pass   # a damaged entry: analyse afresh
    tagger = tagger or Tagger(settings.model, glossary)
    wanted = list(dict.fromkeys((span.text, index == 0) for competence, _ in competences
                                for index, span in enumerate(competence.spans())))
    analysed = _analyse_spans(wanted, Checker(glossary, settings), cache, key, tagger, progress)
    scores = _competence_scores([c for c, _ in competences], analysed, settings, cache, f"{key}:competence")
    results = [_competence_result(c, d, analysed, scores[index], settings)
               for index, (c, d) in enumerate(competences)]
    _mark_explained_acronyms(results, settings)
    for result in results:
        result.findings = once_per_paragraph(result.findings)
        result.judge()
    cache.put(f"{key}:whole", whole, False, _stored(results))
    cache.save()
    return Analysis(settings.profile.name, results, framework.paths, framework.unit)


def _whole_key(framework: Framework) -> str:
    """Everything an analysis's findings depend on besides settings and glossary: each file's
    path and text, and the text and place of every span (drafts made in memory have no file)."""
    parts = []
    for domain in framework.domains:
        parts.append(domain.path)
        for competence in domain.competences_in_order():
            parts.append(competence.id)
            parts.extend(f"{span.source.path}\x1f{span.offsets[:1]}\x1f{span.text}" for span in competence.spans())
    return "\x1e".join(parts)


def _stored(results: list[CompetenceResult]) -> dict[str, object]:
    return {"results": [{"findings": [f.as_dict() for f in r.findings],
                         "sentences": [s.as_dict() for s in r.sentence_scores],
                         "scores": r.scores.as_dict()} for r in results]}


def _from_stored(stored: dict, competences: list[tuple[Competence, Domain]], settings: Settings,
                 framework: Framework) -> Analysis:
    """An unchanged framework's analysis, rebuilt from the cache without looking at a rule."""
    items = stored["results"]
    if len(items) != len(competences):
        raise ValueError("the stored analysis is of other text")
    results = []
    for (competence, domain), item in zip(competences, items):
        result = CompetenceResult(competence, domain, [Finding(**f) for f in item["findings"]],
                                  [Scores.from_dict(s) for s in item["sentences"]],
                                  Scores.from_dict(item["scores"]))
        result.judge()
        results.append(result)
    return Analysis(settings.profile.name, results, framework.paths, framework.unit)


def _analyse_spans(wanted: list[SpanKey], checker: "Checker", cache: AnalysisCache, key: str,
                   tagger: Tagger, progress: Progress | None) -> dict[SpanKey, SpanAnalysis]:
    """Look every span up in the cache; tag, check and score only the ones not there."""
    analysed: dict[SpanKey, SpanAnalysis] = {}
    missing: list[SpanKey] = []
    for span_key in wanted:
        cached = cache.get(key, *span_key, decode=SpanAnalysis.from_json)
        if cached is not None:
            analysed[span_key] = cached
        else:
            missing.append(span_key)
    if progress:
        progress.expect(_words(wanted))
    if progress and len(missing) < len(wanted):
        progress(_words(wanted) - _words(missing))
    min_words = checker.settings.profile.min_words_to_score
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start:start + CHUNK]
        for span_key, doc in zip(chunk, tagger.docs(text for text, _ in chunk)):
            found = checker.span(doc, span_key[1])
            sentences = tuple(score([span_key[0][a:b]], DEFAULT_LANG, min_words) for a, b in found.sentences)
            analysed[span_key] = replace(found, scores=sentences)
            cache.put(key, *span_key, analysed[span_key].to_json())
        if progress:
            progress(_words(chunk))
    return analysed


CHUNK = 256   # spans tagged per batch (and per step of the progress bar)


def _words(span_keys: Iterable[SpanKey]) -> int:
    return sum(len(text.split()) for text, _ in span_keys)


def _competence_scores(competences: list[Competence], analysed: dict[SpanKey, SpanAnalysis],
                       settings: Settings, cache: AnalysisCache, table: str) -> list[Scores]:
    """Each competence scored as a whole (all its sentences), cached by those sentences."""
    found = []
    for competence in competences:
        texts = [span.text[a:b] for index, span in enumerate(competence.spans())
                 for a, b in analysed[(span.text, index == 0)].sentences]
        joined = "\x1e".join(texts)
        cached = cache.get(table, joined, False, decode=Scores.from_dict)
        if cached is not None:
            found.append(cached)
            continue
        scores = score(texts, DEFAULT_LANG, settings.profile.min_words_to_score)
        cache.put(table, joined, False, scores.as_dict())
        found.append(scores)
    return found


# ---------------------------------------------------------------- checking one span


class Checker:
    """The rules of one run, prepared once: which are on, the glossary's entries and phrases."""

    def __init__(self, glossary: Glossary, settings: Settings) -> None:
        from .rules import SPAN_CHECKS, checks_for

        self.settings = settings
        self.entries = {entry.id: entry for entry in glossary.entries}
        self.phrases = PhraseMatcher(p for p in glossary.phrases if p.status != "rejected")
        self._enabled: dict[str, bool] = {}
        self.checks = checks_for(self.enabled)
        self.span_checks = list(SPAN_CHECKS.values())

    def enabled(self, rule: str) -> bool:
        """``settings.enabled``, remembered per rule (asked for every hit)."""
        if rule not in self._enabled:
            self._enabled[rule] = self.settings.enabled(rule)
        return self._enabled[rule]

    def span(self, doc: "Doc", is_statement: bool) -> SpanAnalysis:
        """All hits in one tagged span, and its sentences (scores come later)."""
        from .nlp import SPAN_KEY
        from .rules import SentenceView

        text = doc.text   # spaCy rebuilds it from the tokens at every call: once is enough
        covered: set[int] = set()
        hits: list[RawHit] = []
        for match in doc.spans[SPAN_KEY]:
            covered.update(range(match.start, match.end))
            hit = self.glossary_hit(self.entries[match.label_], match, text)
            if hit:
                hits.append(hit)
        phrase_hits = [self.phrase_hit(m, text) for m in self.phrases.find(text, is_statement)]
        hits.extend(phrase_hits)
        sentences = []
        for sent in doc.sents:
            if not text[sent.start_char:sent.end_char].strip():
                continue
            sentences.append((sent.start_char, sent.end_char))
            view = SentenceView(sent=sent, text=text, profile=self.settings.profile, covered=covered)
            for function in self.checks:
                hits.extend(self.rule_hit(h, text) for h in function(view))
        for function in self.span_checks:
            hits.extend(self.rule_hit(h, text) for h in function(text, is_statement))
        hits = [h for h in hits if self.enabled(h.rule) and not _shadowed(h, phrase_hits)]
        return SpanAnalysis(tuple(sentences), tuple(sorted(hits, key=lambda h: (h.start, h.rule))))

    def glossary_hit(self, entry: Entry, match, text: str) -> RawHit | None:
        if entry.status == "rejected":
            return None
        messages = glossary_rules()["messages"]
        word = text[match.start_char:match.end_char]
        if entry.explained:
            severity, message = "info", messages["explained"].format(text=word)
        else:
            severity = self.settings.profile.severity_of(entry.rule)
            called = glossary_rules()["categories"][entry.category]["called"]
            message = messages["term"].format(text=word, called=called, action=messages["actions"][entry.action])
            if entry.status == "proposed":
                message = messages["proposed"].format(message=message)
        suggestion = entry.plain.form(FORM_BY_TAG.get(match[-1].tag_, "base")) if entry.plain else ""
        source = entry.provenance[0].cite() if entry.provenance else ""
        return RawHit(entry.rule, match.start_char, match.end_char, message, suggestion, source, severity)

    def phrase_hit(self, found: PhraseMatch, text: str) -> RawHit:
        phrase: Phrase = found.phrase
        message = glossary_rules()["phrase-kinds"][phrase.kind]["message"].format(
            text=text[found.start:found.end])
        if phrase.status == "proposed":
            message = glossary_rules()["messages"]["proposed"].format(message=message)
        source = phrase.provenance[0].cite() if phrase.provenance else ""
        return RawHit(phrase.rule, found.start, found.end, message, phrase.replace, source,
                      self.settings.profile.severity_of(phrase.rule))

    def rule_hit(self, hit, text: str) -> RawHit:
        from .rules import rule_info

        info = rule_info()[hit.rule]
        values = {"text": text[hit.start:hit.end], **hit.values}
        return RawHit(hit.rule, hit.start, hit.end, info.message.format(**values),
                      info.suggestion.format(**values), info.cite(),
                      self.settings.profile.severity_of(hit.rule))


def _shadowed(hit: RawHit, phrase_hits: list[RawHit]) -> bool:
    """A built-in wordy phrase, or a hard word ("ability" of "An ability to"), inside one
    of the glossary's own phrases is reported once, by the phrase."""
    return hit.rule in ("wordy-phrase", "hard-word") and any(p.start < hit.end and hit.start < p.end
                                                             for p in phrase_hits)


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
    return CompetenceResult(competence, domain, findings, sentence_scores, scores)


def once_per_paragraph(findings: list[Finding]) -> list[Finding]:
    """A term, or a set of initials, repeated in one paragraph is one finding with its count.

    The first place is kept (an editor jumps there); its message says how often the
    term is there (``count``), so a long glossary never buries the editor in repeats.
    """
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[_repeat_key(finding)].append(finding)
    kept = []
    for finding in findings:
        group = groups[_repeat_key(finding)]
        if finding is not group[0]:
            continue
        if len(group) > 1:
            message = glossary_rules()["messages"]["repeated"].format(message=finding.message,
                                                                        count=len(group))
            finding = replace(finding, message=message, count=len(group))
        kept.append(finding)
    return kept


def _repeat_key(finding: Finding) -> tuple[str, str]:
    if finding.rule.split(".")[0] not in ONCE_PER_PARAGRAPH:
        return (finding.rule, f"{finding.line}:{finding.column}")   # every place counts on its own
    if "." in finding.rule and finding.rule != "acronym.explained":
        return (finding.rule, "")   # a glossary entry, in any of its forms
    return (finding.rule, " ".join(re.sub(r"[*_]", "", finding.text).casefold().split()))


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
        result.findings = findings


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
    return any(has_prefix(finding.rule, r) for r in rules)
