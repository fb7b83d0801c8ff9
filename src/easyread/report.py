"""Stage 5: the editor's report: where the framework stands and what is left to do.

Pure: from the analysis of the source, the Easy Read versions, the analysis of the
Easy Read text and the glossary, ``build_report`` returns a ``ReportData`` (plain
dataclasses, no I/O) that ``as_json`` and ``as_html`` turn into text; the CLI writes
the files. Editors will not read thousands of terminal lines, so the report puts
the figures first (passing before/after, median grade, findings by rule), then the
to-do lists, then every competence with its findings highlighted in place.

Findings are placed back into the text through the model's ``Span`` offsets: a
finding's (line, column) .. (end_line, end_column) is a range of the source file,
and each span knows the file offset of every character, so the highlight covers
exactly the characters the finding points at.
"""

from __future__ import annotations

import difflib
import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable, Mapping, Protocol, Sequence

from .analyse import Analysis, CompetenceResult
from .findings import Finding
from .glossary import Entry, Glossary, Phrase
from .model import Change, EasyReadVersion, Span

REPORT_VERSION = 1
WHOLE_COMPETENCE_RULES = ("readability",)   # about the competence as a whole, not a word
SENTENCE_RULES = ("long-sentence", "one-idea", "readability")
STATUS_ORDER = ("fails", "passes", "approved", "stale", "meaning-loss")
STATUS_LABELS = {"passes": "Passes", "fails": "Fails", "approved": "Approved by an editor",
                 "stale": "Approval stale", "meaning-loss": "Possible meaning loss"}
TOKEN = re.compile(r"(\s*)(\w+(?:['\u2019-]\w+)*|[^\w\s])")


# ---------------------------------------------------------------- the data


@dataclass(frozen=True)
class Highlight:
    """A finding placed in a span's plain text: ``text[start:end]``."""

    finding: str
    start: int
    end: int


@dataclass(frozen=True)
class MarkedText:
    """One span of a competence (its statement or a sub-point) with its highlights."""

    kind: str              # "statement" or "point"
    depth: int             # 0 for the statement, 1 for its sub-points, ...
    text: str
    line: int
    column: int
    highlights: tuple[Highlight, ...]


@dataclass(frozen=True)
class ReportFinding:
    """A finding of the source with its id in the page (``highlighted``: placed inline)."""

    id: str
    highlighted: bool
    finding: Finding

    @property
    def family(self) -> str:
        return self.finding.rule.split(".")[0]

    @property
    def scope(self) -> str:
        return "sentence" if self.family in SENTENCE_RULES else "word"


@dataclass(frozen=True)
class DiffPart:
    """A run of words the rewrite kept (``equal``), added (``insert``) or took out (``delete``)."""

    op: str
    text: str
    space: bool            # a space comes before it


@dataclass(frozen=True)
class DiffBlock:
    """One Easy Read row as a diff against the source: its sentences and its bullets."""

    sentences: tuple[tuple[DiffPart, ...], ...]
    bullets: tuple[tuple[DiffPart, ...], ...]


@dataclass(frozen=True)
class CompetenceReport:
    """Everything the report says about one competence."""

    id: str
    anchor: str
    domain: str
    path: str
    line: int
    column: int
    source: tuple[MarkedText, ...]
    findings: tuple[ReportFinding, ...]
    easy_read: str
    diff: tuple[DiffBlock, ...]
    changes: tuple[Change, ...]
    origin: str
    rewrite_status: str
    statuses: tuple[str, ...]
    reasons_before: tuple[str, ...]
    reasons_after: tuple[str, ...]
    scores_before: dict[str, object]
    scores_after: dict[str, object]
    findings_after: dict[str, int]
    errors_after: int
    losses: tuple[str, ...]
    explained: tuple[str, ...]
    rules: tuple[str, ...]

    def finding_map(self) -> dict[str, ReportFinding]:
        return {f.id: f for f in self.findings}

    @property
    def status_label(self) -> str:
        """What an editor reads first: passes / fails: why / approved / stale / meaning loss."""
        parts = []
        if "fails" in self.statuses:
            parts.append("Fails: " + ", ".join(self.reasons_after))
        else:
            parts.append("Passes")
        parts.extend(STATUS_LABELS[s] for s in self.statuses if s in ("approved", "stale"))
        if self.losses:
            parts.append("Possible meaning loss: " + ", ".join(self.losses))
        return "; ".join(parts)


