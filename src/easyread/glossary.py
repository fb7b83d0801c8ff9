"""The curated glossary: load ``glossary.yml``, validate it, and report problems by line.

The glossary is data (Vale's YAML styles, retext's word lists); this module only
knows its shape. ruamel.yaml is used because it keeps the line of every entry and
field, so an editor is told exactly which line to fix. The format is described in
``docs/glossary-format.md`` and ``schemas/glossary.schema.json``.
"""

from __future__ import annotations

import gc
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .content import yaml_problem
from .errors import EasyReadError, GlossaryError, Msg
from .files import read_source
from .text import normalise_for_matching
from .yamlio import check_file_size, load_yaml, package_data


@lru_cache(maxsize=1)
def glossary_rules() -> dict[str, Any]:
    """data/glossary-rules.yml: what each category means, and the messages of glossary hits."""
    return package_data("data/glossary-rules.yml")


# category -> rule id, phrase kind -> rule id (the data above is their one source)
CATEGORY_RULES = {name: str(item["rule"]) for name, item in glossary_rules()["categories"].items()}
PHRASE_RULES = {kind: str(item["rule"]) for kind, item in glossary_rules()["phrase-kinds"].items()}

STATUSES = ("approved", "proposed", "rejected")
ACTIONS = ("replace", "explain", "flag")
MATCHES = ("lemma", "lower")
SOURCES = ("Consultation", "GOV.UK-ACF", "DoH-2009", "IE-2009", "ISO-23859",
           "NHS-SM", "GOV.UK-SG", "PEC", "NALA", "NHS-AZ")   # full titles: docs/glossary-format.md
PLAIN_FORMS = ("base", "plural", "past", "participle", "ing", "third", "note")
QUOTE_LIMIT = 160

ENTRY_FIELDS = {"id", "terms", "match", "category", "status", "action", "plain",
                "explanation", "provenance", "examples", "picture", "note", "names", "other-senses"}
ENTRY_REQUIRED = ("id", "terms", "category", "status", "action", "provenance", "examples")
PHRASE_FIELDS = {"id", "kind", "match", "status", "replace", "provenance", "examples", "note"}
PHRASE_REQUIRED = ("id", "kind", "match", "status", "replace", "provenance", "examples")
PROVENANCE_FIELDS = {"source", "respondent", "section", "quote", "response", "note"}
TOP_FIELDS = {"version", "extends", "entries", "phrases", "keep", "name-heads"}
EXAMPLE_KINDS = ("flag", "pass")
NOT_WORD = re.compile(r"[^\w\s-]")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Provenance:
    """Where an entry comes from: a consultation comment or a published guideline."""

    source: str
    section: str = ""
    quote: str = ""
    response: str = ""
    respondent: int | None = None

    def cite(self) -> str:
        who = f"respondent {self.respondent}, " if self.respondent else ""
        where = f"section {self.section}: " if self.section else ""
        if self.source == "Consultation":
            return f"Consultation ({who}{where}\"{self.quote}\")".replace(", )", ")")
        return f"{self.source}: {self.quote}" if self.quote else self.source


@dataclass(frozen=True)
class PlainWording:
    """The approved plain words, with the forms needed to fit a sentence."""

    base: str
    plural: str = ""
    past: str = ""
    ing: str = ""
    third: str = ""
    note: str = ""
    participle: str = ""   # "shown" where the past is "showed": "it has been shown"

    def form(self, name: str) -> str:
        """The form by name (``plural``, ``past``, ...), falling back to ``base``; a
        participle falls back to the past form first ("checked" serves both)."""
        if name == "participle":
            return self.participle or self.past or self.base
        return getattr(self, name, "") or self.base

    def all_forms(self) -> list[str]:
        return [f for f in (self.base, self.plural, self.past, self.participle, self.ing, self.third) if f]


