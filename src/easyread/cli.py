"""The command line: flags in, a call into ``pipeline.py``, printed lines and an exit code out.

Built with click (subcommands, typed options and a consistent usage-error exit code
of 2 for free). Every ``EasyReadError`` becomes one line on stderr and its exit
code; the stages themselves never print. Notices (coded warnings, W001 ...) are
printed after the command's output; ``--strict`` makes them fail the run (exit 1).
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__, pipeline
from .errors import EasyReadError, Msg, UsageError
from .output import terminal_safe

FORMATS = ("text", "json", "sarif")
REPORT_FORMATS = ("html", "json")
REPORT_SUFFIXES = {"html": (".html", ".htm"), "json": (".json",)}
SEVERITIES = ("error", "warning", "info")


def editor_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an EasyReadError into one line and a non-zero exit, never a traceback.

    SIGTERM (``kill``, a CI timeout) is handled like Ctrl-C, here and only here: it
    raises KeyboardInterrupt, so an atomic write removes its temporary file and a
    build puts the previous output back, as they do for Ctrl-C.
    """
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _TERMINATED.clear()
        previous = _stop_on_sigterm()
        try:
            return function(*args, **kwargs)
        except EasyReadError as error:
            click.echo(terminal_safe(f"easyread: {error}"), err=True)   # file names are the editor's
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("easyread: stopped; nothing was overwritten", err=True)
            sys.exit(143 if _TERMINATED else 130)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    return wrapper


_TERMINATED: list[int] = []


def _stop_on_sigterm():
    """Make SIGTERM raise KeyboardInterrupt in this process (not in forked workers,
    which end as before). Returns the handler it replaced, or None off the main thread."""
    main_process = os.getpid()

    def stop(signum: int, frame: Any) -> None:
        if os.getpid() != main_process:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        _TERMINATED.append(signum)
        raise KeyboardInterrupt
    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:   # not the main thread: leave signals alone
        return None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="easyread")
def main() -> None:
    """Check health documents for plain English and jargon, and build the Easy Read version."""


def run() -> None:
    """The ``easyread`` program: ``main``, then an exit that skips the interpreter's teardown.

    Freeing spaCy's objects one by one takes a noticeable moment after everything is
    written; once the output is flushed there is nothing left to do. Tests call ``main``.
    """
    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:   # a closed pipe (easyread check | head): nothing more to say
        pass
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    os._exit(code or 0)


def project_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The flags every command that reads content shares."""
    options = [
        click.option("--profile", "-p", default=None,
                     help="easy-read (default) or plain-english, or one from your settings."),
        click.option("--glossary", "-g", type=click.Path(dir_okay=False), default=None,
                     help="Glossary file (default: glossary.yml next to your settings)."),
        click.option("--disable", "-d", multiple=True, metavar="RULE",
                     help="Switch off a rule or rule prefix (repeatable), e.g. -d hard-word."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the analysis cache."),
        click.option("--strict", is_flag=True, help="Fail (exit code 1) on any warning, as well as errors."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _open(profile: str | None, glossary: str | None, disable: tuple[str, ...], no_cache: bool) -> pipeline.Project:
    """The project for a run: the flags win over the settings, which win over the defaults
    (the easy-read profile, unless the settings name another)."""
    return pipeline.open_project(profile=profile, glossary=glossary, disable=disable,
                                 no_cache=no_cache)


def _finish(project: pipeline.Project, code: int, strict: bool) -> None:
    """Print the notices, then exit: 1 on errors, or on any notice with --strict."""
    for notice in project.notices:
        click.echo(terminal_safe(f"easyread: {notice}"), err=True)
    if strict and project.notices and code == 0:
        code = 1
    sys.exit(code)


def _content_dir(inputs: list[str], root: Path) -> Path:
    """The folder whose approved/ holds the editor's text: the first folder given, else the
    folder of the first file given (a draft's approvals live beside it), else content/."""
    folder = next((Path(p) for p in inputs if Path(p).is_dir()), None)
    first_file = next((Path(p) for p in inputs if p != "-" and Path(p).is_file()), None)
    return folder or (first_file.parent if first_file else root / "content")


class Progress:
    """A progress bar on stderr, shown only once a run has taken more than a second.

    The stages report words done (cached ones at once); the bar appears on the first
    report after ``DELAY`` seconds, so quick and warm runs never show one, and it is
    never drawn into a pipe or a file.
    """

    DELAY = 1.0

    def __init__(self, total_words: int, enabled: bool, stream: Any = None) -> None:
        """``total_words`` may be 0 until the analysis says what to ``expect``."""
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total = total_words
        self.done = 0
        self.started = time.monotonic()
        self.bar: Any = None

    def expect(self, total_words: int) -> None:
        self.total = total_words

    def __call__(self, words: int) -> None:
        self.done += words
        if self.bar is not None:
            self.bar.update(words)
        elif self.enabled and time.monotonic() - self.started >= self.DELAY:
            self.bar = click.progressbar(length=self.total or 1, label="Analysing", file=self.stream)
            self.bar.__enter__()
            self.bar.update(self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


# ---------------------------------------------------------------- check


@main.command()
@click.argument("paths", nargs=-1)
@project_options
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="text",
              help="text (default), json or sarif.")
@click.option("--rewrite/--no-rewrite", "with_rewrite", default=True,
              help="Also score the text after approved rewrites (summary: before/after).")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default=None,
              help="Show only findings at this severity or above (default: all, or the settings' min-severity).")
