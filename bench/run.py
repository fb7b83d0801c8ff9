"""Benchmark `easyread check`: whole-process wall time, words per second, peak memory.

    python bench/run.py            # all cases, best of 3 runs each
    python bench/run.py --runs 1   # quicker, noisier

Every case is a fresh process (`python -m easyread check ...`), timed from outside, in
a temporary project (a copy of content/ and glossary.yml, so the repository's own
cache is never touched). Cases:

- cold: `--no-cache`, a fresh process: nothing from earlier runs;
- warm: the same command after a run that filled the cache (nothing changed since);
- 10x: the framework repeated 10 times (10 copies of each file), cold and warm. The
  copies are identical text, so easyread analyses each text once per run;
- 10x varied: the same, but every list item of copy N ends with a different word,
  so no text repeats and every word is tagged and checked: the raw throughput.

Each is run with `--no-rewrite` (the check alone) and with the default `--rewrite`
(which also rewrites the text with the approved wording and scores the result).
Words are those easyread analyses: competence statements and their sub-points.
Peak memory is the largest resident size of any process of the run (the check and
its helpers), and cpu the processor time of all of them (user + system), both from
`resource.getrusage(RUSAGE_CHILDREN)` in a wrapper process. load is the machine's
1-minute load average just before the run: on a shared machine, a wall time taken
under load says little, the cpu time more. Timings belong here, never in unit tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from easyread_cli import ROOT, easyread_command, easyread_env, easyread_json
from timing import best, repeated

COPY_WORDS = ["today", "here", "now", "again", "also", "too", "first", "still", "soon", "then"]
TARGETS = {"cold": 2.0, "warm": 0.5}
MIN_WORDS_PER_SECOND = 20_000


def words_in(project: Path, *args: str) -> int:
    """The words easyread analyses in the project (statements and sub-points), from its own summary.

    This run also fills the cache for the warm runs that follow.
    """
    return easyread_json("check", "content", "--format", "json", *args, cwd=project)["summary"]["words"]


def make_project(base: Path, copies: int, varied: bool) -> Path:
    """A temporary project: glossary.yml, the approvals and a content folder with ``copies`` of each file."""
    project = base / f"project-{copies}x{'-varied' if varied else ''}"
    content = project / "content"
    content.mkdir(parents=True)
    shutil.copy(ROOT / "glossary.yml", project / "glossary.yml")
    if (ROOT / "content" / "approved").is_dir():
        shutil.copytree(ROOT / "content" / "approved", content / "approved")
    for source in sorted((ROOT / "content").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        for copy in range(copies):
            name = source.name if copies == 1 else f"{source.stem}-copy{copy + 1:02d}.md"
            (content / name).write_text(_vary(text, copy) if varied else text, encoding="utf-8")
    return project


def _vary(text: str, copy: int) -> str:
    """End every list item of this copy with its own word, so no text repeats across copies."""
    word = COPY_WORDS[copy % len(COPY_WORDS)]
    lines = [line + f" {word}" if line.lstrip().startswith("- ") else line for line in text.split("\n")]
    return "\n".join(lines)


def best_of(runs: int, project: Path, *args: str, before=None) -> dict:
    """The fastest of ``runs`` runs (the least disturbed by the rest of the machine)."""
    return best(repeated(runs, easyread_command("check", "content", *args), project, easyread_env(), before))


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / ".easyread-cache", ignore_errors=True)


def line(name: str, words: int, result: dict, target: str = "") -> str:
    rate = words / result["wall"]
    return (f"{name:34s} {result['wall']:6.2f} s {rate:9,.0f} words/s  cpu {result['cpu']:5.2f} s "
            f"{result['peak_kb'] / 1024:5.0f} MB  load {result['load']:.1f}  runs {result['all']}{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (the best is reported)")
    options = parser.parse_args()
    print(f"easyread check benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"best of {options.runs}\n")
    with tempfile.TemporaryDirectory(prefix="easyread-bench-") as temp:
        base = Path(temp)
        cases = [("framework", make_project(base, 1, False)), ("10x", make_project(base, 10, False)),
                 ("10x varied", make_project(base, 10, True))]
        for rewrite in ("--no-rewrite", "--rewrite"):
            print(f"check content/ {rewrite}")
            for name, project in cases:
                cold = best_of(options.runs, project, rewrite, "--no-cache")
                clear_cache(project)
                words = words_in(project, rewrite)   # also fills the cache
                target = ""
                if name == "framework":
                    target = f"   (target < {TARGETS['cold']} s)"
                elif name.startswith("10x"):
                    target = f"   (target >= {MIN_WORDS_PER_SECOND:,} words/s)"
                print(line(f"  {name}: {words:,} words, cold", words, cold, target))
                warm = best_of(options.runs, project, rewrite)
                target = f"   (target < {TARGETS['warm']} s)" if name == "framework" else ""
                print(line(f"  {name}: warm", words, warm, target))
            print()


if __name__ == "__main__":
    main()
