"""Hardening (issue 7): bad input, hostile input and failures never lose an editor's work.

Each case of the issue that the module tests do not already cover is here; the
report of issue 7 lists which test covers which case (many are in test_glossary.py,
test_content.py, test_output.py, test_build.py and test_rewrite.py). The promise
checked throughout: a clear one-line error naming the file and line, exit code 2,
and nothing the editor had (content, the previous output/) changed or lost.

Property tests (hypothesis) feed arbitrary Unicode through the loader, the check and
the rewrite; they share the session's spaCy pipeline and keep their example counts
small, so the suite stays fast. The browser test is marked ``browser``.
"""

from __future__ import annotations

import errno
import html
import importlib.util
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from browser.helpers import CHROMIUM, CHROMIUM_ARGS, write_fixture
from easyread import files as files_module
from easyread.text import normalise_for_matching
from easyread.cli import main
from easyread.content import load_paths, parse_markdown, parse_plain_text
from easyread.files import read_source
from easyread.errors import EasyReadError, InputError, Msg, OutputError
from easyread.glossary import check_glossary, load_glossary
from easyread.model import Framework
from easyread.output import replace_folder

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
DRAFT_GLOSSARY = str(DRAFTS / "glossary.yml")


def _bench(name: str):
    """A module of bench/ (its generators are shared with the tests; its timings are not)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str, input: str | bytes | None = None):
    """``easyread ARGS`` in-process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(code: int, out: str, err: str, msg_code: str) -> None:
    """The promise for every refusal: exit 2, nothing on stdout, one line naming the code."""
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and f"[{msg_code}]" in err, err


# ---------------------------------------------------------------- glossary


GLOSSARY_HEAD = "version: 1\nentries:\n"


def entry(entry_id: str, terms: str, extra: tuple[str, ...] = (), action: str = "flag",
          match: str = "lemma") -> str:
    """One valid glossary entry (YAML), with ``extra`` field lines."""
    lines = [f"- id: {entry_id}", f"  terms: {terms}", f"  match: {match}", "  category: jargon",
             "  status: approved", f"  action: {action}", *(f"  {line}" for line in extra),
             '  provenance: [{source: GOV.UK-ACF, quote: "use everyday words"}]',
             '  examples: {flag: ["x"], pass: ["y"]}']
    return "".join(f"  {line}\n" for line in lines)


def test_a_10000_entry_glossary_loads_and_still_finds_a_shared_form(tmp_path):
    """The benchmark's glossary (bench/glossary_load.py times it) loads and validates;
    at that size a form shared by the first and the last entry is still found."""
    bench = _bench("glossary_load")
    path = tmp_path / "glossary.yml"
    path.write_text(bench.make_glossary(10_000), encoding="utf-8")
    loaded = load_glossary(path)
    assert len(loaded.entries) == 10_000 and len({e.id for e in loaded.entries}) == 10_000
    assert loaded.entries[-1].line == path.read_text(encoding="utf-8").split("\n").index("  - id: entry-9999") + 1

    path.write_text(bench.make_glossary(10_000, duplicate_of=3), encoding="utf-8")
    _glossary, problems = check_glossary(path)
    text = path.read_text(encoding="utf-8").split("\n")
    first = text.index("  - id: entry-3") + 1
    last = text.index("  - id: entry-9999") + 1
    assert [(p.line, p.message) for p in problems] == [(last, Msg.E027.format(
        entry="entry-9999", form=bench.made_up_word(3), other="entry-3", other_line=first))]


TRICKY_YAML = """\
# every kind of scalar, as ruamel.yaml (YAML 1.2) types them
---
version: 1
entries:
  - id: a
    terms: [yes, no, on, off, "1", 1, -2, 1.5, 0x1F, 0o17, 017, 1_000, ~, null, true, True, 2026-11-23, .inf, "", '']
    plain:
      base: >
        folded
        text
      past: |
        literal
    anchor: &x {k: v, list: [1, 2]}
    again: *x
    empty:
    quoted: "a: b"   # a comment
    multi: a
      continued line
    nested: [{a: 1}, [b, c], {}]
  - just text
  - - nested
    - sequence
...
"""


def _places(node):
    """The ``lc`` positions of a mapping or list. An empty value ("plural:") has no
    place of its own: ruamel gives the next token's, libyaml the colon's; glossary.py
    reads only where keys and items are, so only the value's line is left out there."""
    data = {k: (v[:2] if isinstance(node, dict) and node[k] is None else v) for k, v in (node.lc.data or {}).items()}
    return node.lc.line, node.lc.col, data, len(node)


def _differences(fast, slow, where="$"):
    """Where the fast reader's data or lines differ from ruamel's (None: nowhere)."""
    if type(fast) is not type(slow) and not (isinstance(fast, str) and isinstance(slow, str)):
        return f"{where}: {type(fast).__name__} vs {type(slow).__name__}"
    if not hasattr(slow, "lc"):
        return None if fast == slow else f"{where}: {fast!r} vs {slow!r}"
    if _places(fast) != _places(slow):
        return f"{where}: places {_places(fast)} vs {_places(slow)}"
    keys = list(slow) if isinstance(slow, dict) else range(len(slow))
    if isinstance(slow, dict) and list(fast) != keys:
        return f"{where}: keys {list(fast)} vs {keys}"
    return next((d for d in (_differences(fast[k], slow[k], f"{where}.{k}") for k in keys) if d), None)


@pytest.mark.parametrize("name", ["glossary.yml", "tests/fixtures/glossary/small.yml",
                                  "tests/fixtures/drafts/glossary.yml", "tricky"])
def test_the_fast_yaml_reader_gives_ruamels_data_and_lines(name):
    """yamlio.load_yaml reads with libyaml and types with ruamel.yaml: same data,
    same types, same line and column of every mapping, key and item."""
    from ruamel.yaml import YAML

    from easyread.yamlio import _NOT_SAME, _load_with_libyaml

    path = ROOT / name
    if name != "tricky" and not path.exists():
        pytest.skip(f"{name} is not there yet")
    text = TRICKY_YAML if name == "tricky" else path.read_text(encoding="utf-8")
    fast = _load_with_libyaml(text)
    assert fast is not _NOT_SAME
    assert _differences(fast, YAML(typ="rt", pure=True).load(text)) is None


