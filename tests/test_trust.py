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

pytestmark = pytest.mark.slow   # runs every writing command, and two builds at once

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


# ---------------------------------------------------------------- one rule for every write


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder (the cwd) with every kind of input: content, an approval,
    the glossary, a settings file, and a link to the glossary."""
    from browser.helpers import write_fixture

    root = tmp_path / "project"
    write_fixture(root)
    write(root, "content/approved/03.yml", '"1.0.1":\n  source: abc\n  text: Hi.\n')
    write(root, "easyread.toml", 'profile = "easy-read"\n')
    write(root, "pyproject.toml", '[project]\nname = "leaflets"\n')   # not read (easyread.toml wins), still kept
    (root / "link.yml").symlink_to(root / "glossary.yml")
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".easyread-cache" not in p.parts and not p.is_symlink()}


TARGETS = {   # what -o names -> the refusal easyread gives (E052 for content/ when it is not read itself)
    "glossary.yml": "E051", "content/../glossary.yml": "E051", "link.yml": "E051", "easyread.toml": "E051",
    "pyproject.toml": "E051",
    "content/01-values.md": "E051 E052", "content/approved/03.yml": "E051 E052", "content/new.html": "E052",
    "content/site": "E052", "content": "E052", ".": "E061",
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", [["rewrite", "content", "--force"], ["report", "content"],
                                     ["report", str(DRAFTS)], ["build", "content"]])
def test_no_command_replaces_an_input_whatever_the_name(project, command, target):
    before = snapshot(project)
    code, out, err = run(*command, "-o", target, "--no-cache")
    assert code == 2 and out == "", err
    if "Usage:" not in err:   # click refuses a folder for a file option (or a file for a folder) itself
        assert err.count("\n") == 1 and err[err.index("[") + 1:err.index("]")] in TARGETS[target].split(), err
    assert snapshot(project) == before
    assert not (project / "content" / "site").exists() and not (project / "content" / "new.html").exists()


def test_approve_updates_only_its_approval_file(project):
    from easyread.approvals import fingerprint
    from easyread.content import load_paths

    before = snapshot(project)
    code, out, err = run("approve", "1.0.1")
    assert code == 0, err
    after = snapshot(project)
    assert {k for k in after if after[k] != before.get(k)} == {"content/approved/03.yml"}
    competence = load_paths([project / "content"]).find("1.0.1")
    assert f"source: {fingerprint(competence)}" in after["content/approved/03.yml"].decode()


def test_an_approval_that_links_to_another_input_is_not_written_through(tmp_path):
    from easyread.output import RunInputs, refuse_inputs

    glossary = write(tmp_path, "glossary.yml", "version: 1\n")
    link = tmp_path / "content" / "approved" / "03.yml"
    link.parent.mkdir(parents=True)
    link.symlink_to(glossary)
    with pytest.raises(EasyReadError, match=r"\[E051\]"):
        refuse_inputs(link, RunInputs(files=(glossary, link), folders=(tmp_path / "content",), updatable=(link,)))
    own = write(tmp_path, "content/approved/04.yml", "x: 1\n")
    refuse_inputs(Path(os.path.relpath(own)), RunInputs(files=(glossary, own), updatable=(own.absolute(),)))


def test_an_output_folder_through_a_link_into_content_is_refused(project):
    (project / "site").symlink_to(project / "content")
    code, out, err = run("build", "content", "-o", "site/new", "--no-cache")
    one_line_error(code, out, err, "E052")
    assert not (project / "content" / "new").exists()


# ---------------------------------------------------------------- builds side by side

SLOW_BUILD = """
import os, sys, time
from pathlib import Path
from easyread import build

real = build.write_site

def slow_write(site, folder, pdf):
    Path(os.environ["EASYREAD_TEST_READY"]).write_text(str(folder))
    release = Path(os.environ["EASYREAD_TEST_RELEASE"])
    while not release.exists():
        time.sleep(0.05)
    return real(site, folder, pdf)

