"""Shared fixtures: the CLI runner, a built dist/, a loopback web server and real chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from magwidget.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED_YAML = ROOT / "content" / "transdermal-magnesium.yaml"
SEED_TEXT = Path(__file__).parent / "fixtures" / "seed-article.txt"
BAD = Path(__file__).parent / "fixtures" / "bad"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def run():
    """Invoke the real CLI in-process; return the Click result (stdout and stderr kept apart)."""

    def invoke(*args: str):
        return CliRunner().invoke(cli, [str(a) for a in args])

    return invoke


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the repository's content/ and magwidget.yaml in a temp folder, as the cwd."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    if (ROOT / "magwidget.yaml").exists():
        shutil.copy(ROOT / "magwidget.yaml", tmp_path / "magwidget.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep every build's cache of inlined issues in a temp folder, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAGWIDGET_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory) -> Path:
    """dist/ built once per session from the seed article by the real CLI."""
    return build_seed(tmp_path_factory.mktemp("built") / "dist")


@pytest.fixture(scope="session", params=["premailer", "css-inline"])
def each_inliner_dist(request, tmp_path_factory) -> Path:
    """dist/ built from the seed once with each CSS inliner (``--inliner``)."""
    out = tmp_path_factory.mktemp(request.param) / "dist"
    return build_seed(out, "--inliner", request.param)


def build_seed(out: Path, *flags: str) -> Path:
    """Build the seed article into ``out`` with the real CLI and the committed settings."""
    config = ROOT / "magwidget.yaml"
    result = CliRunner().invoke(
        cli, ["build", str(ROOT / "content"), "--out", str(out), "--config", str(config), *flags]
    )
    assert result.exit_code == 0, result.output
    return out


def run_cli(*args, cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    """Run the real CLI in a fresh interpreter; fail on any traceback (CliRunner hides them)."""
    proc = subprocess.run(
        [sys.executable, "-m", "magwidget", *(str(a) for a in args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; return (base_url, server)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


class QuietServer(http.server.ThreadingHTTPServer):
    """Ignore clients that hang up mid-reply (chromium does, for its own /favicon.ico)."""

    def handle_error(self, request, client_address):
        pass


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request to stderr."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (its own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
