"""The workspace's one door into easyread: every call the web app makes into the pipeline.

The app (``app.py``) imports nothing else from easyread, so when the stages move
(issue 15: ``pipeline.py``) only this module is repointed. What it offers:

- ``Workspace.snapshot()``: the documents as they are on disk now, each competence
  (or paragraph of a draft) with its status, its checks and its Easy Read versions;
  re-read only when a file changed (another editor, a ``git pull``, an approval);
- ``Workspace.check()``: the editor's Easy Read text checked by the real checker
  (``analyse``, with the spaCy pipeline kept warm in this process), findings placed
  in the text, the reading age, and the rows as the public site will show them;
- ``Workspace.approve()``: the editor's text, pictures and the source fingerprint
  written into ``approved/`` (``approvals.write_approval``), refused if the approval
  or the source changed since the page was opened;
- ``search_pictures()``: the bundled OpenMoji pictures by keyword;
- ``Workspace.check_pasted()``: any text checked and rewritten, nothing saved.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader

from ..analyse import Analysis, CompetenceResult, analyse
from ..approvals import (APPROVED_DIR, Approval, approval_file, approval_for, approval_key, approval_state,
                         load_approvals, parse_blocks, write_approval)
from ..cache import AnalysisCache, load_glossary_cached
from ..content import load_paths, parse_markdown, parse_plain_text
from ..files import content_files, decode_text
from ..errors import ConflictError, EasyReadError, InputError, Msg, SettingsError
from ..findings import Finding
from ..glossary import Glossary
from ..model import (Competence, Domain, EasyReadBlock, EasyReadVersion, Framework, Point, SourceFile,
                     Span)
from ..pictures import Picture, picture_table
from ..layout import BOLD, Row, lay_out
from ..render import WEB, environment as site_environment
from ..report import Highlight, MarkNode, nest
from ..report import place_findings   # the report's own placing of findings in a source
from ..rewrite import as_framework, rewrite_framework
from ..rules import COMPETENCE_RULES, rule_info
from ..settings import find_root, load_settings, project_settings

__all__ = ["APPROVED", "STALE", "PASSES", "NEEDS_EDITOR", "STATUSES", "EasyReadError", "ConflictError",
           "NotYetError", "Item",
           "Snapshot", "Checked", "Pasted", "Workspace", "MAX_TEXT", "SITE_STATIC", "environment",
           "search_pictures", "all_pictures", "read_upload"]

APPROVED, STALE, PASSES, NEEDS_EDITOR = "approved", "stale", "passes", "needs-editor"
STATUSES = {APPROVED: "Approved", STALE: "Approved, but the source changed since",
            PASSES: "Passes by rules", NEEDS_EDITOR: "Needs an editor"}
READY = (APPROVED, PASSES)
PASTE_SUFFIXES = (".md", ".markdown", ".txt")   # what the paste-in checker takes as a file
MAX_TEXT = 200_000           # characters: a long report pasted in, not a book
MEMORY_CACHE_CHECKS = 5_000  # checks of typed text before the in-memory cache starts afresh
EDITOR_PATH = "<your Easy Read text>"
SITE_STATIC = Path(__file__).resolve().parents[1] / "static"   # the site's CSS, fonts and pictures


# ---------------------------------------------------------------- what the pages show


class NotYetError(InputError):
    """The checker still finds problems in the text: approve it only if the editor says so."""


@dataclass
class Item:
    """One competence (or draft paragraph) and everything the workspace says about it."""

    key: str                       # approval key: "4.1.2", or "letter.md#p3" for a draft
    competence: Competence
    domain: Domain
    domain_label: str
    status: str
    approval: Approval | None
    version: EasyReadVersion       # what the public site showed at the last full reading
    proposal: EasyReadVersion      # the rules' own Easy Read text
    source_check: CompetenceResult
    version_check: CompetenceResult
    state: str                     # approval_state: handed back on save
    source_file: str = ""          # the source file as the editor knows it (inside the project)

    @property
    def url(self) -> str:
        return self.key.replace("#", "/")

    @property
    def ready(self) -> bool:
        return self.status in READY

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def first_words(self) -> str:
        words = self.competence.text.text.split()
        return " ".join(words[:14]) + (" ..." if len(words) > 14 else "")

    @property
    def box_text(self) -> str:
        """What the text box starts with: the approved text, else the rules' proposal."""
        return self.approval.text if self.approval else self.proposal.markdown() + "\n"

    def source_marked(self) -> "MarkedSource":
        """The source with its findings marked, as the report places them."""
        return marked_source(self.source_check, "s")