@pytest.mark.parametrize("text", [
    "a: !!str 1\n",                      # a tag
    "base: &b {x: 1}\nmore: {<<: *b}\n",  # a merge key
    "a: 1\na: 2\n",                      # a key twice (ruamel says so, with its line)
    "a: [1\n",                          # a syntax error (ruamel's words for it)
    "? [a, b]\n: c\n",                  # a key that is a list
])
def test_what_the_fast_reader_might_read_differently_goes_through_ruamel(text):
    from easyread.yamlio import _NOT_SAME, _load_with_libyaml
    assert _load_with_libyaml(text) is _NOT_SAME


def test_without_pyyaml_the_glossary_loads_the_same(monkeypatch):
    small = ROOT / "tests" / "fixtures" / "glossary" / "small.yml"
    fast = load_glossary(small)
    monkeypatch.setitem(sys.modules, "yaml", None)
    assert load_glossary(small) == fast


@pytest.mark.parametrize("first, second, form", [
    ("[intervention]", "[interventions]", "interventions"),      # a plural of a lemma term
    ("[safeguard]", "[safeguarding]", "safeguarding"),           # an -ing form
    ("[care plan]", "[care plans]", "care plans"),               # the last word of a phrase
])
def test_forms_that_overlap_through_word_endings_are_one_error(tmp_path, first, second, form):
    """Lemma terms match their inflections, so "interventions" in one entry and
    "intervention" in another would both claim the same word: one error, like E027."""
    path = tmp_path / "glossary.yml"
    path.write_text(GLOSSARY_HEAD + entry("one", first) + entry("two", second), encoding="utf-8")
    _glossary, problems = check_glossary(path)
    assert [p.message for p in problems] == [Msg.E027.format(entry="two", form=form, other="one", other_line=3)]


def test_lower_entries_match_only_as_written_so_they_do_not_overlap(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(GLOSSARY_HEAD + entry("one", "[remit]", match="lower")
                    + entry("two", "[remits]", match="lower"), encoding="utf-8")
    assert check_glossary(path)[1] == []


def test_glossary_with_a_key_twice_names_the_line(tmp_path):
    path = tmp_path / "glossary.yml"
    text = GLOSSARY_HEAD + entry("one", "[remit]").replace("    status: approved\n",
                                                              "    status: approved\n    status: proposed\n")
    path.write_text(text, encoding="utf-8")
    code, out, err = run("glossary", "check", str(path))
    one_line_error(code, out, err, "E020")
    assert f"{path}:8:" in err and "status" in err


@pytest.mark.parametrize("data, message", [
    (b"version: 1\nentries:\n  - id: caf\xe9\n", Msg.E002.format(byte="0xE9", column=12)),  # Word's Windows-1252
    (b"\x00\x01\x02binary\xff", None),                                                     # not text at all
    # an alias inside its own anchor loops for ever (issue 14: refused, it was read as a list in itself)
    (b"entries: &a [*a]\n", Msg.E020.format(why="an alias (*name) is used inside its own anchor (&name), so it never ends")),
])
def test_glossary_that_is_not_a_glossary_is_one_line(tmp_path, data, message):
    path = tmp_path / "glossary.yml"
    path.write_bytes(data)
    code, out, err = run("glossary", "check", str(path))
    assert code == 2 and out == ""
    if message:
        assert message in err


SMALL_GLOSSARY = (ROOT / "tests" / "fixtures" / "glossary" / "small.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, marker, message", [
    # bench/fuzz.py: a number where a list of examples goes crashed the checker (TypeError)
    ('      flag: ["We offer interventions."]', "      flag: 1.5", "examples:",
     Msg.E031.format(entry="intervention", kind="flag", verb="flag")),
    # bench/fuzz.py: a key merged in from elsewhere had no line (the problem said none)
    ('      flag: ["We offer interventions."]', '      flag: ["We offer interventions."]\n      <<: {extra: 1}',
     "flag: [\"We offer", Msg.E022.format(entry="intervention", field="examples.extra", allowed="flag, pass")),
])
def test_what_the_fuzzer_found_in_the_glossary_is_a_problem_on_a_line(tmp_path, old, new, marker, message):
    path = tmp_path / "glossary.yml"
    text = SMALL_GLOSSARY.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    _glossary, problems = check_glossary(path)
    line = next(i for i, content in enumerate(text.split("\n"), 1) if marker in content)
    assert (line, message) in [(p.line, p.message) for p in problems]
    assert all(p.line >= 1 for p in problems)


def test_an_entry_that_is_not_a_mapping_names_its_line(tmp_path):
    """bench/fuzz.py: "- just text" among the entries gave a problem with no line."""
    path = tmp_path / "glossary.yml"
    path.write_text(SMALL_GLOSSARY.replace("entries:\n", "entries:\n  - just text\n", 1), encoding="utf-8")
    _glossary, problems = check_glossary(path)
    line = SMALL_GLOSSARY.split("\n").index("entries:") + 2
    assert [(p.line, p.message) for p in problems] == [
        (line, Msg.E024.format(entry="?", field="entry", expected="a mapping"))]


@pytest.mark.parametrize("name, text, why", [
    ("question-key", "version: 1\nentries:\n  ?\n  - id: x\n  - id: y\n",
     "a key is itself a list or a mapping (a line starting with '?')"),                   # ruamel's TypeError
    ("bad-date", "version: 1\nentries:\n  - id: x\n    when: 2026-13-45\n",
     "a value cannot be read (month must be in 1..12)"),                                  # ruamel's ValueError
    ("deep-brackets", "version: 1\nentries: " + "[" * 100_000 + "]" * 100_000 + "\n", "it is nested too deeply"),
    ("deep-dashes", "version: 1\nentries:\n  - " + "- " * 100_000 + "x\n", "it is nested too deeply"),
])
def test_glossary_yaml_that_breaks_the_parsers_is_one_line(tmp_path, name, text, why):
    """bench/fuzz.py and what followed: ruamel raised TypeError and ValueError, and
    libyaml's C composer overflowed the stack (the process died: a segmentation fault)
    at 100,000 levels of nesting. Run as its own process, so a crash cannot take the
    test run with it."""
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "easyread", "glossary", "check", str(path)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-500:]
    line = {"deep-brackets": ":2", "deep-dashes": ":3"}.get(name, "")   # issue 14: found before parsing, with its line
    assert done.stderr == f"easyread: {path}{line}: error: {Msg.E020.format(why=why)}\n"


