"""The editor's report: figures, findings in place, to-do lists, JSON, determinism, browser.

A tiny project (two domains, a small glossary, one up-to-date and one stale approval)
is written into a temporary folder and reported on through the real CLI, once per
module; the tests then read what an editor would open.
"""

from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from easyread.approvals import fingerprint
from easyread.cli import main
from easyread.content import load_paths
from easyread.model import Competence, EasyReadBlock, EasyReadVersion, Span
from easyread.report import Highlight, MarkNode, nest, word_diff

GLOSSARY = textwrap.dedent("""\
    version: 1
    entries:
      - id: intervention
        terms: [intervention]
        category: clinical
        status: approved
        action: replace
        plain: {base: support, plural: support}
        provenance: [{source: Consultation, respondent: 12, section: "8", quote: "too clinical", response: "changed"}]
        examples: {flag: ["We offer interventions."], pass: ["We offer support."]}
      - id: safeguarding
        terms: [safeguarding]
        category: jargon
        status: approved
        action: explain
        explanation: "Safeguarding means keeping people safe from harm."
        provenance: [{source: Consultation, section: "2.6", quote: "jargon"}]
        examples: {flag: ["Safeguarding procedures."], pass: ["Keeping safe."]}
      - id: remit
        terms: [remit]
        category: jargon
        status: proposed
        action: replace
        plain: {base: job}
        provenance: [{source: Consultation, section: "2", quote: "remit is jargon"}]
        examples: {flag: ["Within their remit."], pass: ["Within their job."]}
      - id: ethos
        terms: [ethos]
        category: jargon
        status: rejected
        action: replace
        plain: {base: values}
        provenance: [{source: Consultation, section: "10", quote: "ethos", response: "kept"}]
        examples: {flag: ["The ethos of peer support."], pass: ["The values."]}
    phrases:
      - id: stem-draw-on-knowledge-that
        kind: stem
        match: ["An ability to draw on knowledge that"]
        status: approved
        replace: "Peer support workers know that"
        provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
        examples: {flag: ["An ability to draw on knowledge that x"], pass: ["You know."]}
      - id: stem-ability-to
        kind: stem
        match: ["An ability to"]
        status: approved
        replace: "Peer support workers can"
        provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
        examples: {flag: ["An ability to listen"], pass: ["You can listen."]}
      - id: in-relation-to
        kind: wordy
        match: ["in relation to"]
        status: approved
        replace: "about"
        provenance: [{source: GOV.UK-ACF, quote: "use fewer words"}]
        examples: {flag: ["in relation to x"], pass: ["about x"]}
    """)

DOMAIN_ONE = textwrap.dedent("""\
    ---
    number: 1
    title: Values
    ---

    # 1 Values

    ## 1.1 Values of peer support workers

    - An ability to understand the values that underpin peer support
    - An ability to listen to the person (and to their family) and to offer an intervention when the person is supported by the team and asks for it
    - An ability to recognise **stigma**, for example:
      - stigma that is pathologising
      - values that underpin safeguarding
    - An ability to draw on knowledge that safeguarding matters in relation to risk
    - Talk to people & families <today>.
    """)

