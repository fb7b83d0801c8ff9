"""What the sentence simplifier (src/easyread/simplify.py) does to real sentences.

    python bench/simplify_quality.py                       # the framework, drafts and outside texts
    python bench/simplify_quality.py content/ letter.txt   # any paths easyread reads
    python bench/simplify_quality.py --sample 40           # also 40 changed sentences to read (random.seed(7))
    python bench/simplify_quality.py --all                 # also every sentence it changed or refused

The input of the simplifier is each sentence after today's word-level rewrite (stems,
approved words, bold explained words: ``rewrite.word_edits``), split at full stops
(``text.split_sentences``); a statement with sub-points loses its lead-in first
(``rewrite.lead_in``), as the rewrite stage does. Competences with editor-written text
are left out (the machine never touches them). Statements and sub-points are measured
apart too (a sub-point is a bullet of its own).

Printed per input: sentences, share of 15 words or fewer, 90th percentile words per
sentence and share with brackets, before and after (a bullet of a list the simplifier
made counts as a sentence), the same for today's ``sentences_of`` (asides and semicolon
splits) for comparison, how many sentences each transformation handled, how many
were refused and the top reasons, the seconds simplify took (wall and processor time,
with the machine's load: on a shared machine the processor time says more) and how
many sentences it parsed (the fast path parses nothing). Figures go to stdout; nothing
is written.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))   # easyread_cli, when loaded from the tests
sys.path.insert(0, str(ROOT / "src"))

from before_simplify import sentences_of  # noqa: E402  (the baseline: sentences before simplify.py)
from easyread_cli import NOT_DRAFTS  # noqa: E402  (the shared bench's list: a README is no draft)
from easyread.approvals import load_approvals  # noqa: E402
from easyread.content import load_paths  # noqa: E402
from easyread.glossary import load_glossary  # noqa: E402
from easyread.nlp import parser_pipeline, pipeline_for  # noqa: E402
from easyread.readability import count_words  # noqa: E402
from easyread.settings import load_settings  # noqa: E402
from easyread.simplify import Outcome, Parses, needs_work, simplify_sentence  # noqa: E402
from easyread.text import normalise_for_matching, split_sentences  # noqa: E402

BRACKETS = re.compile(r"[()]")
DEFAULT_INPUTS = ["content", "tests/fixtures/drafts", "tests/fixtures/outside"]


@dataclass(frozen=True)
class Case:
    """One sentence the simplifier is given, and where it comes from."""

    where: str      # competence or paragraph id
    text: str
    point: bool     # from a sub-point (a bullet), not a statement


def cases(path: Path, settings, glossary) -> list[Case]:
    """Every machine-rewritten sentence of ``path`` after the word-level rewrite; a
    statement with sub-points loses its lead-in ("..., for example:") as the rewrite
    stage does before it splits sentences."""
    from easyread.rewrite import apply_edits, lead_in, word_edits

    framework = load_paths([path])
    content_dir = path if path.is_dir() else path.parent
    approved = load_approvals(content_dir) if (content_dir / "approved").is_dir() else {}
    nlp = pipeline_for(settings.model, glossary)
    found = []
    for competence in (c for d in framework.domains for c in d.competences_in_order()):
        if competence.id in approved:
            continue
        for number, span in enumerate(competence.spans()):
            doc = nlp(normalise_for_matching(span.text))
            edits, _refused = word_edits(span.text, doc, glossary, True)   # refused edits stay as written
            text = apply_edits(span.text, edits)
            if number == 0 and competence.points:
                text = lead_in(text)[0]
            found.extend(Case(competence.id, full_sentence(s), number > 0)
                         for s in split_sentences(text))
    return found


def full_sentence(text: str) -> str:
    """A capital at the start and a full stop at the end, as the rewrite gives them."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?:" else text.rstrip(",;- ") + "."


def figures(sentences: list[str], limit: int) -> dict[str, float]:
    words = sorted(count_words(s) for s in sentences) or [0]
    return {"sentences": len(sentences),
            "short_share": sum(w <= limit for w in words) / len(words),
            "p90": words[min(len(words) - 1, int(0.9 * len(words)))],
            "brackets_share": sum(bool(BRACKETS.search(s)) for s in sentences) / max(1, len(sentences))}


def line(label: str, numbers: dict[str, float]) -> str:
    return (f"  {label:<22} {numbers['sentences']:>5} sentences, {numbers['short_share']:6.1%} <= limit, "
            f"p90 {numbers['p90']:>3} words, {numbers['brackets_share']:6.1%} with brackets")