def test_a_tab_after_a_value_is_refused_as_ruamel_refuses_it(tmp_path):
    """bench/fuzz.py: libyaml reads "plain: x<TAB>" where ruamel.yaml refuses it; the fast
    reader leaves any tab to ruamel, so a glossary means one thing whichever reads it."""
    path = tmp_path / "glossary.yml"
    path.write_text(SMALL_GLOSSARY.replace("status: proposed", "status: proposed\t", 1), encoding="utf-8")
    with pytest.raises(EasyReadError) as raised:
        load_glossary(path)
    assert "[E020]" in str(raised.value) and raised.value.line == SMALL_GLOSSARY.split("\n").index(
        "    status: proposed") + 1


def test_glossary_terms_with_curly_quotes_and_dashes_match_text_either_way(tmp_path, settings_for):
    """A term typed in Word ("carer’s assessment", "self–help") matches the text typed
    plainly, and the other way round, and through non-breaking hyphens."""
    from easyread.nlp import SPAN_KEY, pipeline_for

    path = tmp_path / "glossary.yml"
    path.write_text(GLOSSARY_HEAD + entry("carers-assessment", "[\"carer\u2019s assessment\"]")
                    + entry("self-help", "[\"self\u2013help\"]") + entry("plain-typed", "[co-production]"),
                    encoding="utf-8")
    glossary = load_glossary(path)
    nlp = pipeline_for(settings_for().model, glossary)
    text = ("A carer's assessment, a carer\u2019s assessment, self-help and self\u2011help, "
            "co\u2013production and co\u2014production.")
    doc = nlp(normalise_for_matching(text))
    found = [(text[s.start_char:s.end_char], s.label_) for s in doc.spans[SPAN_KEY]]
    assert found == [("carer's assessment", "carers-assessment"), ("carer\u2019s assessment", "carers-assessment"),
                     ("self-help", "self-help"), ("self\u2011help", "self-help"),
                     ("co\u2013production", "plain-typed"), ("co\u2014production", "plain-typed")]


# ---------------------------------------------------------------- content


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def error_for(path: Path) -> str:
    with pytest.raises(EasyReadError) as raised:
        load_paths([path])
    return str(raised.value)


def test_heading_numbers_may_skip_as_the_framework_does(tmp_path):
    """The published framework has gaps (5.1.2 with no 5.1.1): they load, and the
    competence ids follow the numbers as written."""
    path = write(tmp_path, "gap.md", "# 1 Values\n\n## 1.1 First\n\n### 1.1.3 Third\n\n- An ability\n\n"
                                     "## 1.4 Fourth\n\n- Another ability\n")
    assert [c.id for c in load_paths([path]).competences()] == ["1.1.3.1", "1.4.1"]


@pytest.mark.parametrize("text, line, number, after", [
    ("# 1 Values\n\n## 1.2 Second\n\n## 1.1 First\n", 5, "1.1", "1.2"),
    ("# 1 Values\n\n## 1.1 A\n\n### 1.1.3 C\n\n### 1.1.2 B\n", 7, "1.1.2", "1.1.3"),
    ("# 1 Values\n\n## 1.1 A\n\n## 1.01 A again\n", 5, "1.01", "1.1"),
])
def test_heading_numbers_that_go_back_are_out_of_order(tmp_path, text, line, number, after):
    path = write(tmp_path, "back.md", text)
    assert error_for(path) == f"{path}:{line}: error: {Msg.E013.format(number=number, expected=f'a number after {after}')}"


@pytest.mark.parametrize("text, line, number", [
    ("# 1 Values\n\n- An ability\n\n## 1.0 Zero\n\n- Another\n", 5, "1.0"),
    ("# 1 Values\n\n## 1.3 C\n\n### 1.3.0 Zero\n", 5, "1.3.0"),
])
def test_a_heading_number_with_a_0_is_refused_as_ids_would_clash(tmp_path, text, line, number):
    """Found by bench/fuzz.py: "## 1.0" gave its competences the ids of those directly
    under domain 1 (both 1.0.1), so an approval or the report would mix them up."""
    path = write(tmp_path, "zero.md", text)
    assert error_for(path) == f"{path}:{line}: error: {Msg.E016.format(number=number)}"


def test_a_tab_indented_continuation_line_keeps_its_places(tmp_path):
    """bench/fuzz.py: markdown-it turns the tab into spaces, so the line was not found
    and its characters were placed past the end of the file."""
    path = write(tmp_path, "tab.md", "- An ability to listen\n\tand to act\n")
    span = next(load_paths([path]).competences()).text
    assert span.text == "An ability to listen and to act"
    for index, char in enumerate(span.text):
        assert char == " " or span.source.text[span.offsets[index]] == char
    assert (span.position_at(span.text.index("act")).line, span.position_at(span.text.index("act")).column) == (2, 9)


@pytest.mark.parametrize("markdown, placed", [
    ("- An ability to use &amp;&#x5A;2 signs\n", {"Z": "&"}),           # "&" then "Z" from &#x5A;, not "a" of amp
    ("- An ability to `run\ncode` now\n", {}),                          # a code span across a line break
    ("- An ability to listen\x00\n", {"\ufffd": "\x00"}),                # markdown-it reads NUL as U+FFFD
    ("\u2028\n\u201cQuoted\u201d paragraph.\n", {}),                         # a first line of only U+2028
    ("1. \u2028\nWords of the item\n", {}),                                # an item's line of only U+2028
    ("- Caf\u00e9 &copy; and &bogus; text\n", {"\u00a9": "&"}),           # an entity sits on its '&'
    ("- **&copy;* and more\n", {"\u00a9": "&"}),                          # an entity after emphasis marks
    ("Some text\n\t&#x5A;? more\n", {"Z": "&"}),                         # after a tab markdown-it dropped
    ("Run: ```\n    code\n? {a: 1}\n```\n", {}),                         # a code span's own backticks
    ("Type `&amp;` for &copy;\n", {"\u00a9": "&"}),                        # no entities inside code
])
def test_every_character_is_placed_on_itself(tmp_path, markdown, placed):
    """bench/fuzz.py's strongest check: each character of the text sits on the same
    character of the file (an entity on its '&'). Each case was placed elsewhere before."""
    path = write(tmp_path, "odd.md", markdown)
    for competence in load_paths([path]).competences():
        span = competence.text
        assert span.offsets[-1] <= len(span.source.text)
        for char, offset in zip(span.text, span.offsets):
            if not char.isspace():
                assert span.source.text[offset] == placed.get(char, char), (span.text, char, offset)