@dataclass(frozen=True)
class DomainStats:
    """One domain's figures, for the charts and the summary table."""

    key: str
    label: str
    competences: int
    passing_before: int
    passing_after: int
    median_grade_before: float | None
    median_grade_after: float | None
    grades_before: tuple[float, ...]
    grades_after: tuple[float, ...]
    findings_before: dict[str, int]
    findings_after: dict[str, int]


@dataclass(frozen=True)
class FailingItem:
    competence_id: str
    anchor: str
    domain: str
    errors: int
    grade_after: float | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StaleItem:
    competence_id: str
    anchor: str
    domain: str
    approval_path: str
    approval_line: int
    approved_by: str
    approved_on: str


@dataclass(frozen=True)
class PictureItem:
    """An Easy Read row that no idea's picture fits: it shows its section's picture."""

    competence_id: str
    anchor: str
    domain: str
    row: int               # 1-based row of the competence
    picture: str           # the OpenMoji code shown
    page: str              # the site page the row is on
    why: str = ""          # why no picture fitted (layout.RowRecord.why)


@dataclass(frozen=True)
class Occurrence:
    """Where a candidate word occurs: the sentence, and the word's place in it."""

    competence_id: str
    anchor: str
    path: str
    line: int
    column: int
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A ``hard-word`` not in the glossary: a candidate for a new entry."""

    word: str
    count: int
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Match:
    competence_id: str
    anchor: str
    count: int


@dataclass(frozen=True)
class GlossaryRow:
    """A glossary entry or phrase, with how often and where it matched the source."""

    id: str
    kind: str              # "entry" or "phrase"
    terms: tuple[str, ...]
    category: str
    rule: str
    status: str
    action: str
    plain: str
    explanation: str
    line: int
    matches: int
    where: tuple[Match, ...]
    provenance: tuple[dict[str, object], ...]


@dataclass(frozen=True)
class Todo:
    failing: tuple[FailingItem, ...]
    stale: tuple[StaleItem, ...]
    default_pictures: tuple[PictureItem, ...] | None   # None: not known (no picture table)
    candidates: tuple[Candidate, ...]
    dead_entries: tuple[GlossaryRow, ...]


@dataclass(frozen=True)
class Summary:
    """The figures at the top: ``before``/``after`` are exactly ``easyread check``'s summaries."""

    before: dict[str, object]
    after: dict[str, object]
    approved_by_editor: int
    stale_approvals: int
    meaning_losses: int
    glossary_awaiting_approval: int
    glossary_entries: int
    dead_entries: int
    candidates: int
    default_picture_rows: int | None


@dataclass(frozen=True)
class ReportData:
    version: int
    profile: str
    glossary: str
    files: tuple[str, ...]
    summary: Summary
    domains: tuple[DomainStats, ...]
    rules: tuple[str, ...]
    competences: tuple[CompetenceReport, ...]
    todo: Todo
    glossary_table: tuple[GlossaryRow, ...]
    max_grade: float | None = None


class RowChoice(Protocol):
    """What the renderer records for each Easy Read row (``render.RowRecord``)."""

    page: str
    competence_id: str
    row: int
    picture: str
    source: str        # "editor", "concept" or "default"
    why: str           # for "default": why no concept fitted


# ---------------------------------------------------------------- building it


