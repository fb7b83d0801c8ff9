"""The pipeline: one function per command, each reading top to bottom.

settings -> files -> model -> analysis -> rewrite -> output, like MkDocs' ``build()``.
Every command starts with ``open_project`` (settings, glossary, cache and the run's
spaCy tagger, with every rule id named anywhere checked) and ``load`` (the content
files as the document model); then it calls the stages in order and returns what
they made. The stages print nothing; this module writes files only through
``output.py`` and ``build.py``; ``cli.py`` turns flags into a call here and the result
into printed lines and an exit code.

Things an editor should know but that do not stop the run (an approval out of date,
competences that still fail) are ``Notice``s with a code (W001 ...): each command
returns them, the CLI prints them, and ``--strict`` makes them fail the run.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .analyse import Analysis, Progress, analyse
from .approvals import Approval, load_approvals
from .cache import AnalysisCache, load_glossary_cached
from .errors import EasyReadError, InputError, Msg, Notice, Warn
from .glossary import Glossary
from .model import EasyReadVersion, Framework
from .settings import Settings, load_settings
from .tagging import Tagger

if TYPE_CHECKING:
    from .output import RunInputs

STDIN = "-"


# ---------------------------------------------------------------- what every command loads first


@dataclass
class Project:
    """Settings, glossary, cache and the run's spaCy, with every rule id checked."""

    settings: Settings
    glossary: Glossary
    cache: AnalysisCache
    known_rules: set[str]
    tagger: Tagger
    notices: list[Notice] = field(default_factory=list)

    def notice(self, message: str, path: str | None = None) -> None:
        self.notices.append(Notice(path, message))


def open_project(*, profile: str | None = None, glossary: str | None = None,
                 disable: Sequence[str] = (), no_cache: bool = False, root: Path | None = None) -> Project:
    """Resolve settings (defaults < settings file < flags), load the glossary, check rule ids."""
    from .rules import known_rule_prefixes, validate_rule_ids

    settings = load_settings(root=root, profile=profile, glossary=glossary, disable=disable)
    glossary_data = load_glossary_cached(settings.glossary, None if no_cache else settings.cache_dir)
    known = known_rule_prefixes(list(glossary_data.rules()))
    validate_rule_ids(settings.disabled, known, "the settings or --disable")
    validate_rule_ids(frozenset(settings.profile.severity), known,
                      f"the severities of profile {settings.profile.name!r}")
    cache = AnalysisCache.disabled() if no_cache else AnalysisCache(settings.cache_dir)
    return Project(settings, glossary_data, cache, known, Tagger(settings.model, glossary_data))


def load(project: Project, paths: Sequence[str]) -> Framework:
    """The content as the document model (default: content/), its inline rule switches checked."""
    from .content import load_paths
    from .rules import validate_rule_ids

    framework = load_paths(list(paths) or [str(project.settings.content)], project.cache)
    project.notices.extend(framework.notices)   # files skipped, parts of a Word document left out
    for domain in framework.domains:
        rules = set(domain.disabled_rules) | {r for rs in domain.line_disables.values() for r in rs}
        validate_rule_ids(rules, project.known_rules, f"an easyread-disable comment in {domain.path}")
    return framework


def content_folder(project: Project, paths: Sequence[str]) -> Path:
    """Where editor-approved text lives: ``approved/`` in the first folder given, else beside
    the first file given (a draft's approvals live next to it), else in content/."""
    given = [Path(p) for p in paths if p != STDIN]
    folder = next((p for p in given if p.is_dir()), None)
    first_file = next((p for p in given if p.is_file()), None)
    return folder or (first_file.parent if first_file else project.settings.content)


def inputs_of(project: Project, paths: Sequence[str], updatable: Sequence[Path] = ()) -> "RunInputs":
    """Everything the run reads (content, approvals, glossary, settings files, the content
    folders): what ``output.refuse_inputs`` never lets a write replace."""
    from .output import run_inputs

    return run_inputs(paths, settings=project.settings, approvals_dir=content_folder(project, paths),
                      updatable=updatable)