build.write_site = slow_write
from easyread.cli import main
main(sys.argv[1:])
"""


def start_build(project: Path, tmp_path: Path, name: str, script: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT / 'tests'}",
           "EASYREAD_TEST_READY": str(tmp_path / f"{name}.ready"), "EASYREAD_TEST_RELEASE": str(tmp_path / "release")}
    command = ["-c", script] if script else ["-m", "easyread"]
    return subprocess.Popen([sys.executable, *command, "build", "content", "--no-cache"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def test_two_builds_at_once_leave_a_complete_site(project, tmp_path):
    """The issue's case: the second build tidied the first's staging folder away and a
    half site was swapped in. Now the second waits for the first's lock and says so;
    the first is let go only once the second is waiting, so the two really overlap."""
    import threading

    expected = run("build", "content", "--no-cache", "-o", str(tmp_path / "reference"))
    assert expected[0] == 0, expected[2]
    first = start_build(project, tmp_path, "first", SLOW_BUILD)
    second = None
    try:
        wait_for(tmp_path / "first.ready", first)            # first holds the lock, staging made
        staging = Path((tmp_path / "first.ready").read_text())
        second = start_build(project, tmp_path, "second")
        said: list[str] = []
        reader = threading.Thread(target=lambda: said.extend(second.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 240
        while not any("another build is writing" in line for line in said):
            assert second.poll() is None and time.monotonic() < deadline, said
            time.sleep(0.1)
        assert staging.is_dir(), "the second build removed the first's staging folder"
        (tmp_path / "release").write_text("go")
        first_out = first.communicate(timeout=300)
        second.wait(timeout=300)
        reader.join(timeout=10)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
    assert [first.returncode, second.returncode] == [0, 0], (first_out, said)
    assert snapshot(project / "output") == snapshot(tmp_path / "reference")
    assert [p.name for p in project.iterdir() if p.name.startswith(".output.")] == [".output.lock"]


def test_a_build_that_cannot_get_the_lock_stops_with_one_line(tmp_path, monkeypatch):
    from easyread import output as output_module
    from easyread.output import folder_lock, replace_folder

    waited = []
    monkeypatch.setattr(output_module, "LOCK_TIMEOUT", 1.5)
    with folder_lock(tmp_path / "site"):
        with pytest.raises(EasyReadError) as raised:
            replace_folder(tmp_path / "site", lambda folder: pytest.fail("built without the lock"),
                           on_wait=lambda: waited.append(True))
    assert waited == [True]
    assert str(raised.value) == f"error: {Msg.E062.format(path=tmp_path / 'site', seconds=2)}"


SIGTERM_WRITE = """
import os, sys, time
from pathlib import Path

def stall(fd):   # the temporary file is written; the rename has not happened
    Path(os.environ["EASYREAD_TEST_READY"]).write_text("writing")
    time.sleep(600)

