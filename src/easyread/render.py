"""Stage 4b: the Easy Read website (and its print version) as files in memory.

``render_site`` lays the framework out as pages of rows (``layout.lay_out``: the
pictures, the rows, the words; no HTML there) and renders each page from a Jinja2
template, returning every file of ``output/`` as bytes plus what the editor's
report needs (rows with no good picture, headings with no Easy Read title). It
reads only package data and writes nothing: ``build.py`` writes, atomically.

One Jinja environment (``environment()``) serves the site and the editor's report,
with autoescape on for every template. The only HTML marked safe is what
``inline_html`` made: the text escaped first, then Python-Markdown, then cleaned by
nh3 down to ``strong`` and ``a``; a competence containing ``<script>`` shows those
characters, never runs them. Links to the word bank are built from the layout's
data (``Links``): the web pages point into ``word-bank.html``, each printed booklet
at its own word list.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable

import markdown
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .glossary import Glossary
from .layout import BOLD, HeadingItem, Layout, Line, Page, RowRecord, WordBankEntry, lay_out
from .site import SiteText, site_text_for
from .model import EasyReadVersion, Framework
from .pictures import Picture, picture_table
from .settings import Settings

if TYPE_CHECKING:
    from .cache import AnalysisCache

WORD_BANK = "word-bank.html"
ABOUT = "about.html"
INDEX = "index.html"
PRINT_LIMIT = 24  # pages per printed publication (GOV.UK-ACF, DoH-2009)
STATIC_FILES = ("css/easyread.css", "fonts/atkinson-hyperlegible-latin-400-normal.woff2",
                "fonts/atkinson-hyperlegible-latin-700-normal.woff2", "fonts/OFL.txt",
                "pictures/LICENSE.txt")
ALLOWED_TAGS = {"strong", "a"}
EMPTY_LINK = re.compile(r"<a>(.*?)</a>", re.DOTALL)
# Anything Python-Markdown might turn into markup: emphasis, code, links, HTML,
# entities, escapes, headings, lists, quotes, rules, or a line break.
MARKDOWN_SIGNS = re.compile(r"[*_`\[\]<>&\\!#]|^\s*(?:[-+=>]|\d+[.)])|\n|  $", re.MULTILINE)


@dataclass(frozen=True)
class Links:
    """Where a page's links to the word bank go: ``word-bank.html#word-ID`` on the web,
    ``#word-ID`` in a printed booklet (its own word list)."""

    word_bank: str = WORD_BANK

    def word(self, entry_id: str) -> str:
        return f"{self.word_bank}#word-{entry_id}"


WEB, PRINT = Links(), Links("")


@dataclass(frozen=True)
class PageOutline:
    """One page as headings and rows: what the Word document is written from."""

    title: str
    items: list


@dataclass
class RenderedSite:
    """Everything ``easyread build`` writes, and what the report and the Word document need.

    ``layout`` holds every page's headings and rows (pictures chosen, words as Markdown)
    and the word bank, ``text`` the site's own words, so ``docx_out`` writes the same
    document as the web pages without reading them.
    """

    files: dict[str, bytes]
    print_pages: dict[str, str]
    layout: Layout
    rows: list[RowRecord]
    untitled: list[str]
    text: SiteText | None = None

    @property
    def pages(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".html"))

    @property
    def outline(self) -> list[PageOutline]:
        return [PageOutline(page.full_title, page.items) for page in self.layout.pages]

    @property
    def bank(self) -> list[dict]:
        """The word bank as the Word document reads it (id, term, explanation, picture)."""
        return [_bank_entry(word) for word in self.layout.word_bank]

    @property
    def default_picture_rows(self) -> list[RowRecord]:
        """Rows no idea fitted: they show their section's picture; an editor should choose."""
        return self.layout.default_picture_rows


# ---------------------------------------------------------------- text to safe HTML


_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")


