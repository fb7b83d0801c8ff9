"""The editor's workspace (``easyread serve``) without a browser: writing approvals, the
service the app calls (check as you type, statuses, pictures, drafts, pasted text) and
the guard in front of every page (token, origin, CSRF, paths), through Flask's test
client. tests/test_workspace_browser.py drives the real server in Chromium.

The project is the tests' small framework (tests/browser/helpers.py: two domains, a
competence holding ``<script>``, a glossary that replaces "intervention") and a draft
letter in a folder of its own.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from browser.helpers import write_fixture
from easyread.approvals import (approval_key, approval_state, fingerprint, load_approvals, normalise_text,
                                write_approval)
from easyread.cli import main
from easyread.content import load_paths
from easyread.errors import ConflictError, InputError, Msg, OutputError
from easyread.workspace import service
from easyread.workspace.app import create_app

TOKEN = "test-token-123"
LETTER = """Dear Sam,

We would like to invite you to a meeting about the interventions we offer at the clinic.

The meeting will be held on Monday in the main building, and it will go on for two hours.
"""
LONG = ("Peer support workers always listen very carefully to every single person who comes "
        "to them for some help today.")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The fixture framework, with a settings file, and a letter in letters/ (read once)."""
    root = tmp_path_factory.mktemp("workspace")
    write_fixture(root)
    (root / "letters").mkdir()
    (root / "letters" / "letter.md").write_text(LETTER, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def workspace(project) -> service.Workspace:
    ws = service.Workspace(project / "content")
    ws.warm_up()
    return ws


@pytest.fixture
def fresh(tmp_path, project) -> Path:
    """A copy of the project a test may change (approvals written, files edited)."""
    target = tmp_path / "project"
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".easyread-cache"))
    return target


def competence(content: Path, competence_id: str):
    return next(c for c in load_paths([content]).competences() if c.id == competence_id)


def write(content: Path, competence_id: str, text: str, pictures=(), state: str | None = None, **kwargs):
    comp = competence(content, competence_id)
    seen = state if state is not None else approval_state(load_approvals(content), comp)
    return write_approval(content, comp, text, list(pictures), kwargs.pop("name", "Sam Editor"), seen, **kwargs)


# ---------------------------------------------------------------- approvals.write_approval


def test_an_approval_is_written_with_the_fingerprint_and_read_back(fresh):
    content = fresh / "content"
    path = write(content, "1.1.2", "Peer support workers build a relationship.\n\nIt is equal.",
                 pictures=["1F91D", None], today=datetime.date(2026, 1, 2))
    assert path == (content / "approved" / "01-values.yml").resolve()
    approval = load_approvals(content)["1.1.2"]
    assert approval.source == fingerprint(competence(content, "1.1.2"))
    assert (approval.approved_by, approval.approved_on) == ("Sam Editor", "2026-01-02")
    assert approval.text == "Peer support workers build a relationship.\n\nIt is equal.\n"
    assert approval.row_pictures() == ["1F91D"] and approval.picture == "1F91D"
    assert '"1.1.2":' in path.read_text(encoding="utf-8")      # ids stay quoted, never numbers


def test_entries_go_in_reading_order_and_comments_and_other_entries_are_kept(fresh):
    content = fresh / "content"
    (content / "approved").mkdir()
    hand = content / "approved" / "01-values.yml"
    hand.write_text('# kept: the editor\'s note\n"1.2.1":\n  source: abc\n  approved_by: Jo\n'
                    '  text: |\n    Hand written.\n', encoding="utf-8")
    write(content, "1.1.1", "Peer support workers listen.")
    write(content, "1.0.1", "Peer support workers know their job.")
    text = hand.read_text(encoding="utf-8")
    assert text.startswith("# kept: the editor's note\n")
    assert [m for m in re.findall(r'^"([\d.]+)":', text, re.MULTILINE)] == ["1.0.1", "1.1.1", "1.2.1"]
    assert load_approvals(content)["1.2.1"].text == "Hand written.\n"
    assert "\n\n\"1.1.1\":" in text                              # a blank line between entries