@editor_errors
def check(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
          no_cache: bool, strict: bool, output_format: str, with_rewrite: bool, min_severity: str | None) -> None:
    """Check PATHS (files, folders, or - for standard input; default content/).

    Exit code 0: no errors; 1: error-level findings; 2: usage error or unreadable input.
    """
    from .formats import as_json, as_sarif, as_text, shown

    if output_format == "sarif" and _given("with_rewrite") and with_rewrite:
        raise UsageError(Msg.E054.format(a="--format sarif", b="--rewrite",
                                         fix="SARIF has no place for the figures after rewriting; "
                                             "leave out --rewrite, or use --format json"))
    project = _open(profile, glossary, disable, no_cache)
    progress = Progress(0, output_format == "text")
    try:
        result = pipeline.check(project, paths, with_rewrite=with_rewrite and output_format != "sarif",
                                progress=progress)
    finally:
        progress.close()
    floor = min_severity or project.settings.min_severity
    analysis = result.analysis
    if output_format == "sarif":
        click.echo(as_sarif(analysis, shown(floor)))
    elif output_format == "json":
        click.echo(as_json(analysis, result.after, shown(floor)))
    else:   # for people: the draft's control characters shown, never obeyed
        click.echo(terminal_safe(as_text(analysis, result.after, shown(floor)), keep="\t\n"))
    _finish(project, 1 if any(f.severity == "error" for f in analysis.findings()) else 0, strict)


# ---------------------------------------------------------------- rewrite


@main.command()
@click.argument("paths", nargs=-1)
@project_options
@click.option("--format", "-f", "output_format", type=click.Choice(("text", "json", "markdown")),
              default="text", help="text: a readable diff (default); json: the changes; markdown: the Easy Read text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the Easy Read text as Markdown to this file (never into content/).")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@editor_errors
def rewrite(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
            no_cache: bool, strict: bool, output_format: str, output: str | None, force: bool) -> None:
    """Rewrite PATHS into Easy Read with approved wording only (default: content/)."""
    from .rewrite import as_markdown

    if output and _given("output_format") and output_format != "markdown":
        raise UsageError(Msg.E054.format(a="--output", b=f"--format {output_format}",
                                         fix="--output always writes the Easy Read Markdown; "
                                             "leave out --format"))
    if force and not output:
        raise UsageError(Msg.E059.format(flag="--force", other="--output",
                                         fix="add -o FILE, or leave out --force"))
    project = _open(profile, glossary, disable, no_cache)
    if output:
        result = pipeline.write_rewrite(project, paths, Path(output), force=force)
        click.echo(f"Wrote the Easy Read text of {len(result.versions)} competences to {output}", err=True)
    else:
        result = pipeline.rewrite(project, paths)
        render = {"text": lambda versions: terminal_safe(_rewrite_diff(versions), keep="\t\n"), "json": _rewrite_json,
                  "markdown": lambda versions: as_markdown(result.framework, versions)}[output_format]
        click.echo(render(result.versions))
    _finish(project, 0, strict)


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
    return json.dumps({"competences": [{
        "id": v.competence_id, "path": v.competence.position.path, "line": v.competence.position.line,
        "origin": v.origin, "status": v.status, "easy_read": v.markdown(),
        "changes": [asdict(c) for c in v.changes], "explained": v.explained, "losses": v.losses,
        "needs_editor": [asdict(n) for n in v.needs_editor], "kind": v.kind,
    } for v in versions]}, indent=2, ensure_ascii=False)


# ---------------------------------------------------------------- approve


@main.command()
@click.argument("ids", nargs=-1, required=True)
@editor_errors
def approve(ids: tuple[str, ...]) -> None:
    """Mark editor-approved Easy Read text as checked against the current source.

    Records the source fingerprint in content/approved/ for each competence ID, so
    the build stops warning that the approval is stale. This is the editor's own
    explicit action: it is the only command that writes into content/.
    """
    project = pipeline.open_project()
    for competence_id in pipeline.approve(project, ids):
        click.echo(f"approved {competence_id}")


# ---------------------------------------------------------------- build (the Easy Read site)