@dataclass
class Snapshot:
    """The documents as read at one moment, in reading order, or the error that stopped the reading."""

    items: dict[str, Item] = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    content_dir: Path = Path(".")
    error: str = ""

    @property
    def ready(self) -> int:
        return sum(item.ready for item in self.items.values())

    def counts(self) -> dict[str, int]:
        return {status: sum(i.status == status for i in self.items.values()) for status in STATUSES}


@dataclass(frozen=True)
class MarkedSpan:
    kind: str                       # "statement" or "point"
    depth: int
    nodes: list[MarkNode | str]


@dataclass
class MarkedSource:
    """A source competence (or pasted paragraph) with its findings marked in place."""

    spans: list[MarkedSpan]
    findings: list[tuple[str, Finding]]                 # (id in the page, finding)

    @property
    def marks(self) -> dict[str, dict[str, object]]:
        return {fid: {"severity": f.severity, "number": n} for n, (fid, f) in enumerate(self.findings, 1)}


def marked_source(result: CompetenceResult, prefix: str) -> MarkedSource:
    findings, spans = place_findings(result, prefix)
    return MarkedSource([MarkedSpan(span.kind, span.depth, nest(span.text, span.highlights)) for span in spans],
                        [(f.id, f.finding) for f in findings])


@dataclass(frozen=True)
class PlacedFinding:
    """A finding of the editor's text with where it sits in the box (character offsets)."""

    id: str
    finding: Finding
    start: int | None
    end: int | None
    replacement: str | None        # text a click puts in place of ``box[start:end]``

    @property
    def found(self) -> str:
        return self.finding.text

    @property
    def whole_text(self) -> bool:
        """A finding about the text as a whole (the reading level): a signal, not a place to fix."""
        return self.finding.rule.split(".")[0] in COMPETENCE_RULES

    @property
    def to_fix(self) -> bool:
        """An error or a warning about a word or a sentence: what the editor should look at."""
        return self.finding.severity in ("error", "warning") and not self.whole_text


@dataclass
class Checked:
    """The editor's Easy Read text, checked."""

    text: str
    findings: list[PlacedFinding]
    marked: list[MarkNode | str]
    reading: str
    verdict: str
    reasons: list[str]
    rows: list[Row]
    row_labels: list[str]           # one per block (the editor's paragraph), with its first row:
    block_rows: list[Row | None]    # the picture a block gets is its first row's
    pictures: list[str | None]

    @property
    def marks(self) -> dict[str, dict[str, object]]:
        """Finding id -> its severity and its number in the page (problems first, then notes)."""
        return {p.id: {"severity": p.finding.severity, "number": n}
                for n, p in enumerate([*self.problems, *self.notes], 1)}

    @property
    def problems(self) -> list[PlacedFinding]:
        return [p for p in self.findings if p.to_fix]

    @property
    def notes(self) -> list[PlacedFinding]:
        return [p for p in self.findings if not p.to_fix]

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for placed in self.problems:
            counts[placed.finding.severity] += 1
        return counts


@dataclass
class PastedParagraph:
    id: str
    marked: MarkedSource
    check: CompetenceResult
    easy_read: list[EasyReadBlock]


@dataclass
class Pasted:
    name: str
    paragraphs: list[PastedParagraph]

    @property
    def passing(self) -> int:
        return sum(p.check.passes for p in self.paragraphs)


# ---------------------------------------------------------------- the workspace


