"""Handing the series over: each email service's merge tags, a real SMTP hop, the CLI flags,
the premailer seam and the build errors that protect a send."""

from __future__ import annotations

import datetime as dt
import email
import http.server
import json
import os
import smtplib
import socket
import subprocess
import sys
import threading
from email import policy
from typing import ClassVar

import pytest
from aiosmtpd.controller import Controller

from magwidget.newsletter import render as newsletter
from magwidget.newsletter.inline import ENGINES, inline
from magwidget.settings import load_settings
from magwidget.templates import make_env
from tests.conftest import ROOT, run_cli
from tests.test_newsletter import ARTICLE, IDS, TOTAL, folder

CONFIG = ROOT / "magwidget.yaml"
# The spellings each service documents, written here independently of magwidget/esp.py.
ESP_TAGS = {
    "mailchimp": ("*|UNSUB|*", "*|ARCHIVE|*"),
    "kit": ("{{unsubscribe_url}}", None),
    "buttondown": ("{{unsubscribe_url}}", "{{email_url}}"),
    "listmonk": ("{{UnsubscribeURL}}", "{{MessageURL}}"),
    "sendgrid": ("{{{unsubscribe}}}", None),
    "brevo": ("{{unsubscribe}}", "{{mirror}}"),
    "mailgun": ("%unsubscribe_url%", None),
}


def render(esp: str | None = None) -> dict[str, bytes]:
    """Render the seed series in memory with the committed settings."""
    settings, _ = load_settings(CONFIG, esp=esp)
    return newsletter.render(ARTICLE, make_env(), settings)


def issue_files(files: dict[str, bytes], ext: str) -> list[bytes]:
    """Return every issue's file with the given extension, in order."""
    return [data for rel, data in sorted(files.items()) if rel.endswith(f".{ext}")]


@pytest.mark.parametrize(("esp", "tags"), ESP_TAGS.items(), ids=list(ESP_TAGS))
def test_each_service_gets_its_merge_tags_byte_for_byte(esp, tags):
    unsubscribe, web_version = tags
    files = render(esp)
    html, text, eml = (issue_files(files, ext) for ext in ("html", "txt", "eml"))
    assert len(html) == len(text) == len(eml) == TOTAL
    for page in html:
        assert f'href="{unsubscribe}"'.encode() in page
        if web_version:
            assert f'href="{web_version}"'.encode() in page
        else:
            assert b"View this issue in your browser" not in page
    assert all(f"\n{unsubscribe}\n".encode() in page for page in text)
    for raw in eml:
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert msg["List-Unsubscribe"] is None  # the service adds its own
        assert unsubscribe in msg.get_body(("html",)).get_content()
    series = json.loads(files[f"{ARTICLE.slug}/newsletter/series.json"])
    assert series["esp"] == esp


def test_rendering_is_byte_identical_and_dated_only_by_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render()
    assert render() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    dated = issue_files(render(), "eml")[0]
    msg = email.message_from_bytes(dated, policy=policy.default)
    assert msg["Date"].datetime == dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


def test_a_fresh_process_builds_the_same_bytes(built_dist, tmp_path):
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "magwidget", "build", ROOT / "content", "--out", out]
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    subprocess.run([*map(str, command), "--config", str(CONFIG)], env=env, check=True)
    built = {p.name: p.read_bytes() for p in folder(built_dist).iterdir()}
    assert {p.name: p.read_bytes() for p in folder(out).iterdir()} == built


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_eml_survives_a_real_smtp_hop_on_loopback(built_dist):
    base = folder(built_dist) / IDS[2]
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            raw = base.with_suffix(".eml").read_bytes()
            client.sendmail("newsletter@example.com", ["reader@example.org"], raw)
    finally:
        controller.stop()
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["reader@example.org"]
    msg = email.message_from_bytes(envelope.content, policy=policy.default)
    assert msg["Subject"] == f"{ARTICLE.short_title} (3/{TOTAL}): {ARTICLE.sections[2].title}"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = msg.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert html == base.with_suffix(".html").read_text()
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == base.with_suffix(".txt").read_text()


