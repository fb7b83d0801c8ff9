"""How Easy Read is the automatic rewrite? Issue 10's figures, source beside Easy Read.

    python bench/rewrite_quality.py                      # content/ and the outside and drafts fixtures
    python bench/rewrite_quality.py content/ letter.txt  # any paths easyread reads
    python bench/rewrite_quality.py --json figures.json  # also write the figures as JSON

For each input (a folder or a file, as given), through the command line only:

- ``easyread rewrite PATH --format json`` gives each competence's Easy Read text and
  its origin (``editor`` for approved text, anything else is the machine's);
- ``easyread report PATH --format json`` gives the source text of each competence
  (its ``source`` spans) and whether the source passes (no ``reasons_before``);
- each competence's Easy Read text is written to its own file in a temporary folder
  and ``easyread check FOLDER --format json --no-rewrite`` judges it: a competence
  passes "by rules alone" when every paragraph of its file passes the profile. (The
  Easy Read text carries none of the source's ``easyread-disable`` comments, so a rule
  an editor switched off in the source counts against its Easy Read here.)

Printed per input, for the competences WITHOUT editor text (source and Easy Read side
by side), and for the editor-written rows as a yardstick: sentences, share of 15 words
or fewer, median and 90th percentile words per sentence, the longest, share with
brackets, words of 3+ syllables per 100 words, how many pass, and how many match the
source word for word after the first 8 words. How sentences and words are counted:
bench/textstats.py. Inputs easyread cannot read (exit code 2, e.g. HTML today) are
listed as skipped with easyread's own reason.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from easyread_cli import Unreadable, by_id, default_inputs, easyread_json, report_json
from textstats import SentenceFigures, blocks, sentences, tail_kept

EDITOR = "editor"
COLUMNS = ("source, machine rows", "Easy Read, machine rows", "Easy Read, editor rows")


def machine_written(rewrite: dict) -> bool:
    """Is this Easy Read the machine's (anything an editor did not write and approve)?"""
    return rewrite.get("origin") != EDITOR


def check_each(texts: dict[str, str], cache_args: list[str]) -> dict[str, bool | None]:
    """Does each text pass the profile? One file per text, one ``easyread check`` run."""
    with tempfile.TemporaryDirectory(prefix="easyread-bench-") as temp:
        names = {}
        for number, (cid, text) in enumerate(texts.items()):
            name = f"c{number:04d}"
            names[name] = cid
            (Path(temp) / f"{name}.md").write_text(text + "\n", encoding="utf-8")
        checked = easyread_json("check", temp, "--format", "json", "--no-rewrite", *cache_args)
    verdicts: dict[str, list[str]] = defaultdict(list)
    for competence in checked["competences"]:
        verdicts[Path(competence["path"]).stem].append(competence["verdict"])
    return {cid: (all(v == "passes" for v in verdicts[name]) if verdicts[name] else None)
            for name, cid in names.items()}


def measure(path: str, cache_args: list[str]) -> dict:
    """All figures for one input."""
    rewritten = by_id(easyread_json("rewrite", path, "--format", "json", *cache_args)["competences"])
    if not rewritten:
        raise Unreadable("easyread rewrite found no competences or paragraphs in it")
    reported = by_id(report_json(path, *cache_args)["competences"])
    passes_after = check_each({cid: c["easy_read"] for cid, c in rewritten.items()}, cache_args)
    machine = [cid for cid, c in rewritten.items() if machine_written(c)]
    editor = [cid for cid in rewritten if cid not in set(machine)]
    source = {cid: [span["text"] for span in reported[cid]["source"]] for cid in rewritten}

    def easy_read_sentences(ids):
        return sentences(b for cid in ids for b in blocks(rewritten[cid]["easy_read"]))

    kept = [tail_kept(" ".join(source[cid]), rewritten[cid]["easy_read"]) for cid in machine]
    own_verdict = sum("passes" in reported[cid].get("statuses", []) for cid in machine)
    return {
        "path": path, "competences": len(rewritten), "machine": len(machine), "editor": len(editor),
        "figures": {
            COLUMNS[0]: SentenceFigures.of(sentences(t for cid in machine for t in source[cid])),
            COLUMNS[1]: SentenceFigures.of(easy_read_sentences(machine)),
            COLUMNS[2]: SentenceFigures.of(easy_read_sentences(editor)),
        },
        "passing": {
            COLUMNS[0]: (sum(not reported[cid].get("reasons_before") for cid in machine), len(machine)),
            COLUMNS[1]: (sum(bool(passes_after[cid]) for cid in machine), len(machine)),
            COLUMNS[2]: (sum(bool(passes_after[cid]) for cid in editor), len(editor)),
        },
        "report_verdict_machine": own_verdict,
        "kept_after_8_words": (sum(k is True for k in kept), sum(k is not None for k in kept)),
    }


ROWS = (
    ("sentences", lambda f: f"{f.sentences}"),
    ("sentences of <=15 words", lambda f: f"{f.short_share:.1%}"),
    ("median words/sentence", lambda f: f"{f.median:g}"),
    ("90th percentile", lambda f: f"{f.p90:.0f}"),
    ("longest sentence", lambda f: f"{f.longest}"),
    ("sentences with brackets", lambda f: f"{f.bracket_share:.1%}"),
    ("3+ syllable words /100", lambda f: f"{f.long_words_per_100:.1f}"),
)


def table(result: dict) -> str:
    """The figures of one input as a plain-text table."""
    width = 26
    lines = [f"{result['path']}: {result['competences']} competences/paragraphs, "
             f"{result['machine']} machine-rewritten, {result['editor']} with editor text",
             " " * width + "".join(f"{c:>26}" for c in COLUMNS)]
    for label, show in ROWS:
        cells = [show(f) if f else "-" for f in result["figures"].values()]
        lines.append(f"{label:<{width}}" + "".join(f"{c:>26}" for c in cells))
    passing = [f"{n} of {total}" if total else "-" for n, total in result["passing"].values()]
    lines.append(f"{'passing easy-read':<{width}}" + "".join(f"{c:>26}" for c in passing))
    kept, total = result["kept_after_8_words"]
    lines.append(f"{'same as source after 8 w.':<{width}}{'':>26}{f'{kept} of {total}':>26}")
    machine_pass = result["passing"][COLUMNS[1]][0]
    if result["report_verdict_machine"] != machine_pass:
        lines.append(f"  note: easyread report's own after-rewrite verdict passes "
                     f"{result['report_verdict_machine']} machine rows, the check of the text {machine_pass}")
    return "\n".join(lines)


def as_json(result: dict) -> dict:
    """A result with its figures as plain dictionaries."""
    figures = {k: (asdict(v) if v else None) for k, v in result["figures"].items()}
    return {**result, "figures": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="inputs (default: content/, tests/fixtures/outside, tests/fixtures/drafts)")
    parser.add_argument("--no-cache", action="store_true", help="pass --no-cache to easyread")
    parser.add_argument("--json", metavar="FILE", help="also write all figures to FILE as JSON")
    options = parser.parse_args()
    cache_args = ["--no-cache"] if options.no_cache else []
    results, skipped = [], []
    for path in options.paths or default_inputs():
        try:
            result = measure(path, cache_args)
        except Unreadable as reason:
            skipped.append(f"{path}: {reason}")
            continue
        results.append(result)
        print(table(result), end="\n\n", flush=True)
    for line in skipped:
        print(f"skipped {line}")
    if options.json:
        Path(options.json).write_text(json.dumps([as_json(r) for r in results], indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