class Workspace:
    """The served folder (or file) and the warm checker; safe to share between threads."""

    def __init__(self, path: Path | str | None = None) -> None:
        root_hint = Path(path) if path else None
        self.root = find_root(root_hint if root_hint and root_hint.is_dir() else
                              (root_hint.parent if root_hint else Path.cwd()))
        target = root_hint or load_settings(root=self.root).root / "content"
        if not target.exists():
            raise InputError(Msg.E005.format(), path=str(target))
        self.inputs = [target]
        self.content_dir = (target if target.is_dir() else target.parent).resolve()
        self._lock = threading.RLock()         # one reading of everything at a time
        self._write_lock = threading.Lock()    # one approval written at a time
        self._check_lock = threading.Lock()    # spaCy: one document at a time
        self._snapshot: Snapshot | None = None
        self._signature: tuple = ()
        self._memory = AnalysisCache.disabled()
        self._checks = 0
        self._context: tuple = ()

    # ---------------------------------------------------------------- reading

    def snapshot(self) -> Snapshot:
        """The documents as they are on disk now (read again only when a file changed).

        While an approval is being written its file changes under us: the writer
        records the change itself, so the reading is not thrown away for it.
        """
        current = self._snapshot
        if current is not None and (self._write_lock.locked() or self._files_signature() == self._signature):
            return current
        with self._lock:
            signature = self._files_signature()
            if self._snapshot is None or signature != self._signature:
                self._snapshot = self._read()
                self._signature = signature
            return self._snapshot

    def latest(self) -> Snapshot:
        """The last reading, without looking at the files (for checks as the editor types:
        they must not wait while another request reads everything again)."""
        return self._snapshot if self._snapshot is not None else self.snapshot()

    def _files_signature(self) -> tuple:
        files: list[Path] = [self.root / "easyread.toml", self.root / "pyproject.toml"]
        try:
            files += content_files(self.inputs)
        except EasyReadError:
            pass
        files += sorted((self.content_dir / APPROVED_DIR).glob("*.yml"))
        try:
            files.append(self._context[1].glossary if self._context else load_settings(root=self.root).glossary)
        except EasyReadError:
            pass
        stats = []
        for path in files:
            try:
                stat = path.stat()
                stats.append((str(path), stat.st_mtime_ns, stat.st_size))
            except OSError:
                stats.append((str(path), None, None))
        return tuple(stats)

    def _read(self) -> Snapshot:
        try:
            return self._read_documents()
        except EasyReadError as error:
            return Snapshot(content_dir=self.content_dir, error=str(error))

    def _read_documents(self) -> Snapshot:
        settings, glossary = self._load_context()
        cache = AnalysisCache(settings.cache_dir)
        framework = load_paths(self.inputs)
        approvals = load_approvals(self.content_dir)
        site = rewrite_framework(framework, glossary, settings, approvals=approvals, cache=cache)
        rules_only = rewrite_framework(framework, glossary, settings, approvals={}, cache=cache)
        before = analyse(framework, glossary, settings, cache)
        after = analyse(as_framework(site), glossary, settings, cache)
        self._memory = cache.detached()   # checks of the texts just read answer from here
        snapshot = Snapshot(content_dir=self.content_dir)
        domains = {id(d): d for d in framework.domains}
        for version, proposal, source_check, version_check in zip(site, rules_only, before.results,
                                                                   after.results):
            competence = version.competence
            domain = domains[id(source_check.domain)]
            label = _domain_label(domain)
            if label not in snapshot.domains:
                snapshot.domains.append(label)
            item = Item(approval_key(competence), competence, domain, label,
                        _status(version, version_check), approval_for(approvals, competence), version,
                        proposal, source_check, version_check, approval_state(approvals, competence),
                        self._shown(Path(competence.text.source.path)))
            snapshot.items[item.url] = item
        return snapshot

    def _checker(self) -> tuple:
        """The settings and glossary of the last reading (the checker is kept warm with them)."""
        if not self._context:
            self.snapshot()
        if not self._context:
            raise InputError(self.snapshot().error)
        return self._context[1], self._context[2]

    def _load_context(self) -> tuple:
        """Settings and glossary, read again only when one of their files changed."""
        settings = load_settings(root=self.root)
        glossary_file = settings.glossary
        stamp = (settings, _stamp(glossary_file))
        if not self._context or self._context[0] != stamp:
            glossary = _pin(load_glossary_cached(glossary_file, settings.cache_dir))
            self._context = (stamp, settings, glossary)
        return self._context[1], self._context[2]

    def warm_up(self) -> None:
        """Read everything once and load spaCy and textstat now, not on the first keystroke."""
        snapshot = self.snapshot()
        item = next(iter(snapshot.items.values()), None)
        if item is not None:
            self.check(item, "Peer support workers listen to people.\n", [])

    def editor_name(self) -> str | None:
        """The name set once in the settings (``editor = "..."``), if any."""
        table, where = project_settings(self.root)
        name = table.get("editor")
        if name is not None and not isinstance(name, str):
            raise SettingsError(Msg.E088.format(), path=where)
        return name.strip() or None if name else None

    # ---------------------------------------------------------------- checking

    def check(self, item: Item, text: str, pictures: list[str | None]) -> Checked:
        """The editor's text as the checker and the public site see it."""
        text = _limit(text, "The Easy Read text")
        settings, glossary = self._checker()
        blocks = parse_blocks(text) if text.strip() else []
        version = EasyReadVersion(item.competence, blocks, origin="editor")
        framework, spans = _editor_framework(version, text, item.competence)
        result = self._analyse(framework, glossary, settings).results[0] if spans else None
        findings = _placed(result, spans, text, frozenset(glossary.rules())) if result else []
        marked = nest(text, [Highlight(p.id, p.start, p.end) for p in findings
                             if p.start is not None and p.end is not None and not p.whole_text])
        chosen = _known_pictures(pictures)
        rows = _preview_rows(blocks, item, chosen, glossary)
        return Checked(text=text, findings=findings, marked=marked,
                       reading=result.scores.describe() if result else "no text yet",
                       verdict=result.verdict if result else "fails",
                       reasons=list(result.reasons) if result else [],
                       rows=rows, row_labels=[_row_label(b) for b in blocks],
                       block_rows=[next((r for r in rows if r.paragraph == i and r.starts_paragraph), None)
                                   for i in range(len(blocks))],
                       pictures=chosen[:len(blocks)])

    def _analyse(self, framework: Framework, glossary: Glossary, settings) -> Analysis:
        with self._check_lock:
            self._checks += 1
            if self._checks % MEMORY_CACHE_CHECKS == 0:   # typed variants pile up: start afresh
                self._signature = ()                      # (and read the project's results again)
            return analyse(framework, glossary, settings, self._memory)

    def check_pasted(self, text: str, name: str = "pasted.md") -> Pasted:
        """Any text checked and rewritten with approved wording only; nothing is saved."""
        text = _limit(text, "The text")
        settings, glossary = self._checker()
        shown = Path(name).name or "pasted.md"
        source = SourceFile.from_text(shown, text)
        domain = parse_plain_text(source) if shown.lower().endswith(".txt") else parse_markdown(source)
        framework = Framework([domain])
        with self._check_lock:
            analysis = analyse(framework, glossary, settings, self._memory)
            versions = rewrite_framework(framework, glossary, settings, approvals={}, cache=self._memory)
        paragraphs = [PastedParagraph(result.competence.id, marked_source(result, f"p-{result.competence.id}"),
                                      result, version.blocks)
                      for result, version in zip(analysis.results, versions)]
        return Pasted(shown, paragraphs)

    # ---------------------------------------------------------------- approving

    def approvals_file(self, item: Item) -> str:
        """The file an approval of ``item`` goes into, as the editor knows it (``content/approved/...``)."""
        return self._shown(approval_file(self.content_dir, item.competence,
                                         {item.key: item.approval} if item.approval else {}))

    def _shown(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def approve(self, url: str, text: str, pictures: list[str | None], name: str, seen_state: str,
                today: datetime.date | None = None, anyway: bool = False) -> Path:
        """Write the approval for the competence at ``url`` as it is on disk now.

        Text the checker still finds errors or warnings in is approved only ``anyway``
        (the editor ticked the box): a warning lost among the others is easy to approve
        by mistake, and a second round costs more than a tick.
        """
        unknown = [code for code in pictures if code and code not in picture_table().vendored]
        if unknown:
            raise InputError(Msg.E056.format(code=unknown[0], where=f"competence {url}"))
        item = self.latest().items.get(url)
        if item is not None and not anyway:
            problems = self.check(item, text, pictures).problems
            if problems:
                shown = "; ".join(f"{p.finding.rule} '{p.found[:40]}'" for p in problems[:3])
                raise NotYetError(Msg.E089.format(count=len(problems), problems=shown))
        with self._write_lock:
            item = self.latest().items.get(url)
            if item is None:
                raise InputError(Msg.E082.format(competence=url, path=self.content_dir))
            fresh = _reread(item)
            if fresh is None:
                raise InputError(Msg.E082.format(competence=item.key, path=item.competence.text.source.path))
            path = write_approval(self.content_dir, fresh, text, pictures, name, seen_state, today)
            self._record_approval(item, fresh, path)
            return path

    def _record_approval(self, item: Item, competence: Competence, written: Path) -> None:
        """Show our own approval at once, without reading everything again (seconds under load).

        Only the approval file we wrote may have changed for this shortcut: if anything
        else changed meanwhile (a source edited, a git pull), the next page reads it all.
        """
        before = dict((path, stamp) for path, *stamp in self._signature)
        after = self._files_signature()
        changed = {path for path, *stamp in after if before.get(path) != stamp} | (set(before) - {p for p, *_ in after})
        if changed - {str(written)} or self._snapshot is None:
            self._signature = ()
            return
        approvals = load_approvals(self.content_dir)
        now = dataclasses.replace(item, competence=competence, approval=approval_for(approvals, competence),
                                  state=approval_state(approvals, competence), status=APPROVED)
        with self._lock:
            self._snapshot = dataclasses.replace(self._snapshot, items={**self._snapshot.items, item.url: now})
            self._signature = after


def read_upload(filename: str, data: bytes) -> tuple[str, str]:
    """An uploaded .md or .txt file as (its name, its text); read like any content file."""
    name = Path(filename.replace("\\", "/")).name
    if Path(name).suffix.lower() not in PASTE_SUFFIXES:
        raise InputError(Msg.E086.format(name=name))
    if len(data) > MAX_TEXT * 4:
        raise InputError(Msg.E085.format(what="The file", limit=MAX_TEXT, size=len(data)))
    return name, _limit(decode_text(data, name), "The file")


# ---------------------------------------------------------------- helpers


def _stamp(path: Path) -> tuple:
    try:
        stat = Path(path).stat()
        return (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), None, None)


