"""Tests for render.py: the Easy Read site as files in memory.

Built from a small fixture framework with hand-made Easy Read versions, so no spaCy
is needed; the layout itself (rows, headings, words, pictures) is tested in
test_layout.py, and the gates on the real content are in test_build.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from browser.helpers import load_fixture
from easyread.errors import InputError
from easyread.layout import Line, WordUse, site_text
from easyread.site import package_site_text
from easyread.model import EasyReadBlock
from easyread.pictures import DEFAULT, EDITOR
from easyread.render import PRINT, WEB, WORD_BANK, environment, inline_html, line_html, render_site
from easyread.settings import load_settings


@pytest.fixture
def fixture(tmp_path):
    framework, versions, glossary = load_fixture(tmp_path)
    settings = load_settings(root=tmp_path, glossary=tmp_path / "glossary.yml")
    return framework, versions, glossary, settings


@pytest.fixture
def site(fixture):
    return render_site(*fixture)


def page(site, path: str) -> str:
    return site.files[path].decode("utf-8")


class Elements(HTMLParser):
    """Collects start tags with their attributes (enough for counting and links)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


# ---------------------------------------------------------------- pages and rows


def test_every_competence_appears_exactly_once(site, fixture):
    framework = fixture[0]
    found = [attrs["data-competence"] for path in site.pages
             for tag, attrs in elements(page(site, path)) if "data-competence" in attrs]
    assert sorted(found) == sorted(c.id for c in framework.competences())


def test_pages_index_domains_word_bank_and_about(site):
    assert site.pages == ["about.html", "domain-1.html", "domain-2.html", "index.html", "word-bank.html"]
    index = page(site, "index.html")
    assert "This is an Easy Read version of" in index
    for heading in ("Who this is for", "Who made this", "Contents"):
        assert heading in index
    # The contents has a picture per domain and links to each domain and section.
    assert 'href="domain-1.html"' in index and 'href="domain-1.html#s-1.1"' in index
    assert index.count('class="row contents-row"') == 4  # 2 domains, word bank, about


def test_every_page_has_previous_next_and_contents(site):
    order = ["index.html", "domain-1.html", "domain-2.html", "word-bank.html", "about.html"]
    for i, path in enumerate(order):
        links = {attrs.get("href") for tag, attrs in elements(page(site, path)) if tag == "a"}
        assert "index.html" in links
        if i > 0:
            assert order[i - 1] in links, path
        if i + 1 < len(order):
            assert order[i + 1] in links, path


def test_each_row_has_its_picture_first_then_its_words_and_a_meaningful_alt(site):
    html = page(site, "domain-1.html")
    rows = re.findall(r'<div class="row">\s*<div class="picture"><img src="static/pictures/([^"]+)\.svg" '
                      r'alt="([^"]+)" width="120" height="120"></div>\s*<div class="words">', html)
    assert len(rows) == html.count('<div class="row">') == 5


def test_one_idea_per_row_and_bullets_for_lists(site):
    html = page(site, "domain-2.html")
    competence = html.split('data-competence="2.1.2"')[1]
    assert competence.count('<div class="row">') == 2
    assert re.search(r"<ul>\s*<li>Talking\.</li>\s*<li>Listening to <strong>advocacy</strong> needs\.</li>",
                     competence)


def test_text_is_escaped_so_a_script_is_only_text(site):
    html = page(site, "domain-1.html")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or \
        '&lt;script&gt;alert("x")&lt;/script&gt;' in html
    assert "<script" not in "".join(page(site, p) for p in site.pages)


def test_inline_html_keeps_only_bold_and_links():
    assert inline_html("a *b* _c_ `d` [e](javascript:alert(1))") == "a b c d e"
    assert inline_html("x < y & z") == "x &lt; y &amp; z"
    assert inline_html("**word**", lambda w: f"<strong>{w}</strong>") == "<strong>word</strong>"
    assert inline_html("**word**") == "word"  # bold only for explained words


@pytest.mark.parametrize("text", ["Plain words, with 50% and a 'quote'.", "**Bold** words.", "a *b* c",
                                  "1. a number", "- a dash", "# a hash", "x < y", "a &amp; b", "[a](https://x.org)",
                                  "line  ", "a\nb", "e.g. this", "He said \"hi\"."])
