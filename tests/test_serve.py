"""`magwidget serve` as a real subprocess on a free loopback port: live reload, the error
overlay, recovery, the warm rebuild, a busy port and a clean Ctrl-C."""

from __future__ import annotations

import queue
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from magwidget.livereload import free_port
from magwidget.serve import Builder

ARTICLE = Path("content") / "transdermal-magnesium.yaml"
TITLE = "title: Why Transdermal Magnesium Can Feel Fast"
STRICT = "default-src 'self'"


class Server:
    """A `magwidget serve` subprocess; its output lines arrive on queues."""

    def __init__(self, cwd: Path, *args: str):
        self.port = free_port()
        command = [sys.executable, "-m", "magwidget", "serve", "--port", str(self.port), *args]
        self.proc = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.out: queue.Queue[str] = queue.Queue()
        self.err: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        self.pumps = [
            threading.Thread(target=self._pump, args=(stream, lines), daemon=True)
            for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))
        ]
        for pump in self.pumps:
            pump.start()
        self.url = f"http://127.0.0.1:{self.port}"

    def _pump(self, stream, lines: queue.Queue) -> None:
        with stream:
            for line in stream:
                lines.put(line)
                if lines is self.err:
                    self.stderr.append(line)

    def expect(self, pattern: str, lines: queue.Queue | None = None) -> re.Match:
        """Wait for an output line matching ``pattern``; return the match."""
        while True:
            line = (lines or self.out).get(timeout=60)
            if match := re.search(pattern, line):
                return match

    def get(self, path: str) -> str:
        """Return the served body of ``path``."""
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode()

    def stop(self) -> int:
        """Send Ctrl-C (SIGINT) and return the exit status once all output is read."""
        self.proc.send_signal(signal.SIGINT)
        status = self.proc.wait(timeout=20)
        for pump in self.pumps:
            pump.join(timeout=10)
        return status


@pytest.fixture
def server(project):
    """A started server in a copy of the project; stopped (if still running) afterwards."""
    started = Server(project)
    started.root = Path(started.expect(r"^Building into (.+) \(never dist/\)$").group(1))
    started.expect("^Serving the preview gallery at ")
    yield started
    if started.proc.poll() is None:
        started.stop()


def strict_csp(route):
    """Serve the page with a strict Content-Security-Policy header, as a careful host would."""
    response = route.fetch()
    route.fulfill(
        response=response, headers={**response.headers, "content-security-policy": STRICT}
    )