def inline_html(text: str, bold: Callable[[str], str | None] = lambda word: None) -> Markup:
    """One sentence or bullet of inline Markdown as safe HTML.

    The text is HTML-escaped before Markdown sees it (Python-Markdown passes raw HTML
    through), then nh3 keeps only ``strong`` and ``a``: italics and headings a
    sentence might produce are dropped to their words. ``bold(word)`` is called for
    each ``**word**`` in order and decides what it becomes: HTML for an explained
    word, or None to show it plain.
    """
    escaped = html.escape(text, quote=False)
    if not MARKDOWN_SIGNS.search(text):     # plain words: Markdown would only wrap them in <p>
        return Markup(" ".join(escaped.split()))
    escaped = BOLD.sub(lambda m: bold(m.group(1)) or m.group(1), escaped)
    _MARKDOWN.reset()
    converted = _MARKDOWN.convert(escaped)
    cleaned = nh3.clean(converted, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel=None,
                        url_schemes={"https", "mailto"})
    cleaned = EMPTY_LINK.sub(r"\1", cleaned)  # a link whose address nh3 refused
    return Markup(" ".join(cleaned.split()))


def line_html(line: Line, links: Links) -> Markup:
    """A layout line as HTML: an explained word is bold, and at its first use on the page a link."""
    uses = iter(line.words)

    def bold(word: str) -> str | None:
        use = next(uses, None)
        if use is None:
            return None
        if use.link:
            return f'<strong><a href="{html.escape(links.word(use.entry))}">{word}</a></strong>'
        return f"<strong>{word}</strong>"
    return inline_html(line.text, bold)


def explanation_html(explanation: str) -> Markup:
    return inline_html(BOLD.sub(r"\1", explanation))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the site and the editor's report: autoescape on for every
    template (MkDocs leaves it off; we do not), undefined names are errors."""
    env = Environment(loader=PackageLoader("easyread", "templates"), autoescape=select_autoescape(
        enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(line_html=line_html, explanation_html=explanation_html)
    return env


def _static(name: str) -> bytes:
    return resources.files("easyread").joinpath(f"static/{name}").read_bytes()


# ---------------------------------------------------------------- the site


def render_site(framework: Framework, versions: list[EasyReadVersion], glossary: Glossary,
                settings: Settings | None = None, cache: AnalysisCache | None = None) -> RenderedSite:
    """Every file of the Easy Read site, as bytes, keyed by path relative to ``output/``.

    ``cache`` keeps each row's reading between runs (``layout.lay_out``); the caller saves it.
    """
    text = site_text_for(framework, settings.site if settings is not None else None)
    layout = lay_out(framework, versions, glossary, cache, text)
    files, print_pages = _pages(layout, text, _about(versions, glossary, text))
    out = {path: content.encode("utf-8") for path, content in files.items()}
    for name in STATIC_FILES:
        out[f"static/{name}"] = _static(name)
    for code in sorted(_pictures_used(layout, text)):
        out[f"static/pictures/{code}.svg"] = _static(f"pictures/{code}.svg")
    return RenderedSite(dict(sorted(out.items())), print_pages, layout, layout.records(), layout.untitled, text)


def _bank_entry(word: WordBankEntry) -> dict:
    return {"id": word.id, "term": word.term, "explanation": word.explanation, "picture": word.picture}


def _pages(layout: Layout, text: SiteText, about: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The HTML of every web page and of every printed booklet."""
    env = environment()
    pages = [(INDEX, "Contents"), *((p.path, p.full_title) for p in layout.pages),
             (WORD_BANK, "Word bank"), (ABOUT, "About this document")]
    nav = {path: _neighbours(pages, i) for i, (path, _) in enumerate(pages)}
    common = {"site": text, "word_bank": WORD_BANK, "about": ABOUT, "index": INDEX,
              "intro": _intro(text)}
    files, booklets = {}, {}
    for page in layout.pages:
        context = {**common, "page": page, "items": page.items, "page_title": page.full_title}
        files[page.path] = env.get_template("domain.html").render(**context, nav=nav[page.path], links=WEB)
        bank = [w for w in layout.word_bank if w.id in page.word_ids()]
        booklets[f"{page.slug}.pdf"] = env.get_template("print.html").render(
            **context, links=PRINT, bank=bank, cover_picture=layout.contents_pictures[_key(page)])
    files[INDEX] = env.get_template("index.html").render(
        **common, contents=_contents(layout), nav=nav[INDEX], extra_pictures=_extra(text), page_title="Contents")
    files[WORD_BANK] = env.get_template("word-bank.html").render(
        **common, bank=layout.word_bank, nav=nav[WORD_BANK], page_title="Word bank")
    files[ABOUT] = env.get_template("about.html").render(
        **common, **about, nav=nav[ABOUT], page_title="About this document",
        vendored=picture_table().vendored, pictures=sorted(_pictures_used(layout, text)))
    return files, booklets


