"""Tests for build.py and ``easyread build``: writing the site and its print version.

The fixture framework checks the edge (atomic replace, refusals, determinism, PDF
page limits); the real content with the project's glossary checks the publication
gates: every competence once, no replaced word left, HTML5 validity (Nu checker).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser.helpers import ROOT, VNU, built_site, glossary_path, load_fixture
from easyread import build as build_module
from easyread.build import MARKER, build, check_output_folder
from easyread.cli import main
from easyread.content import load_paths
from easyread.errors import OutputError
from easyread.glossary import load_glossary
from easyread.render import render_site
from easyread.settings import load_settings

pytestmark = pytest.mark.slow   # builds whole sites (and PDFs, the Nu HTML Checker)


@pytest.fixture
def fixture_site(tmp_path):
    framework, versions, glossary = load_fixture(tmp_path / "project")
    settings = load_settings(root=tmp_path / "project", glossary=tmp_path / "project" / "glossary.yml")
    return render_site(framework, versions, glossary, settings), tmp_path / "project" / "content"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- writing


def test_build_writes_every_file_and_a_marker(fixture_site, tmp_path):
    site, content = fixture_site
    result = build(site, tmp_path / "output", [content])
    written = files_of(tmp_path / "output")
    assert set(written) == set(site.files) | {MARKER}
    assert all(written[path] == data for path, data in site.files.items())
    assert result.pdf_pages == {}


def test_a_failed_build_leaves_the_previous_output_intact(fixture_site, tmp_path, monkeypatch):
    site, content = fixture_site
    output = tmp_path / "output"
    build(site, output, [content])
    before = files_of(output)

    def broken(site, folder, pdf):
        (folder / "index.html").write_text("half a page", encoding="utf-8")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(build_module, "write_site", broken)
    with pytest.raises(OutputError, match=r"\[E050\].*No space left on device"):
        build(site, output, [content])
    assert files_of(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")] == [".output.lock"]


def test_refuses_to_replace_a_folder_it_did_not_build(fixture_site, tmp_path):
    site, content = fixture_site
    own = tmp_path / "notes"
    own.mkdir()
    (own / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match=r"\[E055\]"):
        build(site, own, [content])
    assert (own / "mine.txt").read_text(encoding="utf-8") == "keep me"
    for holds_input, code in ((content, "E052"), (content.parent, "E061")):   # output.refuse_inputs
        with pytest.raises(OutputError, match=rf"\[{code}\]"):
            build(site, holds_input, [content])
    check_output_folder(tmp_path / "new")  # missing: fine


def test_cli_build_and_twice_gives_identical_files(tmp_path):
    project = tmp_path / "project"
    load_fixture(project)
    runner = CliRunner()
    args = ["build", str(project / "content"), "-g", str(project / "glossary.yml"), "-o",
            str(tmp_path / "out"), "--no-cache"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert re.match(r"built 5 pages into .*out \(\d+ of \d+ rows have only a default picture\)", first.output)
    once = files_of(tmp_path / "out")
    second = runner.invoke(main, args)
    assert second.exit_code == 0, second.output
    assert files_of(tmp_path / "out") == once


def test_cli_build_ends_with_how_many_still_fail_and_strict_exits_1(tmp_path, monkeypatch):
    """Issue 10 item 5: the last line says how many paragraphs still fail the profile,
    and --strict turns that into exit code 1 (the site is still built)."""
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "drafts" / "leaflet.md"
    draft.parent.mkdir()
    draft.write_text("We listen to you.\n\nNotwithstanding the aforementioned considerations, multidisciplinary "
                     "practitioners should endeavour to facilitate comprehensive psychosocial interventions "
                     "commensurate with the individual's presenting difficulties and circumstances.\n",
                     encoding="utf-8")
    args = ["build", str(draft.parent), "-g", str(ROOT / "tests" / "fixtures" / "drafts" / "glossary.yml"),
            "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    last = result.stderr.strip().splitlines()[-1]
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"easyread: warning: \[W003\] 1 of 2 paragraphs still fail the easy-read profile: "
                        r"see .*report\.html", last), last
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1 and strict.stderr.strip().splitlines()[-1] == last
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_build_refusal_is_one_line_and_exit_2(tmp_path):
    project = tmp_path / "project"
    load_fixture(project)
    result = CliRunner().invoke(main, ["build", str(project / "content"), "-g", str(project / "glossary.yml"),
                                       "-o", str(project), "--no-cache"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "[E061]" in result.output   # it holds the content
    assert (project / "content" / "01-values.md").exists()


# ---------------------------------------------------------------- print version


def test_pdf_one_per_part_a4_and_at_most_24_pages(fixture_site, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    site, content = fixture_site
    result = build(site, tmp_path / "output", [content], pdf=True)
    assert sorted(result.pdf_pages) == ["pdf/domain-1.pdf", "pdf/domain-2.pdf"]
    for name, pages in result.pdf_pages.items():
        reader = pypdf.PdfReader(tmp_path / "output" / name)
        assert len(reader.pages) == pages <= 24
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert "Easy Read" in text and f"Page 2 of {pages}" in text


def test_pdf_is_deterministic(fixture_site, tmp_path):
    pytest.importorskip("weasyprint")
    site, content = fixture_site
    build(site, tmp_path / "a", [content], pdf=True)
    build(site, tmp_path / "b", [content], pdf=True)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


def test_a_part_longer_than_the_limit_fails_the_build_and_keeps_the_old_output(fixture_site, tmp_path,
                                                                                monkeypatch):
    pytest.importorskip("weasyprint")
    site, content = fixture_site
    build(site, tmp_path / "output", [content])
    before = files_of(tmp_path / "output")
    monkeypatch.setattr(build_module, "PRINT_LIMIT", 1)
    with pytest.raises(OutputError, match=r"\[E057\] the print version of domain-1.pdf would be \d+ pages"):
        build(site, tmp_path / "output", [content], pdf=True)
    assert files_of(tmp_path / "output") == before


# ---------------------------------------------------------------- gates on the real content


class Text(HTMLParser):
    """The Easy Read text of a page's <main>, and each data-competence found.

    The framework's own heading titles (``.original-title``, shown small beneath each
    Easy Read heading so people who know the framework can find their place) are a
    quotation of the professional document, like the About page's list of changes,
    so they are left out of the Easy Read text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.quoting = False
        self.text: list[str] = []
        self.competences: list[str] = []
        self.originals: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        if "data-competence" in attrs:
            self.competences.append(attrs["data-competence"])
        self.quoting = self.quoting or "original-title" in (attrs.get("class") or "").split()

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag == "p":
            self.quoting = False

    def handle_data(self, data):
        if self.depth and self.quoting:
            self.originals.append(data)
        elif self.depth:
            self.text.append(data)


