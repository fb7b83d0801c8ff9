"""The workspace's pages and the guard in front of them (Flask).

Pages are rendered on the server from Jinja templates (autoescape on, the site's own
environment), so text from a draft or typed by an editor is only ever text in the
page. A little plain JavaScript (``static/workspace.js``) checks the text box as the
editor types, applies suggestions and searches pictures; without it every page
still works through ordinary forms.

The guard (``before_request``), in the order it runs:

1. a path with ``..`` (or a backslash or NUL) is refused (400) before any routing;
2. the Host header must name this server when it listens on 127.0.0.1 (so a web
   page cannot reach it through DNS rebinding);
3. every page but the package's static files needs the token printed at start-up:
   ``/?token=...`` once per browser puts a session cookie (HttpOnly, SameSite=Strict)
   in its place, as Jupyter does;
4. every POST also needs the same origin (Origin, else Referer) and the session's
   own CSRF token (form field ``csrf`` or header ``X-CSRF-Token``).

The only writes are approvals, through ``service.Workspace.approve``, which writes
only inside the served folder's ``approved/``; no path from a request is opened:
competences are looked up by key in what was loaded.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, abort, jsonify, redirect, request, send_from_directory, session

from . import service

SITE_STATIC = service.SITE_STATIC
OWN_STATIC = Path(__file__).parent / "static"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
MAX_REQUEST = 2 * service.MAX_TEXT + 65_536   # text and an upload, in bytes of form data
NAME_COOKIE = "easyread-editor"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "font-src 'self'; connect-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def create_app(workspace: service.Workspace, token: str, *, host: str = "127.0.0.1", port: int = 0) -> Flask:
    """The Flask app for ``workspace``; ``token`` is the key printed with the address."""
    app = Flask(__name__, static_folder=None)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_REQUEST,
                      SESSION_COOKIE_NAME=f"easyread-serve-{port}", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Strict")
    pages = Pages(workspace)
    guard = Guard(token, loopback_only=host in LOOPBACK)
    app.before_request(guard.check)
    app.after_request(_headers)
    app.register_error_handler(400, lambda e: pages.message(400, "This request is not allowed.", str(e.description)))
    app.register_error_handler(403, lambda e: pages.message(403, "You need the workspace's key.", str(e.description)))
    app.register_error_handler(404, lambda e: pages.message(404, "There is nothing here.", str(e.description)))
    app.register_error_handler(405, lambda e: pages.message(405, "This page cannot be used that way.", ""))
    app.register_error_handler(500, lambda e: pages.message(500, "Something went wrong in the workspace.",
                                                            "Nothing was saved. The terminal running easyread serve "
                                                            "shows what happened."))
    app.register_error_handler(413, lambda e: pages.message(413, "That is too much text for one request.",
                                                            "Split it into smaller parts."))

    app.add_url_rule("/", "overview", pages.overview)
    app.add_url_rule("/c/<path:url>", "competence", pages.competence)
    app.add_url_rule("/c/<path:url>/approve", "approve", pages.approve, methods=["POST"])
    app.add_url_rule("/c/<path:url>/check", "check_form", pages.check_form, methods=["POST"])
    app.add_url_rule("/api/check", "api_check", pages.api_check, methods=["POST"])
    app.add_url_rule("/api/pictures", "api_pictures", pages.api_pictures)
    app.add_url_rule("/check", "paste", pages.paste, methods=["GET", "POST"])
    app.add_url_rule("/static/<path:name>", "site_static", lambda name: send_from_directory(SITE_STATIC, name))
    app.add_url_rule("/ws/<path:name>", "own_static", lambda name: send_from_directory(OWN_STATIC, name))
    app.add_url_rule("/favicon.ico", "favicon", lambda: Response(status=204))
    return app


def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        if name == "Cache-Control" and request.path.startswith(("/static/", "/ws/")):
            continue
        response.headers.setdefault(name, value)
    return response


# ---------------------------------------------------------------- the guard


class Guard:
    """Token, session, origin and CSRF checks for every request (see the module's docstring)."""

    def __init__(self, token: str, loopback_only: bool) -> None:
        self.token = token
        self.loopback_only = loopback_only

    def check(self) -> Response | None:
        if not _safe_path():
            abort(400, "The address holds '..' or characters that are not allowed in it.")
        if self.loopback_only and _host_name(request.host) not in LOOPBACK:
            abort(400, "This workspace answers only to addresses on this computer (127.0.0.1 or localhost).")
        if request.path.startswith(("/static/", "/ws/")) or request.path == "/favicon.ico":
            return None
        given = request.args.get("token")
        if given is not None:
            return self._log_in(given)
        if not session.get("in"):
            abort(403, "Open the address that easyread serve printed when it started: it holds the key.")
        if request.method == "POST":
            self._same_origin()
        return None

    def _log_in(self, given: str) -> Response | None:
        if not hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8")):
            abort(403, "The key in this address is not this workspace's key.")
        session.clear()
        session["in"] = True
        session["csrf"] = secrets.token_urlsafe(32)
        if request.method == "GET":
            return redirect(request.path, code=303)   # the key leaves the address bar and history
        self._same_origin()
        return None

    def _same_origin(self) -> None:
        """A POST must come from a page of this workspace, with this session's CSRF token."""
        ours = f"{request.scheme}://{request.host}"
        origin = request.headers.get("Origin")
        referer = request.headers.get("Referer")
        if origin is not None:
            same = origin == ours
        elif referer:
            parts = urlsplit(referer)
            same = f"{parts.scheme}://{parts.netloc}" == ours
        else:
            same = False
        if not same:
            abort(403, "This change did not come from a workspace page (cross-site request refused).")
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf") or ""
        if not hmac.compare_digest(sent.encode("utf-8"), str(session.get("csrf", "")).encode("utf-8")):
            abort(403, "This form is out of date or did not come from this workspace; reload the page.")


def _safe_path() -> bool:
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    for path in (request.path, unquote(urlsplit(raw).path)):
        if "\\" in path or "\0" in path or ".." in path.split("/"):
            return False
    return True


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# ---------------------------------------------------------------- the pages


class Pages:
    """One method per page; each reads the workspace through ``service`` and renders a template."""

    def __init__(self, workspace: service.Workspace) -> None:
        self.workspace = workspace
        self.env = service.environment()

    def render(self, template: str, code: int = 200, **context) -> Response:
        snapshot = context.get("snapshot") or self.workspace.snapshot()
        page = self.env.get_template(template).render(
            csrf=session.get("csrf", ""), folder=str(snapshot.content_dir), noun=_noun(snapshot),
            messages=context.pop("messages", []), current=request.path, **context)
        return Response(page, status=code, mimetype="text/html")

    def message(self, code: int, title: str, detail: str) -> Response:
        return self.render("message.html", code, page_title=title, title=title, detail=detail)

    # -------------------------------------------------------------- overview

    def overview(self) -> Response:
        snapshot = self.workspace.snapshot()
        if snapshot.error:
            return self.message(500, "The workspace cannot read your files.", snapshot.error)
        domain = request.args.get("domain", "")
        status = request.args.get("status", "")
        domain = domain if domain in snapshot.domains else ""
        status = status if status in service.STATUSES else ""
        items = [i for i in snapshot.items.values()
                 if (not domain or i.domain_label == domain) and (not status or i.status == status)]
        groups = [(label, [i for i in items if i.domain_label == label]) for label in snapshot.domains]
        return self.render("overview.html", snapshot=snapshot, page_title="All competences",
                           groups=[g for g in groups if g[1]], shown=len(items), domain=domain, status=status,
                           statuses=service.STATUSES, counts=snapshot.counts())

    # -------------------------------------------------------------- one competence

    def _item(self, url: str, latest: bool = False) -> service.Item:
        snapshot = self.workspace.latest() if latest else self.workspace.snapshot()
        if snapshot.error:
            abort(self.message(500, "The workspace cannot read your files.", snapshot.error))
        item = snapshot.items.get(url)
        if item is None:
            abort(404, f"No competence or paragraph is called {url!r} in this workspace.")
        return item

    def competence(self, url: str) -> Response:
        item = self._item(url)
        return self._competence_page(item, item.box_text, _pictures_of(item), messages=_flashes())

    def _competence_page(self, item: service.Item, text: str, pictures: list[str | None], *,
                         code: int = 200, messages: list | None = None, state: str | None = None,
                         theirs: service.Item | None = None, ask_anyway: bool = False) -> Response:
        checked = self.workspace.check(item, text, pictures)
        proposal = self.workspace.check(item, item.proposal.markdown(), [])
        name = self.workspace.editor_name()
        return self.render("competence.html", code, page_title=f"{item.competence.id} {item.domain_label}",
                           item=item, checked=checked, proposal=proposal, state=state or item.state, theirs=theirs,
                           editor=name, remembered=request.cookies.get(NAME_COOKIE, ""),
                           choices=service.all_pictures(), messages=messages or [], ask_anyway=ask_anyway,
                           approvals_file=self.workspace.approvals_file(item))

    def check_form(self, url: str) -> Response:
        """Without JavaScript: the "Check my text" button shows the page with the box checked."""
        item = self._item(url)
        return self._competence_page(item, request.form.get("text", ""), request.form.getlist("picture"),
                                     state=request.form.get("state", item.state))

    def approve(self, url: str) -> Response:
        item = self._item(url)
        text = request.form.get("text", "")
        pictures = request.form.getlist("picture")
        name = self.workspace.editor_name() or request.form.get("name", "").strip()
        try:
            path = self.workspace.approve(url, text, pictures, name, request.form.get("state", ""),
                                          anyway=request.form.get("anyway") == "yes")
        except service.NotYetError as error:
            return self._competence_page(item, text, pictures, code=422, state=request.form.get("state"),
                                         messages=[("error", error.message)], ask_anyway=True)
        except service.ConflictError as error:
            now = self.workspace.snapshot().items.get(url, item)
            return self._competence_page(now, text, pictures, code=409, state=now.state, theirs=now,
                                         messages=[("error", error.message)])
        except service.EasyReadError as error:
            return self._competence_page(item, text, pictures, code=400, state=request.form.get("state"),
                                         messages=[("error", error.message)])
        session.setdefault("flashes", []).append(("success", f"Approved and saved in {path.name}."))
        session.modified = True
        response = redirect(f"/c/{url}", code=303)
        if not self.workspace.editor_name():
            response.set_cookie(NAME_COOKIE, name, max_age=400 * 24 * 3600, httponly=True, samesite="Strict")
        return response

    def api_check(self) -> Response:
        data = request.get_json(silent=True)
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not isinstance(data.get("url"), str):
            abort(400, "Send JSON with 'url' and 'text'.")
        pictures = [p if isinstance(p, str) else None for p in data.get("pictures") or []][:500]
        item = self._item(data["url"], latest=True)
        try:
            checked = self.workspace.check(item, data["text"], pictures)
        except service.EasyReadError as error:
            return jsonify({"error": error.message}), 400
        shown_rows = data.get("rows")
        wanted = ("checked", "preview") if shown_rows == len(checked.rows) else ("checked", "preview", "pictures")
        parts = {name: self.env.get_template(f"_{name}.html").render(
                     checked=checked, item=item, choices=service.all_pictures()) for name in wanted}
        counts = checked.counts()
        return jsonify({**parts, "summary": self.env.get_template("_summary.html").render(checked=checked).strip(),
                        "rows": len(checked.rows), "codes": [row.picture.code for row in checked.rows],
                        "labels": checked.row_labels, "errors": counts["error"], "verdict": checked.verdict,
                        "reading": checked.reading, "findings": [_finding_json(p) for p in checked.findings]})

    def api_pictures(self) -> Response:
        query = request.args.get("q", "")[:200]
        return jsonify([{"code": c.code, "description": c.description, "src": "/" + c.path}
                        for c in service.search_pictures(query)])

    # -------------------------------------------------------------- paste-in checker

    def paste(self) -> Response:
        if request.method == "GET":
            return self.render("paste.html", page_title="Check any text", text="", result=None)
        text = request.form.get("text", "")
        name = "pasted.md"
        upload = request.files.get("file")
        try:
            if upload is not None and upload.filename:
                name, text = service.read_upload(upload.filename, upload.read(service.MAX_TEXT * 4 + 1))
            result = self.workspace.check_pasted(text, name) if text.strip() else None
        except service.EasyReadError as error:
            return self.render("paste.html", 400, page_title="Check any text", text=text, result=None,
                               messages=[("error", error.message)])
        return self.render("paste.html", page_title="Check any text", text=text, result=result)


def _finding_json(placed) -> dict:
    """A finding of the box for scripts: the check's own fields, and where it is in the text."""
    return {**placed.finding.as_dict(), "start": placed.start, "end": placed.end, "replacement": placed.replacement}


def _flashes() -> list:
    return session.pop("flashes", [])


def _pictures_of(item: service.Item) -> list[str | None]:
    return item.approval.row_pictures() if item.approval else []


def _noun(snapshot: service.Snapshot) -> str:
    framework = any(i.domain.is_framework for i in snapshot.items.values())
    return "competence" if framework or not snapshot.items else "paragraph"
