"""The command line: the edge where printing, exit codes and file I/O live.

Built with click (subcommands, typed options and a consistent usage-error exit code
of 2 for free). Every ``EasyReadError`` becomes one line on stderr and its exit
code; the stages themselves never print.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .errors import EasyReadError, Msg, UsageError

FORMATS = ("text", "json", "sarif")


def editor_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an EasyReadError into one line and a non-zero exit, never a traceback."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except EasyReadError as error:
            click.echo(f"easyread: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("easyread: stopped; nothing was overwritten", err=True)
            sys.exit(130)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="easyread")
def main() -> None:
    """Check health documents for plain English and jargon, and build the Easy Read version."""


def common_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--profile", "-p", default=None,
                     help="easy-read (default) or plain-english, or one from your settings."),
        click.option("--glossary", "-g", type=click.Path(dir_okay=False), default=None,
                     help="Glossary file (default: glossary.yml next to your settings)."),
        click.option("--disable", "-d", multiple=True, metavar="RULE",
                     help="Switch off a rule or rule prefix (repeatable), e.g. -d hard-word."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the analysis cache."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _context(profile: str | None, glossary: str | None, disable: tuple[str, ...], no_cache: bool):
    """Settings, glossary and cache for a run (validating rule ids named anywhere)."""
    from .cache import AnalysisCache, load_glossary_cached
    from .rules import known_rule_prefixes, validate_rule_ids
    from .settings import load_settings

    settings = load_settings(profile=profile, glossary=glossary, disable=disable)
    glossary_data = load_glossary_cached(settings.glossary, None if no_cache else settings.cache_dir)
    known = known_rule_prefixes(list(glossary_data.rules()))
    validate_rule_ids(settings.disabled, known, "the settings or --disable")
    validate_rule_ids(frozenset(settings.profile.severity), known,
                      f"the severities of profile {settings.profile.name!r}")
    cache = AnalysisCache.disabled() if no_cache else AnalysisCache(settings.cache_dir)
    return settings, glossary_data, cache, known


def _check_inline_rules(framework, known: set[str]) -> None:
    from .rules import validate_rule_ids

    for domain in framework.domains:
        rules = set(domain.disabled_rules) | {r for rs in domain.line_disables.values() for r in rs}
        validate_rule_ids(rules, known, f"an easyread-disable comment in {domain.path}")


def _default_paths(paths: tuple[str, ...]) -> list[str]:
    return list(paths) or ["content"]


class Progress:
    """A progress bar on stderr, shown only once a run has taken more than a second.

    The stages report words done (cached ones at once); the bar appears on the first
    report after ``DELAY`` seconds, so quick and warm runs never show one, and it is
    never drawn into a pipe or a file.
    """

    DELAY = 1.0

    def __init__(self, total_words: int, enabled: bool, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total = total_words
        self.done = 0
        self.started = time.monotonic()
        self.bar: Any = None

    def __call__(self, words: int) -> None:
        self.done += words
        if self.bar is not None:
            self.bar.update(words)
        elif self.enabled and time.monotonic() - self.started >= self.DELAY:
            self.bar = click.progressbar(length=self.total, label="Analysing", file=self.stream)
            self.bar.__enter__()
            self.bar.update(self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@click.argument("paths", nargs=-1)
@common_options
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="text",
              help="text (default), json or sarif.")
@click.option("--rewrite/--no-rewrite", "with_rewrite", default=True,
              help="Also score the text after approved rewrites (summary: before/after).")
@editor_errors
def check(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
          no_cache: bool, output_format: str, with_rewrite: bool) -> None:
    """Check PATHS (files, folders, or - for standard input; default content/).

    Exit code 0: no errors; 1: error-level findings; 2: usage error or unreadable input.
    """
    from .analyse import analyse, start_scoring_helper
    from .content import load_paths
    from .formats import as_json, as_sarif, as_text

    if output_format == "sarif" and _given("with_rewrite") and with_rewrite:
        raise UsageError(Msg.E054.format(a="--format sarif", b="--rewrite",
                                         fix="SARIF has no place for the figures after rewriting; "
                                             "leave out --rewrite, or use --format json"))
    if no_cache:   # everything will be scored: load textstat's dictionary on the other core meanwhile
        start_scoring_helper()
    settings, glossary_data, cache, known = _context(profile, glossary, disable, no_cache)
    framework = load_paths(_default_paths(paths))
    _check_inline_rules(framework, known)
    words = sum(len(s.text.split()) for c in framework.competences() for s in c.spans())
    progress = Progress(words, output_format == "text")
    try:
        analysis = analyse(framework, glossary_data, settings, cache, progress, background_scores=True)
    finally:
        progress.close()
    wanted = with_rewrite and output_format != "sarif"   # SARIF never shows it
    after = _after_rewrite(framework, glossary_data, settings, cache) if wanted else None
    if output_format == "sarif":
        click.echo(as_sarif(analysis))
    else:
        click.echo((as_json if output_format == "json" else as_text)(analysis, after))
    _finish(1 if any(f.severity == "error" for f in analysis.findings()) else 0)


def _finish(code: int) -> None:
    """Exit with ``code``; as the easyread program, skip the interpreter's teardown.

    Freeing spaCy's and the analysis's objects one by one takes a quarter of a second
    after everything is written. Tests that call ``main`` in-process exit normally.
    """
    program = Path(sys.argv[0] if sys.argv else "")
    if program.name == "easyread" or (program.name == "__main__.py" and program.parent.name == "easyread"):
        from .analyse import stop_scoring_helper

        stop_scoring_helper()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:   # a closed pipe (easyread check | head): nothing more to say
            pass
        os._exit(code)
    sys.exit(code)


def _after_rewrite(framework, glossary_data, settings, cache) -> dict[str, object]:
    """Summary figures of the same text after approved rewrites (cached like the check)."""
    from .analyse import analyse
    from .rewrite import as_framework, rewrite_framework

    versions = rewrite_framework(framework, glossary_data, settings,
                                 content_dir=settings.root / "content", cache=cache)
    summary = analyse(as_framework(versions), glossary_data, settings, cache, background_scores=True).summary()
    keys = ("competences", "passing", "median_grade", "median_words_per_sentence", "by_rule")
    return {key: summary[key] for key in keys}


def _source_lines(competence) -> list[str]:
    lines = [competence.text.text]
    for point in competence.points:
        lines.extend("  " * depth + "- " + p.text.text for depth, p in _walk_points(point, 0))
    return lines


def _walk_points(point, depth):
    yield depth, point
    for child in point.points:
        yield from _walk_points(child, depth + 1)


def _rewrite_diff(versions) -> str:
    """Per competence: the source (-), the Easy Read text (+), and what changed."""
    out: list[str] = []
    for version in versions:
        competence = version.competence
        out.append(f"{competence.id}  {competence.position}  [{version.status}]")
        out.extend(f"  - {line}" for line in _source_lines(competence))
        out.extend(f"  + {line}" if line else "  +" for line in version.markdown().splitlines())
        for change in version.changes:
            out.append(f"    {change.rule}: {change.before!r} -> {change.after!r} "
                       f"({change.line}:{change.column})")
        if version.status == "stale":
            out.append("    warning: the source changed after this text was approved; "
                       f"check it, then run: easyread approve {competence.id}")
        if version.losses:
            out.append("    possible loss of meaning: " + ", ".join(version.losses))
        out.extend(f"    needs an editor: {n.before!r} -> {n.after!r}: {n.reason} ({n.line}:{n.column})"
                   for n in version.needs_editor)
        out.append("")
    return "\n".join(out)


def _rewrite_json(versions) -> str:
    import json
    from dataclasses import asdict

    return json.dumps({"competences": [{
        "id": v.competence_id, "path": v.competence.position.path, "line": v.competence.position.line,
        "origin": v.origin, "status": v.status, "easy_read": v.markdown(),
        "changes": [asdict(c) for c in v.changes], "explained": v.explained, "losses": v.losses,
        "needs_editor": [asdict(n) for n in v.needs_editor], "kind": v.kind,
    } for v in versions]}, indent=2, ensure_ascii=False)


@main.command()
@click.argument("paths", nargs=-1)
@common_options
@click.option("--format", "-f", "output_format", type=click.Choice(("text", "json", "markdown")),
              default="text", help="text: a readable diff (default); json: the changes; markdown: the Easy Read text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the Easy Read text as Markdown to this file (never into content/).")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@editor_errors
def rewrite(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
            no_cache: bool, output_format: str, output: str | None, force: bool) -> None:
    """Rewrite PATHS into Easy Read with approved wording only (default: content/)."""
    from .content import content_files, load_paths
    from .output import safe_write
    from .rewrite import as_markdown, rewrite_framework

    if output and _given("output_format") and output_format != "markdown":
        raise UsageError(Msg.E054.format(a="--output", b=f"--format {output_format}",
                                         fix="--output always writes the Easy Read Markdown; "
                                             "leave out --format"))
    if force and not output:
        raise UsageError(Msg.E059.format(flag="--force", other="--output",
                                         fix="add -o FILE, or leave out --force"))
    settings, glossary_data, _cache, known = _context(profile or "easy-read", glossary, disable, no_cache)
    inputs = _default_paths(paths)
    framework = load_paths(inputs)
    _check_inline_rules(framework, known)
    content_dir = settings.root / "content"
    versions = rewrite_framework(framework, glossary_data, settings, content_dir=content_dir)
    if output:
        files = content_files([p for p in inputs if p != "-"])
        safe_write(Path(output), as_markdown(framework, versions), inputs=files,
                   content_dir=content_dir, force=force)
        click.echo(f"Wrote the Easy Read text of {len(versions)} competences to {output}", err=True)
        return
    render = {"text": _rewrite_diff, "json": _rewrite_json,
              "markdown": lambda v: as_markdown(framework, v)}[output_format]
    click.echo(render(versions))


@main.command()
@click.argument("ids", nargs=-1, required=True)
@editor_errors
def approve(ids: tuple[str, ...]) -> None:
    """Mark editor-approved Easy Read text as checked against the current source.

    Records the source fingerprint in content/approved/ for each competence ID, so
    the build stops warning that the approval is stale. This is the editor's own
    explicit action: it is the only command that writes into content/.
    """
    from .approvals import APPROVED_DIR, approve as record, load_approvals
    from .content import load_paths
    from .errors import InputError
    from .settings import load_settings

    settings = load_settings()
    content_dir = settings.root / "content"
    framework = load_paths([content_dir])
    approvals = load_approvals(content_dir)
    for competence_id in ids:
        competence = framework.find(competence_id)
        if competence is None or competence_id not in approvals:
            raise InputError(Msg.E039.format(competence=competence_id, folder=content_dir / APPROVED_DIR))
        record(Path(approvals[competence_id].path), competence)
        click.echo(f"approved {competence_id}")


# ---------------------------------------------------------------- build (the Easy Read site)


@main.command()
@click.argument("paths", nargs=-1)
@common_options
@click.option("--output", "-o", type=click.Path(file_okay=False), default=None,
              help="Folder for the site (default: output/ next to your settings). Replaced whole.")
@click.option("--pdf", is_flag=True, help="Also write the print version: one A4 PDF per part in output/pdf/.")
@editor_errors
def build(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
          no_cache: bool, output: str | None, pdf: bool) -> None:
    """Build the public Easy Read website from PATHS (default: content/) into output/.

    The new site is written beside the old one and swapped in only when complete, so
    a failed build leaves the previous output/ as it was.
    """
    from .build import build as write_build, require_weasyprint
    from .content import load_paths
    from .render import render_site
    from .rewrite import rewrite_framework

    if pdf:
        require_weasyprint()   # before minutes of work, not after
    settings, glossary_data, cache, known = _context(profile or "easy-read", glossary, disable, no_cache)
    inputs = _default_paths(paths)
    framework = load_paths(inputs)
    _check_inline_rules(framework, known)
    # Editor-approved text lives in <content folder>/approved/ next to what is built.
    content_dir = next((Path(p) for p in inputs if Path(p).is_dir()), settings.root / "content")
    versions = rewrite_framework(framework, glossary_data, settings, content_dir=content_dir, cache=cache)
    site = render_site(framework, versions, glossary_data, settings)
    # The editor's report (report.html and report.json) is swapped in with the site.
    site.files.update(report_files(framework, versions, glossary_data, settings, cache, rows=site.rows,
                                   content_dir=content_dir))
    target = Path(output) if output else settings.root / "output"
    result = write_build(site, target, [Path(p) for p in inputs if p != "-"], pdf=pdf)
    stale = [v.competence_id for v in versions if v.status == "stale"]
    if stale:
        click.echo(f"easyread: warning: approved text is out of date for {', '.join(stale)}; "
                   "check it, then run: easyread approve ID", err=True)
    pdfs = f" and {len(result.pdf_pages)} PDFs ({max(result.pdf_pages.values())} pages at most)" \
        if result.pdf_pages else ""
    public = [page for page in site.pages if page != "report.html"]
    click.echo(f"built {len(public)} pages{pdfs} into {target} "
               f"({len(site.default_picture_rows)} of {len(site.rows)} rows have only a default picture); "
               f"editor's report: {target / 'report.html'}")


# ---------------------------------------------------------------- report (the editor's report)

REPORT_FORMATS = ("html", "json")


def report_data(framework, versions, glossary_data, settings, cache, *, rows=None, content_dir=None):
    """The editor's report data: both analyses (source and Easy Read text) go through the cache,
    so an unchanged framework is never parsed again."""
    from .analyse import analyse
    from .approvals import load_approvals
    from .report import build_report
    from .rewrite import as_framework

    before = analyse(framework, glossary_data, settings, cache)
    after = analyse(as_framework(versions), glossary_data, settings, cache)
    approvals = load_approvals(content_dir) if content_dir is not None else {}
    return build_report(before, versions, after, glossary_data, approvals=approvals, pictures=rows,
                        max_grade=settings.profile.max_grade,
                        glossary_name=_shown_path(Path(glossary_data.path), settings.root))


def _shown_path(path: Path, root: Path) -> str:
    """A path as the editor knows it: relative to the project when it is inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def report_files(framework, versions, glossary_data, settings, cache, *, rows=None,
                 content_dir=None) -> dict[str, bytes]:
    """``report.html`` and ``report.json``, for ``easyread build`` to write with the site."""
    from .report import as_html, as_json

    data = report_data(framework, versions, glossary_data, settings, cache, rows=rows,
                       content_dir=content_dir)
    return {"report.html": as_html(data).encode("utf-8"), "report.json": as_json(data).encode("utf-8")}


