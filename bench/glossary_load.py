"""Benchmark loading a very large glossary: validation, then the spaCy matcher for it.

    python bench/glossary_load.py              # 10,000 entries
    python bench/glossary_load.py --entries 20000

A glossary is generated (made-up words, so no entry clashes with another; every
kind of entry: replace with plain wording, explain, flag; lemma and lower matching;
one- and two-word terms), written to a temporary file and timed:

- load: ``glossary.load_glossary`` (read, parse YAML keeping lines, validate every
  entry, the cross-entry checks for shared forms and rewrite chains);
- matcher: ``nlp.pipeline_for`` (the spaCy model, then the glossary component with
  every term as a pattern). The model load is timed on its own first, so the figure
  is the glossary's own cost.

The same generator is used by tests/test_hardening.py (without timings: timings
belong here, never in the unit tests). Issue 7 asks for "under a few seconds".
"""

from __future__ import annotations

import argparse
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

KINDS = ("replace", "explain", "flag")


def made_up_word(number: int) -> str:
    """A word no dictionary has, unique per number (base 26, after a fixed prefix)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = string.ascii_lowercase[digit] + letters
        if not number:
            break
    return "zq" + letters.rjust(4, "a")


def entry_yaml(number: int, term: str | None = None) -> str:
    """One glossary entry in the documented format (docs/glossary-format.md)."""
    word = made_up_word(number)
    term = term or (f"{word} care" if number % 5 == 0 else word)
    action = KINDS[number % 3]
    lines = [
        f"  - id: entry-{number}",
        f"    terms: [{term}]",
        f"    match: {'lower' if number % 7 == 0 else 'lemma'}",
        f"    category: {('clinical', 'jargon', 'wordy')[number % 3]}",
        f"    status: {'approved' if number % 4 else 'proposed'}",
        f"    action: {action}",
    ]
    if action == "replace":
        lines.append(f"    plain: {{base: easy {word}x}}")
    if action == "explain":
        lines.append(f'    explanation: "A {word} is a made-up word. It helps the test."')
    lines += [
        f"    provenance: [{{source: Consultation, respondent: {number % 40 + 1}, quote: \"what is {word}?\"}}]",
        f"    examples: {{flag: [\"We use {term}.\"], pass: [\"We use words.\"]}}",
    ]
    return "\n".join(lines)


def make_glossary(entries: int, duplicate_of: int | None = None) -> str:
    """A valid glossary of ``entries`` entries; with ``duplicate_of``, the last entry
    also claims that entry's term (a shared form, error E027)."""
    parts = ["version: 1", "entries:"]
    for number in range(entries):
        term = None
        if duplicate_of is not None and number == entries - 1:
            term = made_up_word(duplicate_of) if duplicate_of % 5 else f"{made_up_word(duplicate_of)} care"
        parts.append(entry_yaml(number, term))
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()

    from easyread.glossary import load_glossary
    from easyread.nlp import _fresh_pipeline, pipeline_for
    from easyread.settings import DEFAULT_MODEL

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "glossary.yml"
        path.write_text(make_glossary(args.entries), encoding="utf-8")
        size = path.stat().st_size
        started = time.perf_counter()
        glossary = load_glossary(path)
        load = time.perf_counter() - started
    started = time.perf_counter()
    _fresh_pipeline(DEFAULT_MODEL)
    model = time.perf_counter() - started
    started = time.perf_counter()
    nlp = pipeline_for(DEFAULT_MODEL, glossary)
    with_glossary = time.perf_counter() - started
    terms = sum(len(e.terms) for e in glossary.entries)
    doc = nlp(f"We use {made_up_word(args.entries - 1)} and {made_up_word(10)} care.")
    print(f"glossary: {len(glossary.entries)} entries, {terms} terms, {size / 2**20:.1f} MB of YAML")
    print(f"load and validate: {load:.2f} s")
    print(f"spaCy model alone: {model:.2f} s")
    print(f"matcher for the glossary: {max(0.0, with_glossary - model):.2f} s "
          f"(model + glossary component: {with_glossary:.2f} s)")
    print(f"check: a sentence with two terms gives {len(doc.spans['glossary'])} matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