def build_report(before: Analysis, versions: Sequence[EasyReadVersion], after: Analysis,
                 glossary: Glossary, *, approvals: Mapping[str, object] | None = None,
                 pictures: Sequence[RowChoice] | None = None,
                 max_grade: float | None = None, glossary_name: str | None = None) -> ReportData:
    """The whole report from the two analyses, the Easy Read versions and the glossary.

    ``before`` analyses the source, ``after`` the Easy Read text (``as_framework``);
    both list competences in the same order as ``versions``. ``approvals`` (by
    competence id) tells where a stale approval lives; ``pictures`` is what the
    renderer chose for each row (``RenderedSite.rows``; None when not known).
    """
    if not (len(before.results) == len(versions) == len(after.results)):
        raise ValueError("the analyses and the Easy Read versions must cover the same competences")
    anchors = _anchors([r.competence.id for r in before.results])
    competences = tuple(_competence(b, v, a, anchor)
                        for b, v, a, anchor in zip(before.results, versions, after.results, anchors))
    glossary_rows = _glossary_rows(glossary, before, anchors)
    dead = tuple(row for row in glossary_rows if row.matches == 0 and row.status != "rejected")
    todo = Todo(
        failing=_failing(competences),
        stale=_stale(competences, approvals or {}),
        default_pictures=_default_pictures(pictures, competences) if pictures is not None else None,
        candidates=_candidates(before, glossary, anchors),
        dead_entries=dead,
    )
    summary = Summary(
        before=before.summary(), after=after.summary(),
        approved_by_editor=sum("approved" in c.statuses for c in competences),
        stale_approvals=len(todo.stale),
        meaning_losses=sum(bool(c.losses) for c in competences),
        glossary_awaiting_approval=sum(row.status == "proposed" for row in glossary_rows),
        glossary_entries=len(glossary_rows), dead_entries=len(dead), candidates=len(todo.candidates),
        default_picture_rows=None if todo.default_pictures is None else len(todo.default_pictures),
    )
    rules = sorted({f.family for c in competences for f in c.findings}
                   | {r for c in competences for r in c.findings_after})
    return ReportData(version=REPORT_VERSION, profile=before.profile, glossary=glossary_name or glossary.path,
                      files=tuple(before.files), summary=summary,
                      domains=_domains(before, after, competences), rules=tuple(rules),
                      competences=competences, todo=todo, glossary_table=glossary_rows,
                      max_grade=max_grade)


def _anchors(ids: Sequence[str]) -> list[str]:
    """A page id per competence; drafts from two files may both have a ``p1``."""
    seen: Counter[str] = Counter()
    anchors = []
    for competence_id in ids:
        base = "c-" + re.sub(r"[^A-Za-z0-9]", "-", competence_id)
        seen[base] += 1
        anchors.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return anchors


def _domain_key(result: CompetenceResult) -> str:
    return result.domain.number or result.domain.path


def domain_label(result: CompetenceResult) -> str:
    domain = result.domain
    if domain.number:
        return f"{domain.number} {domain.title}".strip()
    return domain.title or domain.path


def _competence(before: CompetenceResult, version: EasyReadVersion, after: CompetenceResult,
                anchor: str) -> CompetenceReport:
    competence = before.competence
    if version.competence_id != competence.id or after.competence.id != competence.id:
        raise ValueError(f"competence {competence.id} is out of order in the analyses")
    findings, source = place_findings(before, anchor)
    statuses = ["passes" if after.passes else "fails"]
    if version.origin == "editor":
        statuses.append("stale" if version.status == "stale" else "approved")
    if version.losses:
        statuses.append("meaning-loss")
    after_rules = Counter(f.rule.split(".")[0] for f in after.findings)
    position = competence.position
    return CompetenceReport(
        id=competence.id, anchor=anchor, domain=_domain_key(before), path=position.path,
        line=position.line, column=position.column, source=source, findings=findings,
        easy_read=version.markdown(),
        diff=word_diff(competence_words(before), version) if version.origin == "rules" else
        tuple(DiffBlock(tuple(_equal(s) for s in b.sentences), tuple(_equal(s) for s in b.bullets))
              for b in version.blocks),
        changes=tuple(version.changes), origin=version.origin, rewrite_status=version.status,
        statuses=tuple(statuses), reasons_before=tuple(before.reasons), reasons_after=tuple(after.reasons),
        scores_before=before.scores.as_dict(), scores_after=after.scores.as_dict(),
        findings_after=dict(sorted(after_rules.items())),
        errors_after=sum(f.severity == "error" for f in after.findings),
        losses=tuple(version.losses), explained=tuple(version.explained),
        rules=tuple(sorted({f.rule.split(".")[0] for f in before.findings} | set(after_rules))),
    )