def test_edit_reloads_error_shows_overlay_and_fix_recovers(server, project, browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/index.html", strict_csp)
    page.goto(server.url + "/index.html")
    heading = page.locator("h2").first
    assert heading.text_content() == "Why Transdermal Magnesium Can Feel Fast"
    source = project / ARTICLE
    text = source.read_text()

    source.write_text(text.replace(TITLE, TITLE + " Edited"))
    expect(heading).to_have_text(re.compile(" Edited$"), timeout=20_000)

    source.write_text(text.replace(TITLE, TITLE + " Edited") + "  - broken: [\n")
    overlay = page.locator("#magwidget-error")
    overlay.wait_for(timeout=20_000)
    line = len(text.splitlines()) + 2
    assert f"{ARTICLE}:{line}:1: error: invalid YAML" in overlay.text_content()
    server.expect(f"{ARTICLE}:{line}:1: error: invalid YAML", server.err)
    assert heading.text_content().endswith(" Edited"), "the last good build stays served"
    assert "Edited" in server.get("/transdermal-magnesium/index.html")

    source.write_text(text.replace(TITLE, TITLE + " Fixed"))
    expect(heading).to_have_text(re.compile(" Fixed$"), timeout=20_000)
    assert overlay.count() == 0
    assert errors == [], "no console error, no CSP violation"
    context.close()
    assert server.stop() == 0
    assert "Traceback" not in "".join(server.stderr)
    assert not server.root.parent.exists(), "Ctrl-C removes the temporary build"
    assert not (project / "dist").exists(), "serve never writes dist/"


def test_start_prints_the_content_warnings_once(server):
    server.expect(rf"^{ARTICLE}:\d+:\d+: warning: url: example\.com is a placeholder", server.err)


def test_reload_script_goes_into_served_html_only(server):
    served = server.get("/transdermal-magnesium/index.html")
    assert '<script src="/__magwidget/reload.js"' in served
    built = (server.root / "transdermal-magnesium" / "index.html").read_text()
    assert "__magwidget" not in built
    assert (
        served.replace(re.search(r"<script src=\"/__magwidget/.*?</script>", served)[0], "")
        == built
    )
    assert "__magwidget" not in server.get("/transdermal-magnesium/widget/widget.js")
    assert server.get("/__magwidget/reload.js").startswith("// Live reload")


def test_busy_port_names_a_free_one(project, tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, "-m", "magwidget", "serve", "--port", str(port)]
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert list(temp.iterdir()) == [], "a refused start leaves no temporary folder"
    match = re.fullmatch(
        rf"Error: port {port} is in use on 127\.0\.0\.1; try --port (\d+)\n", result.stderr
    )
    assert match, result.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", int(match[1])))


def test_warm_rebuild_renders_only_what_changed(project, tmp_path):
    builder = Builder([Path("content")], tmp_path / "site")
    first = builder.rebuild(templates_changed=False)
    assert first == len(list((tmp_path / "site" / "transdermal-magnesium").rglob("*.*")))
    assert builder.rebuild(templates_changed=False) == 0
    assert builder.rebuild(templates_changed=True) == first
    source = project / ARTICLE
    source.write_text(source.read_text().replace(TITLE, TITLE + " Edited"))
    assert builder.rebuild(templates_changed=False) == first
    assert "Edited" in (tmp_path / "site" / "index.html").read_text()


def test_template_override_added_while_serving_is_picked_up(project):
    (project / "templates").mkdir()
    server = Server(project)
    try:
        server.expect("^Serving the preview gallery at ")
        (project / "templates" / "page.html").write_text(
            '{% extends "default:page.html" %}\n{% block toc %}<p>No contents</p>{% endblock %}\n'
        )
        server.expect(r"^Rebuilt in .* \(templates/page\.html changed; \d+ files")
        page = server.get("/transdermal-magnesium/index.html")
        assert "<p>No contents</p>" in page
        assert 'class="toc"' not in page
    finally:
        assert server.stop() == 0


def test_broken_at_start_shows_the_error_then_serves_the_fix(project, browser):
    source = project / ARTICLE
    text = source.read_text()
    source.write_text(text.replace(TITLE, "title: [unclosed"))
    server = Server(project)
    try:
        server.expect(f"{ARTICLE}:", server.err)
        server.expect("^Serving the preview gallery at ")
        page = browser.new_page()
        page.goto(server.url + "/")
        overlay = page.locator("#magwidget-error")
        overlay.wait_for(timeout=20_000)
        assert f"{ARTICLE}:" in overlay.text_content()
        source.write_text(text)
        expect(page.locator("h1")).to_have_text("Preview gallery", timeout=20_000)
        assert overlay.count() == 0
        page.close()
    finally:
        assert server.stop() == 0


def test_open_flag_opens_the_gallery_in_a_browser(project, monkeypatch):
    opened = project / "opened.txt"
    script = f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])"
    monkeypatch.setenv("BROWSER", f"{sys.executable} -c {shlex.quote(script)} %s")
    server = Server(project, "--open")
    try:
        server.expect("^Serving the preview gallery at ")
        for _ in range(200):
            if opened.exists() and opened.read_text():
                break
            time.sleep(0.05)
        assert opened.read_text() == f"{server.url}/"
    finally:
        assert server.stop() == 0


def test_ctrl_c_during_the_first_build_exits_cleanly(project):
    server = Server(project)
    try:
        root = Path(server.expect(r"^Building into (.+) \(never dist/\)$").group(1))
        assert server.stop() == 0
    finally:
        if server.proc.poll() is None:  # it hung: do not leave it behind
            server.proc.kill()
            server.proc.wait()
    assert "Traceback" not in "".join(server.stderr)
    assert not root.parent.exists()