@dataclass(frozen=True)
class Examples:
    flag: tuple[str, ...] = ()
    pass_: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One glossary term: what to match, what it is, and what an editor approved."""

    id: str
    terms: tuple[str, ...]
    category: str
    status: str
    action: str
    match: str = "lemma"
    plain: PlainWording | None = None
    explanation: str = ""
    provenance: tuple[Provenance, ...] = ()
    examples: Examples = Examples()
    picture: str = ""
    line: int = 0
    names: tuple[str, ...] = ()   # proper names holding a term ("Early Intervention in Psychosis")
    other_senses: tuple[str, ...] = ()   # phrases where a term means something else ("above capacity")

    @property
    def rule(self) -> str:
        return f"{CATEGORY_RULES[self.category]}.{self.id}"

    @property
    def applies(self) -> bool:
        """Only approved replacements are ever applied to text."""
        return self.status == "approved" and self.action == "replace" and self.plain is not None

    @property
    def explained(self) -> bool:
        return self.status == "approved" and self.action == "explain"

    @property
    def suggestion(self) -> str:
        if self.plain is not None:
            return self.plain.base
        return ""


@dataclass(frozen=True)
class Phrase:
    """A literal phrase with an approved rewrite: a competence stem or a wordy phrase."""

    id: str
    kind: str
    match: tuple[str, ...]
    status: str
    replace: str
    provenance: tuple[Provenance, ...] = ()
    examples: Examples = Examples()
    line: int = 0

    @property
    def rule(self) -> str:
        return f"{PHRASE_RULES[self.kind]}.{self.id}"

    @property
    def applies(self) -> bool:
        return self.status == "approved"


@dataclass
class Glossary:
    """All entries and phrases, with lookups the analysis and rewrite stages need."""

    path: str
    entries: list[Entry] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    keep: tuple[str, ...] = ()         # names never rewritten: services, organisations, Acts
    name_heads: tuple[str, ...] = ()   # a Title Case run ending in one of these is a name

    def names(self) -> tuple[str, ...]:
        """Every listed proper name: the ``keep`` list and each entry's ``names``."""
        return tuple(dict.fromkeys([*self.keep, *(n for e in self.entries for n in e.names)]))

    def entry(self, entry_id: str) -> Entry:
        return next(e for e in self.entries if e.id == entry_id)

    def rules(self) -> Iterator[str]:
        for entry in self.entries:
            yield entry.rule
        for phrase in self.phrases:
            yield phrase.rule

    @property
    def fingerprint(self) -> str:
        """Changes whenever any entry changes (used as a cache key). Worked out once per
        contents: hashing 340 entries' repr costs tens of milliseconds, and every stage asks."""
        data = (tuple(self.entries), tuple(self.phrases), self.keep, self.name_heads)
        return _fingerprint_of(data)


