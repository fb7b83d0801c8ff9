"""Load on the editor's workspace: many editors typing at once, and approving.

    python bench/serve_load.py                      # 20 clients, 30 s, on a copy of content/
    python bench/serve_load.py --clients 5 --seconds 10

Starts ``python -m easyread serve`` on a free port in a temporary project (a copy of
content/ and glossary.yml, with the repository's cache copied in so the start is warm;
the repository itself is never written to). Each client is an editor with a browser
session of their own (the printed address with its token, then the page's CSRF token)
and a competence of their own. Every ``--every`` seconds (0.3) a client sends the text
typed so far to ``/api/check``, one more word each time, the way the page does after a
pause; a client waits for an answer before its next request (one request in flight,
like the page, which drops an older request when a newer one starts). Twice during the
run each client approves its text (POST of the form), and at the end the approval files
are read back: every client's last approval must be there, word for word.

First one editor types alone (the time a check takes when nobody else is typing).
Then prints the number of checks, errors, response times (median, p95, p99, max), the checks
per second the server answered, approvals saved and lost, whether the server is still
running, and the machine's load average (a shared machine's figures say little without
it). Timings belong here, never in unit tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from easyread.approvals import load_approvals  # noqa: E402  (the checkout's own package)


class Client:
    """One editor: a keep-alive connection, a session cookie and the page's CSRF token."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        status, headers, _ = self.request("GET", f"{parts.path}?{parts.query}")
        self.cookie = headers["Set-Cookie"].split(";", 1)[0]
        _, _, page = self.request("GET", "/")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        sent = {**({"Cookie": self.cookie} if getattr(self, "cookie", None) else {}), **(headers or {})}
        if method == "POST":
            sent.update({"Origin": self.origin, "X-CSRF-Token": self.csrf})
        self.connection.request(method, path, body=body.encode("utf-8"), headers=sent)
        response = self.connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")

    def check(self, url: str, text: str) -> int:
        body = json.dumps({"url": url, "text": text, "pictures": []})
        return self.request("POST", "/api/check", body, {"Content-Type": "application/json"})[0]

    def approve(self, url: str, text: str, name: str) -> int:
        _, _, page = self.request("GET", f"/c/{url}")
        state = re.search(r'name="state" value="([^"]+)"', page).group(1)
        form = urlencode({"csrf": self.csrf, "state": state, "text": text, "name": name, "anyway": "yes"})
        return self.request("POST", f"/c/{url}/approve", form,
                            {"Content-Type": "application/x-www-form-urlencoded"})[0]


def start_server(project: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "easyread", "serve", str(project / "content"), "--port", "0"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    for line in process.stdout:
        if "token=" in line:
            return process, line.strip()
    raise SystemExit("easyread serve did not start")


def copy_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "glossary.yml", folder / "glossary.yml")
    if (ROOT / ".easyread-cache").is_dir():
        shutil.copytree(ROOT / ".easyread-cache", folder / ".easyread-cache")
    return folder


def words_to_type(competence) -> list[str]:
    """The competence's source words, to type one by one (the editor rewrites as they go)."""
    return " ".join(span.text for span in competence.spans()).split()


def run_client(client: Client, competence_id: str, words: list[str], stop_at: float, every: float,
               approve_at: list[float], results: dict) -> None:
    typed = 3
    next_send = time.monotonic()
    last_text = ""
    while time.monotonic() < stop_at:
        text = " ".join(words[:typed]) + "."
        typed = typed + 1 if typed < len(words) else 3
        started = time.perf_counter()
        try:
            status = client.check(competence_id, text)
        except (OSError, http.client.HTTPException) as error:
            results["errors"].append(f"check {competence_id}: {error}")
            client.connection.close()
        else:
            results["times"].append(time.perf_counter() - started)
            if status != 200:
                results["errors"].append(f"check {competence_id}: HTTP {status}")
        if approve_at and time.monotonic() >= approve_at[0]:
            approve_at.pop(0)
            last_text = f"Peer support workers check this text ({competence_id}, {len(approve_at)})."
            status = client.approve(competence_id, last_text, f"load client {competence_id}")
            if status == 303:
                results["approved"][competence_id] = last_text
            else:
                results["errors"].append(f"approve {competence_id}: HTTP {status}")
        next_send += every
        time.sleep(max(0.0, next_send - time.monotonic()))