@pytest.mark.parametrize("front_matter, why", [
    ("date: 2026-13-45\n", "a value cannot be read (month must be in 1..12)"),
    ("x: " + "[" * 3000 + "]" * 3000 + "\n", "it is nested too deeply"),
])
def test_front_matter_ruamel_cannot_construct_is_one_line(tmp_path, front_matter, why):
    """bench/fuzz.py: a date that is no date (ValueError) or deep nesting (RecursionError)
    came out of ruamel as Python's own exceptions, not as YAML errors."""
    path = write(tmp_path, "fm.md", "---\n" + front_matter + "---\n# 1 Values\n\n- An ability\n")
    assert error_for(path) == f"{path}:2: error: {Msg.E010.format(why=why)}"


def test_a_list_nested_20_deep_loads_with_exact_positions(tmp_path):
    lines = ["# 1 Values", ""] + ["  " * depth + f"- level {depth + 1} point" for depth in range(20)]
    path = write(tmp_path, "deep.md", "\n".join(lines) + "\n")
    competence = next(load_paths([path]).competences())
    chain, points = [competence.text], competence.points
    while points:
        assert len(points) == 1
        chain.append(points[0].text)
        points = points[0].points
    assert [span.text for span in chain] == [f"level {d} point" for d in range(1, 21)]
    for depth, span in enumerate(chain):
        assert (span.position.line, span.position.column) == (3 + depth, 2 * depth + 3)
        end = span.end_position(len(span.text))
        assert (end.line, end.column) == (3 + depth, 2 * depth + 3 + len(span.text))


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:   # sparse: 50 MB on paper, nothing on the disk
        handle.truncate(50 * 2**20)
    tracemalloc.start()
    try:
        message = error_for(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == f"{path}: error: {Msg.E004.format(size_mb=50, limit_mb=files_module.MAX_FILE_BYTES / 2**20)}"
    assert peak < 2**20, f"{peak} bytes allocated to refuse a file"


class EndlessInput:
    """Standard input that never ends (``yes | easyread check -``); counts what is asked."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "read everything from a stream that never ends"
        self.asked.append(size)
        return (b"word " * (size // 5 + 1))[:size]


def test_standard_input_larger_than_the_limit_is_refused_after_limit_plus_one_bytes(monkeypatch):
    endless = EndlessInput()
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": endless})())
    with pytest.raises(InputError) as raised:
        load_paths(["-"])
    limit = files_module.MAX_FILE_BYTES
    assert str(raised.value) == f"<stdin>: error: {Msg.E008.format(limit_mb=limit / 2**20)}"
    assert sum(endless.asked) == limit + 1


def test_standard_input_given_twice_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "-", "-", "-g", DRAFT_GLOSSARY, input="Hello.\n")
    one_line_error(code, out, err, "E009")


@pytest.mark.parametrize("data, line, column", [
    # "Café – " typed in UTF-8, then a Windows-1252 quote pasted from Word: 7 characters, 10 bytes
    ("Intro.\n\nCaf\u00e9 \u2013 ".encode("utf-8") + b"\x93quoted\x94\n", 3, 8),
    (b"First line.\r\rThird \x96 line.\r", 3, 7),            # old Mac line endings count as lines
    (b"First line.\r\nSecond \x85 line.\r\n", 2, 8),          # CRLF
])
def test_non_utf8_byte_names_its_line_and_counts_columns_in_characters(tmp_path, data, line, column):
    path = write(tmp_path, "word.md", data)
    byte = next(b for b in data if b in (0x93, 0x96, 0x85))
    assert error_for(path) == f"{path}:{line}: error: {Msg.E002.format(byte=f'0x{byte:02X}', column=column)}"


def test_zero_width_and_non_breaking_spaces_keep_places_and_words_still_match(check_text):
    text = ("- We offer\u200b interventions\u00a0today.\n"
            "- Ask about co\u2011production\u2060 and CBT\u202f\u2014 it helps.\n")
    analysis = check_text("---\nnumber: 4\n---\n# 4 Zero width\n\n" + text)
    source = text.split("\n")
    found = {(f.rule, f.text): (f.line - 5, f.column) for f in analysis.findings()
             if f.rule.split(".")[0] in ("clinical-wording", "jargon", "acronym")}
    assert found[("clinical-wording.intervention", "interventions")] == (1, source[0].index("interventions") + 1)
    assert found[("jargon.co-production", "co\u2011production")] == (2, source[1].index("co") + 1)
    assert found[("acronym.cbt", "CBT")] == (2, source[1].index("CBT") + 1)


# ---------------------------------------------------------------- editor-approved text


@pytest.mark.parametrize("text, line, message", [
    ('"1.1":\n  source: abc\n  text: [unclosed\n', 4, Msg.E045.format(why="expected ',' or ']', but got '<stream end>'")),
    ("- just a list\n", 1, Msg.E046.format()),
    ('"1.1":\n  text: no fingerprint\n', 1, Msg.E047.format(competence="1.1")),
    ('"1.1":\n  source: abc\n  txt: typo\n', 1, Msg.E047.format(competence="1.1")),
    ('"1.1":\n  source: abc\n  text: Hi.\n  aproved_by: me\n', 1,
     Msg.E048.format(competence="1.1", field="aproved_by",
                     allowed="approved_by, approved_on, picture, pictures, source, text")),
    ('"1.1":\n  source: abc\n  text: Hi.\n"1.1":\n  source: abd\n  text: Again.\n', None, None),
])
def test_broken_approved_text_is_one_line_naming_file_and_line(tmp_path, text, line, message):
    from easyread.approvals import load_approvals

    path = write(tmp_path, "approved/01.yml", text)
    with pytest.raises(EasyReadError) as raised:
        load_approvals(tmp_path)
    if message is None:   # a key twice: ruamel's own words, with the line
        assert str(raised.value).startswith(f"{path}:4: error: [E045] the approved text is not valid YAML")
    else:
        assert str(raised.value) == f"{path}:{line}: error: {message}"


def test_the_same_competence_approved_in_two_files(tmp_path):
    from easyread.approvals import load_approvals

    first = write(tmp_path, "approved/01.yml", '"1.1":\n  source: abc\n  text: Hi.\n')
    second = write(tmp_path, "approved/02.yml", '\n"1.1":\n  source: abc\n  text: Hello.\n')
    with pytest.raises(InputError) as raised:
        load_approvals(tmp_path)
    assert str(raised.value) == f"{second}:2: error: {Msg.E049.format(competence='1.1', path=first, line=1)}"


def test_a_fingerprint_typed_by_hand_is_read_as_typed_even_when_yaml_sees_a_number(tmp_path):
    """sha256 hex is digits only about once in 280 fingerprints; YAML reads
    012345678901 as a number (dropping the 0) and 123e45678901 as infinity."""
    from easyread.approvals import load_approvals

    write(tmp_path, "approved/01.yml", '"1.1":\n  source: 012345678901  # typed\n  text: Hi.\n'
                                      '"1.2":\n  source: 123e45678901\n  text: Hi.\n')
    assert {k: a.source for k, a in load_approvals(tmp_path).items()} == {"1.1": "012345678901",
                                                                          "1.2": "123e45678901"}


def test_approve_without_approved_text_is_one_line(project):
    code, out, err = run("approve", "1.1.1")
    one_line_error(code, out, err, "E039")


# ---------------------------------------------------------------- files


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The browser helpers' small framework and glossary in a project folder (the cwd)."""
    root = tmp_path / "project"
    write_fixture(root)
    monkeypatch.chdir(root)
    return root


def build_args(project: Path, *more: str) -> list[str]:
    return ["build", str(project / "content"), "-g", str(project / "glossary.yml"), "--no-cache", *more]


def test_build_into_a_folder_that_cannot_be_written_is_one_line_and_changes_nothing(project, monkeypatch):
    assert run(*build_args(project))[0] == 0
    before = files_of(project / "output")

    def refused(*args, **kwargs):   # tests run as root, who may write anywhere: simulate it
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr("tempfile.mkdtemp", refused)
    code, out, err = run(*build_args(project))
    one_line_error(code, out, err, "E050")
    assert "Permission denied" in err
    assert files_of(project / "output") == before


def test_disk_full_half_way_through_writing_the_site_keeps_the_previous_output(project, monkeypatch):
    assert run(*build_args(project))[0] == 0
    before = files_of(project / "output")
    (project / "content" / "02-practice.md").write_text("# 2 Changed\n\n- An ability to change\n", encoding="utf-8")
    real = pathlib.Path.write_bytes
    written = []

    def fills_up(self, data):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return real(self, data)
    monkeypatch.setattr(pathlib.Path, "write_bytes", fills_up)
    code, out, err = run(*build_args(project))
    one_line_error(code, out, err, "E050")
    assert "No space left on device" in err and len(written) == 3
    assert files_of(project / "output") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".output.")] == [".output.lock"]


