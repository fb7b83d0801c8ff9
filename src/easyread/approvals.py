"""Editor-approved Easy Read text: ``content/approved/*.yml``, keyed by competence id.

Easy Read is a translation: where an editor has written and approved the Easy Read
version of a competence, that text wins over anything the rules produce. Each
approval records a fingerprint of the source text it was approved against; when the
source changes later, the approval is "stale" and the build warns until an editor
looks again and updates the fingerprint (``easyread approve ID``).

File format (one file per domain, any name ending in .yml)::

    "1.1.1":
      source: 3f2a9c1e0b7d        # fingerprint of the source competence (easyread approve)
      approved_by: Easy Read team
      approved_on: 2026-11-23
      picture: 1F91D              # optional: OpenMoji code for this row
      text: |
        Peer support workers know the values of peer support.

        - Respect.
        - Sharing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .content import yaml_problem
from .errors import InputError, Msg
from .files import read_source
from .glossary import load_yaml
from .model import Competence, EasyReadBlock
from .text import split_sentences

APPROVED_DIR = "approved"
FIELDS = {"source", "approved_by", "approved_on", "picture", "text"}


def fingerprint(competence: Competence) -> str:
    """A short hash of the competence's words (statement and sub-points, in order).

    Spacing and inline Markdown do not count, so re-wrapping a line or bolding a
    word does not make an approval stale; any change of wording does.
    """
    words = " ".join(" ".join(span.text.split()) for span in competence.spans())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Approval:
    """One competence's editor-approved Easy Read text."""

    competence_id: str
    source: str
    text: str
    approved_by: str
    approved_on: str
    picture: str | None
    path: str
    line: int

    def blocks(self) -> list[EasyReadBlock]:
        return parse_blocks(self.text)

    def is_stale(self, competence: Competence) -> bool:
        return self.source != fingerprint(competence)


def parse_blocks(text: str) -> list[EasyReadBlock]:
    """Easy Read Markdown -> blocks: each paragraph is a row, a list belongs to the row above."""
    blocks: list[EasyReadBlock] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        bullets = [line[2:].strip() for line in lines if line.startswith(("- ", "* "))]
        prose = " ".join(line for line in lines if not line.startswith(("- ", "* ")))
        sentences = split_sentences(prose)
        if sentences or not blocks:
            blocks.append(EasyReadBlock(sentences, bullets))
        else:
            blocks[-1].bullets.extend(bullets)
    return blocks


def load_approvals(content_dir: Path) -> dict[str, Approval]:
    """All approvals under ``content_dir/approved``; an id approved twice is an error."""
    folder = Path(content_dir) / APPROVED_DIR
    approvals: dict[str, Approval] = {}
    if not folder.is_dir():
        return approvals
    for path in sorted(folder.glob("*.yml")):
        for approval in _load_file(path):
            if approval.competence_id in approvals:
                first = approvals[approval.competence_id]
                raise InputError(Msg.E049.format(competence=approval.competence_id, path=first.path,
                                                 line=first.line), path=str(path), line=approval.line)
            approvals[approval.competence_id] = approval
    return approvals


def _load_file(path: Path) -> list[Approval]:
    source = read_source(path)
    try:
        data = load_yaml(source.text)   # libyaml where it reads the same, with every line
    except (YAMLError, ValueError, TypeError, RecursionError) as error:   # ruamel raises all four
        mark = getattr(error, "problem_mark", None)
        raise InputError(Msg.E045.format(why=yaml_problem(error)), path=str(path),
                         line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, CommentedMap):
        raise InputError(Msg.E046.format(), path=str(path), line=1)
    approvals = []
    for competence_id, item in data.items():
        line = data.lc.key(competence_id)[0] + 1
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or item.get("source") in (None, ""):
            raise InputError(Msg.E047.format(competence=competence_id), path=str(path), line=line)
        unknown = set(item) - FIELDS
        if unknown:
            raise InputError(Msg.E048.format(competence=competence_id, field=sorted(unknown)[0],
                                             allowed=", ".join(sorted(FIELDS))), path=str(path), line=line)
        approvals.append(Approval(
            competence_id=str(competence_id), source=_as_written(item, "source", source.text), text=item["text"],
            approved_by=str(item.get("approved_by", "")), approved_on=str(item.get("approved_on", "")),
            picture=str(item["picture"]) if item.get("picture") else None, path=str(path), line=line))
    return approvals


def _as_written(item: CommentedMap, key: str, text: str) -> str:
    """A value exactly as typed in the file.

    A fingerprint is hex: one of digits only ("012345678901") or like "123e45678901"
    reads in YAML as a number (losing the 0, or becoming infinity), so an approval
    typed by hand would look stale for ever. Text values are taken as they are.
    """
    value = item[key]
    if isinstance(value, str):
        return value
    line, column = item.lc.value(key)
    return re.split(r"\s+#|\s", text.split("\n")[line][column:] + " ", maxsplit=1)[0]


def approve(path: Path, competence: Competence, today: datetime.date | None = None) -> bool:
    """Record the current fingerprint for an approval (the editor's explicit command).

    Returns False when the competence has no approval in that file. Comments and
    layout of the file are kept (ruamel round-trip) and the file is written atomically.
    """
    from .output import write_atomic

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    try:
        data = yaml.load(read_source(path).text)
    except (YAMLError, ValueError, TypeError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(Msg.E045.format(why=yaml_problem(error)), path=str(path),
                         line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, CommentedMap) or competence.id not in data:
        return False
    data[competence.id]["source"] = fingerprint(competence)
    data[competence.id]["approved_on"] = (today or datetime.date.today()).isoformat()
    import io
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    write_atomic(path, buffer.getvalue())
    return True
