"""Run easyread the way a user does, through its command line, for the measuring scripts.

The bench scripts measure through the CLI's documented outputs (``check``, ``rewrite``
and ``report --format json``, the built site's HTML), never through internal
functions, so they keep working while the code underneath is restructured. Fields
are read by name and unknown fields are ignored, so a JSON output that gains fields
changes nothing here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Where the default inputs of the measuring scripts live, besides content/.
OUTSIDE = ROOT / "tests" / "fixtures" / "outside"
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
# Files worth offering to easyread by default; one it cannot read is reported as skipped.
DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
NOT_DRAFTS = ("readme.md",)
CODE_USAGE = 2


class Unreadable(Exception):
    """easyread refused an input (exit code 2): the message is its own one-line reason."""


def easyread_env() -> dict[str, str]:
    """The environment for a child easyread: this checkout's src/ first on the path."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def easyread_command(*args: str) -> list[str]:
    """The command line that runs this checkout's easyread with the current Python."""
    return [sys.executable, "-m", "easyread", *args]


def run_easyread(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``easyread ARGS``; exit 0 and 1 are results, exit 2 raises Unreadable."""
    done = subprocess.run(easyread_command(*args), cwd=cwd, env=easyread_env(),
                          capture_output=True, text=True)
    if done.returncode == CODE_USAGE:
        raise Unreadable(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "exit code 2")
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise RuntimeError(f"easyread {' '.join(args)} failed with exit {done.returncode}:\n{done.stderr}")
    return done


def easyread_json(*args: str, cwd: Path = ROOT) -> dict:
    """The JSON document an easyread command prints."""
    return json.loads(run_easyread(*args, cwd=cwd).stdout)


def report_json(path: str, *extra: str) -> dict:
    """``easyread report PATH --format json`` (written to a temporary file, then read)."""
    with tempfile.TemporaryDirectory(prefix="easyread-bench-") as temp:
        target = Path(temp) / "report.json"
        run_easyread("report", path, "--format", "json", "-o", str(target), *extra)
        return json.loads(target.read_text(encoding="utf-8"))


def default_inputs() -> list[str]:
    """content/ and every draft-like file of the outside and drafts fixtures, as CLI paths."""
    files = [p for folder in (OUTSIDE, DRAFTS) if folder.is_dir() for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in DRAFT_SUFFIXES and p.name.lower() not in NOT_DRAFTS]
    return ["content", *(str(p.relative_to(ROOT)) for p in files)]


def by_id(items: Iterable[dict], key: str = "id") -> dict[str, dict]:
    """Competences (or any records) keyed by their id, in order."""
    return {item[key]: item for item in items}
