"""`magwidget serve`: build into a temporary folder, serve it on 127.0.0.1, rebuild on change.

Owns the warm rebuild (each article re-rendered only when it, the settings or the templates
changed), the polling watcher and the live-reload endpoints. Never writes dist/: the build
stages are build.py's and the files go to a temporary folder through writer.py.
"""

from __future__ import annotations

import errno
import http.server
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import click

from magwidget import build, writer
from magwidget.errors import MagwidgetError
from magwidget.load import SUFFIXES, display_name
from magwidget.templates import make_env, twin_warnings

PREFIX = "/__magwidget/"
RELOAD_JS = Path(__file__).with_name("reload.js")
NO_BUILD = b"<!DOCTYPE html><title>magwidget serve</title><p>No good build yet.</p>\n"
POLL_SECONDS = 0.05  # how often the watcher looks at mtimes
WAIT_SECONDS = 25.0  # how long a reload request is held open before it answers "no change"


class Site:
    """The served build: its folder, the number of the last good build and the current error."""

    def __init__(self, root: Path):
        self.root = root
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


class Builder:
    """A warm process: one Jinja environment and the files of each article it last rendered."""

    def __init__(self, paths: list[Path], options: build.Options, out: Path):
        self.paths, self.options, self.out = paths, options, out
        self.env = make_env(options.templates)  # auto_reload re-reads a changed template
        self.cache: dict[tuple, dict[str, bytes]] = {}
        self.written: dict[str, bytes] = {}  # what ``out`` holds now

    def rebuild(self, templates_changed: bool) -> int:
        """Render what changed, write what differs to ``out``; return the files rendered."""
        if templates_changed:
            self.cache.clear()
        config, articles, _warnings = build.load_inputs(self.paths, self.options)
        files: dict[str, bytes] = {}
        cache, rendered = {}, 0
        for article in articles:
            key = (article, repr(config))
            if key not in self.cache:
                self.cache[key] = build.render_article(article, self.env, config, self.options)
                rendered += len(self.cache[key])
            cache[key] = self.cache[key]
            build.add_files(files, cache[key])
        build.add_files(files, build.render_site(articles, files, self.env))
        self.cache = cache
        self._sync(writer.with_manifest(files))
        return rendered

    def _sync(self, files: dict[str, bytes]) -> None:
        """Write the files that differ from the last build, each atomically; delete the gone."""
        for rel, data in files.items():
            if self.written.get(rel) != data:
                target = self.out / writer.safe_path(rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.partial")
                partial.write_bytes(data)
                os.replace(partial, target)
        for rel in self.written.keys() - files.keys():
            (self.out / rel).unlink(missing_ok=True)
        self.written = files


def watched(paths: list[Path], config: Path | None, templates: Path | None) -> dict[Path, tuple]:
    """Return (mtime, size) of every input file: articles, settings and templates."""
    files = [config] if config else []
    for path in paths:
        files += [p for p in path.rglob("*") if p.suffix in SUFFIXES] if path.is_dir() else [path]
    if templates and templates.is_dir():
        files += [p for p in templates.rglob("*") if p.is_file()]
    stamps = {}
    for file in files:
        try:
            stat = file.stat()
            stamps[file] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue
    return stamps


def serve(paths: list[Path], options: build.Options, port: int, open_browser: bool) -> None:
    """Build, serve on 127.0.0.1:``port`` and rebuild on every change until Ctrl-C."""
    paths, config = build.inputs(paths, options)
    if options.templates is None and Path("templates").is_dir():
        options = build.Options(**{**options.__dict__, "templates": Path("templates")})
    signal.signal(signal.SIGTERM, _interrupt)
    temp = Path(tempfile.mkdtemp(prefix="magwidget-serve-"))
    site = Site(temp / "site")
    server = _bind(port, site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        builder = Builder(paths, options, site.root)
        click.echo(f"Building into {site.root} (never dist/)")
        for warning in twin_warnings(options.templates):
            click.echo(str(warning), err=True)
        _rebuild(builder, site, templates_changed=False, reason="start")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        click.echo(f"Serving the preview gallery at {url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(url)
        _watch(builder, site, paths, config, options.templates)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(temp, ignore_errors=True)


def _interrupt(signum, frame) -> None:
    """Stop on SIGTERM as on Ctrl-C: the finally clause removes the temporary folder."""
    raise KeyboardInterrupt


def _watch(builder, site, paths, config, templates) -> None:
    """Poll the inputs' mtimes; rebuild when any changed."""
    before = watched(paths, config, templates)
    while True:
        time.sleep(POLL_SECONDS)
        now = watched(paths, config, templates)
        if now == before:
            continue
        while now != (settled := _settle(paths, config, templates)):
            now = settled  # an editor still saving: wait until the files hold still
        changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
        before = now
        in_templates = bool(templates) and any(p.is_relative_to(templates) for p in changed)
        names = ", ".join(sorted(display_name(p) for p in changed))
        _rebuild(builder, site, in_templates, f"{names} changed")


def _settle(paths, config, templates) -> dict[Path, tuple]:
    """Return the inputs' stamps after one more poll interval."""
    time.sleep(POLL_SECONDS)
    return watched(paths, config, templates)


def _rebuild(builder: Builder, site: Site, templates_changed: bool, reason: str) -> None:
    """Rebuild and publish; on failure print the error and keep the last good build."""
    start = time.perf_counter()
    try:
        rendered = builder.rebuild(templates_changed)
    except MagwidgetError as exc:
        problems = getattr(exc, "problems", [])
        message = "\n".join(str(p) for p in problems if not p.warning) or exc.format_message()
        click.echo(f"Error ({reason}):\n{message}", err=True)
        site.publish(message)
        return
    seconds = time.perf_counter() - start
    click.echo(f"Rebuilt in {seconds:.2f} s ({reason}; {rendered} files re-rendered)")
    site.publish(None)


def _bind(port: int, site: Site) -> http.server.ThreadingHTTPServer:
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
