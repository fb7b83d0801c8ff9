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
from typing import TYPE_CHECKING

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .content import yaml_problem
from .errors import InputError, Msg
from .files import read_source
from .model import Competence, EasyReadBlock
from .text import split_sentences
from .yamlio import careful_load, check_file_size, load_yaml

if TYPE_CHECKING:
    from .output import RunInputs

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
    try:
        check_file_size(path)
        source = read_source(path)
        data = load_yaml(source.text)   # libyaml when it can, with every line; aliases bounded (yamlio)
    except (YAMLError, ValueError, TypeError, RecursionError) as error:   # ruamel raises all four
        mark = getattr(error, "problem_mark", None)
        raise InputError(Msg.E045.format(why=yaml_problem(error)), path=str(path),
                         line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, CommentedMap):
        raise InputError(Msg.E046.format(), path=str(path), line=1)
    approvals = []
    for competence_id, item in data.items():
        line = _key_line(data, competence_id)
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


def _key_line(data: CommentedMap, key: object) -> int:
    """1-based line of a key; a key merged in ("<<: *other") has none: the mapping's line."""
    place = data.lc.key(key) if key in (data.lc.data or {}) else None
    return (place[0] if place else data.lc.line) + 1


def _as_written(item: CommentedMap, key: str, text: str) -> str:
    """A value exactly as typed in the file.

    A fingerprint is hex: one of digits only ("012345678901") or like "123e45678901"
    reads in YAML as a number (losing the 0, or becoming infinity), so an approval
    typed by hand would look stale for ever. Text values are taken as they are.
    """
    value = item[key]
    if isinstance(value, str):
        return value
    if not isinstance(item, CommentedMap) or key not in (item.lc.data or {}):   # merged in: no place of its own
        return str(value)
    line, column = item.lc.value(key)
    return re.split(r"\s+#|[\s,\]}]", text.split("\n")[line][column:] + " ", maxsplit=1)[0]   # also in {a: b}


def approve(path: Path, competence: Competence, today: datetime.date | None = None,
            inputs: "RunInputs | None" = None) -> bool:
    """Record the current fingerprint for an approval (the editor's explicit command).

    Returns False when the competence has no approval in that file. Comments and
    layout of the file are kept (ruamel round-trip) and the file is written atomically,
    through the rule every write follows (``output.write_output``): the approval file
    is the one input this command may update, and never through a link to another.
    """
    from .output import RunInputs, write_output

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    try:
        data = careful_load(read_source(path).text)   # ruamel, to keep comments when written back
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
    write_output(path, buffer.getvalue(), inputs or RunInputs((path,), updatable=(path,)), force=True)
    return True