os.fsync = stall
from easyread.cli import main
main(sys.argv[1:])
"""


def test_sigterm_during_an_atomic_write_leaves_no_temporary_file(project, tmp_path):
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "EASYREAD_TEST_READY": str(ready)}
    process = subprocess.Popen([sys.executable, "-c", SIGTERM_WRITE, "rewrite", "content", "-o", "easy.md",
                                "--no-cache"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        wait_for(ready, process)
        assert [p.name for p in project.glob(".easy.md.*.tmp")], "no temporary file to leave"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, err
    assert err.endswith("easyread: stopped; nothing was overwritten\n"), err
    assert list(project.glob(".easy.md.*")) == [] and not (project / "easy.md").exists()


# ---------------------------------------------------------------- the terminal


@pytest.mark.parametrize("text, shown", [
    ("plain words, caf\u00e9 \U0001f600", "plain words, caf\u00e9 \U0001f600"),
    ("\x1b]0;pwned\x07title", "\\x1b]0;pwned\\x07title"),
    ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),
    ("over\rwrite\x08", "over\\rwrite\\x08"),
    ("\x9b31m C1 \x7f", "\\x9b31m C1 \\x7f"),
    ("abc\u202edcba\u2066", "abc\\u202edcba\\u2066"),
    ("tab\tand\nline", "tab\tand\\nline"),
])
def test_terminal_safe_shows_control_characters_as_escapes(text, shown):
    from easyread.output import terminal_safe

    assert terminal_safe(text) == shown
    assert terminal_safe("a\nb", keep="\n") == "a\nb"


@pytest.mark.parametrize("keep", ["", "\t", "\t\n", "\n"])
def test_the_quick_look_for_unsafe_characters_misses_none(keep):
    """terminal_safe returns clean text as it is after one regex search: that search must
    find every character the careful test calls unsafe, and no other."""
    from easyread.output import _maybe_unsafe, _unsafe

    every = (chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    pattern = _maybe_unsafe(keep)
    assert [c for c in every if (_unsafe(c) and c not in keep) != bool(pattern.match(c))] == []


def test_control_characters_from_a_draft_are_escaped_in_the_terminal(tmp_path):
    draft = write(tmp_path, "draft.md", "Dear Sam,\n\nWe offer interventions \x1b[31mnow\x1b]0;x\x07.\n")
    for args in (["check", str(draft)], ["rewrite", str(draft)]):
        code, out, err = run(*args, "-g", str(DRAFTS / "glossary.yml"), "--no-cache")
        assert "\x1b" not in out + err and "\x07" not in out, (args, out)
    assert "We offer kinds of support \\x1b[31mnow\\x1b]0;x\\x07." in out   # the rewrite diff shows them
    odd = write(tmp_path, "bad\x1b[31mname.md", "")
    code, out, err = run("check", str(odd), "-g", str(DRAFTS / "glossary.yml"))
    one_line_error(code, out, err, "E003")
    assert "\x1b" not in err and "bad\\x1b[31mname.md" in err


# ---------------------------------------------------------------- values from drafts


@pytest.mark.parametrize("front_matter, line, key, expected", [
    ("pictures: [a, b]\n", 2, "pictures", "a mapping of competence or section numbers to picture codes"),
    ("title: x\npictures: 1F600\n", 3, "pictures", "a mapping of competence or section numbers to picture codes"),
    ("title: [a]\n", 2, "title", "text"),
    ("number: {a: 1}\n", 2, "number", "a number"),
    ("picture: true\n", 2, "picture", "a picture code"),
])
def test_front_matter_values_of_the_wrong_kind_are_one_line(tmp_path, front_matter, line, key, expected):
    """Hunted with odd values for every key the stages read: pictures: [a, b] was an
    AttributeError in pictures.py during build."""
    path = write(tmp_path, "content/01-a.md", "---\n" + front_matter + "---\n# 1 Values\n\n- An ability\n")
    code, out, err = run("build", str(path.parent), "-g", str(DRAFTS / "glossary.yml"), "--no-cache",
                         "-o", str(tmp_path / "out"))
    one_line_error(code, out, err, "E017")
    assert err == f"easyread: {path}:{line}: error: {Msg.E017.format(key=key, expected=expected)}\n"


@pytest.mark.parametrize("number", ['"../../../evil"', '"1/../../x"', '"/tmp/x"', "1.2.x"])
def test_a_domain_number_that_would_name_a_page_outside_the_site_is_refused(tmp_path, number):
    """Found while hunting: front matter number "../../evil" named the page
    domain-../../evil.html, written outside the output folder."""
    path = write(tmp_path, "content/01.md", f"---\nnumber: {number}\n---\n\n- An ability to listen\n")
    code, out, err = run("build", str(path.parent), "-g", str(DRAFTS / "glossary.yml"), "--no-cache",
                         "-o", str(tmp_path / "site"))
    one_line_error(code, out, err, "E017")
    assert sorted(p.name for p in tmp_path.rglob("*.html")) == []


@pytest.mark.parametrize("name", ["../evil.html", "a/../../evil.html", "/tmp/evil.html", "a\\..\\..\\evil.html", ""])
def test_no_page_name_leads_outside_the_output_folder(tmp_path, name):
    from easyread.build import inside

    with pytest.raises(EasyReadError, match=r"\[E050\].*outside the output folder"):
        inside(tmp_path / "site", name)
    assert inside(tmp_path / "site", "static/css/site.css") == tmp_path / "site" / "static" / "css" / "site.css"