def write_report(path: Path | str, framework, versions, glossary_data, settings, cache, *, rows=None,
                 content_dir=None, output_format: str = "html", inputs=()):
    """Write the report to ``path`` (``-`` prints it) and return its data.

    Never over an input file or into content/. A new output folder gets the marker
    ``easyread build`` looks for, so a later build may still replace the folder.
    """
    from .build import MARKER, MARKER_TEXT
    from .output import safe_write, write_atomic
    from .report import as_html, as_json

    data = report_data(framework, versions, glossary_data, settings, cache, rows=rows,
                       content_dir=content_dir)
    text = as_html(data) if output_format == "html" else as_json(data)
    if str(path) == "-":
        click.echo(text, nl=False)
        return data
    path = Path(path)
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
        if path.parent.resolve() == (settings.root / "output").resolve():
            write_atomic(path.parent / MARKER, MARKER_TEXT)
    safe_write(path, text, inputs=list(inputs), content_dir=content_dir, force=True, what="the report")
    return data


@main.command()
@click.argument("paths", nargs=-1)
@common_options
@click.option("--format", "-f", "output_format", type=click.Choice(REPORT_FORMATS), default="html",
              help="html: one self-contained page (default); json: the same data.")
@click.option("--output", "-o", default=None,
              help="File to write (default: output/report.html or output/report.json); - prints it.")
