"""`easyread check` as an editor runs it: exit codes, standard input, settings files,
one-line errors, the cache (a warm run never imports spaCy), and the progress bar."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from easyread.cli import Progress, main

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
GLOSSARY = str(DRAFTS / "glossary.yml")
CHECK_SCHEMA = json.loads(resources.files("easyread").joinpath("schemas/check.schema.json").read_text("utf-8"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project folder as the working directory (its own settings and cache)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, ["check", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------- exit codes


def test_exit_0_when_nothing_is_at_error_level(project):
    write(project / "good.md", "We listen to you. We help you plan your care.\n")
    code, out, err = check("good.md", "-g", GLOSSARY, "--no-rewrite")
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "Profile easy-read: 1 of 1 paragraphs pass; 0 findings in 1 file(s).",
        "Median reading age about 5 years (US grade -1.3); median 5.0 words per sentence."]


def test_exit_1_with_error_level_findings_and_lines_like_a_compiler(project):
    write(project / "letter.md", "Dear Sam,\n\nThe NHS will call you.\n")
    code, out, err = check("letter.md", "-g", GLOSSARY, "--no-rewrite")
    assert (code, err) == (1, "")
    assert out.split("\n")[:2] == [
        "p2 (letter.md:3) - reading age about 5 (median grade -1.9) - fails",
        "  letter.md:3:5: error acronym 'NHS' is a set of initials; write the words in full"]
    # the same text under plain English has only a warning
    code, out, _ = check("letter.md", "-g", GLOSSARY, "--no-rewrite", "-p", "plain-english")
    assert code == 0
    assert "  letter.md:3:5: warning acronym 'NHS' is a set of initials; write the words in full" in out


@pytest.mark.parametrize(("args", "files", "message"), [
    (["missing.md"], {}, "easyread: missing.md: error: [E005] no such file or folder"),
    (["page.md", "-p", "easy-reed"], {"page.md": "Hello.\n"},
     "easyread: error: [E041] unknown profile 'easy-reed'; choose one of: easy-read, plain-english"),
    (["page.md", "-d", "hard-words"], {"page.md": "Hello.\n"},
     "easyread: error: [E040] unknown rule 'hard-words' in the settings or --disable; known rules start with: "),
    (["page.md"], {"page.md": "Hello. <!-- easyread-disable-line passiv -->\n"},
     "easyread: error: [E040] unknown rule 'passiv' in an easyread-disable comment in page.md; "),
    (["page.md"], {"page.md": "Hello.\n", "easyread.toml": "disable = ['numbers']\n"},
     "easyread: error: [E040] unknown rule 'numbers' in the settings or --disable; "),
    (["page.md"], {"page.md": "Hello.\n", "easyread.toml": "[profiles.easy-read.severity]\npasive = 'error'\n"},
     "easyread: error: [E040] unknown rule 'pasive' in the severities of profile 'easy-read'; "),
    (["empty.md"], {"empty.md": "\n\n"}, "easyread: empty.md: error: [E003] this file is empty"),
])
def test_exit_2_with_one_line_for_usage_errors_and_unreadable_input(project, args, files, message):
    for name, text in files.items():
        write(project / name, text)
    code, out, err = check(*args, "-g", GLOSSARY, "--no-rewrite")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(message), err


def test_exit_2_for_an_unknown_format(project):
    write(project / "page.md", "Hello.\n")
    code, _, err = check("page.md", "-f", "yaml")
    assert code == 2
    assert "Invalid value for '--format' / '-f': 'yaml' is not one of 'text', 'json', 'sarif'." in err


# ---------------------------------------------------------------- standard input, JSON


def test_dash_reads_standard_input(project):
    code, out, _ = check("-", "-g", GLOSSARY, "--no-rewrite", "-f", "json",
                         input="Thank you.\n\nYour letter was read by two people.\n")
    document = json.loads(out)
    assert code == 0
    assert document["files"] == ["<stdin>"]
    assert [(f["path"], f["line"], f["column"], f["rule"]) for f in document["findings"]] == [
        ("<stdin>", 3, 13, "passive"), ("<stdin>", 3, 25, "number-words")]


def test_json_output_with_the_rewrite_summary_is_valid(project):
    code, out, _ = check(str(DRAFTS / "web-page.md"), "-g", GLOSSARY, "-f", "json")
    document = json.loads(out)
    jsonschema.Draft202012Validator(CHECK_SCHEMA).validate(document)
    assert code == 1
    assert document["summary"]["after_rewrite"]["competences"] == 4


# ---------------------------------------------------------------- settings files


SETTINGS = """\
    disable = ["acronym"]

    [profiles.easy-read]
    max-sentence-words = 8

    [profiles.easy-read.severity]
    passive = "error"
    number-words = "off"
