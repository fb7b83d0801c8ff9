"""Stage 4: the Easy Read website (and its print version) as files in memory.

``render_site`` takes the framework, the Easy Read versions from the rewrite stage,
the glossary and the settings, and returns every file of ``output/`` as bytes, plus
what the editor's report needs (rows whose picture is only a section default,
headings with no Easy Read wording). It reads only package data and writes nothing:
``build.py`` writes, atomically.

Like MkDocs' build, everything is gathered first (pages, parts, pictures, words),
then each page is rendered from a Jinja2 template with autoescape on. The only HTML
marked safe is what ``inline_html`` made: the text escaped first, then Python-Markdown,
then cleaned by nh3 down to ``strong`` and ``a``. So a competence containing
``<script>`` shows those characters, never runs them.

Easy Read layout rules (see docs/easy-read-rules.md): a picture on the left of every
idea, one idea per row (one ``EasyReadBlock``), bullets for lists, bold only for
explained words (each first use on a page links to the word bank and, if the page has
no explanation of it yet, shows the explanation beside it), and parts short enough to
print in 24 pages or fewer.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable

import markdown
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from ruamel.yaml import YAML

from .text import normalise_for_matching
from .glossary import Entry, Glossary
from .model import Domain, EasyReadBlock, EasyReadVersion, Framework
from .pictures import DEFAULT, Picture, PictureTable, picture_table
from .settings import Settings

WORD_BANK = "word-bank.html"
ABOUT = "about.html"
INDEX = "index.html"
PRINT_LIMIT = 24  # pages per printed publication (GOV.UK-ACF, DoH-2009)
PICTURE_LINES = 4  # a row is at least as tall as its picture: about 4 lines of text
CHARS_PER_LINE = 46  # a rough measure of the words column, for splitting into parts
STATIC_FILES = ("css/easyread.css", "fonts/atkinson-hyperlegible-latin-400-normal.woff2",
                "fonts/atkinson-hyperlegible-latin-700-normal.woff2", "fonts/OFL.txt",
                "pictures/LICENSE.txt")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ALLOWED_TAGS = {"strong", "a"}
EMPTY_LINK = re.compile(r"<a>(.*?)</a>", re.DOTALL)


# ---------------------------------------------------------------- what the templates get


@dataclass(frozen=True)
class Note:
    """An explanation shown next to a word's first use on a page that has none yet."""

    entry_id: str
    term: str
    html: Markup


@dataclass
class Row:
    """One idea: its picture and its words (sentences and maybe a bullet list)."""

    sentences: list[Markup]
    bullets: list[Markup]
    picture: Picture
    notes: list[Note] = field(default_factory=list)
    explains: str = ""  # the glossary entry this row explains (the rewrite's explain-next row)


@dataclass
class CompetenceRows:
    id: str
    rows: list[Row]


@dataclass(frozen=True)
class HeadingItem:
    level: int
    number: str
    title: str
    continued: bool = False

    @property
    def anchor(self) -> str:
        return f"s-{self.number}"


@dataclass
class Part:
    """A domain, or one part of a long one: one web page and one printed booklet."""

    domain: Domain
    number: int
    items: list[HeadingItem | EasyReadVersion] = field(default_factory=list)
    lines: int = 0
    total: int = 1

    @property
    def slug(self) -> str:
        base = f"domain-{self.domain.number or 'text'}"
        return base if self.total == 1 else f"{base}-part-{self.number}"

    @property
    def path(self) -> str:
        return f"{self.slug}.html"


@dataclass(frozen=True)
class RowRecord:
    """Where a row ended up and how its picture was chosen (for the editor's report)."""

    page: str
    competence_id: str
    row: int
    picture: str
    source: str


@dataclass
class RenderedSite:
    """Everything ``easyread build`` writes, and what the report needs to know."""

    files: dict[str, bytes]
    print_pages: dict[str, str]
    rows: list[RowRecord]
    untitled: list[str]

    @property
    def pages(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".html"))

    @property
    def default_picture_rows(self) -> list[RowRecord]:
        """Rows whose picture is only their section's default: an editor should choose one."""
        return [r for r in self.rows if r.source == DEFAULT]


