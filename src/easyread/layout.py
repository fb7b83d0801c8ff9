"""Stage 4a: the Easy Read pages as data: headings, and rows of picture, sentences, bullets, notes.

``lay_out`` turns the framework and its Easy Read versions into ``Page``s (a domain,
or a part of a long one) holding headings and each competence's rows, with every
picture chosen and every explained word resolved, and the word bank. Nothing here
is HTML: ``render.py`` turns a layout into the site, the Word output can write the
same rows, and the editor's report takes ``row_pictures`` (rows and their pictures,
with the reason where no picture fitted) without rendering anything.

The Easy Read layout rules (docs/easy-read-rules.md; numbers in ``data/site.yml``):

- **One idea per row** (DoH-2009, GOV.UK-ACF): a row holds at most ``max_sentences``
  sentences and about ``max_words`` words; a longer block of the rewrite is split
  into balanced rows, each with its own picture. A sentence is never split here
  (that is the rewrite's job), so one long sentence stays one row.
- **A list stays with its lead** ("Peer support workers can:"). A list of more
  than ``max_items`` items is split into rows of related items, and each further
  row repeats the lead, worded from ``continued_lead`` ("... can also:").
- **Hard words** (GOV.UK-ACF ``word-bank``): every explained word links to the word
  bank at its first use on a page, with its explanation beside it unless the page
  explains it already; a row that explains a word itself gets no note for it.
- **Headings in Easy Read**: each domain and section shows its Easy Read title from
  the front matter (``easy-read-titles: {"3.1": "Respecting differences"}``), with
  the framework's own title beneath; a heading with none keeps its own title and is
  listed in ``untitled`` for the report.
- **Parts** short enough to print in 24 pages (``part_lines``; GOV.UK-ACF, DoH-2009):
  split at sections where possible; a section's heading never ends a part alone.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .concepts import CachedReading, concept_table
from .text import normalise_for_matching
from .errors import InputError, Msg
from .glossary import Entry, Glossary
from .model import Competence, Domain, EasyReadBlock, EasyReadVersion, Framework, Heading
from .site import SiteText, package_site_text, site_text_for
from .pictures import DEFAULT, Picture, PicturePicker, PictureTable, Topic, domain_picture, editor_pictures, \
    picture_table

if TYPE_CHECKING:
    from .cache import AnalysisCache

BOLD = re.compile(r"\*\*(.+?)\*\*")
WORDS = re.compile(r"\w+(?:['’\-]\w+)*")
TITLES_KEY = "easy-read-titles"
PICTURE_LINES = 4      # a row is at least as tall as its picture: about 4 lines of text
CHARS_PER_LINE = 46    # a rough measure of the words column, for splitting into parts
HEADING_LINES = 2
SHORT_LEAD = 4         # "For example:", "This means:": a lead this short keeps the sentence before it


# ---------------------------------------------------------------- the site's own rules (data)


@dataclass(frozen=True)
class RowRules:
    """How much one row may hold, and how a repeated lead is worded (``site.yml`` ``rows``)."""

    max_sentences: int
    max_words: int
    max_items: int
    max_list_words: int
    continued_lead: tuple[tuple[re.Pattern[str], str], ...]
    defines: tuple[str, ...]

    def lead_again(self, lead: str) -> str:
        """The lead of a list, for the row that carries on the list ("... can also:")."""
        for pattern, wording in self.continued_lead:
            found = pattern.match(lead)
            if found:
                return wording.format(**{k: v or "" for k, v in found.groupdict().items()})
        return lead

    def explains_itself(self, lines: Sequence[str], term: str) -> bool:
        """The row defines its bold word itself, so it needs no note: "**Values** are ...",
        or a sentence after it, as editors write, "Reciprocity means ..." or "A crisis
        plan says ..." (a word is never defined twice in one row)."""
        word = normalise_for_matching(term).casefold()
        for line in lines:
            plain = normalise_for_matching(BOLD.sub(r"\1", line)).casefold()
            plain = re.sub(r"^(?:a|an|the) ", "", plain)
            if any(plain.startswith(f"{word} {verb} ") for verb in self.defines):
                return True
        return False