def one_editor(client: Client, competence_id: str, words: list[str]) -> list[float]:
    """How long a check takes with nobody else typing: the figure an editor feels."""
    times = []
    for count in range(3, min(len(words), 40) + 1):
        started = time.perf_counter()
        client.check(competence_id, " ".join(words[:count]) + ".")
        times.append(time.perf_counter() - started)
    return times


def cpu_seconds(process: subprocess.Popen | None) -> float | None:
    """The server's processor time so far (Linux /proc), or None where that cannot be read."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=0.3, help="seconds between a client's checks")
    parser.add_argument("--url", help="use a workspace that is already running (the address it printed) ...")
    parser.add_argument("--project", type=Path, help="... on this project folder (it gets approvals written)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="easyread-serve-load-") as folder:
        if args.url:
            project, process, url = args.project, None, args.url
        else:
            project = copy_project(Path(folder))
            started = time.monotonic()
            process, url = start_server(project)
            print(f"server ready in {time.monotonic() - started:.1f} s; load average {os.getloadavg()[0]:.1f}")
        from easyread.content import load_paths
        competences = list(load_paths([project / "content"]).competences())
        chosen = competences[:: max(1, len(competences) // args.clients)][:args.clients]
        clients = [Client(url) for _ in chosen]
        alone = one_editor(clients[0], chosen[0].id, words_to_type(chosen[0]))
        print(f"one editor typing alone (a check after each word, {len(alone)} checks): "
              f"median {statistics.median(alone) * 1000:.0f} ms, p95 {percentile(alone, 0.95) * 1000:.0f} ms, "
              f"max {max(alone) * 1000:.0f} ms")
        results: dict = {"times": [], "errors": [], "approved": {}}
        begin = time.monotonic()
        stop_at = begin + args.seconds
        threads = [threading.Thread(target=run_client, args=(
            client, competence.id, words_to_type(competence), stop_at, args.every,
            [begin + args.seconds / 3, begin + 2 * args.seconds / 3], results))
            for client, competence in zip(clients, chosen)]
        ids = [competence.id for competence in chosen]
        load_before = os.getloadavg()[0]
        cpu_before = cpu_seconds(process)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - begin
        cpu_after = cpu_seconds(process)
        alive = process.poll() is None if process else Client(url) is not None
        saved = load_approvals(project / "content")
        lost = [cid for cid, text in results["approved"].items()
                if cid not in saved or saved[cid].text != text + "\n"]
        if process:
            process.terminate()
            process.wait(10)

    times = results["times"]
    print(f"{len(ids)} clients, a check every {args.every} s each, for {args.seconds:.0f} s "
          f"(load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} cores)")
    print(f"checks answered: {len(times)} ({len(times) / elapsed:.1f} per second; "
          f"{len(ids) / args.every:.1f} asked for)")
    if cpu_before is not None and cpu_after is not None and times:
        print(f"server processor time: {cpu_after - cpu_before:.1f} s in {elapsed:.0f} s "
              f"({(cpu_after - cpu_before) / len(times) * 1000:.0f} ms per check, approvals included)")
    if times:
        print(f"response time: median {statistics.median(times) * 1000:.0f} ms, "
              f"p95 {percentile(times, 0.95) * 1000:.0f} ms, p99 {percentile(times, 0.99) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms")
    print(f"errors: {len(results['errors'])}" + (f" (first: {results['errors'][0]})" if results["errors"] else ""))
    print(f"approvals saved: {len(results['approved'])}, lost: {len(lost)}" + (f" {lost}" if lost else ""))
    print(f"server still running at the end: {'yes' if alive else 'NO'}")
    sys.exit(0 if alive and not lost and not results["errors"] else 1)


if __name__ == "__main__":
    main()
