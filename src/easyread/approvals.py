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
      pictures: [1F91D, null]     # optional: an OpenMoji code per row (null: chosen by the rules)
      text: |
        Peer support workers know the values of peer support.

        - Respect.
        - Sharing.

``picture: 1F91D`` (one code, for the first row) is read too. A draft that is not
a framework (a letter) numbers its paragraphs ``p1``, ``p2``, ... in every file, so
its approvals are keyed by file name and paragraph, ``"letter.md#p3"``, and live in
the ``approved/`` folder beside the draft (``approval_key``). The editor's workspace
(``easyread serve``) writes approvals with ``write_approval``.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from .content import yaml_problem
from .errors import ConflictError, InputError, Msg, OutputError
from .files import read_source
from .model import Competence, EasyReadBlock
from .output import RunInputs, write_output
from .text import split_sentences
from .yamlio import careful_load, check_file_size, load_yaml

APPROVED_DIR = "approved"
FIELDS = {"source", "approved_by", "approved_on", "picture", "pictures", "text"}
DRAFT_PARAGRAPH = re.compile(r"p\d+")
HEADER = ("# Easy Read text approved by an editor, keyed by competence id (or file#paragraph for a draft).\n"
          "# Written by easyread serve; source is the fingerprint of the text it was approved against.\n\n")


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
    pictures: tuple[str | None, ...] = ()   # per row (block); None: the rules choose

    def blocks(self) -> list[EasyReadBlock]:
        return parse_blocks(self.text)

    def row_pictures(self) -> list[str | None]:
        """The editor's picture for each row, as far as one was set (``picture`` is row 1's)."""
        if self.pictures:
            return list(self.pictures)
        return [self.picture] if self.picture else []

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


def approval_key(competence: Competence) -> str:
    """The key of a competence's approval: its id, or ``file#p3`` for a draft's paragraph.

    Framework ids (``4.1.2``) are unique across files; paragraph ids restart at ``p1``
    in every draft, so two letters in one folder would share an approval without the
    file name.
    """
    if DRAFT_PARAGRAPH.fullmatch(competence.id):
        return f"{Path(competence.text.source.path).name}#{competence.id}"
    return competence.id


def approval_for(approvals: dict[str, Approval], competence: Competence) -> Approval | None:
    return approvals.get(approval_key(competence))


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


_READ: dict[tuple, tuple[Approval, ...]] = {}   # a file's approvals by (path, inode, mtime, size)


def _load_file(path: Path) -> list[Approval]:
    """The approvals in one file, read again only when the file changed.

    ``easyread serve`` reads the folder on every save and after every change; a
    folder of approved domains takes a second to parse, an unchanged one nothing.
    """
    try:
        stat = path.stat()
        key: tuple | None = (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _READ:
        return list(_READ[key])
    check_file_size(path)
    text = read_source(path).text
    approvals = _approvals_in(_parse(path, text, load_yaml), path, text)
    if key is not None:
        if len(_READ) > 256:
            _READ.clear()
        _READ[key] = tuple(approvals)
    return approvals


def _parse(path: Path, text: str, load=None) -> object:
    """A file of approvals: by default round-trip (comments and layout kept, to rewrite it);
    ``load`` reads it faster where it is only read (``yamlio.load_yaml``: libyaml, same
    lines). Either way aliases are bounded (yamlio)."""
    try:
        return (load or _careful)(text)
    except (YAMLError, ValueError, TypeError, RecursionError) as error:   # ruamel raises all four
        mark = getattr(error, "problem_mark", None)
        raise InputError(Msg.E045.format(why=yaml_problem(error)), path=str(path),
                         line=mark.line + 1 if mark is not None else None) from None


def _careful(text: str) -> object:
    return careful_load(text, preserve_quotes=True)   # "1.1" stays a quoted id, not the number 1.1


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.preserve_quotes = True   # "1.1" stays a quoted id, not the number 1.1
    return yaml


def _approvals_in(data: object, path: Path, text: str) -> list[Approval]:
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
        pictures = _pictures(item, str(competence_id), path, line)
        picture = str(item["picture"]) if item.get("picture") else (pictures[0] if pictures else None)
        approvals.append(Approval(
            competence_id=str(competence_id), source=_as_written(item, "source", text), text=item["text"],
            approved_by=str(item.get("approved_by", "")), approved_on=str(item.get("approved_on", "")),
            picture=picture, path=str(path), line=line, pictures=pictures))
    return approvals


def _key_line(data: CommentedMap, key: object) -> int:
    """1-based line of a key; a key merged in ("<<: *other") has none: the mapping's line."""
    place = data.lc.key(key) if key in (data.lc.data or {}) else None
    return (place[0] if place else data.lc.line) + 1


def _pictures(item: CommentedMap, competence_id: str, path: Path, line: int) -> tuple[str | None, ...]:
    value = item.get("pictures")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(v is None or isinstance(v, (str, int)) for v in value):
        raise InputError(Msg.E081.format(competence=competence_id), path=str(path), line=line)
    return tuple(str(v) if v not in (None, "") else None for v in value)


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
            inputs: RunInputs | None = None) -> bool:
    """Record the current fingerprint for an approval (the editor's explicit command).

    Returns False when the competence has no approval in that file. Comments and
    layout of the file are kept (ruamel round-trip) and the file is written atomically,
    through the rule every write follows (``output.write_output``): the approval file
    is the one input this command may update, and never through a link to another.
    """
    data = _parse(path, read_source(path).text)
    if not isinstance(data, CommentedMap) or competence.id not in data:
        return False
    data[competence.id]["source"] = fingerprint(competence)
    data[competence.id]["approved_on"] = (today or datetime.date.today()).isoformat()
    write_output(path, _dump(data), inputs or RunInputs((path,), updatable=(path,)), force=True)
    return True


