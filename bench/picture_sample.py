"""The public pages as a reader sees them: row sizes, pictures, and a sample to judge.

    python bench/picture_sample.py                  # build content/ into a temporary folder, then measure
    python bench/picture_sample.py --site output/   # measure a site already built
    python bench/picture_sample.py tests/fixtures/outside/report.md

Issue 16's figures, read from the built HTML only (``easyread build -o TMP``): every
competence is a ``data-competence="ID"`` group of rows, each row a picture (an
``<img>`` whose file name is the OpenMoji code, with its alt text) beside its words.
Printed: rows over 40 words; rows over 3 sentences, counting every sentence and
counting only sentences outside bullet lists; rows with a list and with a list of
more than 5 items; how many picture kinds serve how many rows; rows with a default
(decorative, ``alt=""``) picture; neighbouring rows with the same picture (within one
competence, and across two). Then 40 rows drawn with ``random.seed(7)`` go to
bench/out/picture-sample.md with their words, picture code, what the picture shows
and its alt text, and an empty ``fit / weak / wrong:`` line to fill in.

What a picture shows comes from the ``pictures`` table of
src/easyread/data/pictures.yml (editorial data: code -> ``shows``) when it has the
code, else from the alt text before its colon.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from easyread_cli import ROOT, run_easyread
from samples import OUT, SEED, quoted, seeded_sample, write_sample
from textstats import count_words, sentences

MAX_ROW_WORDS = 40
MAX_ROW_SENTENCES = 3
MAX_LIST_ITEMS = 5
PICTURES_DATA = ROOT / "src" / "easyread" / "data" / "pictures.yml"


@dataclass
class Row:
    """One picture row of the public site."""

    page: str
    competence: str
    picture: str = ""
    alt: str | None = None
    paragraphs: list[str] = field(default_factory=list)   # text outside lists
    list_items: list[list[str]] = field(default_factory=list)  # one list per <ul>/<ol>
    lines: list[str] = field(default_factory=list)        # everything in reading order

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def sentences(self) -> int:
        return len(sentences([*self.paragraphs, *(i for items in self.list_items for i in items)]))

    @property
    def sentences_outside_lists(self) -> int:
        return len(sentences(self.paragraphs))

    @property
    def default_picture(self) -> bool:
        return self.alt == ""


class RowParser(HTMLParser):
    """Collects the rows of one page: ``div.row`` inside ``div[data-competence]``."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.rows: list[Row] = []
        self.divs: list[str] = []     # what each open <div> is: "competence", "row" or ""
        self.competence: str | None = None
        self.row: Row | None = None
        self.text: list[str] | None = None
        self.in_list = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div":
            self.divs.append(self._open_div(attributes))
        elif self.row is None:
            return
        elif tag == "img" and not self.row.picture:
            self.row.picture = Path(attributes.get("src", "")).stem
            self.row.alt = attributes.get("alt")
        elif tag in ("ul", "ol"):
            self.in_list += 1
            self.row.list_items.append([])
        elif tag in ("p", "li"):
            self.text = []

    def _open_div(self, attributes: dict) -> str:
        if "data-competence" in attributes:
            self.competence = attributes["data-competence"]
            return "competence"
        if self.competence and self.row is None and "row" in (attributes.get("class") or "").split():
            self.row = Row(self.page, self.competence)
            return "row"
        return ""

    def handle_endtag(self, tag):
        if tag == "div" and self.divs:
            kind = self.divs.pop()
            if kind == "competence":
                self.competence = None
            elif kind == "row":
                self.rows.append(self.row)
                self.row = None
        elif self.row is None:
            return
        elif tag in ("p", "li") and self.text is not None:
            words = re.sub(r"\s+", " ", "".join(self.text)).strip()
            if words:
                (self.row.list_items[-1] if self.in_list else self.row.paragraphs).append(words)
                self.row.lines.append(f"- {words}" if self.in_list else words)
            self.text = None
        elif tag in ("ul", "ol"):
            self.in_list -= 1

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def natural_key(path: Path) -> list:
    """domain-2-part-10 after domain-2-part-9."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def site_rows(site: Path) -> list[Row]:
    """Every picture row of every page of a built site, in page order."""
    rows = []
    for page in sorted(site.glob("*.html"), key=natural_key):
        parser = RowParser(page.name)
        parser.feed(page.read_text(encoding="utf-8"))
        rows.extend(parser.rows)
    return rows


def picture_descriptions() -> dict[str, str]:
    """OpenMoji code -> what the picture shows, from the editorial picture table if readable."""
    try:
        data = yaml.safe_load(PICTURES_DATA.read_text(encoding="utf-8"))
        return {str(code): entry["shows"] for code, entry in data["pictures"].items()}
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return {}


def shows(row: Row, described: dict[str, str]) -> str:
    if row.picture in described:
        return described[row.picture]
    return (row.alt or "").split(":")[0] or "(not described)"


def neighbours(rows: list[Row]) -> tuple[int, int]:
    """Pairs of consecutive rows on one page with the same picture: (same competence, across two)."""
    same, across = 0, 0
    for before, after in zip(rows, rows[1:]):
        if before.page == after.page and before.picture == after.picture:
            if before.competence == after.competence:
                same += 1
            else:
                across += 1
    return same, across


def statistics_lines(rows: list[Row]) -> list[str]:
    """The printed figures."""
    kinds = {row.picture for row in rows}
    longest = max(rows, key=lambda r: r.words)
    same, across = neighbours(rows)
    with_lists = [r for r in rows if r.list_items]
    return [
        f"{len(rows)} rows in {len({r.competence for r in rows})} competences on {len({r.page for r in rows})} pages",
        f"rows over {MAX_ROW_WORDS} words: {sum(r.words > MAX_ROW_WORDS for r in rows)} "
        f"(longest {longest.words} words, competence {longest.competence} on {longest.page})",
        f"rows over {MAX_ROW_SENTENCES} sentences: {sum(r.sentences > MAX_ROW_SENTENCES for r in rows)} "
        f"counting every sentence; {sum(r.sentences_outside_lists > MAX_ROW_SENTENCES for r in rows)} "
        f"counting only sentences outside lists",
        f"rows with a list: {len(with_lists)}; with a list of more than {MAX_LIST_ITEMS} items: "
        f"{sum(any(len(items) > MAX_LIST_ITEMS for items in r.list_items) for r in with_lists)}",
        f"picture kinds: {len(kinds)} serve {len(rows)} rows",
        f"rows with a default picture (alt=\"\"): {sum(r.default_picture for r in rows)}",
        f"neighbouring rows with the same picture: {same + across} "
        f"({same} within one competence, {across} across two competences)",
    ]


def sample_row(number: int, row: Row, described: dict[str, str]) -> str:
    alt = "(empty: decorative default)" if row.default_picture else f'"{row.alt}"'
    return "\n\n".join([f"## {number}. {row.competence} ({row.page})", quoted(row.text),
                        f"picture: {row.picture} - {shows(row, described)}; alt: {alt}",
                        "fit / weak / wrong:"])


def build_site(paths: list[str], target: Path) -> Path:
    """``easyread build PATHS -o TARGET`` (TARGET must not exist yet)."""
    run_easyread("build", *paths, "-o", str(target))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="what to build (default: content/)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("-o", "--output", type=Path, default=OUT / "picture-sample.md")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="easyread-bench-") as temp:
        site = options.site or build_site(options.paths, Path(temp) / "site")
        rows = site_rows(site)
    if not rows:
        raise SystemExit(f"no picture rows (div.row inside [data-competence]) in {site}")
    print("\n".join(statistics_lines(rows)))
    described = picture_descriptions()
    chosen = seeded_sample(rows)
    intro = (f"Each row: its words, then its picture (OpenMoji code, what it shows, alt text). "
             f"Fill in `fit / weak / wrong:`. Sampled with random.seed({SEED}) from {len(rows)} rows.")
    written = write_sample(options.output, "Picture sample: does the picture fit the idea?", intro,
                           [sample_row(n, r, described) for n, r in enumerate(chosen, start=1)])
    print(f"wrote {len(chosen)} rows to {written}")


if __name__ == "__main__":
    main()