@lru_cache(maxsize=1)
def row_rules() -> RowRules:
    """The package's rules for rows (``rows`` in ``data/site.yml``)."""
    raw = package_site_text()["rows"]
    leads = tuple((re.compile(str(item["match"])), str(item["say"])) for item in raw["continued_lead"])
    return RowRules(int(raw["max_sentences"]), int(raw["max_words"]), int(raw["max_items"]),
                    int(raw["max_list_words"]), leads, tuple(str(v).casefold() for v in raw["defines"]))


def site_text() -> SiteText:
    """The package's own site words, with no project or draft (the plain defaults)."""
    return site_text_for(Framework())


# ---------------------------------------------------------------- what a page is made of


@dataclass(frozen=True)
class WordUse:
    """A bold word that the glossary explains: which entry, and whether it links here."""

    entry: str
    link: bool


@dataclass(frozen=True)
class Line:
    """One sentence or bullet: inline Markdown (``**bold**`` kept), and per bold pair the
    explained word it is (None: shown plain; bold is only for explained words)."""

    text: str
    words: tuple[WordUse | None, ...] = ()

    @property
    def plain(self) -> str:
        return BOLD.sub(r"\1", self.text)

    @property
    def bold_words(self) -> frozenset[str]:
        """The bold words shown bold: the explained ones (the rest are shown plain)."""
        return frozenset(found.group(1) for found, use in zip(BOLD.finditer(self.text), self.words) if use)


@dataclass(frozen=True)
class Note:
    """An explanation shown beside a word's first use on a page that does not explain it."""

    entry_id: str
    term: str
    explanation: str


@dataclass
class Row:
    """One idea: its picture, its sentences and bullets, and notes for hard words."""

    competence_id: str
    number: int                    # 1-based, within its competence
    sentences: list[Line]
    bullets: list[Line]
    picture: Picture
    notes: list[Note] = field(default_factory=list)
    explains: str = ""             # the glossary entry this row explains (the rewrite's explain-next row)
    continued: bool = False        # the rest of a long list, under its lead again
    paragraph: int = 0             # the rewrite's block (the editor's paragraph) it comes from
    starts_paragraph: bool = True

    @property
    def lines(self) -> list[Line]:
        return [*self.sentences, *self.bullets]

    @property
    def block(self) -> EasyReadBlock:
        """The row's words as Easy Read Markdown (what the Word document writes)."""
        return EasyReadBlock([line.text for line in self.sentences], [line.text for line in self.bullets])

    @property
    def bold_words(self) -> frozenset[str]:
        return frozenset().union(*(line.bold_words for line in self.lines))


@dataclass
class CompetenceRows:
    id: str
    rows: list[Row]


@dataclass(frozen=True)
class HeadingItem:
    level: int
    number: str
    title: str
    original: str = ""             # the framework's own title, when the title is an Easy Read one
    continued: bool = False
    key: str = ""                  # a draft's unnumbered heading: its place among the headings (h2, h2-1)

    @property
    def anchor(self) -> str:
        return f"s-{self.number or self.key}"