DOMAIN_TWO = textwrap.dedent("""\
    ---
    number: 2
    title: Practice
    ---

    # 2 Practice

    ## 2.1 Working with people

    - An ability to listen carefully
    - An ability to help people find local groups
    """)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("report-project")
    (root / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    content = root / "content"
    content.mkdir()
    (content / "01-values.md").write_text(DOMAIN_ONE, encoding="utf-8")
    (content / "02-practice.md").write_text(DOMAIN_TWO, encoding="utf-8")
    framework = load_paths([content / "02-practice.md"])
    first, second = list(framework.competences())
    (content / "approved").mkdir()
    (content / "approved" / "02-practice.yml").write_text(textwrap.dedent(f"""\
        "{first.id}":
          source: {fingerprint(first)}
          approved_by: Easy Read team
          approved_on: 2026-11-01
          text: |
            Peer support workers listen carefully.
        "{second.id}":
          source: 0000deadbeef
          approved_by: Easy Read team
          approved_on: 2026-11-02
          text: |
            Peer support workers help people find groups near them.
        """), encoding="utf-8")
    return root


def run(project: Path, monkeypatch, *args: str):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def outputs(project):
    """The report (HTML twice, JSON once) and the check JSON, through the CLI."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        html = run(project, monkeypatch, "report", "-o", "out/report.html")
        assert html.exit_code == 0, html.output
        again = run(project, monkeypatch, "report", "-o", "out/again.html")
        assert again.exit_code == 0, again.output
        data = run(project, monkeypatch, "report", "--format", "json", "-o", "-")
        check = run(project, monkeypatch, "check", "--format", "json")
    assert data.exit_code == 0 and check.exit_code in (0, 1)
    return {"html": (project / "out" / "report.html").read_text(encoding="utf-8"),
            "again": (project / "out" / "again.html").read_text(encoding="utf-8"),
            "json": json.loads(data.stdout), "check": json.loads(check.stdout)}


def competence(report: dict, competence_id: str) -> dict:
    return next(c for c in report["competences"] if c["id"] == competence_id)


# ---------------------------------------------------------------- summary


def test_summary_figures_equal_easyread_check(outputs):
    report, check = outputs["json"], outputs["check"]
    before = dict(check["summary"])
    after = before.pop("after_rewrite")
    assert report["summary"]["before"] == before
    assert {key: report["summary"]["after"][key] for key in after} == after
    assert report["summary"]["before"]["competences"] == 7
    verdicts = {c["id"]: c["verdict"] for c in check["competences"]}
    assert {c["id"]: "fails" if c["reasons_before"] else "passes"
            for c in report["competences"]} == verdicts


def test_summary_counts_approvals_and_glossary_state(outputs):
    summary = outputs["json"]["summary"]
    assert summary["approved_by_editor"] == 1 and summary["stale_approvals"] == 1
    assert summary["glossary_awaiting_approval"] == 1          # remit is proposed
    assert summary["glossary_entries"] == 7                    # 4 entries and 3 phrases
    statuses = {c["id"]: c["statuses"] for c in outputs["json"]["competences"]}
    assert "approved" in statuses["2.1.1"] and "stale" in statuses["2.1.2"]
    html = outputs["html"]
    assert re.search(r"Passing before rewriting</span><span class=\"figure\">"
                     rf"{summary['before']['passing']}<small> of 7", html)
    assert re.search(r"Stale approvals</span><span class=\"figure\">1<", html)


# ---------------------------------------------------------------- findings in place


def test_every_finding_is_highlighted_over_exactly_its_text(outputs):
    checked = 0
    for item in outputs["json"]["competences"]:
        findings = {f["id"]: f for f in item["findings"]}
        assert all(f["highlighted"] for f in findings.values()), item["id"]
        for marked in item["source"]:
            for highlight in marked["highlights"]:
                finding = findings[highlight["finding"]]["finding"]
                shown = marked["text"][highlight["start"]:highlight["end"]]
                assert shown == " ".join(finding["text"].replace("**", "").split()), finding
                checked += 1
    assert checked == sum(len(c["findings"]) for c in outputs["json"]["competences"]) > 20


def test_highlight_inside_markdown_and_sub_points(outputs):
    item = competence(outputs["json"], "1.1.3")     # "**stigma**" and two sub-points
    found = [(f["finding"]["rule"], f["finding"]["text"]) for f in item["findings"]]
    assert ("hard-word", "pathologising") in found
    point = next(m for m in item["source"] if "pathologising" in m["text"])
    assert point["kind"] == "point" and point["depth"] == 1 and point["line"] == 13


class Marks(HTMLParser):
    """Every <mark data-finding> piece's text, the focusable ones, and ids with their text."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict]] = []
        self.pieces: dict[str, list[str]] = {}
        self.focusable: dict[str, dict] = {}
        self.ids: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.open.append((tag, attrs))
        if tag == "mark" and "data-finding" in attrs:
            self.pieces.setdefault(attrs["data-finding"], []).append("")
            if attrs.get("tabindex") == "0":
                self.focusable[attrs["data-finding"]] = attrs

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for tag, attrs in self.open:
            if tag == "mark" and "data-finding" in attrs:
                self.pieces[attrs["data-finding"]][-1] += data
            if "id" in attrs:
                self.ids.setdefault(attrs["id"], []).append(data)


def test_marks_in_the_page_cover_the_finding_text_and_are_described(outputs):
    parser = Marks()
    parser.feed(outputs["html"])
    findings = {f["id"]: f["finding"] for c in outputs["json"]["competences"] for f in c["findings"]}
    assert set(parser.pieces) == set(findings)
    for finding_id, finding in findings.items():
        assert "".join(parser.pieces[finding_id]) == " ".join(finding["text"].replace("**", "").split())
        mark = parser.focusable[finding_id]                      # keyboard: focusable once
        assert mark["aria-describedby"] == finding_id           # screen readers: described
        description = "".join(parser.ids[finding_id])
        assert finding["rule"] in description and finding["message"] in description
        assert finding["rule"] in mark["data-tip"] and finding["message"] in mark["data-tip"]   # hover


def test_nest_splits_crossing_findings_into_nested_pieces():
    text = "one two three four five"
    highlights = [Highlight("a", 0, 13), Highlight("b", 8, 18), Highlight("c", 4, 7)]
    nodes = nest(text, highlights)

    def pieces(items, inside=()):
        for node in items:
            if isinstance(node, MarkNode):
                assert node.finding not in inside            # a finding never nests in itself
                yield node
                yield from pieces(node.children, (*inside, node.finding))

    def flat(node):
        return "".join(c if isinstance(c, str) else flat(c) for c in node.children)

    found = list(pieces(nodes))
    for h in highlights:
        own = [n for n in found if n.finding == h.finding]
        assert "".join(flat(n) for n in own) == text[h.start:h.end]
        assert [n.first for n in own] == [True] + [False] * (len(own) - 1)
    assert "".join(c if isinstance(c, str) else flat(c) for c in nodes) == text


# ---------------------------------------------------------------- the rewrite as a diff


def test_word_diff_marks_the_stem_rewrite_and_the_full_stop():
    span = Span.plain("An ability to listen to people")
    version = EasyReadVersion(Competence("1", span), [EasyReadBlock(["Peer support workers can listen to people."])])
    (block,) = word_diff([span.text], version)
    ops = [(p.op, p.text) for p in block.sentences[0]]
    assert ops == [("delete", "An ability to"), ("insert", "Peer support workers can"),
                   ("equal", "listen to people"), ("insert", ".")]
    assert [p.space for p in block.sentences[0]] == [False, True, True, False]


def test_easy_read_text_shows_applied_rewrites_as_ins_and_del(outputs):
    item = competence(outputs["json"], "1.1.1")
    assert item["origin"] == "rules"
    parts = [(p["op"], p["text"]) for block in item["diff"] for s in block["sentences"] for p in s]
    assert ("delete", "An ability to") in parts and ("insert", "Peer support workers can") in parts
    assert any(c["rule"] == "patronising.stem-ability-to" for c in item["changes"])
    assert "<del><span class=\"vh\">removed: </span>An ability to</del>" in outputs["html"]
    assert "<ins><span class=\"vh\">added: </span>Peer support workers can</ins>" in outputs["html"]


# ---------------------------------------------------------------- to-do lists


def test_failing_list_is_every_failing_competence_worst_first(outputs):
    report = outputs["json"]
    failing = report["todo"]["failing"]
    expected = [c for c in report["competences"] if "fails" in c["statuses"]]
    assert sorted(i["competence_id"] for i in failing) == sorted(c["id"] for c in expected)
    keys = [(-i["errors"], -(i["grade_after"] if i["grade_after"] is not None else -1e9)) for i in failing]
    assert keys == sorted(keys)
    assert all(i["reasons"] for i in failing)


def test_stale_list_names_the_approval_file_and_line(outputs):
    (stale,) = outputs["json"]["todo"]["stale"]
    assert stale["competence_id"] == "2.1.2" and stale["approved_on"] == "2026-11-02"
    assert stale["approval_path"].endswith("02-practice.yml") and stale["approval_line"] == 7


def test_glossary_candidates_ranked_by_frequency_with_their_sentences(outputs):
    candidates = outputs["json"]["todo"]["candidates"]
    words = [c["word"] for c in candidates]
    assert words[0] == "underpin" and "pathologising" in words
    top = candidates[0]
    assert top["count"] == 2 == len(top["occurrences"])
    assert {o["competence_id"] for o in top["occurrences"]} == {"1.1.1", "1.1.3"}
    for occurrence in top["occurrences"]:
        assert occurrence["sentence"][occurrence["start"]:occurrence["end"]] == "underpin"
    assert "the values that underpin peer support" in top["occurrences"][0]["sentence"]
    counts = [c["count"] for c in candidates]
    assert counts == sorted(counts, reverse=True)


def test_dead_entries_are_unmatched_and_not_rejected(outputs):
    dead = {row["id"] for row in outputs["json"]["todo"]["dead_entries"]}
    assert dead == {"remit"}                       # ethos never matches either, but is rejected
    table = {row["id"]: row for row in outputs["json"]["glossary_table"]}
    assert table["ethos"]["matches"] == 0 and table["intervention"]["matches"] == 1
    assert [m["competence_id"] for m in table["intervention"]["where"]] == ["1.1.2"]
    assert table["intervention"]["provenance"][0]["response"] == "changed"
    assert table["stem-ability-to"]["kind"] == "phrase" and table["stem-ability-to"]["matches"] == 5
    assert [m["competence_id"] for m in table["stem-draw-on-knowledge-that"]["where"]] == ["1.1.4"]


def test_default_picture_rows_come_from_the_renderer(project, outputs):
    from easyread.glossary import load_glossary
    from easyread.render import render_site
    from easyread.rewrite import rewrite_framework
    from easyread.settings import load_settings

    settings = load_settings(root=project, profile="easy-read")
    glossary = load_glossary(project / "glossary.yml")
    framework = load_paths([project / "content"])
    versions = rewrite_framework(framework, glossary, settings, content_dir=project / "content")
    site = render_site(framework, versions, glossary, settings)
    expected = [(r.competence_id, r.row, r.picture) for r in site.default_picture_rows]
    listed = outputs["json"]["todo"]["default_pictures"]
    assert [(i["competence_id"], i["row"], i["picture"]) for i in listed] == expected
    assert all(i["why"] for i in listed)       # each says why no idea's picture fitted
    assert outputs["json"]["summary"]["default_picture_rows"] == len(expected)


# ---------------------------------------------------------------- JSON, determinism, cache


def test_json_validates_against_the_schema(outputs):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resources.files("easyread").joinpath("schemas/report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(outputs["json"])


def test_report_is_deterministic(outputs):
    assert outputs["html"] == outputs["again"]


def test_second_report_is_built_from_the_cache(project, outputs, monkeypatch):
    """Nothing changed since the first report: no text is parsed again (spaCy never loads)."""
    import easyread.nlp as nlp

    def no_parsing(*args, **kwargs):
        raise AssertionError("unchanged text was parsed again")
    monkeypatch.setattr(nlp, "pipeline_for", no_parsing)
    result = run(project, monkeypatch, "report", "--format", "json", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"] == outputs["json"]["summary"]


def test_page_is_self_contained_and_escaped(outputs):
    html = outputs["html"]
    assert not re.search(r"<(link|img|script)[^>]+(src|href)=", html)      # nothing to fetch
    assert html.count("<svg") == 2 and html.count("<style>") == 1 and html.count("<script>") == 1
    assert "Talk to people &amp; families" in html and "&lt;today&gt;" not in html  # the loader drops inline HTML
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_report_refuses_to_overwrite_its_input(project, monkeypatch):
    result = run(project, monkeypatch, "report", "content/01-values.md", "-o", "content/01-values.md")
    assert result.exit_code == 2 and "E051" in result.output


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium from Debian, as the site's browser tests start it (tests/browser/helpers.py)."""
    helpers = pytest.importorskip("browser.helpers")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[test]')")
    if not helpers.CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (apt-get install chromium; .ci/run does)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(helpers.CHROMIUM), args=helpers.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_report_passes_axe_and_filters_work(outputs, project, chromium):
    helpers = pytest.importorskip("browser.helpers")
    if not helpers.AXE.exists():
        pytest.skip("needs node_modules/axe-core (npm ci)")
    path = project / "out" / "report.html"
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    page.add_script_tag(path=str(helpers.AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    page.select_option("#filter-status", "stale")
    assert page.locator("article.competence:visible").count() == 1
    assert page.locator("#filter-count").inner_text() == "Showing 1 of 7 competences."
    page.select_option("#filter-status", "")
    page.select_option("#filter-domain", "2")
    assert page.locator("article.competence:visible").count() == 2
    page.select_option("#filter-domain", "")
    page.select_option("#filter-rule", "hard-word")
    assert page.locator("article.competence:visible").count() == 2
    page.locator("article.competence:visible mark[tabindex='0']").first.focus()
    tip = page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    assert "hard-word" in tip or "(" in tip
    context.close()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.locator("#filters").is_hidden() and page.locator("article.competence:visible").count() == 7
    context.close()


@pytest.mark.browser
def test_screenshot_of_the_report_on_the_bundled_framework(chromium):
    """artifacts/report.png: the top of output/report.html as ``easyread build`` writes it,
    and artifacts/report-competence.png: a competence with a finding focused."""
    helpers = pytest.importorskip("browser.helpers")
    path = helpers.built_site() / "report.html"
    assert path.exists()
    helpers.ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.locator("article.competence").count() == len(list(load_paths([helpers.ROOT / "content"]).competences()))
    page.screenshot(path=str(helpers.ARTIFACTS / "report.png"))
    article = page.locator("article.competence.is-fails").nth(3)
    article.scroll_into_view_if_needed()
    article.locator("mark[tabindex='0']").nth(1).focus()
    article.screenshot(path=str(helpers.ARTIFACTS / "report-competence.png"))
    context.close()
    assert (helpers.ARTIFACTS / "report.png").stat().st_size > 20_000