"""
TEXT = "The letter was sent to the team on Monday with two forms. The CBT group and the NHS help.\n"


def _overridden(out: str) -> list[str]:
    return [line.split(": ", 1)[1].split(" ", 2)[0] + " " + line.split(": ", 1)[1].split(" ", 2)[1]
            for line in out.split("\n") if line.startswith("  ")]


def test_easyread_toml_sets_thresholds_severities_and_switches_rules_off_by_prefix(project):
    write(project / "page.md", TEXT)
    code, out, _ = check("page.md", "-g", GLOSSARY, "--no-rewrite")
    assert _overridden(out) == [
        "warning passive", "warning number-words", "error acronym.cbt", "error acronym"]
    write(project / "easyread.toml", SETTINGS)
    code, out, _ = check("page.md", "-g", GLOSSARY, "--no-rewrite")
    assert code == 1
    assert _overridden(out) == ["error long-sentence", "error passive"]
    assert "This sentence has 12 words; keep sentences to 8 words or fewer" in out


def test_tool_easyread_in_pyproject_toml_works_the_same(project):
    write(project / "page.md", TEXT)
    write(project / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.easyread]\n"
          + textwrap.dedent(SETTINGS).replace("[profiles.", "[tool.easyread.profiles."))
    code, out, _ = check("page.md", "-g", GLOSSARY, "--no-rewrite")
    assert (code, _overridden(out)) == (1, ["error long-sentence", "error passive"])


def test_a_settings_profile_can_be_chosen_by_name(project):
    write(project / "page.md", TEXT)
    write(project / "easyread.toml", "profile = 'plain-english'\n")
    code, out, _ = check("page.md", "-g", GLOSSARY, "--no-rewrite")
    assert code == 0
    assert out.splitlines()[-3].startswith("Profile plain-english: 1 of 1 paragraphs pass")


@pytest.mark.parametrize("command", [["report", "-f", "json", "-o", "-"], ["build", "-o", "site"]])
def test_every_command_honours_the_settings_profile(project, command):
    """rewrite, build and report once passed easy-read as if it were a flag (issue 14 item 5)."""
    write(project / "page.md", TEXT)
    write(project / "easyread.toml", "profile = 'plain-english'\n")
    result = CliRunner().invoke(main, [*command, "page.md", "-g", GLOSSARY, "--no-cache"])
    assert result.exit_code == 0, result.output
    report = result.stdout if "-" in command else (project / "site" / "report.json").read_text(encoding="utf-8")
    assert json.loads(report)["profile"] == "plain-english"


# ---------------------------------------------------------------- the cache, in fresh processes

PROBE = """\
import atexit, sys
atexit.register(lambda: sys.stderr.write(
    "MODULES spacy=%s textstat=%s\\n" % ("spacy" in sys.modules, "textstat" in sys.modules)))
from easyread.cli import main
main(sys.argv[1:])
"""


def run_fresh(project: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", PROBE, "check", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def test_a_second_run_is_identical_and_never_loads_spacy(project):
    for name in ("letter.txt", "web-page.md", "framework.md"):
        (project / name).write_text((DRAFTS / name).read_text(encoding="utf-8"), encoding="utf-8")
    write(project / "easyread.toml", "")
    args = ("letter.txt", "web-page.md", "framework.md", "-g", GLOSSARY, "-f", "json")
    cold = run_fresh(project, *args)
    # readability was scored in a helper process, for the text and for its rewritten version
    assert cold[0] == 1 and cold[2].endswith("MODULES spacy=True textstat=False\n")
    cache_files = sorted(p.name for p in (project / ".easyread-cache").iterdir())
    assert len(cache_files) >= 2
    warm = run_fresh(project, *args)
    assert warm[:2] == cold[:2]
    assert warm[2] == "MODULES spacy=False textstat=False\n"
    # --no-cache reads nothing and writes nothing
    stamps = {p.name: p.stat().st_mtime_ns for p in (project / ".easyread-cache").iterdir()}
    bypass = run_fresh(project, *args, "--no-cache")
    assert bypass[:2] == cold[:2]
    assert bypass[2].startswith("MODULES spacy=True")
    assert {p.name: p.stat().st_mtime_ns for p in (project / ".easyread-cache").iterdir()} == stamps


# ---------------------------------------------------------------- the progress bar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_after_a_second_and_only_on_a_terminal(monkeypatch):
    terminal = FakeTerminal()
    quick = Progress(1000, enabled=True, stream=terminal)
    quick(500)
    quick.close()
    assert terminal.getvalue() == ""
    monkeypatch.setattr(Progress, "DELAY", 0.0)
    slow = Progress(1000, enabled=True, stream=terminal)
    slow(400)
    slow(600)
    slow.close()
    assert "Analysing" in terminal.getvalue() and "100%" in terminal.getvalue()
    piped = io.StringIO()
    never = Progress(1000, enabled=True, stream=piped)
    never(1000)
    never.close()
    assert piped.getvalue() == ""