def test_plain_text_skips_markdown_and_gives_the_same_html(text, monkeypatch):
    fast = inline_html(text)
    monkeypatch.setattr("easyread.render.MARKDOWN_SIGNS", re.compile(r"(?s)."))
    assert inline_html(text) == fast


def test_links_are_built_from_the_layout_for_the_web_and_the_booklet():
    line = Line("Know **advocacy** and **advocacy** and **plain**.",
                (WordUse("advocacy", True), WordUse("advocacy", False), None))
    assert line_html(line, WEB) == ('Know <strong><a href="word-bank.html#word-advocacy">advocacy</a></strong> '
                                    "and <strong>advocacy</strong> and plain.")
    assert 'href="#word-advocacy"' in line_html(line, PRINT)


def test_one_jinja_environment_for_the_site_and_the_report():
    env = environment()
    assert env is environment() and env.autoescape("report.html") and env.autoescape("domain.html")
    assert env.get_template("report.html") and env.get_template("domain.html")


# ---------------------------------------------------------------- explained words


def test_first_use_on_a_page_links_to_the_word_bank_and_later_ones_are_only_bold(site):
    html = page(site, "domain-2.html")
    link = f'<strong><a href="{WORD_BANK}#word-advocacy">advocacy</a></strong>'
    assert html.count(link) == 1
    assert html.count("<strong>advocacy</strong>") == 2
    assert "not a glossary word" in html and "<strong>not a glossary word" not in html


def test_explanation_shown_next_to_the_word_when_the_page_has_none(fixture):
    framework, versions, glossary, settings = fixture
    # Without the rewrite's explanation row, the page shows the explanation itself.
    for version in versions:
        version.changes = [c for c in version.changes if c.rule != "explain-next"]
    html = page(render_site(framework, versions, glossary, settings), "domain-2.html")
    assert html.count('class="note"') == 1
    assert re.search(r'class="note"><span class="note-label">What <strong>advocacy</strong> means:</span> '
                     r"Advocacy means speaking up for someone\. It helps them get what they need\.", html)


def test_no_note_where_the_rewrite_already_explained_the_word(site):
    assert 'class="note"' not in page(site, "domain-2.html")


def test_the_rewrites_explanation_row_is_a_note_with_a_picture_of_the_word(site):
    html = page(site, "domain-2.html")
    row = html.split('<div class="row explain-row">')[1].split('</div>\n</div>')[0]
    assert "Advocacy means speaking up for someone." in row
    assert re.search(r'alt="[^"]+: speaking up"', row)
    assert html.count("explain-row") == 1


def test_word_bank_lists_every_explained_word_used_with_a_picture(site):
    bank = page(site, "word-bank.html")
    assert 'id="word-advocacy"' in bank
    assert "Advocacy means speaking up for someone. It helps them get what they need." in bank
    assert re.search(r'id="word-advocacy">\s*<div class="picture"><img src="[^"]+" alt="[^"]+"', bank)
    assert "word-intervention" not in bank  # a replaced word is never explained


# ---------------------------------------------------------------- headings


def test_easy_read_headings_with_the_original_small_beneath(site):
    html = page(site, "domain-1.html")
    assert "<h1>What matters in peer support</h1>" in html
    assert '<p class="original-title">In the full document: 1 Values of peer support</p>' in html
    assert re.search(r'<h2 id="s-1.1">What peer support workers believe in</h2>\s*'
                     r'<p class="original-title">In the full document: 1.1 Values of peer support workers</p>', html)
    assert '<h2 id="s-1.2">Principles of peer support</h2>' in html      # no Easy Read title: its own
    index = page(site, "index.html")
    assert 'href="domain-1.html">What matters in peer support</a>' in index
    assert 'href="domain-1.html#s-1.1">What peer support workers believe in</a>' in index


# ---------------------------------------------------------------- pictures


def test_picture_choice_editor_then_concept_then_the_sections_picture(site):
    sources = {(r.competence_id, r.row): (r.picture, r.source) for r in site.rows}
    assert sources[("1.1.2", 1)] == ("1F91D", EDITOR)          # front matter pictures: map
    assert sources[("1.1.1", 1)] == ("1F442", "concept")       # listening
    assert sources[("1.2.1", 1)][1] == "concept"                # respect
    assert sources[("1.1.3", 1)][1] == DEFAULT
    assert [(r.competence_id, r.row) for r in site.default_picture_rows] == [("1.1.3", 1)]
    assert site.default_picture_rows[0].why