def _pin(glossary: Glossary) -> Glossary:
    """The glossary with its fingerprint worked out once (it is a cache key of every check).

    ``Glossary.fingerprint`` hashes the repr of every entry on each call (about 8 ms
    here, a third of a warm check); the served glossary never changes in memory: a
    changed file is loaded again as a new object.
    """
    pinned = _PinnedGlossary(**{f.name: getattr(glossary, f.name) for f in dataclasses.fields(glossary)})
    return pinned


@dataclass
class _PinnedGlossary(Glossary):
    @functools.cached_property
    def fingerprint(self) -> str:   # type: ignore[override]
        return Glossary.fingerprint.fget(self)   # type: ignore[attr-defined]


def _domain_label(domain: Domain) -> str:
    if domain.number:
        return f"{domain.number} {domain.title}".strip()
    return Path(domain.path).name


def _status(version: EasyReadVersion, check: CompetenceResult) -> str:
    if version.origin == "editor":
        return STALE if version.status == "stale" else APPROVED
    return PASSES if check.passes else NEEDS_EDITOR


def _limit(text: str, what: str) -> str:
    if len(text) > MAX_TEXT:
        raise InputError(Msg.E085.format(what=what, limit=MAX_TEXT, size=len(text)))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _reread(item: Item) -> Competence | None:
    """The competence as its file holds it now (the page may be older than the file)."""
    framework = load_paths([item.competence.text.source.path])
    return next((c for c in framework.competences() if approval_key(c) == item.key), None)


