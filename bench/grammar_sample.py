"""A blind sample of 40 machine-rewritten rows beside their source, for a human to judge.

    python bench/grammar_sample.py                         # the bundled framework (content/)
    python bench/grammar_sample.py --from tests/fixtures/outside/report.md
    python bench/grammar_sample.py -o my-sample.md

Issue 10 measures the rewrite's grammar and meaning this way: 40 random rows
(``random.seed(7)``) of Easy Read the machine wrote (origin other than ``editor``),
each printed after its source text, with an empty ``verdict:`` line to fill in
(grammatical? meaning kept? which error?). The rows come from ``easyread rewrite
--format json`` (Easy Read) and ``easyread report --format json`` (source), so the
sample follows the rewrite as it changes. Written to bench/out/grammar-sample.md
unless ``-o`` says otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from easyread_cli import by_id, easyread_json, report_json
from rewrite_quality import machine_written
from samples import OUT, SAMPLE_SIZE, SEED, quoted, seeded_sample, write_sample

INTRO = ("Each row: the source text, then the Easy Read the machine wrote for it. Fill in "
         "`verdict:` with ok, or what is wrong (ungrammatical, meaning changed, wrong actor, "
         "left-over stem, ...). Sampled with random.seed({seed}) from {count} machine-written "
         "rows of `{path}`.")


def source_markdown(spans: list[dict]) -> str:
    """A competence's source spans as Markdown: the statement, then its points as a list."""
    lines = []
    for span in spans:
        depth = span.get("depth", 0)
        lines.append(f"{'  ' * (depth - 1)}- {span['text']}" if depth else span["text"])
    return "\n".join(lines)


def row_markdown(number: int, competence: dict, spans: list[dict]) -> str:
    """One sampled row: where it is, its source, its Easy Read and the line to judge."""
    where = f"{competence.get('path', '')}:{competence.get('line', '')}"
    return "\n\n".join([f"## {number}. {competence['id']} ({where})",
                        "**Source**", quoted(source_markdown(spans)),
                        "**Easy Read (machine)**", quoted(competence["easy_read"]),
                        "verdict:"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", default="content",
                        help="the draft or folder to sample (default: content/)")
    parser.add_argument("-o", "--output", type=Path, default=OUT / "grammar-sample.md")
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE)
    options = parser.parse_args()
    rewritten = easyread_json("rewrite", options.source, "--format", "json")["competences"]
    spans = {cid: c["source"] for cid, c in by_id(report_json(options.source)["competences"]).items()}
    machine = [c for c in rewritten if machine_written(c)]
    chosen = seeded_sample(machine, options.size)
    rows = [row_markdown(n, c, spans[c["id"]]) for n, c in enumerate(chosen, start=1)]
    intro = INTRO.format(seed=SEED, count=len(machine), path=options.source)
    written = write_sample(options.output, "Grammar sample: machine-written Easy Read", intro, rows)
    print(f"wrote {len(rows)} of {len(machine)} machine-written rows of {options.source} to {written}")


if __name__ == "__main__":
    main()
