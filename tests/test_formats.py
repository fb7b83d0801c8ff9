"""How check reports: compiler-style text lines, JSON valid against
schemas/check.schema.json, SARIF valid against the official OASIS 2.1.0 schema."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from easyread.analyse import analyse
from easyread.content import load_paths, parse_markdown
from easyread.formats import as_json, as_sarif, as_text
from easyread.model import Framework, SourceFile

ROOT = Path(__file__).resolve().parents[1]
CHECK_SCHEMA = json.loads(resources.files("easyread").joinpath("schemas/check.schema.json").read_text("utf-8"))
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
AFTER = {"competences": 9, "passing": 7, "median_grade": 2.0, "median_words_per_sentence": 6.5,
         "by_rule": {"passive": 3}}


@pytest.fixture(scope="module")
def drafts_analysis(drafts, draft_glossary, settings_for):
    framework = load_paths([drafts / "letter.txt", drafts / "web-page.md", drafts / "framework.md"])
    return analyse(framework, draft_glossary, settings_for())


@pytest.fixture(scope="module")
def framework_analyses(draft_glossary, settings_for):
    framework = load_paths([ROOT / "content"])
    return [analyse(framework, draft_glossary, settings_for(p)) for p in ("easy-read", "plain-english")]


def check_validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(CHECK_SCHEMA)
    return jsonschema.Draft202012Validator(CHECK_SCHEMA)


def sarif_validator() -> jsonschema.Draft4Validator:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    return jsonschema.Draft4Validator(SARIF_SCHEMA)


# ---------------------------------------------------------------- text


def test_text_is_one_line_per_finding_grouped_by_competence(drafts_analysis):
    lines = as_text(drafts_analysis).split("\n")
    letter = ROOT / "tests" / "fixtures" / "drafts" / "letter.txt"
    assert lines[:4] == [
        f"p2 ({letter}:3) - reading age about 8 (median grade 2.5) - passes",
        f"  {letter}:3:43: warning passive 'is being looked' is passive; say who does what "
        "[use the active voice: say who does it]",
        f"p3 ({letter}:5) - reading age about 8 (median grade 2.5) - fails",
        f"  {letter}:5:21: warning number-words 'two': write numbers as digits [2]"]
    # competences with no findings get no header
    assert not any(line.startswith("p1 (") for line in lines)
    assert lines[-4:] == [
        "",
        "Profile easy-read: 5 of 11 competences pass; 23 findings in 3 file(s).",
        "Median reading age about 10 years (US grade 4.5); median 7.5 words per sentence.",
        # the text output ends with one line counting the findings of each rule (issue 12)
        "Findings by rule: clinical-wording 3, passive 3, readability 3, acronym 2, hard-word 2, "
        "no-full-stop 2, patronising 2, explain-next 1, long-sentence 1, negative 1, number-words 1, "
        "one-idea 1, wordy-phrase 1"]


def test_text_summary_counts_by_rule_most_first(drafts_analysis):
    summary = drafts_analysis.summary()
    line = as_text(drafts_analysis).split("\n")[-1]
    counts = [int(part.rsplit(" ", 1)[1]) for part in line[len("Findings by rule: "):].split(", ")]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == summary["findings"]


def test_text_with_figures_after_rewriting(drafts_analysis):
    assert as_text(drafts_analysis, AFTER).split("\n")[-2] == (
        "Median reading age about 10 years (US grade 4.5) before, about 7 years (US grade 2.0) after "
        "approved rewrites (7 of 9 pass after rewriting); median 7.5 words per sentence.")


# ---------------------------------------------------------------- JSON


def test_json_is_valid_against_the_check_schema(drafts_analysis, framework_analyses):
    validator = check_validator()
    for analysis in (drafts_analysis, *framework_analyses):
        validator.validate(json.loads(as_json(analysis)))
    validator.validate(json.loads(as_json(drafts_analysis, AFTER)))


def test_json_holds_every_finding_and_competence(drafts_analysis):
    document = json.loads(as_json(drafts_analysis))
    assert document["version"] == 1
    assert document["files"] == drafts_analysis.files
    assert document["findings"] == [f.as_dict() for f in drafts_analysis.findings()]
    first = document["findings"][0]
    assert {k: first[k] for k in ("line", "column", "end_line", "end_column", "competence_id", "rule",
                                  "severity", "text")} == {
        "line": 3, "column": 43, "end_line": 3, "end_column": 58, "competence_id": "p2", "rule": "passive",
        "severity": "warning", "text": "is being looked"}
    ids = [c["id"] for c in document["competences"]]
    assert ids == ["p1", "p2", "p3", "p4", "p5", "p1", "p2", "p3", "p4", "3.1.1", "3.1.2"]
    item = document["competences"][-1]
    assert (item["line"], item["column"], item["verdict"], item["reasons"]) == (
        11, 3, "fails", ["clinical-wording", "long-sentence", "patronising"])
    assert len(item["sentences"]) == 3
    assert document["summary"] == drafts_analysis.summary()


def test_json_schema_rejects_what_it_should(drafts_analysis):
    validator = check_validator()
    good = json.loads(as_json(drafts_analysis))
    for path, value in ((("findings", 0, "severity"), "fatal"), (("findings", 0, "line"), 0),
                        (("findings", 0, "rule"), "Passive Voice"), (("competences", 0, "verdict"), "ok"),
                        (("summary", "passing"), -1), (("version",), 2)):
        broken = copy.deepcopy(good)
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not validator.is_valid(broken), path
    extra = copy.deepcopy(good)
    extra["findings"][0]["colour"] = "red"
    assert not validator.is_valid(extra)


# ---------------------------------------------------------------- SARIF


def test_sarif_is_valid_against_the_official_schema(drafts_analysis, framework_analyses, check_text):
    validator = sarif_validator()
    stdin = check_text("The NHS will call.", path="<stdin>")
    for analysis in (drafts_analysis, *framework_analyses, stdin):
        errors = sorted(validator.iter_errors(json.loads(as_sarif(analysis))), key=str)
        assert errors == []


def test_sarif_results_point_at_rules_and_places(drafts_analysis, check_text):
    log = json.loads(as_sarif(drafts_analysis))
    (run,) = log["runs"]
    assert (log["version"], run["columnKind"], run["tool"]["driver"]["name"]) == (
        "2.1.0", "unicodeCodePoints", "easyread")
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(drafts_analysis.findings())
    for result, finding in zip(run["results"], drafts_analysis.findings()):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding.line, finding.column, finding.end_line, finding.end_column)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert (levels["acronym"], levels["passive"]) == ("error", "warning")
    stdin = json.loads(as_sarif(check_text("The NHS will call.", path="<stdin>")))
    assert stdin["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "%3Cstdin%3E"}


def test_an_analysis_with_no_findings_is_still_a_valid_report(check_text):
    clean = check_text("We listen to you.")
    assert clean.findings() == []
    check_validator().validate(json.loads(as_json(clean)))
    assert sarif_validator().is_valid(json.loads(as_sarif(clean)))
    assert as_text(clean).split("\n") == [
        "",
        "Profile easy-read: 1 of 1 paragraphs pass; 0 findings in 1 file(s).",
        "Median reading age not scored (nothing long enough); median 4.0 words per sentence."]


def test_an_empty_framework_reports_cleanly(draft_glossary, settings_for):
    analysis = analyse(Framework([parse_markdown(SourceFile.from_text("empty.md", "# Title\n"))]),
                       draft_glossary, settings_for())
    check_validator().validate(json.loads(as_json(analysis)))
    assert sarif_validator().is_valid(json.loads(as_sarif(analysis)))