# ---------------------------------------------------------------- findings in place


def span_range(span: Span, finding: Finding,
               index: Mapping[int, int] | None = None) -> tuple[int, int] | None:
    """Where a finding sits in ``span.text``, from its file positions; None if not in it.

    ``index`` (file offset -> character of the span, from ``offset_index``) saves
    rebuilding it for every finding of the same span.
    """
    starts = span.source.line_starts
    if not (0 < finding.line <= len(starts) and 0 < finding.end_line <= len(starts)):
        return None
    first = starts[finding.line - 1] + finding.column - 1
    last = starts[finding.end_line - 1] + finding.end_column - 2   # the last character
    index = offset_index(span) if index is None else index
    if first not in index or last not in index:
        return None
    return index[first], index[last] + 1


def offset_index(span: Span) -> dict[int, int]:
    """File offset -> index into ``span.text`` (later characters never share an offset)."""
    return {offset: i for i, offset in enumerate(span.offsets[:len(span.text)])}


def place_findings(result: CompetenceResult,
                    anchor: str) -> tuple[tuple[ReportFinding, ...], tuple[MarkedText, ...]]:
    """Give every finding an id and put it in the span it points into."""
    spans = [(0, result.competence.text)]
    spans.extend((depth, point.text) for depth, point in _points(result.competence.points, 1))
    indexes = [offset_index(span) for _, span in spans]
    placed: dict[int, list[Highlight]] = defaultdict(list)
    findings = []
    for number, finding in enumerate(result.findings, 1):
        finding_id = f"{anchor}-f{number}"
        where = next(((i, r) for i, (_, span) in enumerate(spans)
                      if (r := span_range(span, finding, indexes[i])) is not None), None)
        if where is not None:
            placed[where[0]].append(Highlight(finding_id, *where[1]))
        findings.append(ReportFinding(finding_id, where is not None, finding))
    marked = tuple(MarkedText("statement" if i == 0 else "point", depth, span.text,
                              span.position.line, span.position.column, tuple(placed[i]))
                   for i, (depth, span) in enumerate(spans))
    return tuple(findings), marked


def _points(points, depth: int):
    for point in points:
        yield depth, point
        yield from _points(point.points, depth + 1)


@dataclass
class MarkNode:
    """A ``<mark>`` in the page: one finding (or one piece of it, where findings cross)."""

    finding: str
    first: bool
    children: list["MarkNode | str"] = field(default_factory=list)


def nest(text: str, highlights: Iterable[Highlight]) -> list[MarkNode | str]:
    """Text and properly nested marks, so that every highlight covers exactly its range.

    Highlights may overlap without nesting (a passive verb across the end of a
    bracket); then the later one is split into pieces that each nest, and only the
    first piece is the focusable one.
    """
    ranges = sorted({(h.start, -h.end, h.finding) for h in highlights if h.end > h.start})
    bounds = sorted({0, len(text), *(s for s, _, _ in ranges), *(-e for _, e, _ in ranges)})
    root: list[MarkNode | str] = []
    stack: list[tuple[tuple[int, int, str], MarkNode]] = []
    opened: set[str] = set()
    for a, b in zip(bounds, bounds[1:]):
        if a >= len(text):
            break
        active = [r for r in ranges if r[0] <= a and -r[1] >= b]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep][0] == active[keep]:
            keep += 1
        del stack[keep:]
        for item in active[keep:]:
            node = MarkNode(item[2], item[2] not in opened)
            opened.add(item[2])
            (stack[-1][1].children if stack else root).append(node)
            stack.append((item, node))
        (stack[-1][1].children if stack else root).append(text[a:b])
    return root


