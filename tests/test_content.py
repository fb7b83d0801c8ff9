"""Tests for content.py: loading files into the model with exact positions.

The bundled framework is loaded once; the odd documents in tests/fixtures/content/
(deep nesting, a section with no competences, a Windows export with CRLF and a byte
order mark, curly quotes, non-breaking spaces, a plain-text letter, a web page)
each test one thing the loader must survive. Files that cannot be loaded are made
in a temporary folder, and the error must be the exact errors.Msg text with the
file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from easyread.content import load_file, load_paths
from easyread.files import read_source
from easyread.text import normalise_for_matching
from easyread.errors import InputError, Msg
from easyread.model import Span
from loading import error_for, write

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).parent / "fixtures" / "content"
ODD = FIXTURES / "odd-framework.md"
WINDOWS = FIXTURES / "windows-export.md"


def spans_of(framework):
    """Every span the later stages look at: statements, sub-points and notes."""
    for domain in framework.domains:
        for heading in domain.headings():
            yield from heading.notes
        for competence in domain.competences_in_order():
            yield from competence.spans()
            yield from competence.notes


def assert_exact(span: Span) -> None:
    """Each visible character of the span sits at its offset in the decoded file,
    and its line and column are those of that character."""
    lines = span.source.text.split("\n")
    for i, char in enumerate(span.text):
        if char.isspace():
            continue
        assert span.source.text[span.offsets[i]] == char, (span.text, i)
        position = span.position_at(i)
        assert lines[position.line - 1][position.column - 1] == char, (span.text, i, str(position))


def place(span: Span, word: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the nth occurrence of ``word`` in the span's text."""
    index = -1
    for _ in range(nth + 1):
        index = span.text.index(word, index + 1)
    position = span.position_at(index)
    return position.line, position.column