def _key(page: Page) -> str:
    return page.domain.number or page.domain.path


def _contents(layout: Layout) -> list[dict]:
    """The title page's contents: each domain's first part, its picture and its sections."""
    contents: list[dict] = []
    for page in layout.pages:
        if page.number == 1:
            contents.append({"title": page.title, "path": page.path, "sections": [],
                             "picture": _decorative(layout.contents_pictures[_key(page)])})
        contents[-1]["sections"] += [{"title": i.title, "href": f"{page.path}#{i.anchor}"}
                                     for i in page.items if isinstance(i, HeadingItem) and i.level == 2
                                     and not i.continued]
    return contents


def _decorative(picture: Picture) -> Picture:
    """A picture beside words that already say what it shows (a heading, a link): alt=""."""
    return Picture(picture.code, "", picture.source, picture.concept)


def _intro(text: SiteText) -> list[dict]:
    """The title page's rows: each heading says what its picture is for, so alt=""."""
    return [{**block, "picture": Picture(str(block["picture"]), "", "site")} for block in text.intro]


def _extra(text: SiteText) -> list[Picture]:
    return [Picture(str(text.word_bank_picture), "", "site"), Picture(str(text.about_picture), "", "site")]


def _pictures_used(layout: Layout, text: SiteText) -> set[str]:
    return (layout.pictures_used() | {block["picture"].code for block in _intro(text)}
            | {picture.code for picture in _extra(text)})


# ---------------------------------------------------------------- the About page


def _about(versions: list[EasyReadVersion], glossary: Glossary, text: SiteText) -> dict:
    """What the rewrite changed, counted, with the reason readers gave (About page)."""
    counts: dict[str, int] = {}
    for version in versions:
        for change in version.changes:
            counts[change.rule] = counts.get(change.rule, 0) + 1
    words = []
    for entry in glossary.entries:
        if entry.rule in counts and entry.plain is not None:
            words.append({"before": entry.terms[0], "after": entry.plain.base,
                          "why": text.why.get(entry.category, ""), "times": counts[entry.rule],
                          "who": _who(entry.provenance)})
    for phrase in glossary.phrases:
        if phrase.rule in counts:
            words.append({"before": phrase.match[0], "after": phrase.replace,
                          "why": text.why.get(phrase.kind, ""), "times": counts[phrase.rule],
                          "who": _who(phrase.provenance)})
    other = [str(template).format(n=counts[rule])
             for rule, template in text.other_changes.items() if counts.get(rule)]
    return {"words": words, "other": other}


def _who(provenance) -> str:
    """Who asked for a change, in Easy Read: the consultation, or a named guideline."""
    respondents = sorted({p.respondent for p in provenance if p.respondent})
    if respondents:
        return f"{len(respondents)} {'person' if len(respondents) == 1 else 'people'} asked for this in the consultation."
    if any(p.source == "Consultation" for p in provenance):
        return "People asked for this in the consultation."
    return "The Easy Read guidelines ask for this."


def _neighbours(pages: list[tuple[str, str]], index: int) -> dict[str, tuple[str, str] | None]:
    return {"previous": pages[index - 1] if index > 0 else None,
            "next": pages[index + 1] if index + 1 < len(pages) else None}
