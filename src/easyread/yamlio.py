"""Reading YAML from editors (glossary, approvals, front matter): fast, with lines, and bounded.

Every YAML file easyread reads from a user goes through here, so the limits hold in
one place (issue 14):

- **Aliases.** ``&a`` / ``*a`` let a few lines stand for gigabytes ("billion laughs":
  nine aliases of nine aliases ...). Both parsers keep an alias as one shared object,
  so loading is cheap; the cost comes later, when a value is turned into text or
  walked. Before anything is built from a document its node tree is measured: at most
  ``MAX_ALIASES`` alias uses, and aliases may add at most ``MAX_EXPANSION``
  characters to the document as written out in full; an alias inside its own anchor
  (a loop) is refused too.
- **Size and nesting.** At most ``MAX_YAML_BYTES`` (a glossary of about 13,000
  entries) and ``MAX_NESTING`` levels of brackets, refused before any parser runs
  (libyaml's composer overflows the C stack at 100,000 levels; ruamel.yaml took 40 s
  to give up).
- **The careful reader.** ruamel.yaml's pure-Python parser (for tags, merge keys,
  tabs and for its error messages) reads about 60 KB a second, so it is given at
  most ``CAREFUL_BYTES``; a larger file it would be needed for gets a one-line
  error with libyaml's line and words instead.

``load_yaml`` gives ruamel.yaml's round-trip containers (CommentedMap/CommentedSeq,
with the line of every key and item). ruamel.yaml's loader is pure Python (17 s for
a 10,000-entry glossary); libyaml (PyYAML's C parser, when installed) builds the same
node tree in under 2 s, and ``_Converter`` turns it into the same containers with
the same lines, typing plain scalars by ruamel's YAML 1.2 rules (so "yes" stays
text, as in ruamel). Whatever the fast path might read differently (a syntax error,
a tag, a merge key, a key given twice) goes through ruamel, for its data and its
messages.

A limit broken raises ``YamlLimit``, a ruamel ``YAMLError`` with ``problem`` and
``problem_mark`` like its own, so each reader reports it with its usual code (E010
front matter, E020 glossary, E045 approvals) and the line.
"""

from __future__ import annotations

import functools
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode

MAX_ALIASES = 10_000            # alias uses (*name) in one document
MAX_EXPANSION = 10_000_000      # characters aliases may add, written out in full
MAX_YAML_BYTES = 4 * 1024 * 1024   # about 13,000 glossary entries: read in a few seconds, under 200 MB
CAREFUL_BYTES = 128 * 1024      # the most the pure-Python reader is given (about 2 s)
MAX_NESTING = 100               # lists in lists: a glossary needs five levels
NODE_CHARACTERS = 4             # a value written out costs at least its quotes and a comma


class YamlLimit(YAMLError):
    """YAML refused before it is built: its aliases expand too far, or it is too big to read carefully."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = _Mark(line) if line is not None else None


class _Mark:
    """Where a problem is, as ruamel's marks say it (0-based line)."""

    def __init__(self, line: int) -> None:
        self.line = line


# ---------------------------------------------------------------- the limits