def parsed(path: Path) -> Text:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_real_site_has_every_competence_exactly_once():
    output = built_site()
    found = [c for page in sorted(output.glob("*.html")) for c in parsed(page).competences]
    expected = [c.id for c in load_paths([ROOT / "content"]).competences()]
    assert sorted(found) == sorted(expected) and len(found) == len(set(found)) == len(expected)


def test_no_replaced_glossary_term_survives_in_the_easy_read_pages():
    """Every approved ``replace`` glossary term is gone from the pages a reader reads.

    The About page is left out on purpose: it lists what was changed, so it names the
    old words ("We wrote 'support' instead of 'intervention'"). So is the editor's
    report (report.html): it is for editors, not readers, and quotes the source.
    A replacement the rewrite refused (it would have broken the sentence) stays, and is
    listed for an editor (``needs_editor``): only those rows may keep the word.
    """
    from collections import Counter

    from easyread.rewrite import rewrite_framework

    output = built_site()
    glossary = load_glossary(glossary_path())
    replaced = [(e.id, term) for e in glossary.entries if e.applies for term in e.terms]
    assert replaced
    # A replaced term inside a proper name or inside a longer term that is explained, not
    # replaced ("cognitive" in "cognitive behavioural therapy") is never rewritten (issue 13).
    kept = [t for t in [*glossary.names(), *(t for e in glossary.entries if not e.applies for t in e.terms)]
            if any(f" {r.lower()} " in f" {t.lower()} " and len(t) > len(r) for _, r in replaced)]
    patterns = {term: r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"\s+") + r"(?![\w-])" for _, term in replaced}
    versions = rewrite_framework(load_paths([ROOT / "content"]), glossary,
                                 load_settings(root=ROOT, glossary=glossary_path()), content_dir=ROOT / "content")
    allowed = Counter({term: sum(len(re.findall(pattern, v.markdown(), re.IGNORECASE))
                                 for v in versions if v.needs_editor) for term, pattern in patterns.items()})
    found: Counter = Counter()
    for page in sorted(output.glob("*.html")):
        if page.name in ("about.html", "report.html"):
            continue
        text = " ".join(" ".join(parsed(page).text).split())
        for term in sorted(kept, key=len, reverse=True):
            text = re.sub(r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"\s+") + r"(?![\w-])", " | ", text,
                          flags=re.IGNORECASE)
        for entry_id, term in replaced:
            found[term] += len(re.findall(patterns[term], text, re.IGNORECASE))
    survivors = {term: count for term, count in found.items() if count > allowed[term]}
    assert survivors == {}


@lru_cache(maxsize=1)
def picture_rows():
    """bench/picture_rows.py, which reads the rows of a built site (shared with the tests)."""
    spec = importlib.util.spec_from_file_location("picture_rows", ROOT / "bench" / "picture_rows.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["picture_rows"] = module     # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_real_site_rows_hold_one_idea_and_every_picture_says_what_it_shows():
    """Issue 16 on the bundled framework: at most 3 sentences and about 40 words a row
    outside lists (a single longer sentence is the rewrite's to split), at most 5 list
    items a row, a meaningful alt text everywhere, and never the picture of the row
    above for another idea (the alt text names the idea)."""
    rows = picture_rows().site_rows(built_site())
    assert rows
    for row in rows:
        assert row.alt, row
        assert len(row.sentences) <= 3 and len(row.bullets) <= 5, row
        if not row.bullets and len(row.sentences) > 1:
            assert row.words <= 40, row
    for above, below in zip(rows, rows[1:]):
        if above.page == below.page:
            assert above.picture != below.picture or above.alt == below.alt, below


def test_real_word_bank_entries_each_have_a_picture():
    html = (built_site() / "word-bank.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="row word" id="word-[^"]+">\s*<div class="picture"><img [^>]*alt="([^"]*)"', html)
    assert entries and len(entries) == html.count('class="row word"') and all(entries)


def test_every_domain_and_section_of_the_framework_has_an_easy_read_title():
    from easyread.layout import easy_titles

    for domain in load_paths([ROOT / "content"]).domains:
        titles = easy_titles(domain)
        missing = [h.number for h in [domain, *domain.sections] if h.number not in titles]
        assert missing == [], domain.path


@pytest.mark.skipif(not VNU.exists() or shutil.which("java") is None,
                    reason="the Nu HTML Checker needs node_modules/vnu-jar (npm ci) and Java")
def test_every_page_is_valid_html5():
    output = built_site()
    pages = sorted(str(p) for p in output.glob("*.html"))
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         capture_output=True, text=True, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    assert [(Path(m.get("url", "")).name, m.get("message")) for m in messages] == []
    assert run.returncode == 0