@main.command()
@click.argument("paths", nargs=-1)
@project_options
@click.option("--output", "-o", type=click.Path(file_okay=False), default=None,
              help="Folder for the site (default: output/ next to your settings). Replaced whole.")
@click.option("--pdf", is_flag=True, help="Also write the print version: one A4 PDF per part in output/pdf/.")
@click.option("--docx", "word", is_flag=True, help="Also write the Easy Read Word document, output/easy-read.docx.")
@editor_errors
def build(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
          no_cache: bool, strict: bool, output: str | None, pdf: bool, word: bool) -> None:
    """Build the public Easy Read website from PATHS (default: content/) into output/.

    The new site is written beside the old one and swapped in only when complete, so
    a failed build leaves the previous output/ as it was.
    """
    project = _open(profile, glossary, disable, no_cache)
    built = pipeline.build(project, paths, output=output, pdf=pdf, word=word,
                           on_wait=lambda target: click.echo(f"easyread: another build is writing {target}; "
                                                             "waiting for it to finish", err=True))
    pages = built.result.pdf_pages
    pdfs = f" and {len(pages)} PDFs ({max(pages.values())} pages at most)" if pages else ""
    site = built.result.site
    document = f", the Word document {built.target / built.word}" if built.word else ""
    click.echo(f"built {len(built.public_pages)} pages{pdfs} into {built.target} "
               f"({len(site.default_picture_rows)} of {len(site.rows)} rows have only a default picture); "
               f"editor's report: {built.target / 'report.html'}{document}")
    _finish(project, 0, strict)


# ---------------------------------------------------------------- serve (the editor's workspace)


@main.command()
@click.argument("path", required=False)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1 lets other computers in (with a warning).")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port to listen on (default: 8765, or a free one if that is taken).")
@editor_errors
def serve(path: str | None, host: str, port: int | None) -> None:
    """Open the editor's workspace for PATH (default: content/): check, rewrite and approve
    Easy Read text in your browser. Prints the address to open; Ctrl+C stops it."""
    from .workspace import serve as run

    run(path, host=host, port=port, echo=click.echo)


# ---------------------------------------------------------------- report (the editor's report)


@main.command()
@click.argument("paths", nargs=-1)
@project_options
@click.option("--format", "-f", "output_format", type=click.Choice(REPORT_FORMATS), default="html",
              help="html: one self-contained page (default); json: the same data.")
@click.option("--output", "-o", default=None,
              help="File to write (default: output/report.html or output/report.json); - prints it.")
@editor_errors
def report(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
           no_cache: bool, strict: bool, output_format: str, output: str | None) -> None:
    """Write the editor's report on PATHS (default: content/): what passes, what is left to do."""
    _check_report_name(output, output_format)
    project = _open(profile, glossary, disable, no_cache)
    target = output or str(project.settings.output / f"report.{output_format}")
    result, text = pipeline.write_report(project, paths, target, output_format)
    if target == pipeline.STDIN:
        click.echo(text, nl=False)
    else:
        before, after = result.data.summary.before, result.data.summary.after   # type: ignore[attr-defined]
        click.echo(f"wrote {target}: {before['passing']} of {before['competences']} competences pass before "
                   f"rewriting, {after['passing']} after; median grade {before['median_grade']} -> "
                   f"{after['median_grade']}", err=True)
    _finish(project, 0, strict)


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


# ---------------------------------------------------------------- glossary


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
        click.echo(terminal_safe(str(problem.as_error(str(path)))), err=True)
    if problems:
        click.echo(f"easyread: {len(problems)} problem(s) in {path}", err=True)
        sys.exit(2)
    click.echo(f"{path}: {len(data.entries)} entries and {len(data.phrases)} phrases, no problems")


@glossary.command("suggest")
@click.argument("paths", nargs=-1, required=True)
@project_options
@click.option("--limit", "-n", type=click.IntRange(min=1), default=None, help="At most this many words.")
@editor_errors
def glossary_suggest(paths: tuple[str, ...], profile: str | None, glossary: str | None, disable: tuple[str, ...],
                     no_cache: bool, strict: bool, limit: int | None) -> None:
    """Hard words in PATHS that the glossary lacks, as proposed entries to fill in (YAML)."""
    from .analyse import analyse
    from .suggest import as_yaml, candidates

    project = _open(profile, glossary, disable, no_cache)
    framework = pipeline.load(project, paths)
    analysis = analyse(framework, project.glossary, project.settings, project.cache, None, project.tagger)
    click.echo(as_yaml(candidates(analysis, project.glossary, limit), source=", ".join(paths)))
    _finish(project, 0, strict)


def _given(parameter: str) -> bool:
    """Did the editor type this option (rather than get its default)?"""
    source = click.get_current_context().get_parameter_source(parameter)
    return source is click.core.ParameterSource.COMMANDLINE

