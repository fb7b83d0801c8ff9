"""How ``easyread check`` reports: compiler-style text, JSON, and SARIF 2.1.0.

Pure functions from an ``Analysis`` to a string; the CLI prints them. The JSON
shape is documented in the README ("check JSON schema") and validated in the
tests against ``schemas/check.schema.json``; SARIF against the OASIS schema.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from . import __version__
from .analyse import Analysis
from .rules import rule_info

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TOOL_URI = "https://github.com/easyread/easyread"


def as_text(analysis: Analysis, after: dict[str, object] | None = None) -> str:
    """One line per finding, grouped by competence, then a summary."""
    lines: list[str] = []
    results = [r for r in analysis.results if r.findings]
    for result in results:
        lines.append(f"{result.competence.id} ({result.path}:{result.competence.position.line_label}) "
                     f"- {result.scores.describe()} - {result.verdict}")
        lines.extend("  " + f.as_line() for f in result.findings)
    lines.append("")
    lines.extend(summary_lines(analysis.summary(), after))
    return "\n".join(lines)


def summary_lines(summary: dict[str, object], after: dict[str, object] | None = None) -> list[str]:
    lines = [f"Profile {summary['profile']}: {summary['passing']} of {summary['competences']} "
             f"competences pass; {summary['findings']} findings in {summary['files']} file(s)."]
    by_rule = summary["by_rule"]
    assert isinstance(by_rule, dict)
    if by_rule:
        lines.append("Findings by rule: " + ", ".join(f"{rule} {count}" for rule, count in
                                                      sorted(by_rule.items(), key=lambda kv: -kv[1])))
    grade = (f"Median grade {summary['median_grade']}" if summary["median_grade"] is not None
             else "Median grade: nothing long enough to score")
    if after is not None:
        grade += f" before, {after['median_grade']} after approved rewrites"
        grade += f" ({after['passing']} of {after['competences']} pass after rewriting)"
    lines.append(grade + f"; median {summary['median_words_per_sentence']} words per sentence.")
    return lines


JSON_VERSION = 1   # bump when a field changes meaning or goes away (adding fields is fine)


def as_json(analysis: Analysis, after: dict[str, object] | None = None) -> str:
    """One JSON document; its shape is ``schemas/check.schema.json`` (README: "check JSON schema")."""
    summary = analysis.summary()
    if after is not None:
        summary["after_rewrite"] = after
    document = {
        "version": JSON_VERSION,
        "files": analysis.files,
        "findings": [f.as_dict() for f in analysis.findings()],
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


def as_sarif(analysis: Analysis) -> str:
    """SARIF 2.1.0: one run, one rule per rule id, one result per finding.

    Columns count Unicode characters (``columnKind``), as easyread's do; paths are
    relative URI references ("<stdin>" becomes "%3Cstdin%3E").
    """
    findings = analysis.findings()
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