@lru_cache(maxsize=8)
def _fingerprint_of(data: tuple) -> str:
    return hashlib.sha256(repr(data).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- loading


@dataclass
class Problem:
    """One thing wrong with the glossary, at a line: collected, then reported together."""

    line: int
    message: str

    def as_error(self, path: str) -> GlossaryError:
        return GlossaryError(self.message, path=path, line=self.line)


def load_glossary(path: str | Path) -> Glossary:
    """Load and validate a glossary; raise the first problem as a GlossaryError."""
    glossary, problems = check_glossary(path)
    if problems:
        raise problems[0].as_error(str(path))
    return glossary


def check_glossary(path: str | Path) -> tuple[Glossary, list[Problem]]:
    """Load a glossary and list every problem in it (for ``easyread glossary check``).

    Python's cycle collector is paused meanwhile: a large glossary is hundreds of
    thousands of small objects, and collecting while they are made more than
    doubled the load time of 10,000 entries (bench/glossary_load.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_glossary(path)
    finally:
        if enabled:
            gc.enable()


def _check_glossary(path: str | Path) -> tuple[Glossary, list[Problem]]:
    try:
        check_file_size(path)
    except YAMLError as error:
        raise GlossaryError(Msg.E020.format(why=yaml_problem(error)), path=str(path)) from None
    try:
        source = read_source(path)
    except EasyReadError as error:
        raise GlossaryError(error.message, path=str(path), line=error.line) from None
    tab_line = next((i for i, line in enumerate(source.text.split("\n"), 1)
                     if line[: len(line) - len(line.lstrip())].count("\t")), 0)
    if tab_line:
        raise GlossaryError(Msg.E021.format(), path=str(path), line=tab_line)
    try:
        data = load_yaml(source.text)
    except (YAMLError, ValueError, TypeError, RecursionError) as error:   # ruamel raises all four
        mark = getattr(error, "problem_mark", None)
        raise GlossaryError(Msg.E020.format(why=yaml_problem(error)), path=str(path),
                            line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, CommentedMap) or not isinstance(data.get("entries"), CommentedSeq):
        raise GlossaryError(Msg.E032.format(), path=str(path), line=1)
    problems: list[Problem] = []
    # A misspelt top-level key ("phrase:") would otherwise drop every phrase silently.
    _check_fields(data, "(top level)", TOP_FIELDS, (), problems)
    if data.get("version", 1) != 1:
        problems.append(Problem(_line(data, "version"), Msg.E025.format(
            entry="(top level)", field="version", allowed="1", value=data["version"])))
    raw_phrases = data.get("phrases") or []
    if not isinstance(raw_phrases, list):
        problems.append(Problem(_line(data, "phrases"), Msg.E024.format(
            entry="(top level)", field="phrases", expected="a list of phrases")))
        raw_phrases = []
    entries = [e for e in (_entry(raw, problems, _item_line(data["entries"], i))
                           for i, raw in enumerate(data["entries"])) if e]
    phrases = [p for p in (_phrase(raw, problems, _item_line(raw_phrases, i))
                           for i, raw in enumerate(raw_phrases)) if p]
    keep = _name_list(data, "keep", problems)
    heads = _name_list(data, "name-heads", problems)
    if data.get("extends") is not None:
        entries, phrases, keep, heads = _extended(data, (entries, phrases, keep, heads), problems)
    problems.extend(_cross_checks(entries, phrases, keep))
    problems.sort(key=lambda p: p.line)
    return Glossary(str(path), entries, phrases, keep=keep, name_heads=heads), problems


def _extended(data: CommentedMap, own: tuple, problems: list[Problem]) -> tuple:
    """``extends: builtin``: the curated glossary's entries, phrases, kept names and name
    heads, with this file's added and entries or phrases with the same id replaced
    (builtin.py says where the curated one is). ``own`` is (entries, phrases, keep, heads)."""
    from .builtin import BUILTIN, builtin_glossary_path

    entries, phrases, keep, heads = own
    if data["extends"] != BUILTIN:
        problems.append(Problem(_line(data, "extends"), Msg.E025.format(
            entry="(top level)", field="extends", allowed=BUILTIN, value=data["extends"])))
        return own
    base = load_glossary(builtin_glossary_path())
    ids = {item.id for item in [*entries, *phrases]}
    return ([e for e in base.entries if e.id not in ids] + entries,
            [p for p in base.phrases if p.id not in ids] + phrases,
            tuple(dict.fromkeys([*base.keep, *keep])), tuple(dict.fromkeys([*base.name_heads, *heads])))


def _line(node: Any, key: str | None = None) -> int:
    """1-based line of a mapping (or of one of its keys) in the YAML file.

    A key merged in from elsewhere ("<<: *defaults") has no line of its own: the
    mapping's line is given instead, so every problem names a line.
    """
    try:
        if key is not None and key in node:
            return node.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        pass
    try:
        return node.lc.line + 1
    except (AttributeError, TypeError):
        return 0


def _item_line(items: Any, index: int) -> int:
    """1-based line of a list's item: for an entry that is not a mapping ("- text")."""
    try:
        return items.lc.item(index)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return _line(items)


def _entry(raw: Any, problems: list[Problem], item_line: int = 0) -> Entry | None:
    name = raw.get("id", "?") if isinstance(raw, dict) else "?"
    if not isinstance(raw, CommentedMap):
        problems.append(Problem(_line(raw) or item_line, Msg.E024.format(entry=name, field="entry", expected="a mapping")))
        return None
    before = len(problems)
    _check_fields(raw, name, ENTRY_FIELDS, ENTRY_REQUIRED, problems)
    _check_choice(raw, name, "category", tuple(CATEGORY_RULES), problems)
    _check_choice(raw, name, "status", STATUSES, problems)
    _check_choice(raw, name, "action", ACTIONS, problems)
    _check_choice(raw, name, "match", MATCHES, problems, default="lemma")
    # Matched against normalised text, so normalised the same way (curly quotes,
    # non-breaking hyphens, en dashes): "co\u2011production" still matches.
    terms = [normalise_for_matching(t) for t in _string_list(raw, name, "terms", problems)]
    plain = _plain(raw, name, problems)
    explanation = _string(raw, name, "explanation", problems)
    provenance = _provenance(raw, name, problems)
    examples = _examples(raw, name, problems)
    names = _entry_names(raw, name, terms, problems)
    other_senses = _entry_names(raw, name, terms, problems, "other-senses", Msg.E038)
    if len(problems) > before:
        return None
    entry = Entry(id=str(raw["id"]), terms=tuple(terms), category=raw["category"],
                  status=raw["status"], action=raw["action"], match=raw.get("match", "lemma"),
                  plain=plain, explanation=explanation, provenance=provenance,
                  examples=examples, picture=str(raw.get("picture") or ""), line=_line(raw),
                  names=tuple(names), other_senses=tuple(other_senses))
    if entry.status == "approved" and entry.action == "replace" and plain is None:
        problems.append(Problem(entry.line, Msg.E028.format(entry=entry.id)))
    if entry.action == "explain" and not entry.explanation:
        problems.append(Problem(entry.line, Msg.E030.format(entry=entry.id)))
    return entry


def _phrase(raw: Any, problems: list[Problem], item_line: int = 0) -> Phrase | None:
    name = raw.get("id", "?") if isinstance(raw, dict) else "?"
    if not isinstance(raw, CommentedMap):
        problems.append(Problem(_line(raw) or item_line, Msg.E024.format(entry=name, field="phrase", expected="a mapping")))
        return None
    before = len(problems)
    _check_fields(raw, name, PHRASE_FIELDS, PHRASE_REQUIRED, problems)
    _check_choice(raw, name, "kind", tuple(PHRASE_RULES), problems)
    _check_choice(raw, name, "status", STATUSES, problems)
    match = [normalise_for_matching(m) for m in _string_list(raw, name, "match", problems)]
    replace = _string(raw, name, "replace", problems)
    provenance = _provenance(raw, name, problems)
    examples = _examples(raw, name, problems)
    if len(problems) > before:
        return None
    return Phrase(id=str(raw["id"]), kind=raw["kind"], match=tuple(match), status=raw["status"],
                  replace=replace, provenance=provenance, examples=examples, line=_line(raw))


def _check_fields(raw: CommentedMap, name: str, allowed: set[str], required: tuple[str, ...],
                  problems: list[Problem]) -> None:
    for key in raw:
        if key not in allowed:
            problems.append(Problem(_line(raw, key), Msg.E022.format(
                entry=name, field=key, allowed=", ".join(sorted(allowed)))))
    for key in required:
        if key not in raw or raw[key] in (None, "", []):
            problems.append(Problem(_line(raw), Msg.E023.format(entry=name, field=key)))
    if "id" in raw and not (isinstance(raw["id"], str) and ID_PATTERN.match(raw["id"])):
        problems.append(Problem(_line(raw, "id"), Msg.E024.format(
            entry=name, field="id", expected="lowercase letters, digits and hyphens")))


def _check_choice(raw: CommentedMap, name: str, key: str, allowed: tuple[str, ...],
                  problems: list[Problem], default: str | None = None) -> None:
    value = raw.get(key, default)
    if value is not None and value not in allowed:
        problems.append(Problem(_line(raw, key), Msg.E025.format(
            entry=name, field=key, allowed=", ".join(allowed), value=value)))


def _string(raw: CommentedMap, name: str, key: str, problems: list[Problem]) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(Problem(_line(raw, key), Msg.E024.format(entry=name, field=key, expected="text")))
        return ""
    return " ".join(value.split())


def _string_list(raw: CommentedMap, name: str, key: str, problems: list[Problem]) -> list[str]:
    value = raw.get(key)
    if isinstance(value, str):
        value = [value]
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(_line(raw, key), Msg.E024.format(
            entry=name, field=key, expected="a list of words or phrases")))
        return []
    return [" ".join(v.split()) for v in value]