def raw_place(path: Path, word: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the nth ``word`` in the file as an editor's editor shows it."""
    found = 0
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    for number, line in enumerate(text.split("\n"), 1):
        start = line.find(word)
        while start >= 0:
            if found == nth:
                return number, start + 1
            found += 1
            start = line.find(word, start + 1)
    raise AssertionError(f"{word!r} not in {path}")


# ---------------------------------------------------------------- the bundled framework


@pytest.fixture(scope="module")
def bundled():
    return load_paths([CONTENT])


def test_bundled_ids_are_heading_number_plus_ordinal(bundled):
    ids = []
    numbers = {h.number for d in bundled.domains for h in d.headings()}
    for domain in bundled.domains:
        headings = [domain, *[h for s in domain.sections for h in (s, *s.subsections)]]
        for heading in headings:
            # a 0 stands for the missing level where the heading has headings below it
            has_children = any(n.startswith(heading.number + ".") for n in numbers)
            base = heading.number + (".0" if has_children else "")
            assert [c.id for c in heading.competences] == [
                f"{base}.{n}" for n in range(1, len(heading.competences) + 1)]
            assert all(c.heading == heading.number for c in heading.competences)
            ids.extend(c.id for c in heading.competences)
    assert len(ids) == len(set(ids)) == 313
    assert not set(ids) & numbers, "a competence id reads like a heading number"
    assert bundled.find("1.0.1").heading == "1" and bundled.find("8.1.0.1").heading == "8.1"
    assert bundled.find("2.2.1.1").text.text.startswith("An ability to draw on a working knowledge")
    assert bundled.find("99.1") is None


def test_bundled_every_character_is_at_its_exact_place(bundled):
    count = 0
    for span in spans_of(bundled):
        assert_exact(span)
        count += 1
    assert count > 313 + 421  # statements, sub-points and notes


def test_bundled_positions_of_headings_and_first_competence(bundled):
    domain = bundled.domains[1]
    path = Path(domain.path)
    assert domain.position.line == raw_place(path, "# 2 Practice issues")[0]
    section = domain.sections[0]
    assert (section.number, section.position.line) == ("2.1", raw_place(path, "## 2.1 ")[0])
    first = section.competences[0]
    assert first.id == "2.1.1"
    assert (first.position.line, first.position.column) == raw_place(path, "An ability for peer support")
    assert first.position.path == str(CONTENT / "02-practice-issues.md")


# ---------------------------------------------------------------- an odd framework document


@pytest.fixture(scope="module")
def odd():
    return load_paths([ODD]).domains[0]


def test_front_matter_becomes_domain_settings(odd):
    assert odd.front_matter == {"number": 12, "title": "An odd domain", "picture": "pictures/odd.png"}
    assert odd.settings["picture"] == "pictures/odd.png"
    assert (odd.number, odd.title, odd.position.line) == ("12", "An odd domain", 7)
    assert odd.is_framework


def test_section_with_no_competences_keeps_its_note(odd):
    empty, deep = odd.sections
    assert (empty.number, empty.title) == ("12.1", "A section with no competences")
    assert empty.competences == [] and empty.subsections == []
    assert [n.text for n in empty.notes] == ["Only a note here, and no list."]
    assert [c.id for c in deep.competences] == [f"12.2.0.{n}" for n in range(1, 6)]
    assert [c.id for c in deep.subsections[0].competences] == ["12.2.1.1"]
    assert [n.text for n in deep.subsections[0].notes] == ["Some notes for the subsection."]


def test_deep_nesting_eight_levels(odd):
    competence = odd.sections[1].competences[0]
    chain, points = [], competence.points
    while points:
        assert len(points) == 1
        chain.append(points[0].text)
        points = points[0].points
    assert [span.text for span in chain] == [f"level {d} point" for d in range(2, 9)]
    for depth, span in enumerate(chain, 2):
        assert (span.position.line, span.position.column) == (16 + depth, 2 * depth + 1)
    assert [s.text for s in competence.spans()][1:] == [s.text for s in chain]


def test_curly_quotes_and_non_breaking_characters_are_kept_with_exact_places(odd):
    quotes, spaces = odd.sections[1].competences[1:3]
    assert "\u201ccurly quotes\u201d, \u2018single ones\u2019 and non\u2011breaking" in quotes.text.text
    assert "10\u00a0000 words and a\u00a0target" in spaces.text.text
    assert place(spaces.text, "target") == raw_place(ODD, "target")
    assert place(quotes.text, "single") == raw_place(ODD, "single")  # columns count characters
    matching = normalise_for_matching(quotes.text.text + spaces.text.text)
    assert '"curly quotes", \'single ones\' and non-breaking' in matching
    assert "10 000 words and a target" in matching
    assert [n.text for n in odd.notes] == [
        "This domain tests the loader. It has a \u201cnote\u201d with curly quotes."]


def test_multi_line_item_is_one_statement_placed_on_both_lines(odd):
    item = odd.sections[1].competences[3]
    assert item.text.text == ("An ability to write a list item that runs over two lines "
                              "and ends with target")
    assert place(item.text, "that") == raw_place(ODD, "that runs")
    assert place(item.text, "target") == raw_place(ODD, "target", 1)
    end = item.text.end_position(len(item.text.text))
    assert (end.line, end.column) == (raw_place(ODD, "target", 1)[0], raw_place(ODD, "target", 1)[1] + 6)


def test_bold_and_links_are_plain_text_and_positions_after_them_stay_exact(odd):
    item = odd.sections[1].competences[4]
    assert item.text.text == "An ability to use bold words and a link before the target"
    assert item.text.markdown == ("An ability to use **bold words** and "
                                  "[a link](https://example.org/x) before the target")
    assert place(item.text, "bold") == raw_place(ODD, "bold words")
    assert place(item.text, "link") == raw_place(ODD, "link]")
    assert place(item.text, "target") == raw_place(ODD, "target", 2)
    sub = item.points[0].text
    assert sub.text == "a sub-point with code and a target"
    assert place(sub, "target") == raw_place(ODD, "target", 3)


def test_a_word_in_a_link_address_does_not_steal_the_place_of_the_same_word_after_it():
    source = read_source("x.md", b"- An ability with [target](https://target.org/target) then target\n")
    from easyread.content import parse_markdown
    span = next(parse_markdown(source).competences_in_order()).text
    assert span.text == "An ability with target then target"
    assert span.position_at(span.text.rindex("target")).column == 60


def test_every_fixture_character_is_at_its_exact_place():
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix in (".md", ".txt"):
            for span in spans_of(load_paths([path])):
                assert_exact(span)


# ---------------------------------------------------------------- Windows exports


def test_crlf_and_byte_order_mark_give_the_same_lines_and_columns():
    raw = WINDOWS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == raw.count(b"\n")  # fixture intact
    (domain,) = load_file(WINDOWS)
    assert "\r" not in domain.sections[0].competences[0].text.source.text
    assert (domain.number, domain.title) == ("3", "Windows export")
    first, second = domain.sections[0].competences
    assert first.text.text == "An ability to listen \u2013 and to be heard"
    assert (first.position.line, first.position.column) == (10, 3)
    assert first.points[0].text.text == "for example: in a \u201cmeeting\u201d"
    assert place(first.points[0].text, "meeting") == raw_place(WINDOWS, "meeting") == (11, 24)
    assert place(second.text, "target") == raw_place(WINDOWS, "target") == (12, 26)
    lf = read_source("lf.md", raw[3:].replace(b"\r\n", b"\n"))
    assert lf.text == first.text.source.text


# ---------------------------------------------------------------- documents not in the framework's shape


def test_plain_text_letter_is_paragraphs_p1_to_p4():
    path = FIXTURES / "letter.txt"
    (domain,) = load_file(path)
    assert (domain.number, domain.title, domain.is_framework) == ("", "letter", False)
    competences = list(domain.competences_in_order())
    assert [c.id for c in competences] == ["p1", "p2", "p3", "p4"]
    assert competences[1].text.text == ("Thank you for your letter about the peer support service. "
                                        "We have read it carefully.")
    assert (competences[2].position.line, competences[2].position.column) == (6, 4)  # indented
    assert place(competences[1].text, "We") == (4, 1)
    assert competences[3].text.text == "Yours sincerely, The Peer Support Team"


def test_web_page_without_numbered_headings_is_paragraphs_under_its_headings():
    path = FIXTURES / "web-page.md"
    (domain,) = load_file(path)
    assert not domain.is_framework
    # the first heading, above every other, is the title; the others are sections
    assert (domain.title, domain.position.line) == ("Getting help with your mental health", 1)
    assert [(s.number, s.title, s.position.line) for s in domain.sections] == [
        ("", "What happens next", raw_place(path, "## What happens next")[0])]
    texts = [(c.id, c.text.text) for c in domain.competences_in_order()]
    assert texts == [
        ("p1", "You can talk to a peer support worker. They have lived experience of mental health difficulties."),
        ("p2", "A peer support worker will call you within a week. They will ask what matters to you."),
        ("p3", "You choose where to meet."),
        ("p4", "You can bring someone with you."),
        ("p5", "Contact us on 0123 456 789."),
    ]
    assert all(c.heading == "" for c in domain.competences_in_order())
    assert place(domain.sections[0].competences[0].text, "They") == raw_place(path, "They will")


def test_standard_input_is_read_as_markdown(monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"One paragraph.\n\nAnother.\n")))
    framework = load_paths(["-"])
    assert framework.paths == ["<stdin>"]
    assert [c.text.text for c in framework.competences()] == ["One paragraph.", "Another."]