@dataclass
class Page:
    """A domain, or one part of a long one: one web page and one printed booklet."""

    domain: Domain
    title: str
    original: str
    number: int = 1
    total: int = 1
    items: list[HeadingItem | CompetenceRows] = field(default_factory=list)
    lines: int = 0
    name: str = ""                 # the file name, without parts: "domain-3", "text-letter"

    @property
    def slug(self) -> str:
        base = self.name or f"domain-{self.domain.number or 'text'}"
        return base if self.total == 1 else f"{base}-part-{self.number}"

    @property
    def path(self) -> str:
        return f"{self.slug}.html"

    @property
    def full_title(self) -> str:
        return self.title if self.total == 1 else f"{self.title} (part {self.number} of {self.total})"

    def rows(self) -> Iterable[Row]:
        for item in self.items:
            if isinstance(item, CompetenceRows):
                yield from item.rows

    def word_ids(self) -> list[str]:
        """Explained words linked or noted on this page, in order (for its printed word list)."""
        found = [use.entry for row in self.rows() for line in row.lines for use in line.words if use]
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class WordBankEntry:
    id: str
    term: str
    explanation: str
    picture: Picture


@dataclass(frozen=True)
class RowRecord:
    """Where a row ended up and how its picture was chosen (for the editor's report)."""

    page: str
    competence_id: str
    row: int
    picture: str
    source: str                    # "editor", "concept" or "default" (no good match)
    concept: str = ""
    why: str = ""


@dataclass
class Layout:
    """Every page of the Easy Read site as data, the word bank, and what the report needs."""

    pages: list[Page]
    word_bank: list[WordBankEntry]
    untitled: list[str]
    contents_pictures: dict[str, Picture]

    def records(self) -> list[RowRecord]:
        return [RowRecord(page.path, row.competence_id, row.number, row.picture.code, row.picture.source,
                          row.picture.concept, row.picture.why)
                for page in self.pages for row in page.rows()]

    @property
    def default_picture_rows(self) -> list[RowRecord]:
        """Rows no concept fitted: they show their section's picture; an editor should choose."""
        return [r for r in self.records() if r.source == DEFAULT]

    @property
    def default_picture_words(self) -> list[WordBankEntry]:
        return [w for w in self.word_bank if w.picture.source == DEFAULT]

    def pictures_used(self) -> set[str]:
        used = {row.picture.code for page in self.pages for row in page.rows()}
        used |= {w.picture.code for w in self.word_bank} | {p.code for p in self.contents_pictures.values()}
        return used


# ---------------------------------------------------------------- one idea per row


@dataclass(frozen=True)
class RowText:
    """The words of one row before pictures and word links: which block it came from,
    and whether it carries on a list under its lead again."""

    sentences: tuple[str, ...]
    bullets: tuple[str, ...] = ()
    block: int = 0
    first_of_block: bool = True
    continued: bool = False

    @property
    def lines(self) -> list[str]:
        return [*self.sentences, *self.bullets]


def word_count(text: str) -> int:
    return len(WORDS.findall(BOLD.sub(r"\1", text)))


def split_block(block: EasyReadBlock, rules: RowRules, index: int = 0,
                idea: Callable[[str], str] | None = None) -> list[RowText]:
    """A block of the rewrite as rows of one idea each (see the module docstring).

    ``idea(item)`` names the concept a list item is about, to keep related items together.
    """
    sentences, bullets = list(block.sentences), list(block.bullets)
    if not bullets:
        groups = _sentence_groups(sentences, rules) or [[]]
        return _numbered([RowText(tuple(g), (), index) for g in groups])
    cut = max(0, len(sentences) - (2 if len(sentences) > 1 and word_count(sentences[-1]) <= SHORT_LEAD else 1))
    lead, before = sentences[cut:], sentences[:cut]
    again = (rules.lead_again(lead[-1]),) if lead else ()
    lists = _list_groups(bullets, rules, idea or _idea)
    rows: list[RowText] = []
    if before and _fits_with_lead(before, lead, lists[0], rules):
        lead = before + lead
    elif before:
        rows += [RowText(tuple(g), (), index) for g in _sentence_groups(before, rules)]
    rows.append(RowText(tuple(lead), tuple(lists[0]), index))
    rows += [RowText(again, tuple(items), index, continued=True) for items in lists[1:]]
    return _numbered(rows)