def _entry_names(raw: CommentedMap, name: str, terms: list[str], problems: list[Problem],
                  field: str = "names", message: str = Msg.E035) -> list[str]:
    """An entry's ``names`` (or ``other-senses``): each must hold one of its terms as whole
    words ("Early Intervention in Psychosis" holds "intervention"; "above capacity" holds
    "capacity"); other names belong in ``keep``."""
    names = [normalise_for_matching(n) for n in _string_list(raw, name, field, problems)]
    keys = [f" {term_key(t)} " for t in terms]
    for found in names:
        words = f" {term_key(NOT_WORD.sub(' ', found))} "
        if not any(key in words or _inflected_in(key, words) for key in keys):
            problems.append(Problem(_line(raw, field), message.format(entry=name, name=found)))
    return names


def _inflected_in(key: str, words: str) -> bool:
    """"Improving Access to Psychological Therapies" holds the term "psychological therapy"."""
    return any(f" {term_key(form)} " in words for form in inflections(key.strip()))


def _name_list(data: CommentedMap, key: str, problems: list[Problem]) -> tuple[str, ...]:
    """A top-level list of names (``keep``) or words (``name-heads``), each once."""
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(_line(data, key), Msg.E024.format(
            entry="(top level)", field=key, expected="a list of names")))
        return ()
    first: dict[str, int] = {}
    for index, item in enumerate(value):
        line = _item_line(value, index)
        if term_key(item) in first:
            problems.append(Problem(line, Msg.E036.format(where=key, name=item, first_line=first[term_key(item)])))
        first.setdefault(term_key(item), line)
    return tuple(normalise_for_matching(" ".join(v.split())) for v in value)


