"""The document model as JSON, so a parsed file can wait in the cache for the next run.

Parsing Markdown and placing every character on its line and column is most of the
work of a run that finds its analysis in the cache. A file's model depends only on
its bytes and on the code that reads it, so ``content.load_paths`` keeps each file's
domains here, keyed by both, and the next run rebuilds them without parsing.

JSON (never pickle: a cache must not be able to run code). A span's offsets are
mostly consecutive, so they are stored as runs (``[first, length]``).
"""

from __future__ import annotations

from typing import Any

from .errors import Notice
from .model import Competence, Domain, Point, Position, Section, SourceFile, Span, Subsection


class NotStorable(ValueError):
    """Something in the model has no JSON form (a date in the front matter, say): not cached."""


def domain_to_json(domain: Domain) -> dict[str, Any]:
    return {**_heading(domain), "path": domain.path, "front_matter": _plain_data(domain.front_matter),
            "sections": [{**_heading(s), "subsections": [_heading(sub) for sub in s.subsections]}
                         for s in domain.sections],
            "disabled_rules": sorted(domain.disabled_rules),
            "notices": [[n.path, n.message] for n in domain.notices],
            "line_disables": {str(line): sorted(rules) for line, rules in domain.line_disables.items()}}


def domain_from_json(data: dict[str, Any], source: SourceFile) -> Domain:
    domain = Domain(**_heading_fields(data, source), path=data["path"],
                    front_matter=data["front_matter"], disabled_rules=frozenset(data["disabled_rules"]),
                    line_disables={int(k): frozenset(v) for k, v in data["line_disables"].items()},
                    notices=[Notice(path, message) for path, message in data["notices"]])
    domain.sections = [Section(**_heading_fields(s, source),
                               subsections=[Subsection(**_heading_fields(sub, source)) for sub in s["subsections"]])
                       for s in data["sections"]]
    return domain


def _heading(heading) -> dict[str, Any]:
    position = heading.position
    return {"number": heading.number, "title": heading.title,
            "position": [position.path, position.line, position.column, position.paragraphs] if position else None,
            "notes": [_span(n) for n in heading.notes],
            "competences": [_competence(c) for c in heading.competences],
            "settings": _plain_data(heading.settings)}


def _heading_fields(data: dict[str, Any], source: SourceFile) -> dict[str, Any]:
    return {"number": data["number"], "title": data["title"],
            "position": Position(*data["position"]) if data["position"] else None,
            "notes": [_span_from(n, source) for n in data["notes"]],
            "competences": [_competence_from(c, source) for c in data["competences"]],
            "settings": data["settings"]}


def _competence(competence: Competence) -> dict[str, Any]:
    return {"id": competence.id, "heading": competence.heading, "list_item": competence.list_item,
            "text": _span(competence.text),
            "points": [_point(p) for p in competence.points], "notes": [_span(n) for n in competence.notes]}


def _competence_from(data: dict[str, Any], source: SourceFile) -> Competence:
    return Competence(id=data["id"], heading=data["heading"], list_item=data["list_item"],
                      text=_span_from(data["text"], source),
                      points=[_point_from(p, source) for p in data["points"]],
                      notes=[_span_from(n, source) for n in data["notes"]])


def _point(point: Point) -> dict[str, Any]:
    return {"text": _span(point.text), "points": [_point(p) for p in point.points]}


def _point_from(data: dict[str, Any], source: SourceFile) -> Point:
    return Point(_span_from(data["text"], source), [_point_from(p, source) for p in data["points"]])


def _span(span: Span) -> list[Any]:
    return [span.text, span.markdown, _runs(span.offsets)]


def _span_from(data: list[Any], source: SourceFile) -> Span:
    text, markdown, runs = data
    return Span(text, markdown, source, tuple(o for first, length in runs for o in range(first, first + length)))


def _runs(offsets: tuple[int, ...]) -> list[list[int]]:
    """``(4, 5, 6, 9, 10)`` -> ``[[4, 3], [9, 2]]``."""
    runs: list[list[int]] = []
    for offset in offsets:
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1][1] += 1
        else:
            runs.append([offset, 1])
    return runs


def _plain_data(value: Any) -> Any:
    """Front matter and settings as JSON has them; anything else makes the file uncachable."""
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()} if all(isinstance(k, str) for k in value) \
            else _refuse(value)
    if isinstance(value, (list, tuple)):
        return [_plain_data(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return _refuse(value)


def _refuse(value: Any) -> Any:
    raise NotStorable(f"{type(value).__name__} has no JSON form")
