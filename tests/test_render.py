"""Tests for render.py and pictures.py: the Easy Read site as files in memory.

Built from a small fixture framework with hand-made Easy Read versions, so no spaCy
is needed; the gates on the real content are in test_build.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from browser.helpers import load_fixture
from easyread.errors import InputError
from easyread.model import EasyReadBlock, EasyReadVersion
from easyread.pictures import DEFAULT, EDITOR, KEYWORD, picture_table
from easyread.render import (WORD_BANK, HeadingItem, entry_for, inline_html, render_site,
                             site_text, split_parts)
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


def test_each_row_has_its_picture_first_then_its_words(site):
    html = page(site, "domain-1.html")
    rows = re.findall(r'<div class="row">\s*<div class="picture"><img src="static/pictures/([^"]+)\.svg" '
                      r'alt="([^"]*)" width="120" height="120"></div>\s*<div class="words">', html)
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


def test_the_rewrites_explanation_row_is_a_note_with_the_words_picture(site):
    html = page(site, "domain-2.html")
    row = html.split('<div class="row explain-row">')[1].split('</div>\n</div>')[0]
    assert "Advocacy means speaking up for someone." in row
    assert 'src="static/pictures/1F4E2.svg" alt="A loudspeaker: speaking up"' in row
    assert html.count("explain-row") == 1


def test_word_bank_lists_every_explained_word_used(site):
    bank = page(site, "word-bank.html")
    assert 'id="word-advocacy"' in bank
    assert "Advocacy means speaking up for someone. It helps them get what they need." in bank
    assert "word-intervention" not in bank  # a replaced word is never explained


def test_entry_for_matches_a_term_or_its_plural(fixture):
    glossary = fixture[2]
    advocacy = glossary.entry("advocacy")
    assert entry_for("Advocacy", [advocacy]) is advocacy
    assert entry_for("advocacys", [advocacy]) is advocacy
    assert entry_for("advocate", [advocacy]) is None


# ---------------------------------------------------------------- pictures


def test_picture_choice_editor_then_keyword_then_section_default(site):
    sources = {(r.competence_id, r.row): (r.picture, r.source) for r in site.rows}
    assert sources[("1.1.2", 1)] == ("1F91D", EDITOR)          # front matter pictures: map
    assert sources[("1.1.1", 1)] == ("1F442", KEYWORD)         # "listen"
    assert sources[("1.2.1", 1)][1] == KEYWORD                  # "respect"
    assert sources[("1.1.3", 1)] == (picture_table().section_default("1.1"), DEFAULT)
    assert [(r.competence_id, r.row) for r in site.default_picture_rows] == [("1.1.3", 1)]


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


def test_alt_text_says_what_a_keyword_picture_shows_and_defaults_are_decorative(site):
    html = page(site, "domain-1.html")
    assert 'src="static/pictures/1F442.svg" alt="An ear: listening"' in html
    default = picture_table().section_default("1.1")
    assert f'src="static/pictures/{default}.svg" alt=""' in html
    assert f'alt="{picture_table().describe("1F91D")}"' in html  # editor-set: what it shows


def test_only_used_pictures_are_copied_with_the_licences(site):
    pictures = {p for p in site.files if p.startswith("static/pictures/") and p.endswith(".svg")}
    used = {f"static/pictures/{r.picture}.svg" for r in site.rows}
    assert used <= pictures and len(pictures) < 20
    assert "static/pictures/LICENSE.txt" in site.files and "static/fonts/OFL.txt" in site.files
    about = page(site, "about.html")
    assert "OpenMoji" in about and "CC BY-SA 4.0" in about and "SIL Open Font Licence" in about


def test_picture_table_is_consistent():
    table = picture_table()
    assert table.keywords and all(k.alt for k in table.keywords)
    assert table.by_keyword("She was listening.").code == "1F442"
    assert table.by_keyword("nothing here matches xyzzy") is None
    assert table.section_default("2.5.3") == table.sections["2.5"]
    assert table.section_default("99") == table.fallback


# ---------------------------------------------------------------- about, parts, determinism


def test_about_page_says_what_changed_and_why(site):
    about = page(site, "about.html")
    assert "We wrote “Peer support workers can” instead of “An ability to”. We did this 7 times." in about
    assert f"<h3>{site_text().why['stem']}</h3>" in about
    assert "We explained a hard word straight after it is used 1 times." in about


def test_long_domains_split_into_parts_at_sections(fixture):
    framework, versions, glossary, settings = fixture
    by_id = {id(v.competence): v for v in versions}
    domain = framework.domains[0]
    parts = split_parts(domain, by_id, budget=12)
    assert len(parts) > 1 and all(p.total == len(parts) for p in parts)
    ids = [i.competence_id for p in parts for i in p.items if isinstance(i, EasyReadVersion)]
    assert ids == [c.id for c in domain.competences_in_order()]
    continued = [i for p in parts for i in p.items if isinstance(i, HeadingItem) and i.continued]
    assert all(p.items for p in parts) and continued
    assert [p.slug for p in parts][:2] == ["domain-1-part-1", "domain-1-part-2"]


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
    assert "What the hard words mean" in booklet and "Easy Read" in booklet


def test_empty_block_rows_still_render(fixture):
    framework, versions, glossary, settings = fixture
    versions[0].blocks = [EasyReadBlock([], ["Only a list."])]
    html = page(render_site(framework, versions, glossary, settings), "domain-1.html")
    assert "<li>Only a list.</li>" in html