def _plain(raw: CommentedMap, name: str, problems: list[Problem]) -> PlainWording | None:
    value = raw.get("plain")
    if value is None:
        return None
    if isinstance(value, str):
        # Blank plain words would replace a term with nothing: treat as missing (E028).
        return PlainWording(base=value) if value.strip() else None
    if not isinstance(value, dict) or not isinstance(value.get("base"), str) or not value["base"].strip():
        problems.append(Problem(_line(raw, "plain"), Msg.E024.format(
            entry=name, field="plain", expected="text, or a mapping with at least 'base'")))
        return None
    for key in value:
        if key not in PLAIN_FORMS:
            problems.append(Problem(_line(value, key), Msg.E022.format(
                entry=name, field=f"plain.{key}", allowed=", ".join(PLAIN_FORMS))))
        elif not isinstance(value[key], str):  # "plural:" left empty would insert "None"
            problems.append(Problem(_line(value, key), Msg.E024.format(
                entry=name, field=f"plain.{key}", expected="text")))
    return PlainWording(**{k: str(v) for k, v in value.items() if k in PLAIN_FORMS})


def _provenance(raw: CommentedMap, name: str, problems: list[Problem]) -> tuple[Provenance, ...]:
    value = raw.get("provenance")
    if not isinstance(value, list) or not value:
        if value is not None:
            problems.append(Problem(_line(raw, "provenance"), Msg.E033.format(entry=name)))
        return ()
    result = []
    for item in value:
        if not isinstance(item, dict) or item.get("source") not in SOURCES:
            problems.append(Problem(_line(item) or _line(raw, "provenance"), Msg.E025.format(
                entry=name, field="provenance source", allowed=", ".join(SOURCES),
                value=item.get("source") if isinstance(item, dict) else item)))
            continue
        for key in item:
            if key not in PROVENANCE_FIELDS:
                problems.append(Problem(_line(item, key), Msg.E022.format(
                    entry=name, field=f"provenance.{key}", allowed=", ".join(sorted(PROVENANCE_FIELDS)))))
        quote = " ".join(str(item.get("quote") or "").split())
        if len(quote) > QUOTE_LIMIT:
            problems.append(Problem(_line(item, "quote"), Msg.E034.format(
                entry=name, length=len(quote), limit=QUOTE_LIMIT)))
        respondent = item.get("respondent")
        if respondent is not None and (not isinstance(respondent, int) or isinstance(respondent, bool)):
            problems.append(Problem(_line(item, "respondent"), Msg.E024.format(
                entry=name, field="provenance.respondent", expected="a whole number")))
        result.append(Provenance(source=item["source"], section=str(item.get("section") or ""),
                                 quote=quote, response=" ".join(str(item.get("response") or "").split()),
                                 respondent=respondent if isinstance(respondent, int) else None))
    return tuple(result)


def _examples(raw: CommentedMap, name: str, problems: list[Problem]) -> Examples:
    value = raw.get("examples")
    if not isinstance(value, dict):
        if value is not None:
            problems.append(Problem(_line(raw, "examples"), Msg.E024.format(
                entry=name, field="examples", expected="a mapping with 'flag' and 'pass' lists")))
        return Examples()
    for key in value:
        if key not in EXAMPLE_KINDS:
            problems.append(Problem(_line(value, key), Msg.E022.format(
                entry=name, field=f"examples.{key}", allowed=", ".join(EXAMPLE_KINDS))))
    found: dict[str, tuple[str, ...]] = {}
    for kind, verb in (("flag", "flag"), ("pass", "pass")):
        items = value.get(kind)
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            problems.append(Problem(_line(raw, "examples"), Msg.E031.format(entry=name, kind=kind, verb=verb)))
            items = []
        found[kind] = tuple(items)
    return Examples(flag=found["flag"], pass_=found["pass"])


def _cross_checks(entries: list[Entry], phrases: list[Phrase], keep: tuple[str, ...] = ()) -> list[Problem]:
    """Problems between entries: duplicate ids, shared forms, rewrite chains."""
    problems: list[Problem] = []
    first_id: dict[str, Entry | Phrase] = {}
    for item in [*entries, *phrases]:
        if item.id in first_id:
            problems.append(Problem(item.line, Msg.E026.format(entry=item.id, first_line=first_id[item.id].line)))
        else:
            first_id[item.id] = item
    problems.extend(_shared_forms(entries))
    problems.extend(_rewrite_chains(entries, keep))
    return problems


