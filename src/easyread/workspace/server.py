"""Start the workspace: read the documents, warm the checker, listen, print the address.

Served by waitress: a pure-Python, multi-threaded WSGI server that runs the same on
Linux, macOS and Windows and needs no compiler (see the README, "Why these
libraries"). It listens on 127.0.0.1 unless ``--host`` says otherwise; the address it
prints holds a random key (the token), as Jupyter's does.
"""

from __future__ import annotations

import errno
import secrets
import sys
from pathlib import Path
from typing import Callable

import click

from ..errors import Msg, UsageError
from .app import LOOPBACK, create_app
from .service import Workspace

DEFAULT_PORT = 8765
THREADS = 8


def serve(path: str | Path | None = None, *, host: str = "127.0.0.1", port: int | None = None,
          echo: Callable[..., None] = click.echo) -> None:
    """Serve the workspace for ``path`` (default: the project's content/) until Ctrl+C."""
    import logging

    import waitress

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)   # "Task queue depth" is no news to an editor
    workspace = Workspace(path)
    echo(f"easyread serve: reading {workspace.content_dir} (the first time takes a minute) ...", err=True)
    workspace.warm_up()
    snapshot = workspace.snapshot()
    if snapshot.error:
        echo(f"easyread: warning: {snapshot.error}", err=True)
    token = secrets.token_urlsafe(24)
    app = create_app(workspace, token, host=host, port=port or 0)
    server = _listen(waitress, app, host, port)
    actual = server.effective_port
    app.config["SESSION_COOKIE_NAME"] = f"easyread-serve-{actual}"   # one cookie per workspace
    if host not in LOOPBACK:
        echo(f"easyread: warning: listening on {host}: other computers can reach this workspace; "
             "anyone with the address below can approve text", err=True)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    echo(f"{snapshot.ready} of {len(snapshot.items)} ready for the public version.", err=True)
    echo("Open this address in your browser (it holds the key to the workspace; keep it to yourself):")
    echo(f"    http://{shown}:{actual}/?token={token}")
    echo("Press Ctrl+C to stop.", err=True)
    sys.stdout.flush()
    server.run()   # until Ctrl+C (waitress stops its threads and returns)
    echo("easyread serve: stopped; everything approved was saved as it was approved.", err=True)


def _listen(waitress, app, host: str, port: int | None):
    """Bind ``port``; with no --port, 8765 or else any free port."""
    wanted = DEFAULT_PORT if port is None else port
    try:
        return waitress.create_server(app, host=host, port=wanted, threads=THREADS, ident="easyread")
    except OSError as error:
        if port is None and error.errno == errno.EADDRINUSE:
            return waitress.create_server(app, host=host, port=0, threads=THREADS, ident="easyread")
        raise UsageError(Msg.E087.format(host=host, port=wanted, why=error.strerror or error)) from None