def test_a_changed_approval_or_source_refuses_the_save_and_changes_nothing(fresh):
    content = fresh / "content"
    comp = competence(content, "1.1.1")
    seen = approval_state(load_approvals(content), comp)
    write(content, "1.1.1", "Someone else was first.")
    before = (content / "approved" / "01-values.yml").read_bytes()
    with pytest.raises(ConflictError, match=r"\[E080\].*someone else saved an approval"):
        write(content, "1.1.1", "My text.", state=seen)
    seen = approval_state(load_approvals(content), comp)
    source = content / "01-values.md"
    source.write_text(source.read_text(encoding="utf-8").replace("listen to the person", "listen to people"),
                      encoding="utf-8")
    with pytest.raises(ConflictError, match="its source text was edited"):
        write(content, "1.1.1", "My text.", state=seen)
    assert (content / "approved" / "01-values.yml").read_bytes() == before


def test_empty_text_or_no_name_is_refused(fresh):
    content = fresh / "content"
    with pytest.raises(InputError, match=r"\[E083\]"):
        write(content, "1.1.1", " \n\n ")
    with pytest.raises(InputError, match=r"\[E084\]"):
        write(content, "1.1.1", "Text.", name="  ")
    assert not (content / "approved").exists()


def test_text_from_a_browser_box_is_tidied():
    assert normalise_text("One.  \r\n\r\n\t- Two.\r\n\n") == "One.\n\n    - Two.\n"


def test_approvals_are_only_written_inside_approved(fresh):
    content = fresh / "content"
    comp = competence(content, "1.1.1")
    evil = load_approvals(content)
    from easyread.approvals import Approval, approval_file
    evil["1.1.1"] = Approval("1.1.1", "x", "t", "", "", None, str(fresh / "elsewhere.yml"), 1)
    with pytest.raises(OutputError, match="only into"):
        approval_file(content, comp, evil)


def test_pictures_must_be_a_list(fresh):
    content = fresh / "content"
    (content / "approved").mkdir()
    (content / "approved" / "x.yml").write_text('"1.1.1":\n  source: a\n  text: t\n  pictures: 1F91D\n',
                                                encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E081\]"):
        load_approvals(content)


