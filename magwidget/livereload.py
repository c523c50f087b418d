"""The preview server: 127.0.0.1 only, the built files plus the live-reload endpoints.

Owns the HTTP side of `magwidget serve`: the reload script added to served HTML (never to the
files on disk), the long-poll that tells pages to reload or show an error, and the busy-port
message. Knows nothing of building: serve.py publishes each rebuild to a Site.
"""

from __future__ import annotations

import errno
import http.server
import json
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from magwidget.errors import MagwidgetError

PREFIX = "/__magwidget/"
RELOAD_JS = Path(__file__).with_name("reload.js")
NO_BUILD = b"<!DOCTYPE html><title>magwidget serve</title><p>No good build yet.</p>\n"
WAIT_SECONDS = 25.0  # how long a reload request is held open before it answers "no change"


class Site:
    """The served build: its folder, the number of the last good build and the current error."""

    def __init__(self):
        self.root = Path()  # set once the temporary folder exists; unused before a good build
        self.attempt = 0  # every rebuild, good or not
        self.good = 0  # the attempt whose files are on disk
        self.error: str | None = None
        self.changed = threading.Condition()

    def publish(self, error: str | None) -> None:
        """Record one rebuild and wake every page waiting for news."""
        with self.changed:
            self.attempt += 1
            self.error = error
            if error is None:
                self.good = self.attempt
            self.changed.notify_all()

    def wait(self, since: int) -> dict:
        """Return the state once a rebuild newer than ``since`` happened (or after a while)."""
        with self.changed:
            self.changed.wait_for(lambda: self.attempt != since, timeout=WAIT_SECONDS)
            return {"attempt": self.attempt, "build": self.good, "error": self.error}


def bind(port: int, site: Site) -> http.server.ThreadingHTTPServer:
    """Listen on 127.0.0.1 only; a busy port names a free one."""
    handler = type("Handler", (Handler,), {"site": site})
    try:
        server = Server(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise MagwidgetError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
        free = free_port()
        raise MagwidgetError(f"port {port} is in use on 127.0.0.1; try --port {free}") from None
    server.daemon_threads = True
    return server


def free_port() -> int:
    """Return a port that is free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server(http.server.ThreadingHTTPServer):
    """A threading server that lets a page hang up mid-answer (it does when it reloads)."""

    def handle_error(self, request, client_address) -> None:
        """Ignore a client that went away; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the build; add the reload script to HTML responses only (never to built files)."""

    site: Site

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.site.root), **kwargs)

    def do_GET(self) -> None:
        """Answer the reload endpoints, else serve a built file."""
        parts = urlsplit(self.path)
        if parts.path == PREFIX + "reload.js":
            return self._send(RELOAD_JS.read_bytes(), "text/javascript; charset=utf-8")
        if parts.path == PREFIX + "wait":
            since = int((parse_qs(parts.query).get("since") or ["-1"])[0])
            state = json.dumps(self.site.wait(since)).encode()
            return self._send(state, "application/json")
        if not self.site.good:
            return self._send(self._inject(NO_BUILD), "text/html; charset=utf-8")
        file = Path(self.translate_path(parts.path))
        file = file / "index.html" if file.is_dir() else file
        if file.suffix != ".html" or not file.is_file():
            return super().do_GET()
        return self._send(self._inject(file.read_bytes()), "text/html; charset=utf-8")

    def _inject(self, html: bytes) -> bytes:
        tag = f'<script src="{PREFIX}reload.js" data-build="{self.site.good}" defer></script>'
        head, found, rest = html.partition(b"</head>")
        return head + tag.encode() + found + rest if found else html + tag.encode()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        """Forbid caching: a reload must fetch the new build."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args) -> None:
        """Stay quiet: the terminal shows rebuilds and errors, not every request."""
