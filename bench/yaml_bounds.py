"""Time and peak memory of the worst YAML inputs easyread reads (issue 14).

    python bench/yaml_bounds.py

Each input runs in a fresh process (so peak memory is its own: the process's
maximum resident set, from ``getrusage``), through the reader an editor's file goes
through: ``easyread glossary check`` for the glossary, ``load_paths`` for front
matter, ``load_approvals`` for approved text. The goal (issue 14): no YAML input
takes more than a few seconds or a few hundred MB; each is refused with one line.
The baseline line is an empty Python process with easyread imported. CPU seconds
are given besides wall time: on a shared machine they are the steadier figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from fuzz import alias_yaml  # noqa: E402

from easyread.yamlio import CAREFUL_BYTES as CARE, MAX_YAML_BYTES  # noqa: E402

ENTRY = (ROOT / "tests" / "fixtures" / "glossary" / "small.yml").read_text(encoding="utf-8").split(
    "entries:\n", 1)[1].split("phrases:", 1)[0]

CASES = {
    "baseline (import only)": ("none", ""),
    "billion laughs 9x9, glossary": ("glossary", alias_yaml(9, 9, "flow", "end") + "version: 1\nentries: []\n"),
    "laughs 40 levels x2, glossary": ("glossary", alias_yaml(40, 2, "block", "end") + "version: 1\nentries: []\n"),
    "laughs 12x12 in a quote, front matter": ("front", alias_yaml(12, 12, "mapping", "quote")),
    "alias loop, approvals": ("approvals", alias_yaml(3, 3, "flow", "loop")),
    "10,000 aliases of one value, approvals": ("approvals", "a: &a x\nb: [" + ", ".join(["*a"] * 10_001) + "]\n"),
    "100,000-deep brackets, glossary": ("glossary", "version: 1\nentries: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "careful reader at its limit (a tag), glossary": (
        "glossary", "version: 1\nentries:\n" + ENTRY * (CARE // len(ENTRY) - 1) + "  - !!str x\n"),
    "glossary at the size limit, mistake on the last line": (
        "glossary", "version: 1\nentries:\n" + ENTRY * (MAX_YAML_BYTES // len(ENTRY) - 1) + "  - [unclosed\n"),
    "20 MB glossary (over the size limit)": (
        "glossary", "version: 1\nentries:\n" + ENTRY * (20_000_000 // len(ENTRY))),
}

RUNNER = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    kind, path = sys.argv[1], Path(sys.argv[2])
    from easyread.approvals import load_approvals
    from easyread.content import load_paths
    from easyread.errors import EasyReadError
    from easyread.glossary import load_glossary
    started = time.perf_counter()
    cpu_started = time.process_time()
    outcome = "read"
    try:
        if kind == "glossary":
            load_glossary(path)
        elif kind == "front":
            load_paths([path])
        elif kind == "approvals":
            load_approvals(path.parent.parent)
    except EasyReadError as error:
        outcome = str(error).split("error: ", 1)[1][:90]
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "outcome": outcome}))
""")


def write_case(folder: Path, kind: str, text: str) -> Path:
    if kind == "front":
        path = folder / "01-case.md"
        path.write_text("---\n" + text + "---\n# 1 A\n\n- An ability\n", encoding="utf-8")
    elif kind == "approvals":
        path = folder / "approved" / "01.yml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    else:
        path = folder / "glossary.yml"
        path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    print(f"{'input':48} {'size':>9} {'time':>8} {'CPU':>8} {'peak RSS':>9}  outcome")
    for name, (kind, text) in CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = write_case(Path(folder), kind, text)
            done = subprocess.run([sys.executable, "-c", RUNNER, kind, str(path), str(ROOT / "src")],
                                  capture_output=True, text=True, timeout=600)
            if done.returncode:
                print(f"{name:48} crashed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            result = json.loads(done.stdout)
            print(f"{name:48} {len(text.encode()) / 1024:7.0f}KB {result['seconds']:7.2f}s {result['cpu']:7.2f}s "
                  f"{result['peak_mb']:7.0f}MB  {result['outcome']}")


if __name__ == "__main__":
    main()
