"""The one finding type every check returns (like retext's message or Vale's Alert).

A finding knows its rule (a dotted id such as ``jargon.stance`` that settings can
switch off by prefix), its severity under the active profile, a message an editor
understands, its exact place in the source file, the competence it belongs to, the
text it points at, a suggestion, and the authority behind the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .model import Span

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    competence_id: str
    rule: str
    severity: str
    message: str
    text: str
    suggestion: str = ""
    source: str = ""
    count: int = 1          # how often the same term is in this paragraph (reported once)
    paragraph: int | None = None   # a Word document's paragraph (= line): letter.docx:¶12:34

    def as_dict(self) -> dict[str, object]:
        """The JSON finding (``paragraph`` only for a Word document); not dataclasses.asdict: slow."""
        data = {name: getattr(self, name) for name in FIELDS}
        if data["paragraph"] is None:
            del data["paragraph"]
        return data

    def as_line(self) -> str:
        """``path:line:col: severity rule message [suggestion]``, like a compiler (``¶12`` in Word)."""
        hint = f" [{self.suggestion}]" if self.suggestion else ""
        line = f"¶{self.line}" if self.paragraph is not None else str(self.line)
        return f"{self.path}:{line}:{self.column}: {self.severity} {self.rule} {self.message}{hint}"


FIELDS = tuple(f.name for f in fields(Finding))


def finding_at(span: Span, start: int, end: int, *, competence_id: str, rule: str,
               severity: str, message: str, suggestion: str = "", source: str = "") -> Finding:
    """A finding on ``span.text[start:end]``, placed at its exact spot in the file.

    ``text`` is the source file's own text at that place (so an editor's search finds
    it), which may include inline Markdown such as ``**``.
    """
    end = max(end, start + 1) if span.text else end
    first = span.position_at(start)
    last = span.end_position(end)
    file_start = span.offsets[min(start, len(span.offsets) - 1)]
    file_end = span.offsets[min(end - 1, len(span.offsets) - 1)] + 1 if end > 0 else file_start
    text = span.source.text[file_start:max(file_end, file_start)]
    return Finding(path=first.path, line=first.line, column=first.column,
                   end_line=last.line, end_column=last.column, competence_id=competence_id,
                   rule=rule, severity=severity, message=message, text=text,
                   suggestion=suggestion, source=source,
                   paragraph=first.line if first.paragraphs else None)