# ---------------------------------------------------------------- package data


@dataclass(frozen=True)
class SiteText:
    """The site's own Easy Read words, from ``data/site.yml``."""

    raw: dict

    def __getattr__(self, name: str):
        try:
            return self.raw[name]
        except KeyError:
            raise AttributeError(name) from None

    def heading(self, number: str) -> str | None:
        return self.raw["headings"].get(number)


@lru_cache(maxsize=1)
def site_text() -> SiteText:
    text = resources.files("easyread").joinpath("data/site.yml").read_text("utf-8")
    raw = YAML(typ="safe", pure=True).load(text)
    raw["headings"] = {str(k): str(v) for k, v in raw["headings"].items()}
    return SiteText(raw)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Jinja2 with autoescape on for every template (MkDocs leaves it off; we do not)."""
    env = Environment(loader=PackageLoader("easyread", "templates"), autoescape=select_autoescape(
        enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


def _static(name: str) -> bytes:
    return resources.files("easyread").joinpath(f"static/{name}").read_bytes()


# ---------------------------------------------------------------- text to safe HTML


_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")


def inline_html(text: str, bold: Callable[[str], str | None] = lambda word: None) -> Markup:
    """One sentence or bullet of inline Markdown as safe HTML.

    The text is HTML-escaped before Markdown sees it (Python-Markdown passes raw HTML
    through), then nh3 keeps only ``strong`` and ``a``: italics and headings a
    sentence might produce are dropped to their words. ``bold(word)`` decides what a
    ``**word**`` becomes: HTML for an explained word, or None to show it plain.
    """
    escaped = html.escape(text, quote=False)
    escaped = BOLD.sub(lambda m: bold(m.group(1)) or m.group(1), escaped)
    _MARKDOWN.reset()
    converted = _MARKDOWN.convert(escaped)
    cleaned = nh3.clean(converted, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel=None,
                        url_schemes={"https", "mailto"})
    cleaned = EMPTY_LINK.sub(r"\1", cleaned)  # a link whose address nh3 refused
    return Markup(" ".join(cleaned.split()))


def entry_for(word: str, candidates: list[Entry]) -> Entry | None:
    """The explained glossary entry a bold word stands for (its term, or a plural of it)."""
    key = normalise_for_matching(html.unescape(word)).casefold().strip()  # terms are normalised
    for entry in candidates:
        for term in entry.terms:
            term_key = term.casefold()
            if key == term_key or (key.startswith(term_key) and len(key) - len(term_key) <= 2):
                return entry
    return None


class PageWords:
    """Explained words on one page: the first use links to the word bank and may get a note."""

    def __init__(self, glossary: Glossary, explained_here: set[str]) -> None:
        self.glossary = glossary
        self.explained_here = explained_here  # explanations that are rows on this page
        self.seen: set[str] = set()
        self.used: list[str] = []

    def renderer(self, version: EasyReadVersion, notes: list[Note]) -> Callable[[str], str | None]:
        candidates = [self.glossary.entry(i) for i in version.explained if _has_entry(self.glossary, i)]

        def bold(word: str) -> str | None:
            entry = entry_for(word, [e for e in candidates if e.explanation])
            if entry is None:
                return None
            if entry.id in self.seen:
                return f"<strong>{word}</strong>"
            self.seen.add(entry.id)
            self.used.append(entry.id)
            if entry.id not in self.explained_here:
                notes.append(Note(entry.id, html.unescape(word), explanation_html(entry)))
            return f'<strong><a href="{WORD_BANK}#word-{entry.id}">{word}</a></strong>'
        return bold


def _has_entry(glossary: Glossary, entry_id: str) -> bool:
    return any(e.id == entry_id for e in glossary.entries)


def explanation_html(entry: Entry) -> Markup:
    return inline_html(BOLD.sub(r"\1", entry.explanation))


# ---------------------------------------------------------------- parts and rows


def block_lines(block: EasyReadBlock) -> int:
    """About how many lines a row takes: its words, but never less than its picture."""
    words = sum(math.ceil(len(s) / CHARS_PER_LINE) for s in (*block.sentences, *block.bullets))
    return max(PICTURE_LINES, words) + 1


def version_lines(version: EasyReadVersion) -> int:
    return sum(block_lines(b) for b in version.blocks)


def split_parts(domain: Domain, versions: dict[str, EasyReadVersion], budget: int) -> list[Part]:
    """Split a domain into parts of at most ``budget`` lines, at section boundaries if possible.

    A section that fits in the current part joins it; one that does not starts a new
    part; one longer than a whole part is split between competences, and its heading
    is repeated ("continued") at the top of the next part.
    """
    parts = [Part(domain, 1)]
    for unit in _units(domain, versions):
        size = sum(2 if isinstance(i, HeadingItem) else version_lines(i) for i in unit)
        if parts[-1].lines and parts[-1].lines + size > budget:
            parts.append(Part(domain, len(parts) + 1))
        heading = unit[0] if isinstance(unit[0], HeadingItem) else None
        for item in unit:
            lines = 2 if isinstance(item, HeadingItem) else version_lines(item)
            if (isinstance(item, EasyReadVersion) and parts[-1].lines
                    and parts[-1].lines + lines > budget):
                parts.append(Part(domain, len(parts) + 1))
                if heading is not None:
                    parts[-1].items.append(HeadingItem(heading.level, heading.number, heading.title, True))
                    parts[-1].lines += 2
            parts[-1].items.append(item)
            parts[-1].lines += lines
    for part in parts:
        part.total = len(parts)
    return parts


def _units(domain: Domain, versions: dict[str, EasyReadVersion]) -> list[list]:
    """The domain as units that should stay together: its own rows, then each section."""
    units: list[list] = [[versions[c.id] for c in domain.competences if c.id in versions]]
    for section in domain.sections:
        unit: list = [HeadingItem(2, section.number, _title(section.number, section.title))]
        unit += [versions[c.id] for c in section.competences if c.id in versions]
        for sub in section.subsections:
            title = site_text().heading(sub.number)
            if title:
                unit.append(HeadingItem(3, sub.number, title))
            unit += [versions[c.id] for c in sub.competences if c.id in versions]
        units.append(unit)
    return [u for u in units if u]


def _words_key(text: str) -> str:
    """Text compared by its words only (case, punctuation and spacing ignored)."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _title(number: str, original: str) -> str:
    return site_text().heading(number) or original


