"""Precision and recall of the ``hard-word`` rule on hand-marked text it has never seen.

    python bench/hardword_precision.py                 # the bundled fixture
    python bench/hardword_precision.py --lists         # also print the confusion lists
    python bench/hardword_precision.py OTHER.md        # any text marked the same way
    python bench/hardword_precision.py --sweep         # the rule at other everyday-zipf values

The text (tests/fixtures/hardwords/, its README says where it comes from and how it
was marked) has every word an Easy Read editor would mark as hard in braces:
``{assessment}``. The braces are taken out, the real checker (``analyse`` with the
easy-read profile, spaCy and all) is run on the published text, and its findings are
compared with the marks: a finding is right when it overlaps a marked word; a marked
word is found when a finding overlaps it.

Three runs are printed:

- ``before``: the rule as it was before issue 13, rare words only (easy-read with
  ``hard-word-syllables = 0``);
- ``after``: the rule as shipped (long words must be everyday too);
- ``after + glossary``: every word-level finding of the whole checker with the bundled
  glossary (hard-word, and the glossary's jargon, clinical-wording, wordy and
  patronising entries), as an editor sees the text. Its recall is the one that counts
  for an editor; its precision is low by design of the marks, not of the checker: the
  glossary also explains names ("Mental Health Act", once per name) and service terms
  made of everyday words ("care plan"), which the word-level marks leave out.

The first two use an empty glossary, so the figures are the rule's own. tests/test_rules.py
runs ``score`` on the fixture and holds the precision the rule reached.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FIXTURE = ROOT / "tests" / "fixtures" / "hardwords" / "nhs-mental-health-services.md"
MARK = re.compile(r"\{([^{}]+)\}")
WORD_RULES = ("hard-word", "jargon.", "clinical-wording.", "wordy-phrase.", "patronising.")


@dataclass(frozen=True)
class Place:
    """A stretch of one line: 1-based line, first column, column just after the end."""

    line: int
    start: int
    end: int
    text: str

    def overlaps(self, other: "Place") -> bool:
        return self.line == other.line and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Score:
    name: str
    marked: tuple[Place, ...]
    flagged: tuple[Place, ...]

    @property
    def right(self) -> list[Place]:
        return _touching(self.flagged, self.marked)

    @property
    def wrong(self) -> list[Place]:
        return _touching(self.flagged, self.marked, touching=False)

    @property
    def found(self) -> list[Place]:
        return _touching(self.marked, self.flagged)

    @property
    def missed(self) -> list[Place]:
        return _touching(self.marked, self.flagged, touching=False)

    @property
    def precision(self) -> float:
        return len(self.right) / len(self.flagged) if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return len(self.found) / len(self.marked) if self.marked else 1.0

    def summary(self) -> str:
        return (f"{self.name:18} precision {self.precision:.3f} ({len(self.right)}/{len(self.flagged)})"
                f"   recall {self.recall:.3f} ({len(self.found)}/{len(self.marked)})")


def _touching(places: tuple[Place, ...], others: tuple[Place, ...], touching: bool = True) -> list[Place]:
    """The places that overlap one of ``others`` (or, with ``touching=False``, none)."""
    return [p for p in places if any(p.overlaps(o) for o in others) == touching]


def unmark(marked_text: str) -> tuple[str, tuple[Place, ...]]:
    """The published text without braces, and the place of every marked word in it."""
    lines, places = [], []
    for number, line in enumerate(marked_text.split("\n"), 1):
        plain, shift = "", 0
        for match in MARK.finditer(line):
            plain += line[shift:match.start()]
            start = len(plain) + 1
            plain += match.group(1)
            places.append(Place(number, start, len(plain) + 1, match.group(1)))
            shift = match.end()
        lines.append(plain + line[shift:])
    return "\n".join(lines), tuple(places)


def flagged_places(text: str, glossary, settings, rules: tuple[str, ...]) -> tuple[Place, ...]:
    """Where the real checker reports one of ``rules`` in ``text`` (read as a draft file).

    The checker reports a word once per paragraph (with a count); here every place is
    kept, so that each marked word is scored where it stands, not only the first.
    """
    from unittest import mock

    from easyread import analyse as stage
    from easyread.content import parse_markdown
    from easyread.model import Framework, SourceFile

    domain = parse_markdown(SourceFile.from_text("hard-words.md", text))
    with mock.patch.object(stage, "once_per_paragraph", lambda findings: findings):
        findings = stage.analyse(Framework([domain]), glossary, settings).findings()
    return tuple(Place(f.line, f.column, f.end_column, f.text) for f in findings
                 if f.line == f.end_line and any(f.rule == r or f.rule.startswith(r) for r in rules))


def score(path: Path = FIXTURE) -> list[Score]:
    """The three runs described above, on a marked text."""
    from easyread.glossary import Glossary, load_glossary
    from easyread.settings import load_settings

    text, marked = unmark(path.read_text(encoding="utf-8"))
    settings = load_settings(root=ROOT, profile="easy-read", glossary=ROOT / "glossary.yml")
    before = replace(settings, profile=replace(settings.profile, hard_word_syllables=0))
    empty = Glossary("<no glossary>")
    return [Score("before", marked, flagged_places(text, empty, before, ("hard-word",))),
            Score("after", marked, flagged_places(text, empty, settings, ("hard-word",))),
            Score("after + glossary", marked,
                  flagged_places(text, load_glossary(ROOT / "glossary.yml"), settings, WORD_RULES))]


def sweep(path: Path = FIXTURE, values: tuple[float, ...] = (4.8, 5.0, 5.1, 5.2, 5.3, 5.5, 6.0)) -> list[Score]:
    """The rule (empty glossary) at other ``everyday-zipf`` values: the trade-off the
    profile setting makes, shown rather than tuned (easy-read ships 5.3, chosen before
    the fixture was scored)."""
    from easyread.glossary import Glossary
    from easyread.settings import load_settings

    text, marked = unmark(path.read_text(encoding="utf-8"))
    settings = load_settings(root=ROOT, profile="easy-read", glossary=ROOT / "glossary.yml")
    results = []
    for value in values:
        changed = replace(settings, profile=replace(settings.profile, everyday_zipf=value))
        results.append(Score(f"everyday-zipf {value}", marked,
                             flagged_places(text, Glossary("<no glossary>"), changed, ("hard-word",))))
    return results


def confusion(result: Score) -> str:
    def words(places: list[Place]) -> str:
        return ", ".join(f"{p.text} ({p.line}:{p.start})" for p in places) or "-"
    return (f"  {result.name}: flagged but not marked: {words(result.wrong)}\n"
            f"  {result.name}: marked but not flagged: {words(result.missed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=FIXTURE)
    parser.add_argument("--lists", action="store_true", help="print what was wrongly flagged and missed")
    parser.add_argument("--sweep", action="store_true", help="also score the rule at other everyday-zipf values")
    args = parser.parse_args()
    results = score(args.path)
    print(f"{args.path.name}: {len(results[0].marked)} marked words")
    for result in results:
        print(result.summary())
    if args.sweep:
        for result in sweep(args.path):
            print(result.summary())
    if args.lists:
        for result in results:
            print(confusion(result))


if __name__ == "__main__":
    main()