def test_a_drafts_paragraphs_are_approved_beside_it_and_build_uses_them(fresh):
    letters = fresh / "letters"
    (paragraph,) = [c for c in load_paths([letters]).competences() if c.id == "p2"]
    assert approval_key(paragraph) == "letter.md#p2"
    ws = service.Workspace(letters / "letter.md")
    item = ws.snapshot().items["letter.md/p2"]
    ws.approve("letter.md/p2", "We invite you to a meeting.\n\nIt is about the help we give.", [None, "1F4AC"],
               "Sam Editor", item.state)
    saved = YAML(typ="safe").load((letters / "approved" / "letter.yml").read_text(encoding="utf-8"))
    assert list(saved) == ["letter.md#p2"] and saved["letter.md#p2"]["pictures"] == [None, "1F4AC"]
    assert ws.snapshot().items["letter.md/p2"].status == service.APPROVED
    result = CliRunner().invoke(main, ["build", str(letters / "letter.md"), "-g", str(fresh / "glossary.yml"),
                                       "-o", str(fresh / "site"), "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = (fresh / "site" / "text-letter.html").read_text(encoding="utf-8")   # named after the draft
    assert "We invite you to a meeting." in page and "It is about the help we give." in page
    assert "static/pictures/1F4AC.svg" in page                 # the editor's picture for row 2


# ---------------------------------------------------------------- the service


def test_statuses_and_progress(workspace):
    snapshot = workspace.snapshot()
    assert not snapshot.error
    assert list(snapshot.items) == ["1.0.1", "1.1.1", "1.1.2", "1.1.3", "1.2.1", "2.1.1", "2.1.2"]
    assert snapshot.domains == ["1 Values of peer support", "2 Practice issues"]
    assert set(snapshot.counts()) == set(service.STATUSES)
    assert snapshot.ready == sum(i.status in (service.APPROVED, service.PASSES) for i in snapshot.items.values())
    for item in snapshot.items.values():
        assert item.status == (service.PASSES if item.version_check.passes else service.NEEDS_EDITOR)


def test_check_places_every_finding_in_the_box(workspace):
    item = workspace.snapshot().items["1.1.1"]
    text = ("Peer support workers listen.\n\n" + LONG.replace(" to them", "\n   to them") +
            "\n\n- The interventions we offer.\n* Three people.\n")
    checked = workspace.check(item, text, [])
    assert {"long-sentence", "clinical-wording.intervention", "number-words"} <= {p.finding.rule for p in checked.findings}
    for placed in checked.findings:
        assert placed.start is not None, placed.finding
        assert text[placed.start:placed.end] == placed.finding.text
    assert checked.verdict == "fails" and "long-sentence" in checked.reasons
    assert "reading age" in checked.reading
    assert len(checked.rows) == 2 and checked.rows[1].bullets     # a list belongs to the row above


def test_only_wording_suggestions_can_be_applied(workspace):
    item = workspace.snapshot().items["1.1.1"]
    checked = workspace.check(item, "Interventions help. " + LONG + " Three came.\n", [])
    by_rule = {p.finding.rule: p for p in checked.findings}
    assert by_rule["clinical-wording.intervention"].replacement == "Support"    # capital kept
    assert by_rule["number-words"].replacement == "3"
    assert by_rule["long-sentence"].replacement is None                         # advice, not wording


def test_the_preview_uses_the_sites_rows_pictures_and_explanations(workspace):
    item = workspace.snapshot().items["2.1.1"]
    checked = workspace.check(item, "They know about **advocacy**.\n\nThey listen to people.\n", [None, "1F4AC"])
    first, second = checked.rows
    shown = service.environment().get_template("_preview.html").render(item=item, checked=checked)
    assert ">advocacy</a></strong>" in shown and first.notes[0].entry_id == "advocacy"
    assert second.picture.code == "1F4AC" and second.picture.source == "editor"
    assert workspace.check(item, "Text.\n", ["not-a-picture"]).pictures == [None]


def test_picture_search_uses_keywords_and_names():
    assert service.search_pictures("listen")[0].code == "1F442"       # pictures.yml keyword -> the ear
    assert any(p.code == "1F4B7" for p in service.search_pictures("money"))
    assert service.search_pictures("zzzz-nothing") == []
    assert len(service.search_pictures("")) > 0


def test_pasted_text_is_checked_and_rewritten(workspace):
    pasted = workspace.check_pasted(LETTER, "letter.txt")
    assert [p.id for p in pasted.paragraphs] == ["p1", "p2", "p3"]
    rules = {f.rule for _, f in pasted.paragraphs[1].marked.findings}
    assert "clinical-wording.intervention" in rules
    assert "support" in " ".join(s for b in pasted.paragraphs[1].easy_read for s in b.sentences)


def test_uploads_must_be_text_files():
    assert service.read_upload("C:\\Users\\sam\\letter.md", b"Hello.\r\n") == ("letter.md", "Hello.\n")
    with pytest.raises(InputError, match=r"\[E086\]"):
        service.read_upload("letter.docx", b"PK")
    with pytest.raises(InputError, match=r"\[E002\]"):
        service.read_upload("letter.txt", "caf\u00e9".encode("cp1252"))


def test_a_broken_file_is_a_message_not_a_crash(fresh):
    (fresh / "content" / "approved").mkdir()
    (fresh / "content" / "approved" / "bad.yml").write_text("a: [\n", encoding="utf-8")
    snapshot = service.Workspace(fresh / "content").snapshot()
    assert snapshot.error.startswith(str(fresh / "content" / "approved" / "bad.yml"))
    assert "[E045]" in snapshot.error


def test_editor_name_comes_from_the_settings(fresh):
    (fresh / "easyread.toml").write_text('editor = "Alex Editor"\n', encoding="utf-8")
    assert service.Workspace(fresh / "content").editor_name() == "Alex Editor"
    (fresh / "easyread.toml").write_text("editor = 3\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"\[E088\]"):
        service.Workspace(fresh / "content").editor_name()


# ---------------------------------------------------------------- the app and its guard


@pytest.fixture
def client(fresh):
    ws = service.Workspace(fresh / "content")
    app = create_app(ws, TOKEN)
    app.config["TESTING"] = True
    return app.test_client(), fresh


def logged_in(client):
    response = client.get(f"/?token={TOKEN}")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


ORIGIN = {"Origin": "http://localhost"}


def test_every_page_needs_the_token(client):
    client, _ = client
    assert client.get("/").status_code == 403
    assert client.get("/c/1.1.1").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert client.get("/static/css/easyread.css").status_code == 200      # package files are public
    logged_in(client)
    assert client.get("/c/1.1.1").status_code == 200


def test_pages_show_statuses_and_progress(client):
    client, _ = client
    logged_in(client)
    page = client.get("/").get_data(as_text=True)
    assert re.search(r"<strong>\d of 7</strong> ready for the public version", page)
    only = client.get("/?domain=2+Practice+issues").get_data(as_text=True)
    assert 'href="/c/1.1.1"' not in only and "<caption>2 Practice issues</caption>" in only
    assert 'href="/c/2.1.1"' in only and "Showing 2 competences." in only
    status = next(s for s in service.STATUSES if f'"badge badge-{s}">' in page.split("<table")[1])
    shown = client.get(f"/?status={status}").get_data(as_text=True)
    assert all(f"badge-{status}" in row for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", shown, re.DOTALL))


def approve_form(client, csrf, url="1.1.1", text="Peer support workers listen to people.\n", **extra):
    page = client.get(f"/c/{url}").get_data(as_text=True)
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    data = {"csrf": csrf, "state": state, "text": text, "name": "Sam Editor", "picture": ["1F442"], **extra}
    return client.post(f"/c/{url}/approve", data=data, headers=ORIGIN)


def test_approve_writes_and_shows_approved(client):
    client, root = client
    csrf = logged_in(client)
    response = approve_form(client, csrf)
    assert response.status_code == 303, response.get_data(as_text=True)
    approval = load_approvals(root / "content")["1.1.1"]
    assert approval.text == "Peer support workers listen to people.\n" and approval.pictures == ("1F442",)
    page = client.get("/c/1.1.1").get_data(as_text=True)
    assert "Approved and saved in 01-values.yml." in page and "badge-approved" in page
    assert 'value="Sam Editor"' in page                                 # the name is remembered


def test_text_with_problems_is_approved_only_anyway(client):
    """A warning lost among the others is easy to approve by mistake (it happened to us)."""
    client, root = client
    csrf = logged_in(client)
    response = approve_form(client, csrf, text="The plan is written by the team.\n")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "[E089] the checker still finds 1 problem(s)" in body
    assert "passive &#39;is written&#39;" in body and 'name="anyway"' in body
    assert not (root / "content" / "approved").exists()
    response = approve_form(client, csrf, text="The plan is written by the team.\n", anyway="yes")
    assert response.status_code == 303
    assert load_approvals(root / "content")["1.1.1"].text == "The plan is written by the team.\n"


def test_a_conflict_keeps_the_editors_text(client):
    client, root = client
    csrf = logged_in(client)
    page = client.get("/c/1.1.2").get_data(as_text=True)
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    write(root / "content", "1.1.2", "The other editor's text.")
    response = client.post("/c/1.1.2/approve", headers=ORIGIN, data={
        "csrf": csrf, "state": state, "text": "My own careful text.", "name": "Sam"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "[E080] 1.1.2 was changed in 01-values.yml after you opened it" in body
    assert ">My own careful text.</textarea>" in body and "The other editor&#39;s text." in body
    assert load_approvals(root / "content")["1.1.2"].text == "The other editor's text.\n"


@pytest.mark.parametrize("headers, csrf", [
    ({}, True),                                          # no Origin and no Referer
    ({"Origin": "http://evil.example"}, True),           # cross-site
    ({"Referer": "http://evil.example/page"}, True),
    (ORIGIN, False),                                     # no CSRF token
])
def test_writes_from_elsewhere_are_refused_and_change_nothing(client, headers, csrf):
    client, root = client
    token = logged_in(client)
    page = client.get("/c/1.1.1").get_data(as_text=True)
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    data = {"state": state, "text": "Evil.", "name": "x", **({"csrf": token} if csrf else {})}
    assert client.post("/c/1.1.1/approve", data=data, headers=headers).status_code == 403
    assert not (root / "content" / "approved").exists()


def test_a_write_without_the_token_is_refused(client):
    client, root = client
    response = client.post("/c/1.1.1/approve", data={"text": "Evil.", "name": "x"}, headers=ORIGIN)
    assert response.status_code == 403 and not (root / "content" / "approved").exists()


@pytest.mark.parametrize("path", ["/c/../../glossary.yml", "/static/../approvals.py", "/c/%2e%2e/x",
                                  "/c/1.1.1/..%2f..%2fapproved"])
def test_paths_with_dot_dot_are_refused(client, path):
    client, _ = client
    logged_in(client)
    assert client.get(path).status_code == 400


def test_only_local_host_names_are_answered(client):
    client, _ = client
    logged_in(client)
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 403   # answered: no cookie there


def test_hostile_text_is_only_text(client):
    """The site's hostile-content cases (tests/test_hardening.py) in the workspace: in approved
    text, in the text box, in the preview, in pasted text and in picture codes."""
    client, root = client
    csrf = logged_in(client)
    hostile = '<script>alert(1)</script> and <img src=x onerror="alert(2)"> **<b>bold</b>**'
    write(root / "content", "1.1.3", hostile + "\n")
    page = client.get("/c/1.1.3").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = client.post("/api/check", json={"url": "1.1.3", "text": '<img src=x onerror="alert(1)"> **<b>x</b>**',
                                               "pictures": ["<script>"]},
                           headers={**ORIGIN, "X-CSRF-Token": csrf})
    data = response.get_json()
    assert response.status_code == 200
    assert "<img src=x" not in data["checked"] + data["preview"] and "<b>" not in data["preview"]
    assert "&lt;img src=x" in data["checked"]
    pasted = client.post("/check", data={"csrf": csrf, "text": "<script>alert(1)</script> is here."},
                         headers=ORIGIN).get_data(as_text=True)
    assert "<script>alert(1)" not in pasted and "&lt;script&gt;alert(1)&lt;/script&gt;" in pasted


def test_security_headers(client):
    client, _ = client
    logged_in(client)
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "frame-ancestors 'none'" in headers[
        "Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_api_check_answers_with_fragments(client):
    client, _ = client
    csrf = logged_in(client)
    data = client.post("/api/check", json={"url": "1.1.1", "text": LONG}, headers={**ORIGIN, "X-CSRF-Token": csrf}
                       ).get_json()
    assert data["errors"] >= 1 and "long-sentence" not in data["summary"]
    assert {f["rule"] for f in data["findings"]} >= {"long-sentence"}
    assert "keep sentences to 15 words" in data["checked"] and 'class="row' in data["preview"]
    assert client.post("/api/check", json={"url": "9.9.9", "text": "x"},
                       headers={**ORIGIN, "X-CSRF-Token": csrf}).status_code == 404
    assert client.get("/api/pictures?q=listen").get_json()[0]["code"] == "1F442"


def test_paste_page_checks_an_upload(client):
    client, _ = client
    csrf = logged_in(client)
    import io
    page = client.post("/check", headers=ORIGIN, content_type="multipart/form-data", data={
        "csrf": csrf, "text": "", "file": (io.BytesIO(LETTER.encode()), "letter.txt")}).get_data(as_text=True)
    assert "Results for letter.txt" in page and "of 3</strong> paragraphs pass" in page
    refused = client.post("/check", headers=ORIGIN, content_type="multipart/form-data", data={
        "csrf": csrf, "file": (io.BytesIO(b"PK"), "letter.docx")})
    assert refused.status_code == 400 and "only Markdown (.md) and text (.txt) files" in refused.get_data(as_text=True)


def test_messages_are_coded_templates():
    assert Msg.E080.format(competence="1.1", path="x.yml", why="w").startswith("[E080] 1.1 was changed")


def test_a_draft_with_an_odd_name_is_only_text_and_can_be_approved(tmp_path):
    """File names are data too: in links, in the page, and as the key of an approval."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    name = 'Tom & "Jerry" <img src=x onerror=alert(1)>.md'
    (folder / name).write_text("We offer support to people.\n\nWe talk to people every week.\n", encoding="utf-8")
    shutil.copy(Path(__file__).parent / "fixtures" / "drafts" / "glossary.yml", tmp_path / "glossary.yml")
    app = create_app(service.Workspace(folder), TOKEN)
    client = app.test_client()
    csrf = logged_in(client)
    overview = client.get("/").get_data(as_text=True)
    assert "<img src=x" not in overview and "&lt;img src=x onerror=alert(1)&gt;" in overview
    href = re.search(r'href="(/c/[^"]*p2)"', overview).group(1)
    assert "<" not in href and '"' not in href
    response = approve_form(client, csrf, url=href[len("/c/"):], text="We meet every week.\n")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    saved = load_approvals(folder)
    assert saved[f"{name}#p2"].text == "We meet every week.\n"
    assert (folder / "approved" / 'Tom & "Jerry" <img src=x onerror=alert(1)>.yml').exists()