def test_a_failed_swap_puts_the_previous_output_back(tmp_path, monkeypatch):
    """The last step renames the new folder in; if that fails the old one returns."""
    site = tmp_path / "output"
    replace_folder(site, lambda folder: (folder / "index.html").write_text("v1", encoding="utf-8"))
    real = os.replace

    def refuse_new(source, target):
        if Path(source).name.startswith(".output.new."):
            raise OSError(errno.EIO, "Input/output error")
        return real(source, target)
    monkeypatch.setattr(os, "replace", refuse_new)
    with pytest.raises(OutputError, match=r"\[E050\].*Input/output error"):
        replace_folder(site, lambda folder: (folder / "index.html").write_text("v2", encoding="utf-8"))
    monkeypatch.setattr(os, "replace", real)
    assert files_of(site) == {"index.html": b"v1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]


@pytest.mark.parametrize("name", ["output", "site [draft]"])   # [draft] would be a glob pattern
def test_after_a_kill_between_the_renames_the_next_build_restores_then_tidies(tmp_path, name):
    """Killed after output/ was moved aside but before the new one was renamed in:
    output/ is missing and the old one is in .output.old.*/previous. The next build
    puts it back first, so even a next build that fails leaves it in place."""
    site = tmp_path / name
    replace_folder(site, lambda folder: (folder / "index.html").write_text("v1", encoding="utf-8"))
    aside = tmp_path / f".{name}.old.killed"
    aside.mkdir()
    os.replace(site, aside / "previous")
    (tmp_path / f".{name}.new.killed").mkdir()
    (tmp_path / f".{name}.new.killed" / "index.html").write_text("half", encoding="utf-8")

    def fails(folder):
        raise RuntimeError("the next build fails too")
    with pytest.raises(RuntimeError):
        replace_folder(site, fails)
    assert files_of(site) == {"index.html": b"v1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".{name}.lock", name]


KILLED_BUILD = """
import os, sys, time
from pathlib import Path
from easyread import build

def write_half_then_hang(site, folder, pdf):
    items = sorted(site.files.items())
    for relative, data in items[: len(items) // 2]:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    Path(os.environ["EASYREAD_TEST_READY"]).write_text(str(folder))
    time.sleep(600)

build.write_site = write_half_then_hang
from easyread.cli import main
main(sys.argv[1:])
"""


def test_a_build_killed_while_writing_leaves_the_previous_output_complete(project, tmp_path):
    assert run(*build_args(project))[0] == 0
    before = files_of(project / "output")
    (project / "content" / "02-practice.md").write_text("# 2 Changed\n\n- An ability to change\n", encoding="utf-8")
    ready = tmp_path / "ready"
    env = {**os.environ, "EASYREAD_TEST_READY": str(ready), "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, *build_args(project)], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        staging = Path(ready.read_text())
        assert staging.parent == project and files_of(staging), "killed before writing anything"
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert files_of(project / "output") == before          # complete and identical

    code, out, err = run(*build_args(project))               # the next build tidies up
    assert code == 0, err
    assert files_of(project / "output") != before
    assert "change" in (project / "output" / "domain-2.html").read_text(encoding="utf-8")
    assert [p.name for p in project.iterdir() if p.name.startswith(".output.")] == [".output.lock"]


def test_rewrite_output_that_is_its_input_under_another_name_is_refused(tmp_path, monkeypatch):
    """test_rewrite.py checks ``-o draft.md`` for ``draft.md``; here the same file
    under other names: ./, an absolute path, a symbolic link, and a file of a folder."""
    drafts = tmp_path / "drafts"
    draft = write(drafts, "draft.md", "Dear Sam,\n\nWe offer interventions.\n")
    (tmp_path / "link.md").symlink_to(draft)
    monkeypatch.chdir(tmp_path)
    for source, target in (("drafts/draft.md", "./drafts/draft.md"), ("drafts/draft.md", str(draft)),
                           ("drafts/draft.md", "link.md"), ("drafts", "drafts/draft.md")):
        code, out, err = run("rewrite", source, "-o", target, "-g", DRAFT_GLOSSARY, "--force")
        one_line_error(code, out, err, "E051")
    assert draft.read_text(encoding="utf-8") == "Dear Sam,\n\nWe offer interventions.\n"


def test_paths_with_spaces_and_non_ascii_names_work_in_check_rewrite_and_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = write(tmp_path, "content dir/\u00dcn\u00efcode draft.md",
                  "Dear Sam,\n\nWe offer interventions. The NHS will call.\n")
    shown = "content dir/\u00dcn\u00efcode draft.md"
    code, out, _ = run("check", shown, "-g", DRAFT_GLOSSARY, "--no-cache", "--no-rewrite")
    assert code == 1 and f"  {shown}:3:10: error clinical-wording.intervention" in out
    code, out, _ = run("check", shown, "-g", DRAFT_GLOSSARY, "--no-cache", "-f", "json")
    assert {f["path"] for f in json.loads(out)["findings"]} == {shown}
    code, out, _ = run("check", "content dir", "-g", DRAFT_GLOSSARY, "--no-cache", "-f", "sarif")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]}
    assert uris == {"content%20dir/%C3%9Cn%C3%AFcode%20draft.md"}

    code, _, err = run("rewrite", "content dir", "-g", DRAFT_GLOSSARY, "-o", "out dir/\u00cbasy r\u00e9ad.md")
    assert code == 0, err
    assert "kinds of support" in (tmp_path / "out dir" / "\u00cbasy r\u00e9ad.md").read_text(encoding="utf-8")

    code, out, err = run("build", "content dir", "-g", DRAFT_GLOSSARY, "--no-cache", "-o", "site dir/s\u00efte")
    assert code == 0, err
    site = tmp_path / "site dir" / "s\u00efte"
    assert "kinds of support" in (site / "text-unicode-draft.html").read_text(encoding="utf-8")
    assert draft.read_text(encoding="utf-8").startswith("Dear Sam")


# ---------------------------------------------------------------- hostile content

# Every way an editor might paste something that runs: raw HTML and <script> in the
# Markdown (inline, block, escaped, as entities, in code), javascript: and data: links,
# event-handler attributes, in headings and front matter, in the glossary's
# explanations, quotes and plain words, and in editor-approved text. Each would set
# window.__pwned (or document.title) if it ran.
HOSTILE_DOMAIN = """---
number: 1
title: "Values <script>window.__pwned = 'front matter'</script>"
---

# 1 Values <img src=x onerror="window.__pwned='heading'">

<script>window.__pwned='block'</script>

<div onclick="window.__pwned='div'">A note in a div</div>

## 1.1 Section <script>window.__pwned='section'</script>

- An ability to listen <script>window.__pwned='raw'; document.title='pwned'</script> well
- An ability to read [a link](javascript:window.__pwned='link') and <a href="javascript:window.__pwned='a'">this</a>
- An ability to see <img src="x" onerror="window.__pwned='img'"> pictures <svg onload="window.__pwned='svg'"></svg>
- An ability to use <javascript:alert(1)> and [data](data:text/html,<script>window.__pwned='data'</script>)
- An ability to understand advocacy &lt;script&gt;window.__pwned='entity'&lt;/script&gt;
- An ability to **<b onmouseover="window.__pwned='bold'">hover</b>** and `<script>window.__pwned='code'</script>`
- An ability to escape \\<script>window.__pwned='escaped'\\</script> and [x](JaVaScRiPt:alert(1)) [y]( javascript:alert(1))
"""
HOSTILE_GLOSSARY = """version: 1
entries:
  - id: advocacy
    terms: [advocacy]
    category: jargon
    status: approved
    action: explain
    explanation: "Advocacy means speaking up <img src=x onerror=\\"window.__pwned='explanation'\\"> [x](javascript:window.__pwned='glink') <script>window.__pwned='gscript'</script>."
    provenance: [{source: Consultation, respondent: 7, section: "2.1", quote: "<script>window.__pwned='quote'</script>", response: "<img src=x onerror=\\"window.__pwned='response'\\">"}]
    examples: {flag: ["advocacy helps"], pass: ["speaking up helps"]}
  - id: listen
    terms: [listen]
    category: jargon
    status: approved
    action: replace
    plain: {base: "hear <script>window.__pwned='plain'</script>"}
    provenance: [{source: Consultation, respondent: 8, section: "1", quote: "x"}]
    examples: {flag: ["listen"], pass: ["hear"]}
phrases:
  - id: stem-ability-to
    kind: stem
    match: ["An ability to"]
    status: approved
    replace: "Peer support workers can <script>window.__pwned='phrase'</script>"
    provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
    examples: {flag: ["An ability to listen"], pass: ["You can listen."]}
"""
HOSTILE_APPROVAL = """"1.1.2":
  source: abc123
  approved_by: "<script>window.__pwned='by'</script>"
  text: |
    Peer support workers read. <script>window.__pwned='approved'</script> [x](javascript:window.__pwned='alink') <img src=x onerror="window.__pwned='aimg'"> **<b onclick="window.__pwned='ab'">advocacy</b>**

    - <svg onload="window.__pwned='asvg'"></svg> bullet
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The site (and the editor's report) built from the hostile project by ``easyread build``."""
    root = tmp_path_factory.mktemp("hostile")
    write(root, "content/01-hostile.md", HOSTILE_DOMAIN)
    write(root, "content/approved/01.yml", HOSTILE_APPROVAL)
    write(root, "glossary.yml", HOSTILE_GLOSSARY)
    code, out, err = run("build", str(root / "content"), "-g", str(root / "glossary.yml"), "--no-cache",
                         "-o", str(root / "output"))
    assert code == 0, err
    return root / "output"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self.in_script = tag == "script"
        if self.in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self.in_script = False if tag == "script" else self.in_script

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


def test_hostile_content_is_only_text_in_every_page(hostile_site):
    pages = sorted(hostile_site.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "domain-1.html", "word-bank.html", "about.html", "report.html"}
    for page in pages:
        parser = Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            assert tag not in ("iframe", "object", "embed", "base"), (page.name, tag)
            assert not [name for name in attrs if name.startswith("on")], (page.name, tag, attrs)
            for name in URL_ATTRIBUTES & set(attrs):
                value = re.sub(r"[\s\x00-\x1f]", "", html.unescape(attrs[name])).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), (page.name, tag, attrs)
        # The public pages have no script at all; the editor's report has its own filters.
        assert len(parser.scripts) == (1 if page.name == "report.html" else 0), page.name
        assert not any("__pwned" in script for script in parser.scripts), page.name
    domain = (hostile_site / "domain-1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=" in domain        # shown as text, for the editor to see


POKE = """() => { for (const element of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error', 'toggle', 'animationstart'])
        element.dispatchEvent(new Event(type)); } }"""


def _what_ran(browser, path: Path) -> tuple[str, str, list[str]]:
    """Open a page, poke every element with the events an attribute could listen for;
    return typeof window.__pwned, the title, and the messages of any dialogs."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.evaluate(POKE)
    page.wait_for_timeout(100)
    ran = (page.evaluate("() => typeof window.__pwned"), page.title(), dialogs)
    page.close()
    return ran


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium; .ci/run does)")
def test_no_hostile_script_runs_in_a_browser(hostile_site, tmp_path):
    """Every page in headless Chromium: no window.__pwned, the title is the page's own,
    no alert() dialog. A page that does run a script shows the checks can see one."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><title>t</title><img src="x" onerror="window.__pwned = 1">'
                       "<script>document.title = 'pwned'; alert('ran')</script>", encoding="utf-8")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            assert _what_ran(browser, control) == ("number", "pwned", ["ran"])
            for path in sorted(hostile_site.glob("*.html")):
                title = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.DOTALL).group(1)
                assert _what_ran(browser, path) == ("undefined", " ".join(html.unescape(title).split()), []), \
                    path.name
        finally:
            browser.close()


