"""How ``easyread check`` reports: compiler-style text, JSON, and SARIF 2.1.0.

Pure functions from an ``Analysis`` to a string; the CLI prints them. The JSON
shape is documented in the README ("check JSON schema") and validated in the
tests against ``schemas/check.schema.json``; SARIF against the OASIS schema.
"""

from __future__ import annotations

import json
from typing import Callable
from urllib.parse import quote

from . import __version__
from .analyse import Analysis
from .findings import SEVERITY_ORDER, Finding
from .rules import rule_info

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TOOL_URI = "https://github.com/easyread/easyread"


Shown = Callable[[Finding], bool]


def shown(min_severity: str | None) -> Shown:
    """Which findings to print: those at ``min_severity`` or above (all, by default).

    Only what is printed changes: verdicts, exit codes and summary counts still see
    every finding.
    """
    floor = SEVERITY_ORDER.get(min_severity or "info", 2)
    return lambda finding: SEVERITY_ORDER.get(finding.severity, 3) <= floor


def as_text(analysis: Analysis, after: dict[str, object] | None = None, show: Shown = lambda f: True) -> str:
    """One line per finding, grouped by competence, then a summary ending with the count per rule."""
    lines: list[str] = []
    for result in analysis.results:
        findings = [f for f in result.findings if show(f)]
        if not findings:
            continue
        lines.append(f"{result.competence.id} ({result.path}:{result.competence.position.line_label}) "
                     f"- {result.scores.describe()} - {result.verdict}")
        lines.extend("  " + f.as_line() for f in findings)
    lines.append("")
    lines.extend(summary_lines(analysis.summary(), after))
    return "\n".join(lines)


def summary_lines(summary: dict[str, object], after: dict[str, object] | None = None) -> list[str]:
    """What an editor reads last: how many pass, the reading age in years, findings per rule."""
    unit = summary.get("unit", "competences")
    lines = [f"Profile {summary['profile']}: {summary['passing']} of {summary['competences']} "
             f"{unit} pass; {summary['findings']} findings in {summary['files']} file(s)."]
    age = "Median reading age " + reading_age_words(summary["median_grade"])
    if after is not None:
        age += f" before, {reading_age_words(after['median_grade'])} after approved rewrites"
        age += f" ({after['passing']} of {after['competences']} pass after rewriting)"
    lines.append(f"{age}; median {summary['median_words_per_sentence']} words per sentence.")
    by_rule = summary["by_rule"]
    assert isinstance(by_rule, dict)
    if by_rule:
        lines.append("Findings by rule: " + ", ".join(f"{rule} {count}" for rule, count in
                                                      sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))))
    return lines


def reading_age_words(grade: object) -> str:
    """A median US grade as an editor says it: "about 17 years (US grade 12.0)"."""
    if not isinstance(grade, (int, float)):
        return "not scored (nothing long enough)"
    return f"about {max(5, round(grade + 5))} years (US grade {grade})"


JSON_VERSION = 1   # bump when a field changes meaning or goes away (adding fields is fine)


def as_json(analysis: Analysis, after: dict[str, object] | None = None, show: Shown = lambda f: True) -> str:
    """One JSON document; its shape is ``schemas/check.schema.json`` (README: "check JSON schema")."""
    summary = analysis.summary()
    if after is not None:
        summary["after_rewrite"] = after
    document = {
        "version": JSON_VERSION,
        "files": analysis.files,
        "findings": [f.as_dict() for f in analysis.findings() if show(f)],
        "competences": [{
            "id": r.competence.id, "path": r.path, "line": r.competence.position.line,
            "column": r.competence.position.column,
            **({"paragraph": r.competence.position.line} if r.competence.position.paragraphs else {}),
            "scores": r.scores.as_dict(), "sentences": [s.as_dict() for s in r.sentence_scores],
            "verdict": r.verdict, "reasons": r.reasons,
        } for r in analysis.results],
        "summary": summary,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def as_sarif(analysis: Analysis, show: Shown = lambda f: True) -> str:
    """SARIF 2.1.0: one run, one rule per rule id, one result per finding.

    Columns count Unicode characters (``columnKind``), as easyread's do; paths are
    relative URI references ("<stdin>" becomes "%3Cstdin%3E").
    """
    findings = [f for f in analysis.findings() if show(f)]
    info = rule_info()
    rule_ids = sorted({f.rule for f in findings})
    rules = []
    for rule_id in rule_ids:
        base = info.get(rule_id.split(".")[0])
        example = next(f for f in findings if f.rule == rule_id)
        rules.append({
            "id": rule_id,
            "name": "".join(part.title() for part in rule_id.replace(".", "-").split("-")),
            "shortDescription": {"text": base.title if base else rule_id.split(".")[0].replace("-", " ")},
            "help": {"text": f"Source: {example.source}" if example.source else "easyread rule"},
            "defaultConfiguration": {"level": SARIF_LEVELS.get(example.severity, "note")},
        })
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    results = [{
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": SARIF_LEVELS.get(f.severity, "note"),
        "message": {"text": f.message + (f" [{f.suggestion}]" if f.suggestion else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(f.path)},
            "region": {"startLine": f.line, "startColumn": f.column,
                       "endLine": f.end_line, "endColumn": f.end_column, "snippet": {"text": f.text}},
        }}],
        "properties": {"competenceId": f.competence_id, "profile": analysis.profile},
    } for f in findings]
    document = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "easyread", "version": __version__,
                                      "informationUri": TOOL_URI, "rules": rules}},
                  "columnKind": "unicodeCodePoints",
                  "results": results}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