def test_cli_flags_pick_the_service_and_date_the_series(run, tmp_path):
    out = tmp_path / "dist"
    flags = ["--esp", "listmonk", "--start", "2026-12-01", "--every", "3"]
    result = run("build", ROOT / "content", "--out", out, "--config", CONFIG, *flags)
    assert result.exit_code == 0, result.output
    series = json.loads((folder(out) / "series.json").read_text())
    assert series["esp"] == "listmonk"
    dates = [entry["send_date"] for entry in series["issues"]]
    assert dates[:3] == ["2026-12-01", "2026-12-04", "2026-12-07"]
    assert dates[-1] == "2026-12-31"
    assert b"{{UnsubscribeURL}}" in (folder(out) / f"{IDS[0]}.html").read_bytes()


@pytest.mark.parametrize(
    "flags",
    [
        ["--every", "3"],
        ["--esp", "hubspot"],
        ["--start", "01/12/2026"],
        ["--start", "2026-12-01", "--every", "0"],
    ],
    ids=["every-without-start", "unknown-esp", "bad-date", "every-zero"],
)
def test_bad_flags_are_usage_errors(run, tmp_path, flags):
    result = run("build", ROOT / "content", "--out", tmp_path / "dist", *flags)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "dist").exists()


class Recorder(http.server.BaseHTTPRequestHandler):
    """Serve a stylesheet and remember that it was asked for."""

    requests: ClassVar[list[str]] = []

    def do_GET(self):
        Recorder.requests.append(self.path)
        body = b".remote { color: red; }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.mark.parametrize("engine", ENGINES)
def test_inlining_never_fetches_linked_stylesheets(engine):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/remote.css"
        page = f'<html><head><link rel="stylesheet" href="{url}"></head>'
        out = inline(page + '<body><p class="remote">x</p></body></html>', engine=engine)
    finally:
        server.shutdown()
        server.server_close()
    assert Recorder.requests == []
    assert "color:red" not in out


@pytest.mark.parametrize("engine", ENGINES)
def test_merge_tags_are_protected_around_the_inliner(engine):
    page = '<html><body><a href="{{ unsubscribe }}">Unsubscribe</a></body></html>'
    if engine == "premailer":
        assert "{{ unsubscribe }}" not in inline(page)  # premailer alone percent-encodes it
    kept = inline(page, protect=("{{ unsubscribe }}",), engine=engine)
    assert 'href="{{ unsubscribe }}"' in kept


def test_premailer_is_imported_only_when_an_issue_is_inlined():
    code = (
        "import sys, magwidget.cli, magwidget.build, magwidget.newsletter.render;"
        "print('premailer' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_template_that_drops_the_unsubscribe_link_fails_the_build(project):
    override = project / "overrides"
    override.mkdir()
    (override / "issue.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        "<body><p>{{ issue.section.title }}</p></body></html>"
    )
    proc = run_cli("build", "--templates", override, cwd=project)
    assert proc.returncode == 1
    assert f"newsletter/{IDS[0]}.html: merge tag 'https://" in proc.stderr
    assert not (project / "dist").exists()


def test_an_issue_over_90_kb_fails_the_build_naming_it(run, project):
    paragraph = "Magnesium and the skin, measured carefully and then measured again. " * 4
    blocks = "".join(f"      - paragraph: {paragraph}\n" for _ in range(400))
    seed = project / "content" / "transdermal-magnesium.yaml"
    seed.write_text(
        seed.read_text() + f"  - id: long-read\n    title: Long read\n    blocks:\n{blocks}"
    )
    result = run("build")
    assert result.exit_code == 1
    assert f"{ARTICLE.slug}/newsletter/12-long-read.html is " in result.output
    assert "the limit is 90,000" in result.output
    assert not (project / "dist").exists()