# ---------------------------------------------------------------- settings files


@pytest.mark.parametrize("name, data, line, message", [
    ("easyread.toml", 'profile = "easy-read"  # \x93typed in Word\x94\n'.encode("latin-1"), 1,
     Msg.E002.format(byte="0x93", column=26)),
    ("easyread.toml", b"profiles = 3\n", None, Msg.E042.format(key="profiles", expected="a table ([profiles])")),
    ("easyread.toml", b"[profiles]\neasy-read = 3\n", None,
     Msg.E042.format(key="profiles.easy-read", expected="a table ([profiles.easy-read])")),
    ("easyread.toml", b"[profiles.easy-read]\nseverity = 'error'\n", None,
     Msg.E042.format(key="profiles.easy-read.severity", expected="a table ([profiles.easy-read.severity])")),
    ("easyread.toml", b"glossary = 5\n", None, Msg.E042.format(key="glossary", expected="text in quotes (not empty)")),
    ("pyproject.toml", b"[tool]\neasyread = 3\n", None,
     Msg.E042.format(key="tool.easyread", expected="a table ([tool.easyread])")),
])
def test_settings_files_editors_break_are_one_line(tmp_path, name, data, line, message):
    """Before, each of these was a Python traceback (UnicodeDecodeError, AttributeError...)."""
    from easyread.settings import load_settings

    path = write(tmp_path, name, data)
    with pytest.raises(EasyReadError) as raised:
        load_settings(root=tmp_path)
    place = f"{path}:{line}" if line else f"{path}"
    assert str(raised.value) == f"{place}: error: {message}"