# ---------------------------------------------------------------- easyread check


@dataclass
class CheckResult:
    analysis: Analysis
    after: dict[str, object] | None     # summary figures of the text after approved rewrites


def check(project: Project, paths: Sequence[str], *, with_rewrite: bool = True,
          progress: Progress | None = None) -> CheckResult:
    """Check the content; with ``with_rewrite``, also score the text after approved rewrites."""
    framework = load(project, paths)
    analysis = analyse(framework, project.glossary, project.settings, project.cache, progress, project.tagger)
    after = None
    if with_rewrite:
        versions = rewrite_framework(project, framework, content_folder(project, paths))
        keys = ("competences", "passing", "median_grade", "median_words_per_sentence", "by_rule")
        summary = analyse_easy_read(project, versions).summary()
        after = {key: summary[key] for key in keys}
    return CheckResult(analysis, after)


def analyse_easy_read(project: Project, versions: list[EasyReadVersion]) -> Analysis:
    """The Easy Read text analysed like the source (through the same cache and tagger)."""
    from .rewrite import as_framework

    return analyse(as_framework(versions), project.glossary, project.settings, project.cache,
                   tagger=project.tagger)


# ---------------------------------------------------------------- easyread rewrite


def rewrite_framework(project: Project, framework: Framework, folder: Path) -> list[EasyReadVersion]:
    """The Easy Read version of every competence: editor-approved text, else the approved rewrites."""
    from .rewrite import rewrite_framework as rewrite_stage

    approvals = load_approvals(folder)
    versions = rewrite_stage(framework, project.glossary, project.settings, approvals=approvals,
                             cache=project.cache, tagger=project.tagger)
    stale = [v.competence_id for v in versions if v.status == "stale"]
    if stale:
        project.notice(Warn.W001.format(ids=", ".join(stale)))
    return versions


@dataclass
class RewriteResult:
    framework: Framework
    versions: list[EasyReadVersion]


def rewrite(project: Project, paths: Sequence[str]) -> RewriteResult:
    framework = load(project, paths)
    return RewriteResult(framework, rewrite_framework(project, framework, content_folder(project, paths)))


def write_rewrite(project: Project, paths: Sequence[str], output: Path, *, force: bool) -> RewriteResult:
    """The Easy Read text as Markdown in ``output`` (never over an input, never into content/)."""
    from .output import write_output
    from .rewrite import as_markdown

    result = rewrite(project, paths)
    write_output(output, as_markdown(result.framework, result.versions), inputs_of(project, paths), force=force)
    return result


# ---------------------------------------------------------------- easyread approve


def approve(project: Project, ids: Sequence[str]) -> list[str]:
    """Record the current source fingerprint for each approved competence (the editor's command)."""
    from .approvals import APPROVED_DIR, approve as record

    folder = project.settings.content
    framework = load(project, [str(folder)])
    approvals = load_approvals(folder)
    for competence_id in ids:
        competence = framework.find(competence_id)
        if competence is None or competence_id not in approvals:
            raise InputError(Msg.E039.format(competence=competence_id, folder=folder / APPROVED_DIR))
        path = Path(approvals[competence_id].path)   # the one input approve may update
        record(path, competence, inputs=inputs_of(project, [str(folder)], updatable=[path]))
    return list(ids)


# ---------------------------------------------------------------- easyread report


@dataclass
class Report:
    data: object               # report.ReportData
    versions: list[EasyReadVersion]


def report_data(project: Project, framework: Framework, versions: list[EasyReadVersion],
                approvals: dict[str, Approval], rows: Sequence[object] | None) -> object:
    """The editor's report: the source and the Easy Read text analysed (both through the cache)."""
    from .report import build_report

    before = analyse(framework, project.glossary, project.settings, project.cache, tagger=project.tagger)
    after = analyse_easy_read(project, versions)
    return build_report(before, versions, after, project.glossary, approvals=approvals, pictures=rows,
                        max_grade=project.settings.profile.max_grade,
                        glossary_name=_shown_path(Path(project.glossary.path), project.settings.root))