def explanation_rows(versions: list[EasyReadVersion], glossary: Glossary) -> set[str]:
    """Glossary entries whose explanation the rewrite stage put into these rows."""
    by_term = {e.terms[0]: e.id for e in glossary.entries if e.terms}
    return {by_term[c.before] for v in versions for c in v.changes
            if c.rule == "explain-next" and c.before in by_term}


# ---------------------------------------------------------------- the site


@dataclass
class _Build:
    framework: Framework
    versions: dict[str, EasyReadVersion]
    glossary: Glossary
    settings: Settings
    table: PictureTable = field(default_factory=picture_table)
    text: SiteText = field(default_factory=site_text)
    records: list[RowRecord] = field(default_factory=list)
    untitled: list[str] = field(default_factory=list)
    words_used: dict[str, None] = field(default_factory=dict)
    pictures_used: set[str] = field(default_factory=set)

    def parts(self) -> list[Part]:
        budget = int(self.text.part_lines)
        return [p for d in self.framework.domains for p in split_parts(d, self.versions, budget)]

    def page_items(self, part: Part) -> list[HeadingItem | CompetenceRows]:
        """A part's headings and rows, with pictures chosen and explained words linked."""
        versions = [i for i in part.items if isinstance(i, EasyReadVersion)]
        words = PageWords(self.glossary, explanation_rows(versions, self.glossary))
        items: list[HeadingItem | CompetenceRows] = []
        for item in part.items:
            if isinstance(item, HeadingItem):
                items.append(item)
            else:
                items.append(self.competence_rows(item, part, words))
        for entry_id in words.used:
            self.words_used.setdefault(entry_id, None)
        return items

    def competence_rows(self, version: EasyReadVersion, part: Part, words: PageWords) -> CompetenceRows:
        rows = []
        explanations = self.explanations(version)
        for index, block in enumerate(version.blocks):
            notes: list[Note] = []
            bold = words.renderer(version, notes)
            sentences = [inline_html(s, bold) for s in block.sentences]
            bullets = [inline_html(b, bold) for b in block.bullets]
            plain = BOLD.sub(r"\1", " ".join((*block.sentences, *block.bullets)))
            explains = explanations.get(_words_key(plain), "")
            picture = self.word_picture(self.glossary.entry(explains)) if explains else None
            if picture is None:
                picture = self.table.for_row(plain, version.competence, part.domain, index == 0,
                                             version.picture)
            self.pictures_used.add(picture.code)
            self.records.append(RowRecord(part.path, version.competence_id, index + 1, picture.code,
                                          picture.source))
            rows.append(Row(sentences, bullets, picture, notes, explains))
        return CompetenceRows(version.competence_id, rows)

    def explanations(self, version: EasyReadVersion) -> dict[str, str]:
        """Rows that the rewrite added to explain a word (explain-next), by their words."""
        by_term = {e.terms[0]: e for e in self.glossary.entries if e.terms and e.explanation}
        return {_words_key(text): by_term[c.before].id   # the glossary's words, or the row as inserted
                for c in version.changes if c.rule == "explain-next" and c.before in by_term
                for text in (by_term[c.before].explanation, c.after)}

    def word_picture(self, entry: Entry) -> Picture | None:
        """A word's picture: the glossary's, else one whose keywords match the word itself."""
        if entry.picture and entry.picture in self.table.vendored:
            return Picture(entry.picture, self.table.describe(entry.picture), "editor")
        keyword = self.table.by_keyword(" ".join(entry.terms))
        return Picture(keyword.code, keyword.alt, "keyword") if keyword else None

    def domain_title(self, domain: Domain) -> str:
        title = self.text.heading(domain.number)
        if title is None:
            self.untitled.append(domain.number or domain.path)
            return domain.title or domain.path
        return title

    def check_titles(self) -> None:
        for domain in self.framework.domains:
            for section in domain.sections:
                if self.text.heading(section.number) is None:
                    self.untitled.append(section.number)

    def word_bank(self) -> list[dict]:
        """Every explained word used in the output, A to Z, with a picture where one fits."""
        entries = sorted((self.glossary.entry(i) for i in self.words_used),
                         key=lambda e: (e.terms[0].casefold(), e.id))
        bank = []
        for entry in entries:
            picture = self.word_picture(entry)
            if picture is not None:
                self.pictures_used.add(picture.code)
            bank.append({"id": entry.id, "term": entry.terms[0], "picture": picture,
                         "explanation": explanation_html(entry)})
        return bank

    def changes(self) -> tuple[list[dict], list[str]]:
        """What the rewrite changed, counted, with the reason readers gave (About page)."""
        counts: dict[str, int] = {}
        for version in self.versions.values():
            for change in version.changes:
                counts[change.rule] = counts.get(change.rule, 0) + 1
        words = []
        for entry in self.glossary.entries:
            if entry.rule in counts and entry.plain is not None:
                words.append({"before": entry.terms[0], "after": entry.plain.base,
                              "why": self.text.why.get(entry.category, ""), "times": counts[entry.rule],
                              "who": _who(entry.provenance)})
        for phrase in self.glossary.phrases:
            if phrase.rule in counts:
                words.append({"before": phrase.match[0], "after": phrase.replace,
                              "why": self.text.why.get(phrase.kind, ""), "times": counts[phrase.rule],
                              "who": _who(phrase.provenance)})
        other = [str(template).format(n=counts[rule])
                 for rule, template in self.text.other_changes.items() if counts.get(rule)]
        return words, other