def _editor_framework(version: EasyReadVersion, text: str,
                      competence: Competence) -> tuple[Framework, list[Span]]:
    """The editor's text as the report's check of the Easy Read text sees it (``as_framework``):
    one competence, its first sentence the statement and every other sentence and bullet
    a point, but with each character placed in the text box, so findings can be marked."""
    source = SourceFile.from_text(EDITOR_PATH, text)
    spans: list[Span] = []
    cursor = 0
    for sentence in version.sentences():
        offsets, cursor = _place(sentence, text, cursor)
        spans.append(Span(sentence, sentence, source, offsets))
    domain = Domain(number="", title="", path=EDITOR_PATH)
    if spans:
        domain.competences.append(Competence(id=competence.id, text=spans[0],
                                             points=[Point(span) for span in spans[1:]],
                                             heading=competence.heading))
    return Framework([domain]), spans


def _place(sentence: str, text: str, cursor: int) -> tuple[tuple[int, ...], int]:
    """Where each character of ``sentence`` sits in ``text`` (from ``cursor`` on).

    ``parse_blocks`` joins a paragraph's lines with one space and drops the ``- ``
    of a bullet, so a space in the sentence may stand for a line end and indentation.
    """
    pattern = r"\s+".join(re.escape(part) for part in sentence.split(" "))
    match = re.compile(pattern).search(text, cursor) if sentence else None
    if match is None:   # not expected; keep the check going, without marks
        return tuple(range(len(sentence) + 1)), cursor
    offsets: list[int] = []
    j = match.start()
    for i, char in enumerate(sentence):
        offsets.append(j)
        j += 1
        if char == " " and not (i + 1 < len(sentence) and sentence[i + 1] == " "):
            while j < match.end() and text[j].isspace():
                j += 1
    offsets.append(match.end())
    return tuple(offsets), match.end()