# ---------------------------------------------------------------- files that cannot be loaded




@pytest.mark.parametrize("data, line", [
    (b"---\nnumber: 1\ntitle: Only settings\n---\n", 4),
    (b"---\n---\n\n\n", 2),
])
def test_only_front_matter(tmp_path, data, line):
    path = write(tmp_path, "only.md", data)
    assert error_for(path) == f"{path}:{line}: error: {Msg.E007.format(line=line)}"


def test_broken_front_matter_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "broken.md", b"---\nnumber: 1\ntitle: Values: and principles\n---\n# 1 Values\n")
    assert error_for(path) == f"{path}:3: error: {Msg.E010.format(why='mapping values are not allowed here')}"


def test_unterminated_front_matter(tmp_path):
    path = write(tmp_path, "open.md", b"---\nnumber: 1\n# 1 Values\n\n- An ability to listen\n")
    assert error_for(path) == f"{path}:1: error: {Msg.E011.format()}"


def test_front_matter_that_is_not_settings(tmp_path):
    path = write(tmp_path, "list.md", b"---\n- number\n- title\n---\n# 1 Values\n")
    assert error_for(path) == f"{path}:2: error: {Msg.E012.format()}"


def test_heading_number_used_twice(tmp_path):
    path = write(tmp_path, "twice.md", b"# 1 Values\n\n## 1.1 First\n\n- An ability\n\n## 1.1 Again\n")
    assert error_for(path) == f"{path}:7: error: {Msg.E014.format(number='1.1', first_line=3)}"