def test_a_settings_file_saved_with_a_byte_order_mark_works(tmp_path):
    from easyread.settings import load_settings

    write(tmp_path, "easyread.toml", b"\xef\xbb\xbfprofile = 'plain-english'\r\n")
    assert load_settings(root=tmp_path).profile.name == "plain-english"


def test_a_settings_file_that_is_a_folder_is_one_line(tmp_path):
    from easyread.settings import load_settings

    (tmp_path / "easyread.toml").mkdir()
    with pytest.raises(EasyReadError) as raised:
        load_settings(root=tmp_path)
    assert str(raised.value) == f"{tmp_path / 'easyread.toml'}: error: {Msg.E001.format(why='it is a folder')}"


# ---------------------------------------------------------------- command line


@pytest.mark.parametrize("command", ["rewrite", "build", "report"])
@pytest.mark.parametrize("trouble, files, msg_code", [
    (["-p", "easy-reed"], {}, "E041"),
    (["-d", "hard-words"], {}, "E040"),
    ([], {"easyread.toml": "disable = ['numbers']\n"}, "E040"),
    ([], {"content/01-values.md": "# 1 Values\n\n- An ability <!-- easyread-disable-line passiv -->\n"}, "E040"),
])
def test_unknown_profiles_and_rule_ids_stop_every_command(project, command, trouble, files, msg_code):
    """test_cli_check.py checks these for ``check``; the other commands share them."""
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    code, out, err = run(command, str(project / "content"), "-g", str(project / "glossary.yml"), *trouble)
    one_line_error(code, out, err, msg_code)
    assert not (project / "output").exists()


@pytest.mark.parametrize("args, message", [
    (["report", "--format", "json", "-o", "report.html"],
     Msg.E054.format(a="--format json", b="an output file ending in .html", fix="use -o report.json, or --format html")),
    (["report", "-o", "report.json"],
     Msg.E054.format(a="--format html (the default)", b="an output file ending in .json",
                     fix="use -o report.html, or --format json")),
    (["check", "content", "--format", "sarif", "--rewrite"],
     Msg.E054.format(a="--format sarif", b="--rewrite", fix="SARIF has no place for the figures after rewriting; "
                                                             "leave out --rewrite, or use --format json")),
    (["rewrite", "content", "--format", "json", "-o", "easy.md"],
     Msg.E054.format(a="--output", b="--format json", fix="--output always writes the Easy Read Markdown; "
                                                          "leave out --format")),
    (["rewrite", "content", "--force"],
     Msg.E059.format(flag="--force", other="--output", fix="add -o FILE, or leave out --force")),
])
def test_conflicting_flags_are_one_line_that_says_what_to_do(project, args, message):
    code, out, err = run(*args, "-g", str(project / "glossary.yml"))
    one_line_error(code, out, err, message[1:5])
    assert err == f"easyread: error: {message}\n"
    assert not (project / "output").exists() and not (project / "easy.md").exists()


def test_sarif_output_skips_the_rewrite_it_would_not_show(project, monkeypatch):
    import easyread.pipeline as pipeline
    monkeypatch.setattr(pipeline, "rewrite_framework", lambda *a: pytest.fail("rewrote for SARIF"))
    code, out, err = run("check", "content", "--format", "sarif", "-g", str(project / "glossary.yml"), "--no-cache")
    assert code in (0, 1) and json.loads(out)["version"] == "2.1.0", err


