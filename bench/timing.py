"""Whole-process timings for the benchmarks: wall time, CPU time and peak memory of a command.

Every measured command runs as the child of a small wrapper process, which waits for
it and reads ``resource.getrusage(RUSAGE_CHILDREN)``: the CPU time (user + system) of
the command and every process it started, and the largest resident size of any of
them (peak memory). The wrapper prints one JSON line; nothing of the wrapper itself
is counted. The machine's 1-minute load average is noted just before each run: on a
shared machine a wall time taken under load says little, the CPU time more. Timings
belong in bench/, never in unit tests.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# Runs the command as its child and reports its wall time, exit code, CPU time and peak memory.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "code": done.returncode,
                  "peak_kb": usage.ru_maxrss, "stderr": done.stderr[-2000:]}))
"""


def timed(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
          ok_codes: Sequence[int] = (0, 1)) -> dict:
    """One run of ``command``: {wall, cpu, code, peak_kb, stderr, load}."""
    load = os.getloadavg()[0]
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    if result["code"] not in ok_codes or "Traceback" in result["stderr"]:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}: exit {result['code']}\n{result['stderr']}")
    return result | {"load": load}


def repeated(runs: int, command: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
             before: Callable[[], None] | None = None) -> list[dict]:
    """``runs`` runs of a command, each after ``before()`` (e.g. clearing a cache)."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(command, cwd, env))
    return results


def best(results: list[dict]) -> dict:
    """The fastest run (the least disturbed by the rest of the machine), with all wall times."""
    fastest = min(results, key=lambda r: r["wall"])
    return fastest | {"all": [round(r["wall"], 2) for r in results]}


def median(results: list[dict]) -> dict:
    """The median of each figure over the runs, with all wall times."""
    return {"wall": statistics.median(r["wall"] for r in results),
            "cpu": statistics.median(r["cpu"] for r in results),
            "peak_kb": statistics.median(r["peak_kb"] for r in results),
            "load": statistics.median(r["load"] for r in results),
            "all": [round(r["wall"], 2) for r in results]}