def _shared_forms(entries: list[Entry]) -> list[Problem]:
    """A word two entries would both claim: the same term, or one entry's term an
    inflection another (lemma) entry matches ("interventions" and "intervention")."""
    problems: list[Problem] = []
    written: dict[str, Entry] = {}   # term as written -> first entry with it
    matched: dict[str, Entry] = {}   # every form an entry matches -> first entry
    for entry in entries:
        for term in entry.terms:
            forms = inflections(term) if entry.match == "lemma" else [term]
            clash = [(term, matched.get(term_key(term)))]
            clash += [(form, written.get(term_key(form))) for form in forms]
            form, other = next(((f, o) for f, o in clash if o is not None and o.id != entry.id), ("", None))
            if other is not None:
                problems.append(Problem(entry.line, Msg.E027.format(
                    entry=entry.id, form=form, other=other.id, other_line=other.line)))
            written.setdefault(term_key(term), entry)
            for form in forms:
                matched.setdefault(term_key(form), entry)
    return problems


def inflections(term: str) -> list[str]:
    """The term with the regular English endings on its last word (plural, -ed, -ing, -s).

    What a lemma entry matches besides its lemma (nlp.GlossaryComponent adds these
    forms; this is the same rule, kept here so ``glossary check`` needs no spaCy).
    Over-generates harmlessly ("judgeing" never occurs in text).
    """
    head, _, last = term.rpartition(" ")
    if not last.isalpha() or not last.islower() or len(last) < 3:
        return [term]
    stem_e = last[:-1] if last.endswith("e") else last
    endings = {last, last + "s", last + "es", stem_e + "ed", stem_e + "ing", last + "d"}
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        endings |= {last[:-1] + "ies", last[:-1] + "ied"}
    return [f"{head} {form}".strip() for form in sorted(endings)]


def term_key(term: str) -> str:
    """How two forms are compared for duplicates: case, spacing and quote marks ignored."""
    return " ".join(normalise_for_matching(term).casefold().split())


def _unshielded(words: str, shields: list[str]) -> str:
    """``words`` with every shield taken out; a "|" keeps the words either side apart."""
    padded = f" {words} "
    for shield in shields:
        if f" {shield} " in padded:
            padded = padded.replace(f" {shield} ", " | ")
    return padded.strip()


def _rewrite_chains(entries: list[Entry], keep: tuple[str, ...] = ()) -> list[Problem]:
    """An approved replacement must not contain a term that another entry replaces.

    Otherwise rewriting would not be idempotent (A -> B, then B -> C), and a cycle
    (A -> B, B -> A) would never settle. Compared on whole words, case-insensitively.
    Words inside a proper name ("Early Intervention in Psychosis") or inside a longer
    term that is not replaced ("cognitive behavioural therapy", explained) are safe:
    the matcher never replaces a term there, so they are taken out first.
    """
    replaced: dict[str, list[tuple[int, Entry]]] = {}   # term -> (order, entry) replacing it
    for order, other in enumerate(entries):
        if other.applies:
            for term in other.terms:
                replaced.setdefault(term_key(term), []).append((order, other))
    longest = max((key.count(" ") + 1 for key in replaced), default=0)
    shield_terms = [*keep, *(n for e in entries for n in e.names), *(t for e in entries if not e.applies for t in e.terms)]
    shields = sorted({term_key(NOT_WORD.sub(" ", t)) for t in shield_terms}, key=len, reverse=True)
    problems = []
    for entry in entries:
        if not entry.applies or entry.plain is None:
            continue
        for form in dict.fromkeys(entry.plain.all_forms()):  # once per distinct form
            words = _unshielded(term_key(NOT_WORD.sub(" ", form)), shields).split()
            runs = {" ".join(words[i:i + n]) for i in range(len(words))   # every run of words
                    for n in range(1, longest + 1) if i + n <= len(words)}
            found = sorted(((order, key, other) for key in runs for order, other in replaced.get(key, ())
                            if other.id != entry.id), key=lambda hit: hit[:2])
            for _order, key, other in found:
                problems.append(Problem(entry.line, Msg.E029.format(
                    entry=entry.id, plain=form, term=key, other=other.id)))
    return problems
