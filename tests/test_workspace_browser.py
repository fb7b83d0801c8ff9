"""The editor's workspace in a real browser against a real server.

The test starts ``python -m easyread serve`` on a free local port, on a copy of the
tests' small framework in a temporary folder, reads the address it prints (with its
token), and drives it with Playwright in headless Chromium (/usr/bin/chromium, as
tests/test_browser.py does): type, see findings appear, apply a suggestion, approve,
see ``easyread build`` use the text, lose a race to a second editor without losing
the text, refuse writes from elsewhere, pass axe-core, work with the keyboard alone.
Screenshots of the overview and a competence page at 1280 and 390 wide go into
artifacts/.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from browser.helpers import ARTIFACTS, AXE, CHROMIUM, DESKTOP, PHONE, axe_violations, write_fixture
from browser.helpers import chromium  # noqa: F401  (the browser fixture)
from easyread.approvals import fingerprint, load_approvals
from easyread.cli import main
from easyread.content import load_paths

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]
playwright_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[test]')")
LONG = ("Peer support workers always listen very carefully to every single person who comes "
        "to them for some help today.")
START_SECONDS = 240   # a cold start reads the content, rewrites it and loads spaCy


class Server:
    """``easyread serve`` in a subprocess; ``url`` is the address it printed (with the token)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process = subprocess.Popen([sys.executable, "-m", "easyread", "serve", str(root / "content"),
                                         "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.url = self._address()
        parts = urlsplit(self.url)
        self.base = f"{parts.scheme}://{parts.netloc}"
        self.host, self.port = parts.hostname, parts.port

    def _address(self) -> str:
        found: list[str] = []
        reader = threading.Thread(target=lambda: found.extend(
            line.strip() for line in iter(self.process.stdout.readline, "") if "token=" in line), daemon=True)
        reader.start()
        deadline = time.monotonic() + START_SECONDS
        while not found and time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.2)
        if not found:
            self.stop()
            raise RuntimeError("easyread serve did not start: " + self.process.stderr.read())
        return found[0]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    write_fixture(root)
    running = Server(root)
    yield running
    running.stop()


def open_workspace(chromium, server, path="/", viewport=DESKTOP, **options):
    """A new browser (its own cookies) that opened the printed address, then ``path``."""
    context = chromium.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(server.url)
    page.goto(server.base + path)
    return context, page


def checked_text(page) -> str:
    return page.locator("#checked").inner_text()


def type_and_wait(page, text: str, expect: str) -> None:
    page.locator("#easy-read").fill("")
    page.locator("#easy-read").type(text, delay=5)
    page.wait_for_function("expected => document.getElementById('checked').innerText.includes(expected)",
                           arg=expect, timeout=15_000)


# ---------------------------------------------------------------- check, apply, approve, build


def test_typing_checks_applies_a_suggestion_and_approves(chromium, server):
    context, page = open_workspace(chromium, server, "/c/1.1.1")
    type_and_wait(page, LONG, "keep sentences to 15 words or fewer")
    assert "Does not pass yet" in page.locator("#check-status").inner_text()

    page.locator("#easy-read").press("End")
    page.locator("#easy-read").type("\n\nThey offer interventions.", delay=5)
    page.wait_for_selector("button.apply", timeout=15_000)
    page.locator("button.apply").first.click()
    assert "They offer support." in page.locator("#easy-read").input_value()
    page.wait_for_function("() => !document.getElementById('checked').innerText.includes('clinical wording')",
                           timeout=15_000)

    text = "Peer support workers listen to the person.\n\nThey listen with care."
    page.locator("#easy-read").fill(text)
    page.locator("#picture-2").select_option("1F4AC")
    page.locator("#approver").fill("Sam Editor")
    page.locator("#approve-button").click()
    page.wait_for_load_state("load")
    assert page.locator(".flash-success").inner_text() == "Approved and saved in 01-values.yml."
    assert "Approved" in page.locator("h1 .badge").inner_text()

    content = server.root / "content"
    approval = load_approvals(content)["1.1.1"]
    competence = next(c for c in load_paths([content]).competences() if c.id == "1.1.1")
    assert approval.source == fingerprint(competence) and approval.approved_by == "Sam Editor"
    assert approval.text == text + "\n" and approval.row_pictures() == [None, "1F4AC"]

    page.reload()
    assert page.locator("h1 .badge").inner_text() == "Approved"
    assert page.locator("#approver").input_value() == "Sam Editor"       # asked once, remembered
    context.close()

    result = CliRunner().invoke(main, ["build", str(content), "-g", str(server.root / "glossary.yml"),
                                       "-o", str(server.root / "site"), "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    built = (server.root / "site" / "domain-1.html").read_text(encoding="utf-8")
    row = re.search(r'data-competence="1.1.1">(.*?)</div>\s*</div>\s*</div>', built, re.DOTALL).group(1)
    assert "Peer support workers listen to the person." in row and "static/pictures/1F4AC.svg" in built


def test_the_second_editor_to_save_is_refused_and_keeps_their_text(chromium, server):
    first, page_a = open_workspace(chromium, server, "/c/1.1.2")
    second, page_b = open_workspace(chromium, server, "/c/1.1.2")
    page_b.locator("#easy-read").fill("Peer support workers treat people as equals.")
    page_b.locator("#approver").fill("Editor B")
    page_b.locator("#approve-button").click()
    page_b.wait_for_selector(".flash-success")

    mine = "Peer support workers and the person trust each other."
    page_a.locator("#easy-read").fill(mine)
    page_a.locator("#approver").fill("Editor A")
    page_a.locator("#approve-button").click()
    page_a.wait_for_load_state("load")
    assert "after you opened it" in page_a.locator(".flash-error").inner_text()
    assert page_a.locator("#easy-read").input_value() == mine
    assert "Editor B" in page_a.locator("#theirs-heading").inner_text()
    assert load_approvals(server.root / "content")["1.1.2"].approved_by == "Editor B"
    first.close()
    second.close()


# ---------------------------------------------------------------- refused requests


def raw(server, method: str, path: str, headers: dict | None = None, body: str = "") -> int:
    """A request exactly as written (no browser, no normalising of ``..``)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    status = connection.getresponse().status
    connection.close()
    return status


def session_of(chromium, server) -> tuple[str, str]:
    context, page = open_workspace(chromium, server, "/c/1.2.1")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    state = page.locator('input[name="state"]').get_attribute("value")
    context.close()
    return cookie, f"csrf={csrf}&state={state}&name=x&text=Evil."


def test_writes_without_the_token_from_elsewhere_or_with_dot_dot_are_refused(chromium, server):
    approved = server.root / "content" / "approved"
    before = {p.name: p.read_bytes() for p in approved.glob("*")} if approved.exists() else {}
    cookie, form = session_of(chromium, server)
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    assert raw(server, "POST", "/c/1.2.1/approve", {**form_type, "Origin": server.base}, form) == 403
    assert raw(server, "POST", "/c/1.2.1/approve",
               {**form_type, "Cookie": cookie, "Origin": "http://evil.example"}, form) == 403
    assert raw(server, "POST", "/c/1.2.1/approve",
               {**form_type, "Cookie": cookie, "Origin": server.base}, form.split("&", 1)[1]) == 403
    for path in ("/c/../../glossary.yml", "/c/1.2.1/../../../approved/approve", "/static/../approvals.py",
                 "/c/%2e%2e/%2e%2e/glossary.yml"):
        assert raw(server, "GET", path, {"Cookie": cookie}) == 400, path
    assert raw(server, "POST", "/c/../approve", {**form_type, "Cookie": cookie, "Origin": server.base}, form) == 400
    assert raw(server, "GET", "/", {"Host": "evil.example"}) == 400
    after = {p.name: p.read_bytes() for p in approved.glob("*")} if approved.exists() else {}
    assert after == before
    # and the same session with its token and origin may write: the refusals were not luck
    assert raw(server, "POST", "/c/1.2.1/approve", {**form_type, "Cookie": cookie, "Origin": server.base},
               form) == 303


# ---------------------------------------------------------------- accessibility and screenshots


PAGES = {"overview": "/", "competence": "/c/2.1.1", "paste": "/check"}


def test_axe_finds_no_violations_on_any_workspace_page(chromium, server):
    if not AXE.exists():
        pytest.skip("needs node_modules/axe-core (npm ci)")
    found = {}
    for name, path in PAGES.items():
        for viewport in (DESKTOP,):   # the phone layout is in the screenshots; axe's rules do not change with it
            # the page's Content-Security-Policy allows only its own scripts: let axe in
            context, page = open_workspace(chromium, server, path, viewport, bypass_csp=True)
            if name == "paste":
                page.locator("#paste-text").fill("We offer interventions to people for a period of 14 days.")
                page.get_by_role("button", name="Check and rewrite").click()
                page.wait_for_selector(".paste-result")
            violations = axe_violations(page)
            if violations:
                found[f"{name} {viewport['width']}"] = violations
            context.close()
    assert found == {}


FOCUS_VISIBLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                  && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent';
  const ring = outline || s.boxShadow !== 'none' || s.backgroundColor === 'rgb(255, 221, 0)';
  return {id: e.id, tag: e.tagName, ring};
}"""


def test_the_keyboard_alone_reaches_everything_and_approves(chromium, server):
    context, page = open_workspace(chromium, server, "/c/2.1.2")
    seen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_VISIBLE)
        seen.append(focus)
        if focus["id"] == "easy-read":
            break
    assert seen[-1]["id"] == "easy-read", "the text box cannot be reached with Tab"
    assert all(f["ring"] for f in seen), [f for f in seen if not f["ring"]]
    page.keyboard.press("Control+a")
    page.keyboard.type("Peer support workers talk about speaking up for people.")
    for _ in range(300):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_VISIBLE)
        assert focus["ring"], focus
        if focus["id"] == "approver":
            page.keyboard.type("Keyboard Editor")
        if focus["id"] == "approve-button":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash-success")
    assert load_approvals(server.root / "content")["2.1.2"].approved_by == "Keyboard Editor"
    context.close()


def test_screenshots_of_the_overview_and_a_competence(chromium, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("overview", "/"), ("competence", "/c/2.1.1")):
        for viewport in (DESKTOP, PHONE):
            context, page = open_workspace(chromium, server, path, viewport)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} scrolls sideways at {viewport['width']}px"
            page.screenshot(path=str(ARTIFACTS / f"workspace-{name}-{viewport['width']}.png"), full_page=True)
            context.close()


