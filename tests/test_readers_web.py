"""Tests for readers/web.py: a web page's main text, each character on its place.

tests/fixtures/pages/blog-post.html is a charity's blog post as such pages come:
a skip link, a site header with navigation, a cookie banner, a style and a script
that both say "intervention", an article with its own header, a list, bold words,
entities, a newsletter form, the article's footer and the site's footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from easyread.analyse import analyse
from easyread.content import load_paths
from easyread.errors import InputError, Msg

PAGE = Path(__file__).parent / "fixtures" / "pages" / "blog-post.html"


def raw_place(path: Path, word: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if word in line:
            return number, line.index(word) + 1
    raise AssertionError(word)


@pytest.fixture(scope="module")
def page():
    (domain,) = load_paths([PAGE]).domains
    return domain


def test_only_the_article_is_read(page):
    texts = [c.text.text for c in page.competences_in_order()]
    assert texts == [
        "Posted by Sam on 4 March 2026",
        "Peer support workers have lived through mental health problems themselves. They use what they "
        "learned to help others \u2013 not a clinical intervention, but a relationship.",
        "We asked people who use our services what helps. They said:",
        "being listened to without judgement",
        "someone who gets it",
        "You can read the full report on our website & share it with friends.",
    ]
    everything = " ".join(texts)
    for left_out in ("Skip to content", "Home", "cookies", "Get our news", "Tags", "registered charity", "dataLayer"):
        assert left_out not in everything


def test_headings_lists_and_bold(page):
    assert (page.title, page.position.line) == ("Why peer support matters", raw_place(PAGE, "<h1>")[0])
    assert [s.title for s in page.sections] == ["What people told us"]
    items = [c for c in page.competences_in_order() if c.list_item]
    assert [c.text.markdown for c in items] == ["being listened to without judgement", "someone who **gets it**"]


def test_every_character_is_where_the_editor_finds_it(page):
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    for competence in page.competences_in_order():
        span = competence.text
        for index, char in enumerate(span.text):
            if char.isspace():   # a line break in the HTML reads as a space
                continue
            position = span.position_at(index)
            raw = lines[position.line - 1][position.column - 1:]
            assert raw.startswith(char) or raw.startswith("&"), (char, str(position))


def test_an_entity_is_placed_on_its_ampersand(page):
    span = page.competences[1].text
    position = span.position_at(span.text.index("\u2013"))
    assert (position.line, position.column) == raw_place(PAGE, "&ndash;")


def test_golden_place_of_a_finding(page, draft_glossary, settings_for):
    analysis = analyse(load_paths([PAGE]), draft_glossary, settings_for())
    (finding,) = [f for f in analysis.findings() if f.rule == "clinical-wording.intervention"]
    line, column = raw_place(PAGE, "intervention, but")
    assert (finding.line, finding.column, finding.end_column, finding.text) == (line, column, column + 12,
                                                                                "intervention")
    assert finding.paragraph is None and finding.as_line().startswith(f"{PAGE}:{line}:{column}: ")


def test_main_wins_over_article_and_body(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<body><p>Outside.</p><article><p>An article.</p></article>"
                    "<div role=\"main\"><p>The main text.</p></div></body>", encoding="utf-8")
    assert [c.text.text for c in load_paths([path]).competences()] == ["The main text."]


def test_a_page_without_main_or_article_reads_the_body(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><nav>Menu</nav><h1>Clinic times</h1><p>We are open on Monday.<br>"
                    "Call us first.</p><table><tr><td>Monday<td>9am</table></body></html>", encoding="utf-8")
    (domain,) = load_paths([path]).domains
    assert domain.title == "Clinic times"
    assert [c.text.text for c in domain.competences_in_order()] == [
        "We are open on Monday. Call us first.", "Monday", "9am"]


def test_an_older_page_in_windows_1252(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>It\u2019s your choice.</p>'
                     '</body></html>'.encode("cp1252"))
    assert [c.text.text for c in load_paths([path]).competences()] == ["It\u2019s your choice."]


def test_a_page_with_no_text_is_an_error_not_a_pass(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Home</title><script>go()</script></head>"
                    "<body><nav><a href='/'>Home</a></nav><footer>Contact</footer></body></html>", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_paths([path])
    assert str(raised.value) == f"{path}: error: {Msg.E075.format()}"


def test_a_numbered_web_page_is_a_framework(tmp_path):
    path = tmp_path / "framework.html"
    path.write_text("<h1>5 Supporting self-management</h1><h2>5.1 Personal recovery</h2>"
                    "<ul><li>An ability to listen<ul><li>to the person</li></ul></li></ul>", encoding="utf-8")
    (domain,) = load_paths([path]).domains
    assert (domain.number, [s.number for s in domain.sections]) == ("5", ["5.1"])
    (competence,) = domain.competences_in_order()
    assert (competence.id, [p.text.text for p in competence.points]) == ("5.1.1", ["to the person"])