def test_editor_picture_from_the_approved_text_wins(fixture):
    framework, versions, glossary, settings = fixture
    versions[1].picture = "1F4AC"
    site = render_site(framework, versions, glossary, settings)
    assert ("1.1.1", "1F4AC", EDITOR) in {(r.competence_id, r.picture, r.source) for r in site.rows}
    assert "static/pictures/1F4AC.svg" in site.files


def test_a_picture_that_is_not_vendored_is_an_editor_error(fixture):
    framework, versions, glossary, settings = fixture
    versions[0].picture = "1F984"  # a unicorn: not in the curated subset
    with pytest.raises(InputError, match=r"\[E056\] picture 1F984 for competence 1.0.1"):
        render_site(framework, versions, glossary, settings)


def test_alt_text_says_what_the_picture_shows_and_the_idea(site):
    html = page(site, "domain-1.html")
    assert 'src="static/pictures/1F442.svg" alt="An ear: listening"' in html
    assert 'src="static/pictures/1F91D.svg" alt="Two hands shaking"' in html   # editor-set: what it shows
    index = page(site, "index.html")
    assert all(alt == "" for alt in re.findall(r'<li class="row contents-row">\s*<div class="picture">'
                                               r'<img [^>]*alt="([^"]*)"', index))   # beside its link


def test_only_used_pictures_are_copied_with_the_licences(site):
    pictures = {p for p in site.files if p.startswith("static/pictures/") and p.endswith(".svg")}
    used = {f"static/pictures/{r.picture}.svg" for r in site.rows}
    assert used <= pictures and len(pictures) < 25
    assert "static/pictures/LICENSE.txt" in site.files and "static/fonts/OFL.txt" in site.files
    about = page(site, "about.html")
    assert "OpenMoji" in about and "CC BY-SA 4.0" in about and "SIL Open Font Licence" in about


# ---------------------------------------------------------------- about, parts, determinism


def test_about_page_says_what_changed_and_why(site):
    about = page(site, "about.html")
    assert "We wrote “Peer support workers can” instead of “An ability to”. We did this 7 times." in about
    assert f"<h3>{site_text().why['stem']}</h3>" in about
    assert "We explained a hard word straight after it is used 1 times." in about


def test_long_domains_split_into_parts(fixture, monkeypatch):
    framework, versions, glossary, settings = fixture
    monkeypatch.setitem(package_site_text(), "part_lines", 12)
    site = render_site(framework, versions, glossary, settings)
    parts = [p for p in site.pages if p.startswith("domain-1-part-")]
    assert len(parts) > 1 and "domain-1-part-1.html" in parts
    assert "This is part 1 of" in page(site, "domain-1-part-1.html")
    found = [c for p in site.pages for c in re.findall(r'data-competence="([^"]+)"', page(site, p))]
    assert sorted(found) == sorted(c.id for c in framework.competences())


def test_untitled_headings_are_reported(fixture):
    framework, versions, glossary, settings = fixture
    framework.domains[1].sections[0].number = "2.99"
    for competence in framework.domains[1].sections[0].competences:
        competence.heading = "2.99"
    site = render_site(framework, versions, glossary, settings)
    assert "2.99" in site.untitled


def test_rendering_twice_gives_identical_files(fixture):
    first = render_site(*fixture)
    second = render_site(*fixture)
    assert first.files == second.files and first.print_pages == second.print_pages


def test_print_pages_link_words_inside_the_booklet(site):
    booklet = site.print_pages["domain-2.pdf"]
    assert 'href="#word-advocacy"' in booklet and WORD_BANK not in booklet
    assert 'id="word-advocacy"' in booklet                     # the booklet's own word list
    assert "What the hard words mean" in booklet and "Easy Read" in booklet
    assert "word-advocacy" not in site.print_pages["domain-1.pdf"]


def test_empty_block_rows_still_render(fixture):
    framework, versions, glossary, settings = fixture
    versions[0].blocks = [EasyReadBlock([], ["Only a list."])]
    html = page(render_site(framework, versions, glossary, settings), "domain-1.html")
    assert "<li>Only a list.</li>" in html