@editor_errors
def report(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
           no_cache: bool, output_format: str, output: str | None) -> None:
    """Write the editor's report on PATHS (default: content/): what passes, what is left to do."""
    from .content import content_files, load_paths
    from .render import render_site
    from .rewrite import rewrite_framework

    _check_report_name(output, output_format)
    settings, glossary_data, cache, known = _context(profile or "easy-read", glossary, disable, no_cache)
    inputs = _default_paths(paths)
    framework = load_paths(inputs)
    _check_inline_rules(framework, known)
    content_dir = next((Path(p) for p in inputs if Path(p).is_dir()), settings.root / "content")
    versions = rewrite_framework(framework, glossary_data, settings, content_dir=content_dir, cache=cache)
    try:  # the pictures exactly as the site would show them (rows with only a default)
        rows = render_site(framework, versions, glossary_data, settings).rows
    except EasyReadError as error:
        click.echo(f"easyread: warning: pictures not known ({error})", err=True)
        rows = None
    target = output or str(settings.root / "output" / f"report.{output_format}")
    data = write_report(target, framework, versions, glossary_data, settings, cache, rows=rows,
                        content_dir=content_dir, output_format=output_format,
                        inputs=content_files([p for p in inputs if p != "-"]))
    before, after = data.summary.before, data.summary.after
    if target != "-":
        click.echo(f"wrote {target}: {before['passing']} of {before['competences']} competences pass before "
                   f"rewriting, {after['passing']} after; median grade {before['median_grade']} -> "
                   f"{after['median_grade']}", err=True)