def check_aliases(root: Any) -> None:
    """Refuse a node tree (PyYAML's or ruamel's) whose aliases would expand too far.

    Each node is measured once (its size written out in full, aliases expanded), so
    this is linear in the document whatever the aliases multiply to. Iterative: a
    deep document cannot overflow the stack here.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliases = added = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = _own_size(node) + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in open_nodes:
            raise YamlLimit("an alias (*name) is used inside its own anchor (&name), so it never ends",
                            _line_of_alias(node, stack))
        if key in sizes:   # met before: this is an alias
            aliases += 1
            added += sizes[key]
            if aliases > MAX_ALIASES:
                raise YamlLimit(f"it uses more than {MAX_ALIASES:,} aliases (*name); write the values out",
                                _line_of_alias(node, stack))
            if added > MAX_EXPANSION:
                raise YamlLimit(f"its aliases (*name) stand for more than {MAX_EXPANSION:,} characters of text; "
                                "write the values out", _line_of_alias(node, stack))
            continue
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))


def _children(node: Any) -> list[Any]:
    if isinstance(node.value, str):
        return []
    if node.value and isinstance(node.value[0], tuple):   # a mapping: (key, value) pairs
        return [part for pair in node.value for part in pair]
    return list(node.value)


def _own_size(node: Any) -> int:
    return NODE_CHARACTERS + (len(node.value) if isinstance(node.value, str) else 0)


def _line_of_alias(node: Any, stack: list[tuple[Any, bool]]) -> int:
    """The line of the collection the alias sits in (an alias node is the anchor's node,
    so its own mark is the anchor's line); the anchor's line if it sits at the top."""
    parent = next((n for n, finished in reversed(stack) if finished), None)
    return (parent or node).start_mark.line


# ---------------------------------------------------------------- reading


def load_yaml(text: str) -> Any:
    """YAML as ruamel's CommentedMap/CommentedSeq with every line: libyaml when it can, bounded."""
    _check_size_and_nesting(text, MAX_YAML_BYTES)
    fast, why, line = _read_fast(text)
    if fast is not _NOT_SAME:
        return fast
    if len(text.encode("utf-8", "surrogatepass")) > CAREFUL_BYTES:
        raise YamlLimit(why or _needs_careful_reader(text, "text"), line if why else _careful_line(text))
    return careful_load(text)


def careful_load(text: str, typ: str = "rt", preserve_quotes: bool = False) -> Any:
    """ruamel.yaml's own reading (round-trip containers, or plain ones with ``typ="safe"``),
    with the alias limits checked between composing the nodes and building the data.
    ``preserve_quotes`` keeps how scalars were quoted, for a file that is written back."""
    _check_size_and_nesting(text, CAREFUL_BYTES)
    yaml = YAML(typ=typ, pure=True)
    yaml.preserve_quotes = preserve_quotes
    node = yaml.compose(text)
    if node is None:
        return None
    if "*" in text:
        check_aliases(node)
    return yaml.constructor.construct_document(node)


def check_file_size(path: str | Path) -> None:
    """Refuse a YAML file over ``MAX_YAML_BYTES`` before reading it (a 20 MB glossary
    took seconds just to be read and split into lines)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return   # the reader reports it
    if size > MAX_YAML_BYTES:
        raise YamlLimit(_too_big(size, MAX_YAML_BYTES), 0)


def _too_big(size: int, limit: int) -> str:
    return f"it is {size / 1024:,.0f} KB; easyread reads YAML like this up to {limit // 1024:,} KB - split it into smaller files"


def _check_size_and_nesting(text: str, limit: int) -> None:
    """Refuse, before any parser sees it, YAML too big to read in seconds or nested
    deeper than any of easyread's files need (libyaml's C composer overflows the stack
    at 100,000 levels; ruamel.yaml takes a minute to give up on them)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise YamlLimit(_too_big(size, limit), 0)
    deep = _nesting_line(text)
    if deep is not None:
        raise YamlLimit("it is nested too deeply", deep)


def _needs_careful_reader(text: str, what: str) -> str:
    return (f"it is {len(text.encode('utf-8', 'surrogatepass')) // 1024:,} KB and uses a YAML tag (!), a merge "
            f"key (<<) or a tab, which easyread reads only in files up to {CAREFUL_BYTES // 1024} KB; "
            f"write the {what} out plainly")


def _careful_line(text: str) -> int:
    found = _TAG_OR_MERGE.search(text) or re.search(r"\t", text)
    return text.count("\n", 0, found.start() + 1) if found else 0


_NOT_SAME = object()
_TAG_OR_MERGE = re.compile(r"(?:^|[\s\[{,:])(?:!|<<)")


def _load_with_libyaml(text: str) -> Any:
    """libyaml's reading, or ``_NOT_SAME`` when ruamel must read it (tests and bench/fuzz.py compare them)."""
    if _nesting_line(text) is not None:   # libyaml's C composer would overflow the stack
        return _NOT_SAME
    return _read_fast(text)[0]


def _read_fast(text: str) -> tuple[Any, str, int | None]:
    """(data, "", None) from libyaml, or (_NOT_SAME, libyaml's words, line) when ruamel must read it.

    Only for text ``_check_size_and_nesting`` let through: libyaml's composer recurses in C.
    """
    try:
        import yaml
        loader = yaml.CSafeLoader   # only with libyaml: the pure PyYAML is no faster
    except (ImportError, AttributeError):
        return _NOT_SAME, "", None
    if "\t" in text or _TAG_OR_MERGE.search(text):   # ruamel refuses tabs libyaml allows
        return _NOT_SAME, "", None
    try:
        root = yaml.compose(text, Loader=loader)
        if root is not None and "*" in text:
            check_aliases(root)
        return (None if root is None else _Converter().convert(root)), "", None
    except yaml.MarkedYAMLError as error:   # ruamel says why, in its words (libyaml's if too big)
        mark = error.problem_mark or error.context_mark
        return _NOT_SAME, str(error.problem or error.context or "it is not valid YAML"), mark.line if mark else None
    except _Different as different:
        return _NOT_SAME, different.why, different.line
    except RecursionError:
        return _NOT_SAME, "it is nested too deeply", None
    except (ValueError, TypeError) as error:   # a date that is no date: ruamel's words
        return _NOT_SAME, f"a value cannot be read ({error})", None
    except yaml.YAMLError:
        return _NOT_SAME, "", None


