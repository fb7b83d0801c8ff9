"""The next glossary entries: hard words a text uses that the glossary does not have yet.

``candidates`` reads an analysis (its ``hard-word`` findings) and lists each word
that no glossary entry matches, most frequent first, with where it occurs and one
example sentence. ``as_yaml`` turns them into a block of ``proposed`` entries that an
editor completes (the fields marked TODO) and moves into ``glossary.yml``: the tool
never approves a word, never invents plain wording, and never writes the glossary.
``easyread glossary suggest PATH`` prints that block; the editor's report lists the
same candidates.

Both functions are pure: they read the analysis and return data or text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .analyse import Analysis
from .findings import Finding
from .glossary import ID_PATTERN, Glossary, inflections, term_key
from .model import Span

RULE = "hard-word"
MARKDOWN_MARKS = re.compile(r"[*_`]")
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")
TODO = "TODO"


@dataclass(frozen=True)
class Occurrence:
    """One place a candidate word is used, and the sentence around it."""

    path: str
    line: int
    column: int
    competence_id: str
    sentence: str
    times: int = 1        # the checker reports a word once per paragraph, with how often it is there
    start: int = 0        # where the word is in ``sentence`` (to mark it in the report)
    end: int = 0


@dataclass(frozen=True)
class Candidate:
    """A hard word not in the glossary: its forms in the text, and every place it occurs."""

    word: str                      # the shortest form found ("assessment" for "assessments")
    forms: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]

    @property
    def count(self) -> int:
        return sum(o.times for o in self.occurrences)

    @property
    def example(self) -> str:
        return next((o.sentence for o in self.occurrences if o.sentence), "")


def candidates(analysis: Analysis, glossary: Glossary, limit: int | None = None) -> list[Candidate]:
    """``hard-word`` findings whose word no glossary entry has, grouped by word, most
    frequent first (then alphabetical); word forms of one word ("review", "reviews",
    "reviewed") are one candidate, as a lemma entry would match them all."""
    known = _glossary_forms(glossary)
    found: dict[str, list[Occurrence]] = {}
    for result in analysis.results:
        spans = list(result.competence.spans())
        for finding in result.findings:
            word = MARKDOWN_MARKS.sub("", finding.text).casefold()
            if finding.rule != RULE or not word or term_key(word) in known:
                continue
            found.setdefault(word, []).append(_occurrence(finding, spans))
    grouped = _group_forms(found)
    ranked = sorted(grouped, key=lambda c: (-c.count, c.word))
    return ranked[:limit] if limit is not None else ranked


def _glossary_forms(glossary: Glossary) -> set[str]:
    """Every written form the glossary matches (terms, and lemma entries' inflections)."""
    forms = set()
    for entry in glossary.entries:
        for term in entry.terms:
            forms.update(term_key(f) for f in (inflections(term) if entry.match == "lemma" else [term]))
    return forms


def _occurrence(finding: Finding, spans: Sequence[Span]) -> Occurrence:
    sentence, start = _sentence_at(finding, spans)
    return Occurrence(finding.path, finding.line, finding.column, finding.competence_id,
                      sentence, finding.count, start, start + len(finding.text) if sentence else 0)


def _sentence_at(finding: Finding, spans: Sequence[Span]) -> tuple[str, int]:
    """The sentence of the span the finding points into, and where the finding starts in
    it (("", 0) if no span holds it)."""
    for span in spans:
        starts = span.source.line_starts
        if not 0 < finding.line <= len(starts):
            continue
        offset = starts[finding.line - 1] + finding.column - 1
        if offset not in span.offsets[:len(span.text)]:
            continue
        index = span.offsets.index(offset)
        cuts = [0, *(m.end() for m in SENTENCE_END.finditer(span.text)), len(span.text)]
        first = max(c for c in cuts if c <= index)
        last = min((c for c in cuts if c > index), default=len(span.text))
        raw = span.text[first:last]
        lead = len(raw) - len(raw.lstrip())
        return raw.strip(), index - first - lead
    return "", 0


def _group_forms(found: dict[str, list[Occurrence]]) -> list[Candidate]:
    """Put each word with the shortest form whose regular inflections include it."""
    heads: dict[str, list[str]] = {}
    head_of: dict[str, str] = {}   # every inflection of a head -> the first head that has it
    for word in sorted(found, key=lambda w: (len(w), w)):
        head = head_of.get(word, word)
        if head not in heads:
            for form in inflections(head):
                head_of.setdefault(form, head)
        heads.setdefault(head, []).append(word)
    return [Candidate(head, tuple(forms), tuple(sorted((o for form in forms for o in found[form]),
                                                       key=lambda o: (o.path, o.line, o.column))))
            for head, forms in heads.items()]


# ---------------------------------------------------------------- the YAML block


def as_yaml(found: Iterable[Candidate], source: str = "") -> str:
    """Proposed glossary entries for ``found``, as YAML for the ``entries:`` list.

    Every entry is ``proposed``; what only an editor can decide (category, action,
    plain words, explanation, source, a pass example) is marked TODO, and the loader
    refuses the entry until it is filled in (a TODO source is not a known source).
    Text from the draft is written as JSON strings, which YAML reads as they are.
    """
    lines = [f"# Proposed by 'easyread glossary suggest'{' from ' + source if source else ''}.",
             "# Fill in every TODO, check the example, then move the entries under 'entries:'",
             "# in glossary.yml. Nothing here is approved: an editor decides.",
             ""]
    found = list(found)
    if not found:
        lines.append("# No hard words outside the glossary were found.")
    for candidate in found:
        lines.extend(_entry_lines(candidate))
        lines.append("")
    return "\n".join(lines)


def _entry_lines(candidate: Candidate) -> list[str]:
    shown = candidate.occurrences[:3]
    more = f" and {len(candidate.occurrences) - 3} more" if len(candidate.occurrences) > 3 else ""
    if len({o.path for o in shown}) == 1:
        places = f"{shown[0].path} line{'s' if len(shown) > 1 else ''} " + ", ".join(str(o.line) for o in shown)
    else:
        places = ", ".join(f"{o.path}:{o.line}" for o in shown)
    example = candidate.example or f"{TODO}: a sentence that uses '{candidate.word}'"
    return [
        f"  - id: {_entry_id(candidate.word)}",
        f"    terms: [{_quoted(candidate.word)}]",
        f"    category: jargon           # {TODO}: clinical, jargon, wordy, patronising or acronym",
        "    status: proposed",
        f"    action: explain            # {TODO}: replace (give plain words), explain or flag",
        f"    plain: {_quoted(TODO + ': plain words that fit any sentence, or delete this line')}",
        f"    explanation: {_quoted(TODO + ': short sentences in everyday words')}",
        "    provenance:",
        f"      - source: {TODO}           # Consultation, IE-2009, NHS-SM, GOV.UK-SG, PEC, NALA, NHS-AZ ...",
        f"        quote: {_quoted(TODO + ': the source’s own words, at most 160 characters')}",
        f"    note: {_quoted(f'Found {candidate.count} times, in {places}{more}.')}",
        "    examples:",
        f"      flag: [{_quoted(example)}]",
        f"      pass: [{_quoted(TODO + ': the same idea in plain words')}]",
    ]


def _entry_id(word: str) -> str:
    """An id the loader accepts: lowercase letters and digits joined by hyphens."""
    candidate = "-".join(re.findall(r"[a-z0-9]+", word.casefold()))
    return candidate if ID_PATTERN.match(candidate) else "todo-id"


def _quoted(text: str) -> str:
    """A YAML string that holds any text safely (JSON strings are YAML flow scalars)."""
    return json.dumps(text, ensure_ascii=False)