@main.group()
def glossary() -> None:
    """Work with the glossary."""


@glossary.command("check")
@click.argument("file", required=False, default=None)
@editor_errors
def glossary_check(file: str | None) -> None:
    """Validate FILE (default: the project's glossary.yml); list every problem by line."""
    from .glossary import check_glossary
    from .settings import load_settings

    path = Path(file) if file else load_settings().glossary
    data, problems = check_glossary(path)
    for problem in problems:
        click.echo(str(problem.as_error(str(path))), err=True)
    if problems:
        click.echo(f"easyread: {len(problems)} problem(s) in {path}", err=True)
        sys.exit(2)
    click.echo(f"{path}: {len(data.entries)} entries and {len(data.phrases)} phrases, no problems")


def _given(parameter: str) -> bool:
    """Did the editor type this option (rather than get its default)?"""
    source = click.get_current_context().get_parameter_source(parameter)
    return source is click.core.ParameterSource.COMMANDLINE


REPORT_SUFFIXES = {"html": (".html", ".htm"), "json": (".json",)}


def _check_report_name(output: str | None, output_format: str) -> None:
    """``--format json -o report.html`` would write JSON into a web page: refuse it."""
    if not output or output == "-":
        return
    suffix = Path(output).suffix.lower()
    for other, suffixes in REPORT_SUFFIXES.items():
        if other != output_format and suffix in suffixes:
            shown = f"--format {output_format}" + ("" if _given("output_format") else " (the default)")
            raise UsageError(Msg.E054.format(
                a=shown, b=f"an output file ending in {suffix}",
                fix=f"use -o {Path(output).stem}.{output_format}, or --format {other}"))