def _who(provenance) -> str:
    """Who asked for a change, in Easy Read: the consultation, or a named guideline."""
    respondents = sorted({p.respondent for p in provenance if p.respondent})
    if respondents:
        return f"{len(respondents)} {'person' if len(respondents) == 1 else 'people'} asked for this in the consultation."
    if any(p.source == "Consultation" for p in provenance):
        return "People asked for this in the consultation."
    return "The Easy Read guidelines ask for this."


def render_site(framework: Framework, versions: list[EasyReadVersion], glossary: Glossary,
                settings: Settings) -> RenderedSite:
    """Every file of the Easy Read site, as bytes, keyed by path relative to ``output/``."""
    build = _Build(framework, {v.competence_id: v for v in versions}, glossary, settings)
    env = environment()
    parts = build.parts()
    titles = {d.number: build.domain_title(d) for d in framework.domains}
    build.check_titles()
    pages = [(INDEX, "Contents")]
    pages += [(p.path, _part_title(titles[p.domain.number], p)) for p in parts]
    pages += [(WORD_BANK, "Word bank"), (ABOUT, "About this document")]
    nav = {path: _neighbours(pages, i) for i, (path, _) in enumerate(pages)}
    intro = [{**block, "picture": Picture(str(block["picture"]), "", DEFAULT)} for block in build.text.intro]
    extra = [Picture(str(build.text.word_bank_picture), "", DEFAULT), Picture(str(build.text.about_picture), "", DEFAULT)]
    build.pictures_used.update([*(block["picture"].code for block in intro), *(p.code for p in extra)])
    common = {"site": build.text, "word_bank": WORD_BANK, "about": ABOUT, "index": INDEX, "intro": intro}
    files: dict[str, str] = {}
    print_pages: dict[str, str] = {}
    contents = []
    for part in parts:
        items = build.page_items(part)
        context = {**common, "part": part, "title": titles[part.domain.number], "items": items,
                   "nav": nav[part.path], "page_title": _part_title(titles[part.domain.number], part)}
        files[part.path] = env.get_template("domain.html").render(**context)
        print_pages[f"{part.slug}.pdf"] = (part, context)
        if part.number == 1:
            contents.append({"domain": part.domain, "title": titles[part.domain.number], "path": part.path,
                             "picture": Picture(build.table.for_domain(part.domain), "", DEFAULT),
                             "sections": []})
        contents[-1]["sections"] += [{"title": i.title, "href": f"{part.path}#{i.anchor}"}
                                     for i in items if isinstance(i, HeadingItem) and i.level == 2
                                     and not i.continued]
    build.pictures_used.update(c["picture"].code for c in contents)
    bank = build.word_bank()
    words, other = build.changes()
    files[INDEX] = env.get_template("index.html").render(**common, contents=contents, nav=nav[INDEX],
                                                         extra_pictures=extra,
                                                         page_title="Contents")
    files[WORD_BANK] = env.get_template("word-bank.html").render(**common, bank=bank, nav=nav[WORD_BANK],
                                                                 page_title="Word bank")
    files[ABOUT] = env.get_template("about.html").render(
        **common, words=words, other=other, nav=nav[ABOUT], page_title="About this document",
        vendored=build.table.vendored, pictures=sorted(build.pictures_used))
    rendered_print = {name: env.get_template("print.html").render(
        **context, bank=[b for b in bank if b["id"] in _words_in(context["items"])],
        cover_picture=Picture(build.table.for_domain(part.domain), "", DEFAULT)).replace(
            f'href="{WORD_BANK}#', 'href="#')
        for name, (part, context) in print_pages.items()}
    out = {path: text.encode("utf-8") for path, text in files.items()}
    for name in STATIC_FILES:
        out[f"static/{name}"] = _static(name)
    for code in sorted(build.pictures_used):
        out[f"static/pictures/{code}.svg"] = _static(f"pictures/{code}.svg")
    return RenderedSite(dict(sorted(out.items())), rendered_print, build.records, build.untitled)


def _words_in(items: list) -> set[str]:
    """Word-bank ids linked or explained on a page (for a part's printed word list)."""
    found = set()
    for item in items:
        if isinstance(item, CompetenceRows):
            for row in item.rows:
                for text in (*row.sentences, *row.bullets):
                    found.update(re.findall(r"#word-([a-z0-9-]+)", str(text)))
    return found


def _part_title(title: str, part: Part) -> str:
    return title if part.total == 1 else f"{title} (part {part.number} of {part.total})"


def _neighbours(pages: list[tuple[str, str]], index: int) -> dict[str, tuple[str, str] | None]:
    return {"previous": pages[index - 1] if index > 0 else None,
            "next": pages[index + 1] if index + 1 < len(pages) else None}
