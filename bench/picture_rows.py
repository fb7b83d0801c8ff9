"""Rows and pictures of a built Easy Read site: the figures of issue 16, and a sample to judge.

    python bench/picture_rows.py output/             # figures, then 40 random rows
    python bench/picture_rows.py output/ --sample 0  # figures only

Reads the built HTML (so it measures any build, before or after a change): every
row of every domain page with its picture, alt text and words. Prints

- rows, picture kinds, rows with the same picture as the row above;
- rows over 40 words and over 3 sentences, outside lists and with a list;
- rows with an empty alt text, and (from report.json) rows with only a default picture;
- a blind sample of 40 rows (``random.seed(7)``; ``--seed`` for another), each with its picture's alt text,
  for a person to judge fit / weak / wrong side by side with the words.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

WORDS = re.compile(r"\w+(?:['’\-]\w+)*")


@dataclass
class Row:
    page: str
    competence: str
    picture: str = ""
    alt: str = ""
    sentences: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(WORDS.findall(t)) for t in (*self.sentences, *self.bullets))

    @property
    def text(self) -> str:
        bullets = "".join(f"\n      - {b}" for b in self.bullets)
        return " ".join(self.sentences) + bullets


class Rows(HTMLParser):
    """The rows of one page: ``div.row`` inside a ``data-competence`` group."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page, self.rows, self.competence = page, [], ""
        self.depth = 0          # div depth inside the current row
        self.target: list[str] | None = None
        self.buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "data-competence" in attrs:
            self.competence = attrs["data-competence"]
        classes = (attrs.get("class") or "").split()
        if tag == "div" and "row" in classes and self.competence:
            self.rows.append(Row(self.page, self.competence))
            self.depth = 1
        elif tag == "div" and self.depth:
            self.depth += 1
        if not self.depth:
            return
        if tag == "img":
            self.rows[-1].picture = Path(attrs.get("src", "")).stem
            self.rows[-1].alt = attrs.get("alt", "")
        elif tag == "p" and "note" not in classes:
            self.target, self.buffer = self.rows[-1].sentences, []
        elif tag == "li":
            self.target, self.buffer = self.rows[-1].bullets, []

    def handle_endtag(self, tag):
        if tag in ("p", "li") and self.target is not None:
            self.target.append(" ".join("".join(self.buffer).split()))
            self.target = None
        elif tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.target is not None:
            self.buffer.append(data)


def site_rows(site: Path) -> list[Row]:
    rows = []
    pages = [*site.glob("domain-*.html"), *site.glob("text-*.html")]
    for page in sorted(pages, key=lambda p: ([int(n) for n in re.findall(r"\d+", p.name)], p.name)):
        parser = Rows(page.name)
        parser.feed(page.read_text(encoding="utf-8"))
        rows += parser.rows
    return rows


def figures(rows: list[Row], site: Path) -> list[str]:
    plain = [r for r in rows if not r.bullets]
    lists = [r for r in rows if r.bullets]
    repeats = sum(1 for a, b in zip(rows, rows[1:]) if a.page == b.page and a.picture == b.picture)
    lines = [f"rows: {len(rows)} ({len(lists)} with a list); picture kinds: {len({r.picture for r in rows})}",
             f"same picture as the row above: {repeats}",
             f"over 40 words: {sum(r.words > 40 for r in plain)} outside lists, "
             f"{sum(r.words > 40 for r in lists)} with a list (longest {max((r.words for r in rows), default=0)})",
             f"over 3 sentences: {sum(len(r.sentences) > 3 for r in plain)} outside lists, "
             f"{sum(len(r.sentences) > 3 for r in lists)} with a list",
             f"lists of more than 5 items in one row: {sum(len(r.bullets) > 5 for r in lists)}",
             f"empty alt text: {sum(not r.alt for r in rows)}"]
    report = site / "report.json"
    if report.exists():
        todo = json.loads(report.read_text(encoding="utf-8"))["todo"]
        lines.append(f"rows with only a default picture (report): {len(todo.get('default_pictures') or [])}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a folder easyread build wrote")
    parser.add_argument("--sample", type=int, default=40, help="rows to sample (0: none)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the sample (issue 16: 7)")
    args = parser.parse_args()
    rows = site_rows(args.site)
    if not rows:
        print(f"no rows found in {args.site}", file=sys.stderr)
        return 1
    print("\n".join(figures(rows, args.site)))
    random.seed(args.seed)
    for number, row in enumerate(random.sample(rows, min(args.sample, len(rows))), start=1):
        print(f"\n{number:2}. {row.page} {row.competence}  [{row.picture}] alt={row.alt!r}\n    {row.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