def _placed(result: CompetenceResult, spans: list[Span], text: str,
            glossary_rules: frozenset[str]) -> list[PlacedFinding]:
    """Each finding with its offsets in the box and, where its suggestion is wording, that wording."""
    starts = spans[0].source.line_starts
    placed = []
    for number, finding in enumerate(result.findings, 1):
        start = starts[finding.line - 1] + finding.column - 1
        end = starts[finding.end_line - 1] + finding.end_column - 1
        inside = 0 <= start < end <= len(text) and text[start:end] == finding.text
        placed.append(PlacedFinding(f"f{number}", finding, start if inside else None, end if inside else None,
                                    _replacement(finding, glossary_rules) if inside else None))
    return placed


def _replacement(finding: Finding, glossary_rules: frozenset[str]) -> str | None:
    """A suggestion that is wording to put in place (a glossary's plain words, a shorter
    phrase, digits), not advice ("split it into shorter sentences"). Which is which comes
    from the data: glossary rules always suggest wording; a checker rule does when its
    suggestion in rules.yml is only a placeholder such as ``{digits}``."""
    if not finding.suggestion or finding.severity == "info":
        return None
    family = finding.rule.split(".")[0]
    if finding.rule in glossary_rules:
        return _match_case(finding.suggestion, finding.text)
    info = rule_info().get(family)
    if info is not None and re.fullmatch(r"\{\w+\}", info.suggestion.strip()):
        return _match_case(finding.suggestion, finding.text)
    return None


def _match_case(suggestion: str, found: str) -> str:
    """"Interventions" at the start of a sentence becomes "Support", not "support"."""
    if found[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _known_pictures(pictures: list[str | None]) -> list[str | None]:
    vendored = picture_table().vendored
    return [code if code in vendored else None for code in pictures]


def _row_label(block: EasyReadBlock) -> str:
    words = BOLD.sub(r"\1", " ".join((*block.sentences, *block.bullets))).split()
    return " ".join(words[:8]) + (" ..." if len(words) > 8 else "")


def _preview_rows(blocks: list[EasyReadBlock], item: Item, chosen: list[str | None],
                  glossary: Glossary) -> list[Row]:
    """The rows as the public site lays them out (layout.py: one idea per row, the same
    pictures rule, explained words with their notes), for this competence alone."""
    version = EasyReadVersion(item.competence, blocks, origin="editor", pictures=list(chosen))
    framework = Framework([item.domain])
    try:
        layout = lay_out(framework, [version], glossary)
    except EasyReadError:   # a picture named in the front matter that is not bundled
        return []
    return [row for page in layout.pages for row in page.rows() if row.competence_id == item.competence.id]


# ---------------------------------------------------------------- pictures


@dataclass(frozen=True)
class PictureChoice:
    code: str
    description: str

    @property
    def path(self) -> str:
        return Picture(self.code, "", "").path


@functools.lru_cache(maxsize=1)
def all_pictures() -> tuple[PictureChoice, ...]:
    """Every bundled picture, by what it shows."""
    table = picture_table()
    return tuple(sorted((PictureChoice(code, table.describe(code) or code) for code in table.vendored),
                        key=lambda choice: choice.description.casefold()))


def search_pictures(query: str, limit: int = 24) -> list[PictureChoice]:
    """Bundled pictures for a keyword: what a picture shows, the ideas it stands for
    (data/concepts.yml: "listen" finds the ear) and OpenMoji's own tags (``PictureTable.search``)."""
    if not re.findall(r"\w+", query):
        return list(all_pictures()[:limit])
    return [PictureChoice(code, description or code) for code, description in picture_table().search(query)[:limit]]


# ---------------------------------------------------------------- pages


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The site's Jinja environment (autoescape on, strict), with the workspace's templates
    first: the preview uses the site's own row macro."""
    env = site_environment().overlay(loader=ChoiceLoader([PackageLoader("easyread.workspace", "templates"),
                                                         site_environment().loader]),
                                     auto_reload=False)   # no file look-ups per request
    env.globals = {**env.globals, "links": WEB}   # the preview links words to the site's word bank
    return env