def marked_pieces(marked: MarkedText) -> list[MarkNode | str]:
    return nest(marked.text, marked.highlights)


@dataclass
class PointNode:
    """A sub-point and the sub-points under it, for nested lists in the page."""

    marked: MarkedText
    children: list["PointNode"] = field(default_factory=list)


def point_tree(source: Sequence[MarkedText]) -> list[PointNode]:
    """The flat list of sub-points (each with its depth) back as a tree."""
    roots: list[PointNode] = []
    stack: list[PointNode] = []
    for marked in source:
        if marked.kind != "point":
            continue
        node = PointNode(marked)
        del stack[max(marked.depth - 1, 0):]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


# ---------------------------------------------------------------- the rewrite as a diff


def competence_words(result: CompetenceResult) -> list[str]:
    return [span.text for span in result.competence.spans()]


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(display, comparison key, space before) for every word and punctuation mark."""
    plain = re.sub(r"\*\*|__", "", text)
    return [(m.group(2), m.group(2).casefold(), bool(m.group(1)))
            for m in TOKEN.finditer(plain)]


def _equal(text: str) -> tuple[DiffPart, ...]:
    return _merge([("equal", word, space) for word, _, space in _tokens(text)])


def word_diff(source: Sequence[str], version: EasyReadVersion) -> tuple[DiffBlock, ...]:
    """The Easy Read rows with the words the rewrite added (insert) and took out (delete).

    The comparison is word by word over the whole competence (statement and
    sub-points), case-insensitively, so "respect" becoming "Respect." at the start of a
    bullet shows only the added full stop. Words taken out are shown in the row where
    they would have been.
    """
    old = [t for text in source for t in _tokens(text)]
    units: list[tuple[int, str, int]] = []
    new: list[tuple[str, str, bool]] = []
    owner: list[int] = []
    for b, block in enumerate(version.blocks):
        for kind, texts in (("sentence", block.sentences), ("bullet", block.bullets)):
            for i, text in enumerate(texts):
                units.append((b, kind, i))
                for token in _tokens(text):
                    new.append(token)
                    owner.append(len(units) - 1)
    if not units:
        return ()
    parts: list[list[tuple[str, str, bool]]] = [[] for _ in units]
    matcher = difflib.SequenceMatcher(None, [t[1] for t in old], [t[1] for t in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            unit = owner[j1] if j1 < len(owner) else len(units) - 1
            parts[unit].extend(("delete", old[i][0], old[i][2]) for i in range(i1, i2))
        if op in ("insert", "replace", "equal"):
            kind = "equal" if op == "equal" else "insert"
            for j in range(j1, j2):
                parts[owner[j]].append((kind, new[j][0], new[j][2]))
    blocks: list[DiffBlock] = []
    for b, block in enumerate(version.blocks):
        sentences = tuple(_merge(parts[u]) for u, unit in enumerate(units) if unit[:2] == (b, "sentence"))
        bullets = tuple(_merge(parts[u]) for u, unit in enumerate(units) if unit[:2] == (b, "bullet"))
        blocks.append(DiffBlock(sentences, bullets))
    return tuple(blocks)


def _merge(tokens: list[tuple[str, str, bool]]) -> tuple[DiffPart, ...]:
    """Join neighbouring words with the same operation into one part."""
    merged: list[DiffPart] = []
    for index, (op, word, space) in enumerate(tokens):
        # Next to words taken out the two texts' spacing differs: keep words apart,
        # but let punctuation stay against the word before it.
        beside_delete = (bool(merged) and op != merged[-1].op and "delete" in (op, merged[-1].op)
                         and word[:1].isalnum())
        space = index > 0 and (space or beside_delete)
        if merged and merged[-1].op == op:
            last = merged[-1]
            merged[-1] = DiffPart(op, last.text + (" " if space else "") + word, last.space)
        else:
            merged.append(DiffPart(op, word, space))
    return tuple(merged)


# ---------------------------------------------------------------- the to-do lists


def _failing(competences: Sequence[CompetenceReport]) -> tuple[FailingItem, ...]:
    """Competences that fail after rewriting, worst first: most errors, then highest grade."""
    failing = [c for c in competences if "fails" in c.statuses]
    order = {c.anchor: i for i, c in enumerate(competences)}
    failing.sort(key=lambda c: (-c.errors_after, -_grade(c.scores_after), order[c.anchor]))
    return tuple(FailingItem(c.id, c.anchor, c.domain, c.errors_after,
                             c.scores_after.get("grade"), c.reasons_after)  # type: ignore[arg-type]
                 for c in failing)


def _grade(scores: Mapping[str, object]) -> float:
    grade = scores.get("grade")
    return float(grade) if isinstance(grade, (int, float)) else float("-inf")


def _stale(competences: Sequence[CompetenceReport], approvals: Mapping[str, object]) -> tuple[StaleItem, ...]:
    items = []
    for c in competences:
        if "stale" not in c.statuses:
            continue
        approval = approvals.get(c.id)
        items.append(StaleItem(c.id, c.anchor, c.domain, str(getattr(approval, "path", "")),
                               int(getattr(approval, "line", 0)), str(getattr(approval, "approved_by", "")),
                               str(getattr(approval, "approved_on", ""))))
    return tuple(items)


def _default_pictures(pictures: Sequence[RowChoice],
                      competences: Sequence[CompetenceReport]) -> tuple[PictureItem, ...]:
    by_id = {c.id: c for c in competences}
    items = []
    for picture in pictures:
        if picture.source != "default" or picture.competence_id not in by_id:
            continue
        c = by_id[picture.competence_id]
        items.append(PictureItem(c.id, c.anchor, c.domain, picture.row, picture.picture, picture.page,
                                 picture.why))
    return tuple(items)


def _candidates(before: Analysis, glossary: Glossary, anchors: Sequence[str]) -> tuple[Candidate, ...]:
    """``hard-word`` findings not in the glossary, most frequent first, with their sentences
    (the same list as ``easyread glossary suggest``: suggest.py), each placed on its anchor."""
    from .suggest import candidates

    anchor_of = {(r.path, r.competence.id): anchor for r, anchor in zip(before.results, anchors)}
    return tuple(Candidate(found.word, found.count, tuple(
        Occurrence(o.competence_id, anchor_of.get((o.path, o.competence_id), ""), o.path, o.line, o.column,
                   o.sentence, o.start, o.end) for o in found.occurrences))
        for found in candidates(before, glossary))


# ---------------------------------------------------------------- glossary


def _glossary_rows(glossary: Glossary, before: Analysis, anchors: Sequence[str]) -> tuple[GlossaryRow, ...]:
    """Each entry and phrase with its matches in the source (findings carry its rule)."""
    where: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    order: dict[tuple[str, str], int] = {}
    for index, (result, anchor) in enumerate(zip(before.results, anchors)):
        order[(result.competence.id, anchor)] = index
        for finding in result.findings:
            where[finding.rule][(result.competence.id, anchor)] += finding.count
    rows = [_entry_row(e, where[e.rule], order) for e in glossary.entries]
    rows.extend(_phrase_row(p, where[p.rule], order) for p in glossary.phrases)
    return tuple(rows)


def _matches(counter: Counter[tuple[str, str]], order: Mapping[tuple[str, str], int]) -> tuple[Match, ...]:
    return tuple(Match(cid, anchor, n) for (cid, anchor), n in sorted(counter.items(), key=lambda kv: order[kv[0]]))


def _provenance(items) -> tuple[dict[str, object], ...]:
    return tuple({"source": p.source, "respondent": p.respondent, "section": p.section,
                  "quote": p.quote, "response": p.response, "cite": p.cite()} for p in items)


def _entry_row(entry: Entry, counter: Counter[tuple[str, str]],
               order: Mapping[tuple[str, str], int]) -> GlossaryRow:
    return GlossaryRow(id=entry.id, kind="entry", terms=entry.terms, category=entry.category,
                       rule=entry.rule, status=entry.status, action=entry.action,
                       plain=entry.plain.base if entry.plain else "", explanation=entry.explanation,
                       line=entry.line, matches=sum(counter.values()), where=_matches(counter, order),
                       provenance=_provenance(entry.provenance))


def _phrase_row(phrase: Phrase, counter: Counter[tuple[str, str]],
                order: Mapping[tuple[str, str], int]) -> GlossaryRow:
    return GlossaryRow(id=phrase.id, kind="phrase", terms=phrase.match, category=phrase.kind,
                       rule=phrase.rule, status=phrase.status, action="replace", plain=phrase.replace,
                       explanation="", line=phrase.line, matches=sum(counter.values()),
                       where=_matches(counter, order), provenance=_provenance(phrase.provenance))


# ---------------------------------------------------------------- domains


def _domains(before: Analysis, after: Analysis,
             competences: Sequence[CompetenceReport]) -> tuple[DomainStats, ...]:
    groups: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for index, result in enumerate(before.results):
        key = _domain_key(result)
        groups.setdefault(key, []).append(index)
        labels.setdefault(key, domain_label(result))
    stats = []
    for key, indexes in groups.items():
        grades_b = tuple(g for i in indexes if (g := before.results[i].scores.grade) is not None)
        grades_a = tuple(g for i in indexes if (g := after.results[i].scores.grade) is not None)
        stats.append(DomainStats(
            key=key, label=labels[key], competences=len(indexes),
            passing_before=sum(before.results[i].passes for i in indexes),
            passing_after=sum(after.results[i].passes for i in indexes),
            median_grade_before=_median(grades_b), median_grade_after=_median(grades_a),
            grades_before=grades_b, grades_after=grades_a,
            findings_before=_by_rule(f for i in indexes for f in before.results[i].findings),
            findings_after=_by_rule(f for i in indexes for f in after.results[i].findings)))
    return tuple(stats)


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _by_rule(findings: Iterable[Finding]) -> dict[str, int]:
    return dict(sorted(Counter(f.rule.split(".")[0] for f in findings).items()))


# ---------------------------------------------------------------- output


def as_json(report: ReportData) -> str:
    """The report as one JSON document (``schemas/report.schema.json``)."""
    return json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"


def as_html(report: ReportData, cache=None) -> str:
    """The report as one self-contained HTML page (styles, script and charts inline).

    ``cache`` (the run's ``AnalysisCache``) keeps the drawn charts, which change only
    when their figures do.
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    from . import __version__, charts
    from .rules import rule_info

    env = Environment(loader=PackageLoader("easyread", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    labels = [d.label for d in report.domains]
    grade_chart = charts.cached(
        cache, charts.grade_distribution, labels, [d.grades_before for d in report.domains],
        [d.grades_after for d in report.domains], report.max_grade if report.max_grade is not None else 5.0)
    rule_chart = charts.cached(cache, charts.findings_by_rule, labels, [d.findings_before for d in report.domains],
                               [d.findings_after for d in report.domains])
    info = rule_info()
    titles = {rule: info[rule].title if rule in info else "" for rule in report.rules}
    by_rule = [report.summary.before["by_rule"], report.summary.after["by_rule"]]
    colours = charts.rule_colours(by_rule)  # type: ignore[arg-type]
    ranked = sorted(report.rules, key=lambda r: (-by_rule[0].get(r, 0), -by_rule[1].get(r, 0), r))
    template = env.get_template("report.html")
    return template.render(report=report, version=__version__, grade_chart=Markup(grade_chart),
                           rule_chart=Markup(rule_chart), rule_titles=titles,
                           rule_colours={r: colours.get(r, charts.OTHER_COLOUR) for r in report.rules},
                           rules_by_count=ranked,
                           domain_labels={d.key: d.label for d in report.domains},
                           status_labels=STATUS_LABELS, status_order=STATUS_ORDER,
                           marked_pieces=marked_pieces, point_tree=point_tree)