@pytest.mark.parametrize("broken, msg_code", [
    (ImportError("No module named 'weasyprint'"), "E058"),                       # not installed
    (OSError("cannot load library 'libpango-1.0-0'"), "E060"),                  # no Pango on the machine
])
def test_pdf_without_weasyprint_fails_before_any_work(project, monkeypatch, broken, msg_code):
    import builtins

    real_import = builtins.__import__

    def importing(name, *args, **kwargs):
        if name == "weasyprint":
            raise broken
        return real_import(name, *args, **kwargs)
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", importing)
    monkeypatch.setattr("easyread.content.load_paths", lambda *a: pytest.fail("loaded content first"))
    code, out, err = run(*build_args(project, "--pdf"))
    one_line_error(code, out, err, msg_code)
    assert not (project / "output").exists()


# ---------------------------------------------------------------- properties (hypothesis)

PROPERTY_GLOSSARY = GLOSSARY_HEAD + "".join([
    entry("intervention", "[intervention]", ("plain: {base: support}",), action="replace"),
    entry("co-production", "[co-production, coproduction]",
          ('explanation: "Co-production means working together."',), action="explain"),
    entry("cbt", "[CBT]", ("plain: {base: talking therapy}",), action="replace", match="lower"),
    entry("remit", "[remit]", match="lower"),
]) + textwrap.dedent("""\
    phrases:
      - id: stem-ability-to
        kind: stem
        match: ["An ability to"]
        status: approved
        replace: "Peer support workers can"
        provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
        examples: {flag: ["An ability to listen"], pass: ["You can listen."]}
      - id: in-relation-to
        kind: wordy
        match: ["in relation to"]
        status: approved
        replace: "about"
        provenance: [{source: GOV.UK-ACF, quote: "use fewer words"}]
        examples: {flag: ["in relation to x"], pass: ["about x"]}
    """)

# Pieces editors paste: Markdown, HTML, Word's characters, and text that changes length
# when lower-cased ("Straße", "İ"), right-to-left text, combining marks, emoji.
PIECES = ["An ability to ", "an ability to ", "in relation to ", "In Relation To ", "interventions ",
          "intervention ", "co-production ", "co\u2011production ", "CBT ", "remit ", "NHS ", "the ", "and ",
          "# 1 Values\n", "## 1.1 Section\n", "- ", "  - ", "1. ", "\n", "\n\n", "\r\n", "\r", "**", "*",
          "_", "`", "\\", "[a link](https://example.org/x) ", "<b>", "</b>", "<script>", "&amp;", "&lt;",
          "<!-- easyread-disable-line -->", "---\n", "> ", "(for example ", "(", ")", ". ", ", ", "; ",
          "Stra\u00dfe ", "\u0130", "\ufb01", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029",
          "\x00", "\t", "e\u0301", "\u05e9\u05dc\u05d5\u05dd ", "\u0645\u0631\u062d\u0628\u0627 ", "\u202e",
          "\U0001f600", "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\u201c", "\u201d", "\u2019",
          "\u2013", "\u2014"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)
# Few examples in the suite (spaCy is slow); EASYREAD_PROPERTY_EXAMPLES=2000 for a long hunt,
# or run bench/fuzz.py.
PROPERTY_SETTINGS = hsettings(max_examples=int(os.environ.get("EASYREAD_PROPERTY_EXAMPLES", "40")),
                              deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def property_glossary(tmp_path_factory):
    path = tmp_path_factory.mktemp("property") / "glossary.yml"
    path.write_text(PROPERTY_GLOSSARY, encoding="utf-8")
    return load_glossary(path)


@pytest.fixture(scope="module")
def property_nlp(property_glossary, settings_for):
    from easyread.nlp import pipeline_for
    return pipeline_for(settings_for().model, property_glossary)


@PROPERTY_SETTINGS
@given(text=TEXT, markdown=st.booleans(), bom=st.booleans())
def test_check_never_crashes_and_every_finding_is_the_input_at_its_place(
        property_glossary, property_nlp, settings_for, text, markdown, bom):
    from easyread.analyse import analyse

    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    try:
        source = read_source("draft.md" if markdown else "draft.txt", data)
        domain = parse_markdown(source) if markdown else parse_plain_text(source)
    except EasyReadError:
        return   # an empty file, a heading out of order...: a clear error is the right answer
    analysis = analyse(Framework([domain]), property_glossary, settings_for())
    for finding in analysis.findings():
        start = source.line_starts[finding.line - 1] + finding.column - 1
        end = source.line_starts[finding.end_line - 1] + finding.end_column - 1
        assert 0 <= start <= end <= len(source.text), finding
        assert source.text[start:end] == finding.text, finding


@pytest.mark.parametrize("text", ["Stra\u00dfe in relation to care", "\u0130 in relation to care"])
def test_a_phrase_finding_is_on_the_phrase_after_letters_that_change_length(
        property_glossary, property_nlp, settings_for, text):
    """Found by the property above: phrases were matched in text.casefold(), one letter
    longer after 'ß' (shorter after 'İ'), so every place after it was off by one."""
    from easyread.analyse import analyse

    source = read_source("draft.txt", text.encode("utf-8"))
    analysis = analyse(Framework([parse_plain_text(source)]), property_glossary, settings_for())
    (finding,) = [f for f in analysis.findings() if f.rule == "wordy-phrase.in-relation-to"]
    assert finding.text == "in relation to" and finding.column == text.index("in relation to") + 1


class Balanced(HTMLParser):
    """Every tag is closed in order; only the tags inline_html allows."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("strong", "a"):
            self.problems.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}>")


@PROPERTY_SETTINGS
@given(text=TEXT)
def test_rewrite_is_idempotent_and_its_markdown_and_html_are_balanced(property_glossary, property_nlp, text):
    from easyread.render import inline_html
    from easyread.rewrite import rewrite_text

    once = rewrite_text(text, property_glossary, property_nlp)
    assert rewrite_text(once, property_glossary, property_nlp) == once
    assert once.count("**") % 2 == 0, once
    parser = Balanced()
    parser.feed(str(inline_html(once, lambda word: f"<strong>{word}</strong>")))
    parser.close()
    assert parser.problems == [] and parser.open == [], (once, parser.problems, parser.open)