def _numbered(rows: list[RowText]) -> list[RowText]:
    return [RowText(r.sentences, r.bullets, r.block, i == 0, r.continued) for i, r in enumerate(rows)]


def _fits_with_lead(before: list[str], lead: list[str], items: list[str], rules: RowRules) -> bool:
    """Short sentences before a list's lead share its row when the row stays small."""
    return (len(before) + len(lead) <= rules.max_sentences
            and sum(map(word_count, before + lead)) <= rules.max_words // 2
            and len(items) <= 3)


def _sentence_groups(sentences: list[str], rules: RowRules) -> list[list[str]]:
    """Fewest rows of at most ``max_sentences`` sentences and ``max_words`` words, balanced.

    A sentence over the word limit stays a row of its own: splitting a sentence could
    make it worse, so that is left to the rewrite and listed by the bench script.
    """
    words = [word_count(s) for s in sentences]
    best: dict[int, tuple[int, int, tuple[int, ...]]] = {0: (0, 0, ())}
    for end in range(1, len(sentences) + 1):
        options = []
        for start in range(max(0, end - rules.max_sentences), end):
            size = sum(words[start:end])
            if size > rules.max_words and end - start > 1:
                continue
            groups, largest, cuts = best[start]
            options.append((groups + 1, max(largest, size), cuts + (start,)))
        best[end] = min(options)
    cuts = (*best[len(sentences)][2], len(sentences))
    return [sentences[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _list_groups(items: list[str], rules: RowRules, idea: Callable[[str], str]) -> list[list[str]]:
    """A long list as the fewest rows of at most ``max_items`` items, kept even (sizes
    differ by one at most), cut where neighbouring items are about different ideas."""
    ideas = [idea(item) for item in items] if len(items) > rules.max_items else [""] * len(items)
    words = [word_count(item) for item in items]
    for count in range(math.ceil(len(items) / rules.max_items), len(items) + 1):
        best = _best_cuts(len(items), count, ideas, words, rules)
        if best is not None:
            cuts = (0, *best, len(items))
            return [items[a:b] for a, b in zip(cuts, cuts[1:])]
    return [[item] for item in items]


def _best_cuts(size: int, count: int, ideas: list[str], words: list[int],
               rules: RowRules) -> tuple[int, ...] | None:
    """Where to cut ``size`` items into ``count`` even groups, breaking the fewest ideas."""
    low, high = size // count, math.ceil(size / count)
    found: list[tuple[int, tuple[int, ...]]] = []

    def walk(start: int, left: int, cuts: tuple[int, ...]) -> None:
        if left == 1:
            if low <= size - start <= high and _fits(words[start:], rules):
                broken = sum(1 for c in cuts if ideas[c - 1] and ideas[c - 1] == ideas[c])
                found.append((broken, cuts))
            return
        for end in range(start + low, min(start + high, size) + 1):
            if _fits(words[start:end], rules):
                walk(end, left - 1, cuts + (end,))
    walk(0, count, ())
    return min(found)[1] if found else None


def _fits(words: list[int], rules: RowRules) -> bool:
    return len(words) <= rules.max_items and (sum(words) <= rules.max_list_words or len(words) == 1)


def _idea(text: str, reader: Callable | None = None) -> str:
    """The concept a list item is about ("" if none), for keeping related items together."""
    scores = concept_table().scores([text], reader=reader)
    return max(scores, key=lambda name: (scores[name].value, name), default="")


def row_lines(row: RowText) -> int:
    """About how many lines a row takes: its words, but never less than its picture."""
    words = sum(math.ceil(len(s) / CHARS_PER_LINE) for s in row.lines)
    return max(PICTURE_LINES, words) + 1


# ---------------------------------------------------------------- headings


def easy_titles(domain: Domain) -> dict[str, str]:
    """``easy-read-titles`` in a domain's front matter: heading number -> Easy Read title."""
    raw = domain.front_matter.get(TITLES_KEY) or {}
    if not isinstance(raw, dict):
        raise InputError(Msg.E090.format(key=TITLES_KEY), path=domain.path)
    titles = {}
    for number, title in raw.items():
        if not isinstance(title, str) or not title.strip():
            raise InputError(Msg.E091.format(key=TITLES_KEY, number=number), path=domain.path)
        titles[str(number)] = " ".join(title.split())
    return titles


def heading_item(level: int, heading: Heading, titles: dict[str, str], key: str = "") -> HeadingItem | None:
    """A numbered heading's Easy Read title with its own beneath; a draft's heading (no
    number) keeps its own words; a heading with no words shows none."""
    easy = titles.get(heading.number) if heading.number else None
    if easy:
        return HeadingItem(level, heading.number, easy, heading.title, key=key)
    return HeadingItem(level, heading.number, heading.title, key=key) if heading.title else None


# ---------------------------------------------------------------- words on the page


def entry_for(word: str, candidates: list[Entry]) -> Entry | None:
    """The explained glossary entry a bold word stands for (its term, or a plural of it)."""
    key = normalise_for_matching(html.unescape(word)).casefold().strip()  # terms are normalised
    for entry in candidates:
        for term in entry.terms:
            term_key = term.casefold()
            if key == term_key or (key.startswith(term_key) and len(key) - len(term_key) <= 2):
                return entry
    return None


def _words_key(text: str) -> str:
    """Text compared by its words only (case, punctuation and spacing ignored)."""
    return " ".join(re.findall(r"\w+", text.casefold()))


class PageWords:
    """Explained words on one page: the first use links to the word bank and may get a note."""

    def __init__(self, glossary: Glossary, explained_here: set[str], rules: RowRules) -> None:
        self.entries = [e for e in glossary.entries if e.explanation]
        self.explained_here = explained_here    # explanations that are rows on this page
        self.rules = rules
        self.seen: set[str] = set()

    def line(self, text: str, notes: list[Note], explains: str, row: Sequence[str] = ()) -> Line:
        """One line of a row (``row``: all its lines, where a word may be defined)."""
        uses: list[WordUse | None] = []
        for found in BOLD.finditer(text):
            entry = entry_for(found.group(1), self.entries)
            if entry is None:
                uses.append(None)
                continue
            first = entry.id not in self.seen
            self.seen.add(entry.id)
            uses.append(WordUse(entry.id, first))
            if first and self._needs_note(entry, row or (text,), found.group(1), explains, notes):
                notes.append(Note(entry.id, html.unescape(found.group(1)), entry.explanation))
        return Line(text, tuple(uses))

    def _needs_note(self, entry: Entry, row: Sequence[str], word: str, explains: str, notes: list[Note]) -> bool:
        return (entry.id not in self.explained_here and entry.id != explains
                and not self.rules.explains_itself(row, word)
                and all(note.entry_id != entry.id for note in notes))


def explanation_rows(versions: Iterable[EasyReadVersion], glossary: Glossary) -> dict[str, str]:
    """Rows that the rewrite added to explain a word (explain-next): their words -> entry id."""
    by_term = {e.terms[0]: e for e in glossary.entries if e.terms and e.explanation}
    return {_words_key(text): by_term[c.before].id   # the glossary's words, or the row as inserted (it names the word)
            for v in versions for c in v.changes if c.rule == "explain-next" and c.before in by_term
            for text in (by_term[c.before].explanation, c.after)}


# ---------------------------------------------------------------- laying out the site


@dataclass
class _Unit:
    """Items that should stay together on a page: a heading and its competences' rows."""

    heading: HeadingItem | None
    items: list[tuple[HeadingItem | None, EasyReadVersion | None, list[RowText]]]


@dataclass
class _Layout:
    framework: Framework
    versions: dict[int, EasyReadVersion]     # by competence (two drafts both have a p1)
    glossary: Glossary
    cache: AnalysisCache | None = None
    table: PictureTable = field(default_factory=picture_table)
    text: SiteText = field(default_factory=site_text)
    untitled: list[str] = field(default_factory=list)
    words_used: dict[str, None] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    topics: dict[tuple[str, str], Topic] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reader = CachedReading(self.table.concepts, self.cache)

    def idea(self, item: str) -> str:
        return _idea(item, self.reader)

    def run(self) -> Layout:
        pages = [page for domain in self.framework.domains for page in self.domain_pages(domain)]
        contents = {d.number or d.path: self.contents_picture(d) for d in self.framework.domains}
        return Layout(pages, self.word_bank(), self.untitled, contents)

    # -- pages and parts

    def domain_pages(self, domain: Domain) -> list[Page]:
        titles = self.titles(domain)
        title = titles.get(domain.number) or domain.title or Path(domain.path).stem
        if domain.number and domain.number not in titles:
            self.untitled.append(domain.number)
        original = domain.title if domain.number in titles else ""
        pages = self.split_parts(domain, self.units(domain, titles), title, original)
        name = self.page_name(domain)
        for page in pages:
            page.total, page.name = len(pages), name
            self.fill(page, titles)
        return pages

    def titles(self, domain: Domain) -> dict[str, str]:
        """Easy Read titles by heading number: the domain's front matter, else the settings'."""
        if not domain.number:
            return {}
        settings = self.text.raw.get("headings") or {}
        return {**{str(k): str(v) for k, v in settings.items()}, **easy_titles(domain)}

    def page_name(self, domain: Domain) -> str:
        """"domain-3" for a framework domain; "text-letter" for a draft (letter.txt), made unique."""
        ascii_stem = unicodedata.normalize("NFKD", Path(domain.path).stem).encode("ascii", "ignore").decode()
        stem = re.sub(r"[^a-z0-9]+", "-", ascii_stem.casefold()).strip("-") or "draft"
        name = f"domain-{domain.number}" if domain.number else f"text-{stem}"
        unique, count = name, 1
        while unique in self.names:
            count += 1
            unique = f"{name}-{count}"
        self.names.add(unique)
        return unique

    def units(self, domain: Domain, titles: dict[str, str]) -> list[_Unit]:
        """The domain as units that stay together: its own rows, then each section.

        A numbered subsection with no Easy Read title has no heading of its own (its
        rows follow on); a section with none keeps its own title and is listed.
        """
        rules = row_rules()
        units = [_Unit(None, [(None, v, self.row_texts(v, rules)) for v in self.of(domain.competences)])]
        for place, section in enumerate(domain.sections, 1):
            if section.number and section.number not in titles:
                self.untitled.append(section.number)
            items = [(None, v, self.row_texts(v, rules)) for v in self.of(section.competences)]
            for sub_place, sub in enumerate(section.subsections, 1):
                shown = (heading_item(3, sub, titles, f"h{place}-{sub_place}")
                         if sub.number in titles or not sub.number else None)
                versions = self.of(sub.competences)
                if shown is not None and versions:
                    items.append((shown, None, []))
                items += [(None, v, self.row_texts(v, rules)) for v in versions]
            units.append(_Unit(heading_item(2, section, titles, f"h{place}"), items))
        return [u for u in units if u.items]

    def of(self, competences: list[Competence]) -> list[EasyReadVersion]:
        """The Easy Read versions of these competences (by competence: two drafts both have a p1)."""
        return [self.versions[id(c)] for c in competences if id(c) in self.versions]

    def row_texts(self, version: EasyReadVersion, rules: RowRules) -> list[RowText]:
        return [row for index, block in enumerate(version.blocks)
                for row in split_block(block, rules, index, self.idea)]

    def split_parts(self, domain: Domain, units: list[_Unit], title: str, original: str) -> list[Page]:
        """Parts of at most ``part_lines`` lines, at section boundaries where possible.

        A section that does not fit starts a new part; one longer than a part is split
        between competences, its heading repeated ("continued"). A heading is never the
        last thing on a part: it moves on with the competence after it.
        """
        budget = int(self.text.part_lines)
        pages = [Page(domain, title, original)]
        for unit in units:
            size = sum(_lines(h, rows) for h, _, rows in unit.items) + (HEADING_LINES if unit.heading else 0)
            if pages[-1].lines and pages[-1].lines + size > budget:
                pages.append(Page(domain, title, original, len(pages) + 1))
            if unit.heading:
                self.place(pages[-1], unit.heading, HEADING_LINES)
            for heading, version, rows in unit.items:
                lines = _lines(heading, rows)
                if version is not None and _has_rows(pages[-1]) and pages[-1].lines + lines > budget:
                    pages.append(self.next_page(pages[-1], unit.heading))
                self.place(pages[-1], heading or version, lines)
        return pages

    @staticmethod
    def place(page: Page, item, lines: int) -> None:
        page.items.append(item)
        page.lines += lines

    @staticmethod
    def next_page(page: Page, heading: HeadingItem | None) -> Page:
        """A new part; headings at the end of the last one move to it."""
        moved = []
        while page.items and isinstance(page.items[-1], HeadingItem):
            moved.insert(0, page.items.pop())
            page.lines -= HEADING_LINES
        following = Page(page.domain, page.title, page.original, page.number + 1)
        if heading is not None and heading not in moved:
            moved.insert(0, HeadingItem(heading.level, heading.number, heading.title, heading.original, True))
        for item in moved:
            _Layout.place(following, item, HEADING_LINES)
        return following

    # -- rows with pictures and words

    def fill(self, page: Page, titles: dict[str, str]) -> None:
        """Replace the part's versions by their rows, pictures chosen top to bottom."""
        versions = [i for i in page.items if isinstance(i, EasyReadVersion)]
        explanations = explanation_rows(versions, self.glossary)
        words = PageWords(self.glossary, set(explanations.values()), row_rules())
        picker = PicturePicker(self.table, self.reader)
        rules = row_rules()
        page.items = [item if isinstance(item, HeadingItem) else
                      self.competence_rows(item, page.domain, titles, rules, explanations, words, picker)
                      for item in page.items]
        for entry_id in (use for row in page.rows() for line in row.lines for use in line.words if use):
            self.words_used.setdefault(entry_id.entry, None)

    def competence_rows(self, version: EasyReadVersion, domain: Domain, titles: dict[str, str],
                        rules: RowRules, explanations: dict[str, str], words: PageWords,
                        picker: PicturePicker) -> CompetenceRows:
        topic = self.topic(domain, version.competence, titles)
        chosen = self.editor_choices(version, domain)
        rows = []
        for number, text in enumerate(self.row_texts(version, rules), start=1):
            explains = explanations.get(_words_key(" ".join(BOLD.sub(r"\1", l) for l in text.lines)), "")
            notes: list[Note] = []
            sentences = [words.line(s, notes, explains, text.lines) for s in text.sentences]
            bullets = [words.line(b, notes, explains, text.lines) for b in text.bullets]
            editor = chosen[text.block] if text.first_of_block and text.block < len(chosen) else None
            sentences_text = [BOLD.sub(r"\1", line) for line in text.sentences]
            if explains and editor is None:
                editor = self.glossary_picture(self.glossary.entry(explains))
                sentences_text.insert(0, self.glossary.entry(explains).terms[0])
            picture = picker.choose(sentences_text, topic, editor, [BOLD.sub(r"\1", b) for b in text.bullets],
                                    continues=not text.first_of_block)
            rows.append(Row(version.competence_id, number, sentences, bullets, picture, notes, explains,
                            text.continued, text.block, text.first_of_block))
        return CompetenceRows(version.competence_id, rows)

    def editor_choices(self, version: EasyReadVersion, domain: Domain) -> list[Picture | None]:
        """The editor's picture per block: the approval's (``pictures:``, one per row, or
        ``picture:`` for the first), else front matter ``pictures:``."""
        chosen = editor_pictures(domain, version.competence_id, self.table)
        rows = max(len(chosen), len(version.blocks))
        chosen = chosen + [None] * (rows - len(chosen))
        for row in range(rows):
            code = version.picture_for(row)
            if code:
                chosen[row] = self.table.editor(code, f"competence {version.competence_id}, row {row + 1}")
        return chosen

    def topic(self, domain: Domain, competence: Competence, titles: dict[str, str]) -> Topic:
        """The topic of the headings a competence sits under, and their picture (the editor's if set)."""
        key = (domain.path, competence.heading)
        if key not in self.topics:
            headings = [h for h in domain.headings() if h.number and _under(competence.heading, h.number)]
            texts = [t for h in headings[-2:] for t in (titles.get(h.number, ""), h.title) if t]
            self.topics[key] = self.table.topic(texts, self.section_picture(domain, competence.heading))
        return self.topics[key]

    def section_picture(self, domain: Domain, heading: str) -> Picture | None:
        parts = heading.split(".") if heading else []
        while parts:
            chosen = editor_pictures(domain, ".".join(parts), self.table)[0]
            if chosen is not None:
                return chosen
            parts.pop()
        return domain_picture(domain, self.table)

    def glossary_picture(self, entry: Entry) -> Picture | None:
        if entry.picture:
            return self.table.editor(entry.picture, f"glossary entry {entry.id}")
        return None

    def contents_picture(self, domain: Domain) -> Picture:
        """The contents page's picture for a domain: the editor's, else its topic's."""
        titles = self.titles(domain)
        chosen = domain_picture(domain, self.table)
        return chosen or self.table.topic([titles.get(domain.number, ""), domain.title]).picture

    # -- the word bank

    def word_bank(self) -> list[WordBankEntry]:
        """Every explained word used on the pages, A to Z, each with a picture."""
        entries = sorted((self.glossary.entry(i) for i in self.words_used),
                         key=lambda e: (e.terms[0].casefold(), e.id))
        picker = PicturePicker(self.table, self.reader)
        nothing = self.table.topic([])
        bank = []
        for entry in entries:
            lines = [entry.terms[0], BOLD.sub(r"\1", entry.explanation)]
            picture = picker.choose(lines, nothing, self.glossary_picture(entry))
            bank.append(WordBankEntry(entry.id, entry.terms[0], entry.explanation, picture))
        return bank


def _under(heading: str, number: str) -> bool:
    return heading == number or heading.startswith(number + ".")


def _lines(heading: HeadingItem | None, rows: list[RowText]) -> int:
    return HEADING_LINES if heading is not None else sum(row_lines(r) for r in rows)


def _has_rows(page: Page) -> bool:
    return any(not isinstance(i, HeadingItem) for i in page.items)


def lay_out(framework: Framework, versions: Iterable[EasyReadVersion], glossary: Glossary,
            cache: AnalysisCache | None = None, text: SiteText | None = None) -> Layout:
    """Every page of the Easy Read site as data: headings, rows with pictures, the word bank.

    ``cache``: the analysis cache, where each row line's concepts are kept, so a warm
    build reads no row again (the caller saves it). ``text``: the site's own words
    (``site.site_text_for``), for the Easy Read headings the settings give.
    """
    return _Layout(framework, {id(v.competence): v for v in versions}, glossary, cache,
                   text=text or site_text_for(framework)).run()


def row_pictures(framework: Framework, versions: Iterable[EasyReadVersion], glossary: Glossary,
                 cache: AnalysisCache | None = None) -> list[RowRecord]:
    """Each row's page and picture, and why where no picture fitted (the editor's report)."""
    return lay_out(framework, versions, glossary, cache).records()