def _dump(data: CommentedMap) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- writing (easyread serve)


def approval_state(approvals: dict[str, Approval], competence: Competence) -> str:
    """What an editor saw when they opened a competence: ``<source fingerprint>-<approval hash>``.

    The workspace puts this in the page and hands it back on save; if either half
    differs by then (the draft was edited, or someone approved the text first), the
    save is refused rather than overwrite work the editor never saw.
    """
    approval = approval_for(approvals, competence)
    recorded = "none" if approval is None else repr((approval.source, approval.text, approval.approved_by,
                                                     approval.approved_on, approval.row_pictures()))
    return f"{fingerprint(competence)}-{hashlib.sha256(recorded.encode('utf-8')).hexdigest()[:12]}"


def approval_file(content_dir: Path, competence: Competence, approvals: dict[str, Approval]) -> Path:
    """Where a competence's approval lives: where it already is, else ``approved/<source file stem>.yml``.

    Always inside ``content_dir/approved``: the one folder the workspace writes to.
    """
    folder = (Path(content_dir) / APPROVED_DIR).resolve()
    existing = approval_for(approvals, competence)
    path = Path(existing.path) if existing else folder / f"{Path(competence.text.source.path).stem}.yml"
    if path.resolve().parent != folder or path.suffix != ".yml":
        raise OutputError(Msg.E050.format(what=path, why=f"approvals are written only into {folder}"))
    return path.resolve()


def write_approval(content_dir: Path, competence: Competence, text: str, pictures: list[str | None],
                   approved_by: str, seen_state: str, today: datetime.date | None = None) -> Path:
    """Save an editor's Easy Read text for ``competence`` (as it is on disk now) and return the file.

    Refused with ``ConflictError`` when ``seen_state`` (``approval_state`` when the
    editor opened the page) no longer matches: nothing is written then. The file keeps
    its comments and the order of its entries (a new entry goes in reading order), is
    checked by reading it back, and is replaced atomically. The caller serialises
    writers (one server process holds a lock).
    """
    text = normalise_text(text)
    if not text.strip():
        raise InputError(Msg.E083.format())
    if not approved_by.strip():
        raise InputError(Msg.E084.format())
    approvals = load_approvals(content_dir)
    key = approval_key(competence)
    path = approval_file(content_dir, competence, approvals)
    _refuse_if_changed(approvals, competence, seen_state, key, path)
    original = read_source(path).text if path.exists() else HEADER
    data = _parse(path, original)
    entry = _entry(competence, text, pictures, approved_by, today)
    if data is None:   # a new file, or one with only comments: they stay at the top
        written = original.rstrip("\n") + "\n\n" + _dump(CommentedMap([(DoubleQuotedScalarString(key), entry)]))
    elif isinstance(data, CommentedMap):
        _put_entry(data, key, entry)
        written = _spaced(_dump(data))
    else:
        raise InputError(Msg.E046.format(), path=str(path), line=1)
    _approvals_in(_parse(path, written, load_yaml), path, written)   # what we write must read back
    write_output(path, written, RunInputs(updatable=(path,)), force=True)
    return path


def normalise_text(text: str) -> str:
    """Text from a browser box as a YAML block: Unix line ends, no trailing spaces, tabs as spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _refuse_if_changed(approvals: dict[str, Approval], competence: Competence, seen_state: str,
                       key: str, path: Path) -> None:
    current = approval_state(approvals, competence)
    if current == seen_state:
        return
    seen_source = seen_state.split("-")[0]
    why = ("its source text was edited" if seen_source != current.split("-")[0]
           else "someone else saved an approval for it first")
    raise ConflictError(Msg.E080.format(competence=key, path=path.name, why=why), path=str(path))


def _entry(competence: Competence, text: str, pictures: list[str | None], approved_by: str,
           today: datetime.date | None) -> CommentedMap:
    entry = CommentedMap()
    entry["source"] = fingerprint(competence)
    entry["approved_by"] = approved_by.strip()
    entry["approved_on"] = today or datetime.date.today()
    rows = list(pictures[:len(parse_blocks(text))])
    while rows and not rows[-1]:
        rows.pop()
    if rows:
        codes = CommentedSeq(code or None for code in rows)
        codes.fa.set_flow_style()
        entry["pictures"] = codes
    entry["text"] = LiteralScalarString(text)
    return entry


def _put_entry(data: CommentedMap, key: str, entry: CommentedMap) -> None:
    """Replace the entry in place, or insert it before the first key that comes after it."""
    if key in data:
        data[key] = entry
        return
    later = [i for i, existing in enumerate(data) if _reading_order(str(existing)) > _reading_order(key)]
    data.insert(later[0] if later else len(data), DoubleQuotedScalarString(key), entry)


def _spaced(text: str) -> str:
    """A blank line before every competence (a top-level key), as in the hand-written files."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        top_level = bool(line) and not line[0].isspace() and not line.startswith(("#", "-"))
        if top_level and out and out[-1].strip() and not out[-1].startswith("#"):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _reading_order(key: str) -> tuple[str, tuple[int, ...]]:
    """``4.1.0.2`` and ``letter.md#p12`` sort in reading order (numbers as numbers)."""
    name, _, number = key.rpartition("#p")
    return name, tuple(int(part) if part.isdigit() else -1 for part in number.split("."))