# ---------------------------------------------------------------- a short load (bench/serve_load.py is the long one)


def http_session(server) -> tuple[str, str]:
    """A session as a script gets one: the printed address, then the page's CSRF token."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    connection.request("GET", server.url[len(server.base):])
    response = connection.getresponse()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    response.read()
    connection.request("GET", "/", headers={"Cookie": cookie})
    page = connection.getresponse().read().decode("utf-8")
    connection.close()
    return cookie, "csrf=" + re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_a_few_typing_editors_at_once_get_answers(server):
    sessions = [http_session(server) for _ in range(4)]
    times: list[float] = []
    errors: list[str] = []

    def typist(cookie: str, csrf: str) -> None:
        words = LONG.split()
        for count in range(3, len(words), 2):
            body = json.dumps({"url": "1.2.1", "text": " ".join(words[:count]), "pictures": []})
            started = time.perf_counter()
            try:
                status = raw(server, "POST", "/api/check", {"Content-Type": "application/json", "Cookie": cookie,
                                                            "Origin": server.base, "X-CSRF-Token": csrf}, body)
            except OSError as error:
                errors.append(str(error))
                continue
            times.append(time.perf_counter() - started)
            if status != 200:
                errors.append(str(status))
            time.sleep(0.3)

    threads = [threading.Thread(target=typist, args=(cookie, re.search(r"csrf=([^&]+)", form).group(1)))
               for cookie, form in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(times) == 4 * len(range(3, len(LONG.split()), 2))
    assert server.process.poll() is None