def _shown_path(path: Path, root: Path) -> str:
    """A path as the editor knows it: relative to the project when it is inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def report(project: Project, paths: Sequence[str], *, rows_of: Callable | None = None) -> Report:
    """The report's data for the content (the picture rows as the site would choose them)."""
    from .layout import row_pictures

    framework = load(project, paths)
    folder = content_folder(project, paths)
    versions = rewrite_framework(project, framework, folder)
    try:
        rows = row_pictures(framework, versions, project.glossary, project.cache)
    except EasyReadError as error:
        project.notice(Warn.W002.format(why=error))
        rows = None
    return Report(report_data(project, framework, versions, load_approvals(folder), rows), versions)


def write_report(project: Project, paths: Sequence[str], target: str, output_format: str) -> tuple[Report, str]:
    """The report as HTML or JSON, written to ``target`` (``-``: only returned, for printing)."""
    from .build import MARKER, MARKER_TEXT
    from .output import folder_lock, write_output
    from .report import as_html, as_json

    result = report(project, paths)
    text = as_html(result.data, project.cache) if output_format == "html" else as_json(result.data)
    project.cache.save()
    if target != STDIN:
        path, inputs = Path(target), inputs_of(project, paths)
        into_output = path.parent.resolve() == project.settings.output.resolve()
        with folder_lock(project.settings.output) if into_output else contextlib.nullcontext():
            new_folder = not path.parent.exists()   # (a build holding the lock may be swapping it)
            write_output(path, text, inputs, force=True)   # never over an input, whatever the name
            if new_folder and into_output:
                write_output(path.parent / MARKER, MARKER_TEXT, inputs, force=True)   # a later build may replace it
    return result, text


# ---------------------------------------------------------------- easyread build


@dataclass
class Built:
    result: object             # build.BuildResult
    target: Path
    public_pages: list[str]
    failing: int
    total: int
    word: str | None = None    # the Easy Read Word document's name in the output folder


def build(project: Project, paths: Sequence[str], *, output: str | None = None,
          pdf: bool = False, word: bool = False, on_wait: Callable[[Path], None] | None = None) -> Built:
    """The Easy Read site (and the editor's report beside it), swapped into ``output/`` whole."""
    from .build import build as write_build, require_weasyprint
    from .render import render_site
    from .report import as_html, as_json

    if pdf:
        require_weasyprint()   # before minutes of work, not after
    framework = load(project, paths)
    folder = content_folder(project, paths)
    versions = rewrite_framework(project, framework, folder)
    site = render_site(framework, versions, project.glossary, project.settings, project.cache)
    document = None
    if word:   # written from the same rows as the pages, and swapped in with them
        from .docx_out import DOCX_NAME, docx_bytes

        site.files[DOCX_NAME] = docx_bytes(site, project.glossary)
        document = DOCX_NAME
    data = report_data(project, framework, versions, load_approvals(folder), site.rows)
    site.files.update({"report.html": as_html(data, project.cache).encode("utf-8"),
                       "report.json": as_json(data).encode("utf-8")})
    target = Path(output) if output else project.settings.output
    project.cache.save()
    result = write_build(site, target, inputs_of(project, paths), pdf=pdf,
                         on_wait=(lambda: on_wait(target)) if on_wait else None)
    after = data.summary.after   # type: ignore[attr-defined]
    failing = int(after["competences"]) - int(after["passing"])
    if failing:
        project.notice(Warn.W003.format(failing=failing, total=after["competences"],
                                        units=framework.unit, profile=project.settings.profile.name,
                                        report=target / "report.html"))
    public = [page for page in site.pages if page != "report.html"]
    return Built(result, target, public, failing, int(after["competences"]), document)