def measure(label: str, found: list[Case], nlp, limit: int) -> list[tuple[Case, Outcome]]:
    """Simplify every sentence and print the figures."""
    parses = Parses(nlp)    # as the rewrite stage would: one per run, the first parses in one batch
    start, cpu = time.perf_counter(), time.process_time()
    parses.prepare([case.text for case in found], limit)
    results = [(case, simplify_sentence(case.text, nlp=parses, limit=limit)) for case in found]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = [s for _, out in results for s in out.sentences + out.bullets]
    today = [s for case in found for s in sentences_of(case.text, limit)]
    print(f"\n{label}")
    print(line("before (word edits)", figures([c.text for c in found], limit)))
    print(line("today's sentences_of", figures(today, limit)))
    print(line("after simplify", figures(after, limit)))
    for kind, point in (("statements", False), ("sub-points", True)):
        mine = [out for case, out in results if case.point == point]
        before = [case.text for case in found if case.point == point]
        if mine and len(mine) < len(results):
            print(line(f"  {kind}: before", figures(before, limit)))
            print(line(f"  {kind}: after", figures([s for out in mine for s in out.sentences + out.bullets], limit)))
    applied = Counter(t for _, out in results for t in dict.fromkeys(out.applied))
    refused = Counter(r.transformation for _, out in results for r in out.refused)
    reasons = Counter(re.sub(r"'[^']*'", "'...'", r.reason) for _, out in results for r in out.refused)
    changed = sum(bool(out.applied) for _, out in results)
    print(f"  changed {changed} of {len(results)} sentences; with a refusal: "
          f"{sum(bool(out.refused) for _, out in results)}")
    print("  handled by:", ", ".join(f"{k} {v}" for k, v in applied.most_common()) or "-")
    print("  refused:   ", ", ".join(f"{k} {v}" for k, v in refused.most_common()) or "-")
    for reason, count in reasons.most_common(6):
        print(f"    {count:>4}  {reason}")
    print(f"  simplify took {seconds:.2f} s ({cpu:.2f} s of processor time; load {os.getloadavg()[0]:.1f}) "
          f"and parsed {parses.parsed} sentences "
          f"({sum(needs_work(case.text, limit) for case in found)} of {len(found)} needed it; the rest, checks)")
    return results


def show(results: list[tuple[Case, Outcome]]) -> None:
    for case, out in results:
        print(f"\n[{case.where}] {case.text}")
        for sentence in out.sentences:
            print(f"   > {sentence}")
        for bullet in out.bullets:
            print(f"   - {bullet}")
        print(f"   applied: {', '.join(out.applied) or '-'}")
        for refusal in out.refused:
            print(f"   refused: {refusal.transformation}: {refusal.reason}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="folders or files (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=0, help="print N changed sentences, random.seed(7)")
    parser.add_argument("--all", action="store_true", help="print every sentence changed or refused")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in (args.paths or [ROOT / p for p in DEFAULT_INPUTS])]
    settings = load_settings(root=ROOT, profile="easy-read")
    limit = settings.profile.max_sentence_words
    nlp = parser_pipeline(settings.model)
    every: list[tuple[Case, Outcome]] = []
    for path in paths:
        if not path.exists():
            print(f"\n{path}: not there, skipped")
            continue
        glossary_path = path / "glossary.yml" if (path / "glossary.yml").exists() else ROOT / "glossary.yml"
        for item in sorted(path.iterdir()) if path.is_dir() and path.name != "content" else [path]:
            if item.is_file() and (item.suffix not in (".md", ".txt") or item.name.lower() in NOT_DRAFTS):
                continue
            try:
                found = cases(item, settings, load_glossary(glossary_path))
            except Exception as problem:   # a bench reports what it cannot read and goes on
                print(f"\n{item}: skipped ({problem})")
                continue
            every += measure(str(item.relative_to(ROOT) if item.is_relative_to(ROOT) else item), found, nlp, limit)
    if args.sample:
        changed = [r for r in every if r[1].applied]
        random.seed(7)
        print(f"\n---- {args.sample} random changed sentences (random.seed(7)) of {len(changed)}")
        show(random.sample(changed, min(args.sample, len(changed))))
    if args.all:
        show([r for r in every if r[1].applied or r[1].refused])


if __name__ == "__main__":
    main()