@pytest.mark.parametrize("text, line, number, expected", [
    (b"# 1 Values\n\n## 1.1 First\n\n### 1.2.1 Wrong parent\n", 5, "1.2.1", "a number starting 1.1."),
    (b"# 1 Values\n\n## 2.1 Wrong domain\n", 3, "2.1", "a number starting 1."),
    (b"# 1 Values\n\n# 3 Three\n\n# 2 Two after three\n", 5, "2", "a number after 3"),
    (b"---\nnumber: 1\n---\n## 1.1 A\n\n# 1 Values\n", 6, "1", "# 1 before its sections"),
    (b"## 1.1 No domain heading\n\n# 2 Written\n\n## 3.1 Under no written domain\n", 5, "3.1",
     "a number starting 2."),
    (b"---\nnumber: 2\n---\n# 1 Values\n", 4, "1", "2 (front matter)"),
])
def test_heading_number_out_of_order(tmp_path, text, line, number, expected):
    path = write(tmp_path, "order.md", text)
    assert error_for(path) == f"{path}:{line}: error: {Msg.E013.format(number=number, expected=expected)}"


def test_list_nested_too_deep(tmp_path):
    text = "\n".join("  " * d + f"- level {d + 1}" for d in range(31)) + "\n"
    path = write(tmp_path, "deep.md", text.encode())
    assert error_for(path) == f"{path}:31: error: {Msg.E015.format(depth=31, limit=30)}"


# ---------------------------------------------------------------- any document shape (issue 12)

SEED = ROOT.parent / "shared" / "seeds" / "002_444ae63050d9aaeb.txt"
LETTERS = Path(__file__).parent / "fixtures" / "letters"


def md(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def one_file(texts: list[str]) -> str:
    """Framework files as one Markdown file: their bodies, front matter left out."""
    return "\n".join(re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL) for text in texts)


def test_the_framework_in_one_file_is_read_as_a_framework(tmp_path, bundled):
    path = md(tmp_path / "framework.md", "# Peer Support Worker Competence Framework\n\nDRAFT\n\n"
                 + one_file([p.read_text(encoding="utf-8") for p in sorted(CONTENT.glob("*.md"))]))
    framework = load_paths([path])
    assert [d.number for d in framework.domains] == [str(n) for n in range(1, 12)]
    assert framework.paths == [str(path)]
    assert [(c.id, c.text.text) for c in framework.competences()] == [
        (c.id, c.text.text) for c in bundled.competences()]
    assert framework.domains[0].notes[0].text == "Peer Support Worker Competence Framework"
    for span in spans_of(framework):
        assert_exact(span)


