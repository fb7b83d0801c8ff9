"""Trust (issue 14): caches that cannot run code, outputs that never replace inputs,
builds side by side, bounded YAML, and every value checked where it enters.

A sibling of test_hardening.py (issue 7): the same promise, a one-line error that
names the file and line, or a safe result. Cache cases are in test_cache.py, the
write rule's unit cases in test_output.py, settings ranges in test_settings.py;
here are the hostile inputs run through the commands.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from easyread import yamlio
from easyread.cli import main
from easyread.errors import EasyReadError, Msg

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
SMALL_GLOSSARY = (ROOT / "tests" / "fixtures" / "glossary" / "small.yml").read_text(encoding="utf-8")


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, out: str, err: str, msg_code: str) -> None:
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and f"[{msg_code}]" in err, err


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- bounded YAML


def laughs(levels: int = 9, width: int = 9, indent: str = "") -> str:
    """A "billion laughs": each anchor is a list of ``width`` aliases of the one before."""
    lines = [f'{indent}l0: &l0 "laugh laugh laugh"']
    lines += [f"{indent}l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


EXPANSION = Msg.E020.format(why=f"its aliases (*name) stand for more than {yamlio.MAX_EXPANSION:,} characters of "
                                "text; write the values out")


def test_a_billion_laughs_in_the_glossary_is_one_line_on_the_line_of_the_alias(tmp_path):
    path = write(tmp_path, "glossary.yml", laughs() + "version: 1\nentries: []\n")
    code, out, err = run("glossary", "check", str(path))
    one_line_error(code, out, err, "E020")
    assert err == f"easyread: {path}:7: error: {EXPANSION}\n"   # l6 (13 million characters) passes the limit


def test_a_billion_laughs_in_a_glossary_field_turned_into_text(tmp_path):
    """The issue's case: an anchor used as an entry's quote (str() of it was gigabytes)."""
    text = "anchors:\n" + laughs(indent="  ") + SMALL_GLOSSARY.replace(
        '    provenance:\n', '    note: *l8\n    provenance:\n', 1)
    path = write(tmp_path, "glossary.yml", text)
    with pytest.raises(EasyReadError) as raised:
        from easyread.glossary import load_glossary
        load_glossary(path)
    assert "[E020]" in str(raised.value) and "aliases" in str(raised.value)


def test_a_billion_laughs_in_front_matter_is_one_line(tmp_path):
    path = write(tmp_path, "01-bomb.md", "---\n" + laughs() + "title: *l8\n---\n# 1 Values\n\n- An ability\n")
    code, out, err = run("check", str(path), "-g", str(DRAFTS / "glossary.yml"), "--no-cache")
    one_line_error(code, out, err, "E010")
    assert err.startswith(f"easyread: {path}:8: error: [E010]") and "aliases" in err


def test_a_billion_laughs_in_approved_text_is_one_line_when_read_and_when_approved(tmp_path):
    from easyread.approvals import approve, load_approvals
    from easyread.content import load_paths

    path = write(tmp_path, "approved/01.yml", laughs() + '"1.1":\n  source: abc\n  text: Hi.\n  approved_by: *l8\n')
    with pytest.raises(EasyReadError) as raised:
        load_approvals(tmp_path)
    assert str(raised.value).startswith(f"{path}:7: error: [E045]") and "aliases" in str(raised.value)
    draft = write(tmp_path, "draft.md", "# 1 Values\n\n## 1.1 A\n\n- An ability\n")
    competence = next(load_paths([draft]).competences())
    with pytest.raises(EasyReadError) as raised:
        approve(path, dataclasses.replace(competence, id="1.1"))
    assert "[E045]" in str(raised.value) and "aliases" in str(raised.value)


@pytest.mark.parametrize("text, why", [
    ("a: &a [*a]\n", "an alias (*name) is used inside its own anchor (&name), so it never ends"),
    ("a: &a {b: *a}\n", "an alias (*name) is used inside its own anchor (&name), so it never ends"),
    ("a: &a x\nb: [" + ", ".join(["*a"] * (yamlio.MAX_ALIASES + 1)) + "]\n",
     f"it uses more than {yamlio.MAX_ALIASES:,} aliases (*name); write the values out"),
])
@pytest.mark.parametrize("reader", ["fast", "careful"])
def test_alias_limits_hold_in_both_parsers(text, why, reader):
    load = yamlio.load_yaml if reader == "fast" else yamlio.careful_load
    with pytest.raises(yamlio.YamlLimit) as raised:
        load(text)
    assert raised.value.problem == why and raised.value.problem_mark.line in (0, 1)


def test_aliases_an_editor_would_write_still_work():
    data = yamlio.load_yaml("p: &p {source: Consultation}\nentries:\n  - provenance: [*p]\n  - provenance: [*p]\n")
    assert data["entries"][1]["provenance"][0] == {"source": "Consultation"}
    assert yamlio.careful_load("a: &a [1, 2]\nb: *a\n", typ="safe") == {"a": [1, 2], "b": [1, 2]}


def test_the_careful_reader_is_given_at_most_its_limit_with_libyamls_line(tmp_path):
    """A big glossary with a mistake near its end: libyaml finds it at once; ruamel.yaml
    would take a minute to get there (pure Python), so libyaml's words and line are given."""
    entry = SMALL_GLOSSARY.split("entries:\n", 1)[1]
    body = entry * (yamlio.CAREFUL_BYTES // len(entry) + 2)
    path = write(tmp_path, "glossary.yml", "version: 1\nentries:\n" + body + "  - [unclosed\n")
    started = time.perf_counter()
    code, out, err = run("glossary", "check", str(path))
    assert time.perf_counter() - started < 60   # not a timing test: only "not ruamel's minute"
    one_line_error(code, out, err, "E020")
    assert f"{path}:{path.read_text(encoding='utf-8').count(chr(10)) + 1}:" in err
    too_big = write(tmp_path, "02.md", "---\n" + "a: b\n" * (yamlio.CAREFUL_BYTES // 4) + "---\n# 1 A\n\n- x\n")
    with pytest.raises(EasyReadError) as raised:
        from easyread.content import load_paths
        load_paths([too_big])
    assert "[E010]" in str(raised.value) and f"up to {yamlio.CAREFUL_BYTES // 1024} KB" in str(raised.value)


def test_the_worst_yaml_found_is_refused_in_bounded_memory():
    """bench/fuzz.py --target yaml-bounds times these; here only that they are refused
    and what they cost stays small (peak Python memory, not time)."""
    for text in (laughs(12, 12), laughs(40, 2), "a: &a x\nb: [" + ", ".join(["*a"] * 20_000) + "]\n"):
        tracemalloc.start()
        try:
            with pytest.raises(yamlio.YamlLimit):
                yamlio.load_yaml(text)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 50 * 2**20, peak