_COMPACT_NESTING = re.compile(r"(?:[-?][ \t]+){50}")   # "- - - - ..." nests without new lines
_BRACKET = re.compile(r"[\[\]{}]")


def _nesting_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The (0-based) line where brackets or "- - -" nest deeper than ``limit``, or None.

    Brackets inside quotes are counted too, which only makes the guard more careful.
    """
    compact = _COMPACT_NESTING.search(text)
    if compact:
        return text.count("\n", 0, compact.start())
    depth = 0
    for bracket in _BRACKET.finditer(text):
        depth = depth + 1 if bracket.group() in "[{" else max(depth - 1, 0)
        if depth > limit:
            return text.count("\n", 0, bracket.start())
    return None


class _Different(Exception):
    """The fast path cannot promise ruamel's answer for this document."""

    def __init__(self, why: str = "", line: int | None = None) -> None:
        super().__init__(why)
        self.why, self.line = why, line


class _Converter:
    """libyaml's nodes -> ruamel's round-trip containers, with ruamel's ``lc`` lines."""

    def __init__(self) -> None:
        ruamel = YAML(typ="rt", pure=True)   # its resolver and constructor type the scalars
        self.resolver, self.constructor = ruamel.resolver, ruamel.constructor
        self.done: dict[int, Any] = {}   # an anchor used twice is one object, as in ruamel
        # The first characters that may start anything but text ("1", "t" of true, "~").
        self.may_type = set(self.resolver.versioned_resolver)

    def convert(self, node: Any) -> Any:
        if id(node) in self.done:
            return self.done[id(node)]
        kind = type(node).__name__
        if kind == "ScalarNode":
            return self._scalar(node)
        if kind == "SequenceNode":
            result: Any = CommentedSeq()
            self.done[id(node)] = result
            for index, item in enumerate(node.value):
                result.append(self.convert(item))
                result._yaml_set_idx_line_col(index, [item.start_mark.line, item.start_mark.column])
        else:
            result = CommentedMap()
            self.done[id(node)] = result
            for key_node, value_node in node.value:
                key = self.convert(key_node)
                if not isinstance(key, (str, int, float, bool, type(None))):
                    raise _Different("a key is itself a list or a mapping (a line starting with '?')",
                                     key_node.start_mark.line)
                if key in result:
                    raise _Different(f"the key {key!r} is given twice in one mapping", key_node.start_mark.line)
                result[key] = self.convert(value_node)
                result._yaml_set_kv_line_col(key, [key_node.start_mark.line, key_node.start_mark.column,
                                                   value_node.start_mark.line, value_node.start_mark.column])
        result._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
        return result

    def _scalar(self, node: Any) -> Any:
        if node.style:                                  # quoted or a block: always text
            return node.value
        if node.value[:1] not in self.may_type:        # most words: text, without asking
            return node.value
        tag = self.resolver.resolve(ScalarNode, node.value, (True, False))
        if str(tag) == "tag:yaml.org,2002:str":
            return node.value
        return self.constructor.construct_object(ScalarNode(tag, node.value))


# ---------------------------------------------------------------- easyread's own data files


def load_data(text: str) -> Any:
    """A package data file (concepts.yml, pictures.yml, site.yml), typed by YAML 1.2 rules.

    libyaml reads them in a tenth of the time ruamel.yaml's pure-Python loader takes
    (which matters: every build reads them). YAML 1.1's "yes", "no", "on" and "off"
    booleans are switched off, so a word list may hold the word "no", as in ruamel.
    """
    try:
        return yaml.load(text, Loader=_DataLoader)
    except AttributeError:     # PyYAML without libyaml: ruamel.yaml is as fast
        from ruamel.yaml import YAML
        return YAML(typ="safe", pure=True).load(text)


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # type: ignore[misc]
    """libyaml's safe loader with YAML 1.2 booleans (only true and false)."""

    yaml_implicit_resolvers = {
        first: [(tag, rule) for tag, rule in rules if tag != "tag:yaml.org,2002:bool"]
        for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()}


_DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


@functools.lru_cache(maxsize=None)
def package_data(name: str) -> Any:
    """One of easyread's own data files (``data/rewrite.yml`` ...), read once per run.
    Callers must not change what it returns: it is shared."""
    return load_data(resources.files("easyread").joinpath(name).read_text(encoding="utf-8"))