@pytest.mark.skipif(not SEED.exists(), reason=f"seed not found: {SEED}")
def test_the_draft_framework_seed_as_one_markdown_file(tmp_path, bundled):
    """The original draft framework, written as one Markdown file by the importer's rules."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_framework", ROOT / "tools" / "import_framework.py")
    importer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(importer)
    files = importer.build(SEED.read_text(encoding="utf-8"))
    path = md(tmp_path / "draft-framework.md", one_file([files[name] for name in sorted(files)]))
    framework = load_paths([path])
    assert len(framework.domains) == 11 and len(list(framework.competences())) == 313
    assert [c.id for c in framework.competences()] == [c.id for c in bundled.competences()]


@pytest.mark.parametrize("text, numbers, ids", [
    ("## 5.1 Recovery\n\n- An ability to listen\n", ["5"], ["5.1.1"]),
    ("### 5.1.2 Self-care\n\n- An ability to rest\n", ["5"], ["5.1.2.1"]),
    ("## 5.1 A\n\n- One\n\n## 6.1 B\n\n- Two\n", ["5", "6"], ["5.1.1", "6.1.1"]),
    ("# 5 Five\n\n### 5.2.1 Deep\n\n- One\n", ["5"], ["5.2.1.1"]),
])
def test_numbered_headings_may_start_at_any_level(tmp_path, text, numbers, ids):
    framework = load_paths([md(tmp_path / "part.md", text)])
    assert [d.number for d in framework.domains] == numbers
    assert [c.id for c in framework.competences()] == ids
    implicit = [h for d in framework.domains for h in d.headings() if h.position is None]
    assert implicit and all(h.title == "" for h in implicit)


def test_a_domain_written_before_its_parts_still_orders_them(tmp_path):
    path = md(tmp_path / "two.md", "# 1 One\n\n- A\n\n# 2 Two\n\n## 2.1 Part\n\n- B\n")
    framework = load_paths([path])
    assert [(d.number, d.title, [c.id for c in d.competences_in_order()]) for d in framework.domains] == [
        ("1", "One", ["1.1"]), ("2", "Two", ["2.1.1"])]


def test_one_domain_files_are_still_one_domain(tmp_path):
    from easyread.content import parse_markdown

    source = read_source(tmp_path / "x.md", b"# 1 One\n\n- A\n\n# 2 Two\n\n- B\n")
    with pytest.raises(InputError) as raised:
        parse_markdown(source)
    assert "[E013] heading number 2 is out of order: expected one domain per file" in str(raised.value)


def test_a_drafts_headings_are_sections_and_its_first_heading_its_title(tmp_path):
    path = md(tmp_path / "leaflet.md", "# Your visit\n\nWelcome.\n\n## Before\n\nEat first.\n\n"
                 "### Parking\n\nPark at the back.\n\n## After\n\nRest.\n")
    (domain,) = load_paths([path]).domains
    assert (domain.title, domain.position.line) == ("Your visit", 1)
    assert [(s.title, [t.title for t in s.subsections]) for s in domain.sections] == [
        ("Before", ["Parking"]), ("After", [])]
    assert [c.id for c in domain.competences_in_order()] == ["p1", "p2", "p3", "p4"]


def test_a_draft_with_two_top_headings_has_no_title_heading(tmp_path):
    path = md(tmp_path / "two-tops.md", "# First\n\nOne.\n\n# Second\n\nTwo.\n")
    (domain,) = load_paths([path]).domains
    assert domain.position is None and domain.title == "First"
    assert [s.title for s in domain.sections] == ["First", "Second"]


@pytest.mark.parametrize("name, title, headings", [
    ("appointment.txt", "Your appointment",
     ["Your appointment", "What happens at the appointment", "If you cannot come"]),
    ("discharge.txt", "Leaving hospital: your care after Ward 7",
     ["Your medicines", "Who will contact you", "If you feel unwell"]),
    ("leaflet.txt", "Talking therapies for anxiety and depression", ["Who can use this service", "How to refer yourself"]),
])
def test_plain_text_titles_and_headings_in_real_letters(name, title, headings):
    (domain,) = load_paths([LETTERS / name]).domains
    assert domain.title == title
    assert [s.title for s in domain.sections] == headings
    texts = [c.text.text for c in domain.competences_in_order()]
    assert not set(headings) & set(texts)
    assert "3 March 2026" in texts or name != "appointment.txt"   # a date is never a heading
    for section in domain.sections:
        assert raw_place(LETTERS / name, section.title)[0] == section.position.line


def test_a_plain_text_list_is_list_items():
    (domain,) = load_paths([LETTERS / "discharge.txt"]).domains
    items = [c for c in domain.competences_in_order() if c.list_item]
    assert [c.text.text for c in items] == ["A community mental health nurse will phone you within 7 days.",
                                            "Your care coordinator will visit you within 2 weeks."]
    assert place(items[0].text, "A community") == raw_place(LETTERS / "discharge.txt", "A community")


def test_plain_text_headings_are_not_checked_as_sentences(draft_glossary, settings_for):
    from easyread.analyse import analyse

    analysis = analyse(load_paths([LETTERS / "leaflet.txt"]), draft_glossary, settings_for())
    no_stop = [(f.line, f.text) for f in analysis.findings() if f.rule == "no-full-stop"]
    assert no_stop == [(14, "p")]   # only the last block: "What happens next" runs into it
