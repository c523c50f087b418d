"""`magwidget send` against a real SMTP server on 127.0.0.1: personalised messages, STARTTLS and
AUTH, dropped connections, SIGKILL, 4xx/5xx replies, bad CSV rows and header injection."""

from __future__ import annotations

import collections
import contextlib
import email
import mailbox
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from magwidget import unsubscribe
from tests.conftest import ROOT

SECRET = "test-secret-not-for-production"
UNSUB = "https://example.com/newsletter/unsubscribe?u={email}&t={token}"
SETTINGS = (ROOT / "magwidget.yaml").read_text().replace(
    "unsubscribe_url: https://example.com/newsletter/unsubscribe", f'unsubscribe_url: "{UNSUB}"'
) + "smtp:\n  retries: 2\n  backoff_seconds: 0.05\n"
TEN = [f"reader{n}@example.org" for n in range(10)]
ENV = {**os.environ, "MAGWIDGET_UNSUBSCRIBE_SECRET": SECRET}
for key in ("MAGWIDGET_SMTP_HOST", "MAGWIDGET_SMTP_PORT", "MAGWIDGET_SMTP_USER"):
    ENV.pop(key, None)
ENV.pop("MAGWIDGET_SMTP_PASSWORD", None)


class Inbox:
    """An aiosmtpd handler that keeps every accepted message and can misbehave on request."""

    def __init__(self):
        self.envelopes = []
        self.drop_after: int | None = None  # close the connection instead of accepting more
        self.replies: dict[str, list[str]] = {}  # recipient -> replies to give before accepting

    async def handle_RCPT(self, server, session, envelope, address, options):
        if queued := self.replies.get(address):
            return queued.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_after is not None and len(self.envelopes) >= self.drop_after:
            server.transport.close()
            return "421 closing"
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        """Return (recipient, parsed message) for everything accepted."""
        parsed = []
        for envelope in self.envelopes:
            msg = email.message_from_bytes(envelope.content, policy=policy.default)
            parsed.extend((rcpt, msg) for rcpt in envelope.rcpt_tos)
        return parsed


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project whose unsubscribe_url carries {email} and {token}, built once."""
    root = tmp_path_factory.mktemp("sendproject")
    shutil.copytree(ROOT / "content", root / "content")
    (root / "magwidget.yaml").write_text(SETTINGS)
    command = [sys.executable, "-m", "magwidget", "build", "content", "--out", "dist"]
    subprocess.run(command, cwd=root, env=ENV, check=True, capture_output=True)
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A fresh copy of the built project (so each test starts with an empty journal)."""
    shutil.copytree(built, tmp_path / "p")
    return tmp_path / "p"


@pytest.fixture
def inbox():
    """A plain SMTP server on 127.0.0.1 at a free port."""
    handler = Inbox()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


def send(project: Path, port: int, *args: str, env=None, tls=("--no-tls",), **popen):
    """Run `magwidget send` in a real process against the server; return the finished process."""
    command = [sys.executable, "-m", "magwidget", "send", *args, "--smtp-host", "127.0.0.1"]
    command += ["--smtp-port", str(port), *tls]
    return subprocess.run(
        command, cwd=project, env=env or ENV, capture_output=True, text=True, check=False, **popen
    )


def journal(project: Path) -> list[tuple]:
    """Return (recipient, status, reply) rows of the send journal."""
    with sqlite3.connect(project / "magwidget-send.sqlite3") as db:
        return sorted(db.execute("select recipient, status, reply from deliveries"))


def counts(inbox: Inbox) -> collections.Counter:
    return collections.Counter(rcpt for rcpt, _ in inbox.messages())


def test_a_test_send_is_personalised_per_recipient(project, inbox):
    done = send(project, inbox.port, "3", "--to", "me@example.org", "--to", "colleague@example.net")
    assert done.returncode == 0, done.stderr
    assert "sent 2, already sent 0, failed 0" in done.stdout
    ids = set()
    for rcpt, msg in inbox.messages():
        assert msg.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
        assert msg["To"] == rcpt
        assert msg["Date"].datetime.tzinfo is not None
        assert msg["Subject"].startswith("Transdermal Magnesium (3/11)")
        ids.add(msg["Message-ID"])
        link = str(msg["List-Unsubscribe"]).strip("<>")
        query = parse_qs(urlsplit(link).query)
        assert query["u"] == [rcpt]
        assert unsubscribe.verify(rcpt, query["t"][0], SECRET)
        assert not unsubscribe.verify("someone@else.org", query["t"][0], SECRET)
        assert link.replace("&", "&amp;") in msg.get_body(("html",)).get_content()
        assert link in msg.get_body(("plain",)).get_content()
        assert "{token}" not in msg.as_string()
    assert len(ids) == 2


def test_the_message_id_is_stable_per_issue_and_recipient(project, inbox):
    send(project, inbox.port, "3", "--to", "me@example.org", "--dry-run", "--out", "a")
    send(project, inbox.port, "3", "--to", "me@example.org", "--dry-run", "--out", "b")
    send(project, inbox.port, "4", "--to", "me@example.org", "--dry-run", "--out", "b")
    ids = [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)["Message-ID"]
        for path in sorted((project / "a").glob("*.eml")) + sorted((project / "b").glob("*.eml"))
    ]
    assert ids[0] == ids[1] != ids[2]


@pytest.fixture
def tls_inbox(tmp_path):
    """An SMTP server demanding STARTTLS and AUTH, with a certificate made for 127.0.0.1."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run([*command, "-keyout", key, "-out", cert], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"news" and auth_data.password == b"right-password"
        return AuthResult(success=ok, handled=False)  # let aiosmtpd reply 535

    handler = Inbox()
    handler.port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=handler.port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
        auth_exclude_mechanism=["LOGIN"],  # PLAIN is enough; aiosmtpd stalls on a failed LOGIN
    )
    controller.start()
    handler.cert = cert
    yield handler
    controller.stop()


@pytest.mark.parametrize(("password", "delivered"), [("right-password", 1), ("wrong", 0)])
def test_starttls_and_auth(project, tls_inbox, password, delivered):
    env = {**ENV, "SSL_CERT_FILE": str(tls_inbox.cert), "MAGWIDGET_SMTP_PASSWORD": password}
    flags = ("--starttls", "--smtp-user", "news")
    done = send(project, tls_inbox.port, "1", "--to", "me@example.org", env=env, tls=flags)
    assert len(tls_inbox.envelopes) == delivered
    assert "Traceback" not in done.stderr
    if delivered:
        assert done.returncode == 0, done.stderr
        assert journal(project)[0][:2] == ("me@example.org", "sent")
    else:
        assert done.returncode == 1
        assert "refused the login of 'news' (535" in done.stderr
        assert "check MAGWIDGET_SMTP_PASSWORD; nothing was sent" in done.stderr
        assert not (project / "magwidget-send.sqlite3").exists() or journal(project) == []


def write_list(project: Path, addresses, extra: str = "") -> Path:
    path = project / "recipients.csv"
    path.write_text("email,first_name\n" + "".join(f"{a},Reader\n" for a in addresses) + extra)
    return path


def test_a_dropped_connection_then_a_rerun_sends_exactly_the_rest(project, inbox):
    write_list(project, TEN)
    inbox.drop_after = 3
    first = send(project, inbox.port, "2", "--list", "recipients.csv")
    assert first.returncode == 1
    assert "after 3 sent: 7 not sent yet; rerun the same command" in first.stderr
    assert "Traceback" not in first.stderr
    assert sorted(counts(inbox)) == TEN[:3]
    inbox.drop_after = None
    again = send(project, inbox.port, "2", "--list", "recipients.csv")
    assert again.returncode == 0, again.stderr
    assert "sent 7, already sent 3, failed 0" in again.stdout
    assert counts(inbox) == dict.fromkeys(TEN, 1)


def test_sigkill_mid_list_then_a_rerun_completes_without_duplicates(project, inbox):
    write_list(project, TEN)
    command = [sys.executable, "-m", "magwidget", "send", "2", "--list", "recipients.csv"]
    command += ["--smtp-host", "127.0.0.1", "--smtp-port", str(inbox.port), "--no-tls"]
    process = subprocess.Popen(
        [*command, "--rate", "60/min"], cwd=project, env=ENV, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill once 3 are journalled, inside the 1 s pause
        with contextlib.suppress(sqlite3.OperationalError):  # not created yet
            if len(journal(project)) >= 3:
                break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 3 <= len(inbox.envelopes) < 10
    again = send(project, inbox.port, "2", "--list", "recipients.csv")
    assert again.returncode == 0, again.stderr
    assert counts(inbox) == dict.fromkeys(TEN, 1)


def test_a_550_is_recorded_and_a_451_retried(project, inbox):
    write_list(project, ["a@example.org", "bounce@example.org", "later@example.org"])
    inbox.replies = {
        "bounce@example.org": ["550 5.1.1 no such user"],
        "later@example.org": ["451 4.7.1 greylisted", "451 4.7.1 greylisted"],
    }
    done = send(project, inbox.port, "5", "--list", "recipients.csv")
    assert done.returncode == 1
    assert "sent 2, already sent 0, failed 1" in done.stdout
    assert "failed: bounce@example.org: 550 5.1.1 no such user" in done.stdout
    assert counts(inbox) == {"a@example.org": 1, "later@example.org": 1}
    rows = journal(project)
    assert rows[1] == ("bounce@example.org", "failed", "550 5.1.1 no such user")
    assert [row[1] for row in rows] == ["sent", "failed", "sent"]


def test_bad_csv_rows_are_reported_by_line_and_the_rest_sent(project, inbox):
    write_list(project, ["a@example.org", "not-an-address", "b@example.org"])
    done = send(project, inbox.port, "5", "--list", "recipients.csv")
    assert done.returncode == 0, done.stderr
    assert "recipients.csv:3: error: email: not an email address: 'not-an-address'" in done.stdout
    assert sorted(counts(inbox)) == ["a@example.org", "b@example.org"]


@pytest.mark.parametrize(
    "name", ["Eve\r\nBcc: evil@example.net", "=?utf-8?q?Eve=0D=0ABcc:_evil@example.net?="]
)
def test_a_first_name_cannot_add_a_header(project, inbox, name):
    overrides = project / "overrides"
    overrides.mkdir()
    text = (ROOT / "templates" / "issue.txt").read_text()
    (overrides / "issue.txt").write_text(text.replace("-#}\n", "-#}\nHi {first_name},\n", 1))
    build = [sys.executable, "-m", "magwidget", "build", "content", "--templates", "overrides"]
    subprocess.run(build, cwd=project, env=ENV, check=True, capture_output=True)
    (project / "recipients.csv").write_text(f'email,first_name\nme@example.org,"{name}"\n')
    done = send(project, inbox.port, "1", "--list", "recipients.csv")
    assert done.returncode == 0, done.stderr
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["me@example.org"]
    head = envelope.content.split(b"\r\n\r\n", 1)[0]
    assert b"Bcc" not in head
    msg = email.message_from_bytes(envelope.content, policy=policy.default)
    names = ["Subject", "From", "Message-ID", "To", "Date", "List-Unsubscribe"]
    tail = ["List-Unsubscribe-Post", "Content-Language", "MIME-Version", "Content-Type"]
    assert list(msg.keys()) == [*names, *tail]
    assert msg["Content-Language"] == "en"
    assert f"Hi {' '.join(name.split())}," in msg.get_body(("plain",)).get_content()


def test_first_name_falls_back_when_the_list_has_none(project, inbox):
    overrides = project / "overrides"
    overrides.mkdir()
    text = (ROOT / "templates" / "issue.txt").read_text()
    (overrides / "issue.txt").write_text(text.replace("-#}\n", "-#}\nHi {first_name},\n", 1))
    build = [sys.executable, "-m", "magwidget", "build", "content", "--templates", "overrides"]
    subprocess.run(build, cwd=project, env=ENV, check=True, capture_output=True)
    done = send(project, inbox.port, "1", "--to", "me@example.org")
    assert done.returncode == 0, done.stderr
    [(_, msg)] = inbox.messages()
    assert "Hi there," in msg.get_body(("plain",)).get_content()


def test_dry_run_sends_nothing_and_writes_each_message(project, inbox):
    write_list(project, TEN[:3])
    done = send(project, inbox.port, "4", "--list", "recipients.csv", "--dry-run", "--out", "o")
    assert done.returncode == 0, done.stderr
    assert inbox.envelopes == []
    assert not (project / "magwidget-send.sqlite3").exists()
    for address in TEN[:3]:
        assert f"{address}\tTransdermal Magnesium (4/11)" in done.stdout
        [path] = (project / "o").glob(f"04-*--{address}.eml")
        assert email.message_from_bytes(path.read_bytes(), policy=policy.default)["To"] == address


def test_a_slash_in_an_address_stays_inside_the_dry_run_folder(project, inbox):
    done = send(project, inbox.port, "4", "--to", "a/./b@example.org", "--dry-run", "--out", "o")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (project / "o").iterdir()] == [
        "04-fascia-and-superficial-tissues--a_._b@example.org.eml"
    ]


def test_an_issue_without_the_unsubscribe_link_is_refused(project, inbox):
    build = [sys.executable, "-m", "magwidget", "build", "content", "--esp", "mailchimp"]
    subprocess.run(build, cwd=project, env=ENV, check=True, capture_output=True)
    done = send(project, inbox.port, "1", "--to", "me@example.org")
    assert done.returncode == 1
    assert "refusing to send: it lacks the unsubscribe link" in done.stderr
    assert inbox.envelopes == []


def test_an_issue_without_the_postal_address_is_refused(project, inbox):
    settings = (project / "magwidget.yaml").read_text()
    (project / "magwidget.yaml").write_text(settings.replace("Suite 4", "Suite 5"))
    done = send(project, inbox.port, "1", "--to", "me@example.org")
    assert done.returncode == 1
    assert "refusing to send: it lacks the postal address" in done.stderr
    assert inbox.envelopes == []


def test_a_token_link_without_the_secret_is_one_clear_error(project, inbox):
    env = {k: v for k, v in ENV.items() if k != "MAGWIDGET_UNSUBSCRIBE_SECRET"}
    done = send(project, inbox.port, "1", "--to", "me@example.org", env=env)
    assert done.returncode == 1
    assert "unsubscribe_url has {token}: set MAGWIDGET_UNSUBSCRIBE_SECRET" in done.stderr
    assert "Traceback" not in done.stderr
    assert inbox.envelopes == []


SPAMASSASSIN_MISSING = "spamassassin is not installed: run ./scripts/install-test-deps"


def spam_scores(messages: list[bytes], folder: Path) -> list[tuple[float, list[str]]]:
    """Return SpamAssassin's score (local rules only) and fired rules for each message."""
    assert shutil.which("spamassassin"), SPAMASSASSIN_MISSING  # never skipped, in CI or here
    box = mailbox.mbox(folder / "sent.mbox")
    for raw in messages:
        box.add(mailbox.mboxMessage(raw))
    box.close()
    command = ["spamassassin", "-t", "-L", "--mbox", "--cf=bayes_auto_learn 0"]
    with (folder / "sent.mbox").open("rb") as file:  # one process: rules compile once
        done = subprocess.run(command, stdin=file, capture_output=True, check=True, timeout=300)
    statuses = re.findall(rb"^X-Spam-Status: (.*(?:\r?\n[ \t].*)*)", done.stdout, re.M)
    found = []
    for status in statuses:
        match = re.search(r"score=(-?[\d.]+) .*?tests=(\S*)", re.sub(r",\s+", ",", status.decode()))
        found.append((float(match[1]), [rule for rule in match[2].split(",") if rule]))
    return found


def test_every_issue_as_sent_scores_at_most_1_with_spamassassin(project, inbox, tmp_path):
    for number in range(1, 12):
        done = send(project, inbox.port, str(number), "--to", "reader@example.org")
        assert done.returncode == 0, done.stderr
    messages = [envelope.content for envelope in inbox.envelopes]
    scores = spam_scores(messages, tmp_path)
    assert len(scores) == len(messages) == 11
    for raw, (score, rules) in zip(messages, scores, strict=True):
        subject = email.message_from_bytes(raw, policy=policy.default)["Subject"]
        assert score <= 1.0, (subject, score, rules)


def test_a_password_is_never_sent_in_clear_to_a_remote_host(project):
    env = {**ENV, "MAGWIDGET_SMTP_PASSWORD": "secret"}
    command = [sys.executable, "-m", "magwidget", "send", "1", "--to", "me@example.org"]
    command += ["--smtp-host", "smtp.example.org", "--no-tls", "--smtp-user", "news"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "refusing to send the password for 'news' to smtp.example.org without TLS" in done.stderr


def test_an_unwritable_dry_run_folder_is_one_clear_error(project, inbox):
    (project / "taken").write_text("a file, not a folder")
    done = send(project, inbox.port, "1", "--to", "me@example.org", "--dry-run", "--out", "taken")
    assert done.returncode == 1
    assert "--out taken: cannot write the dry-run messages" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_list_without_an_email_column_is_refused_naming_line_1(project, inbox):
    (project / "recipients.csv").write_text("address,name\nme@example.org,Me\n")
    done = send(project, inbox.port, "1", "--list", "recipients.csv")
    assert done.returncode == 1
    assert "recipients.csv:1: the first row must name the columns: email,first_name" in done.stderr
    assert inbox.envelopes == []


def test_a_repeated_address_is_sent_once_and_reported(project, inbox):
    write_list(project, ["a@example.org", "A@example.org"])
    done = send(project, inbox.port, "1", "--list", "recipients.csv")
    assert done.returncode == 0, done.stderr
    assert "recipients.csv:3: error: email: A@example.org repeats line 2" in done.stdout
    assert counts(inbox) == {"a@example.org": 1}


@pytest.mark.parametrize("rate", ["fast", "0/min", "-3"])
def test_a_bad_rate_is_a_usage_error(project, inbox, rate):
    done = send(project, inbox.port, "1", "--to", "me@example.org", "--rate", rate)
    assert done.returncode == 2
    assert "give messages per minute, such as 30/min" in done.stderr
    assert inbox.envelopes == []


def test_the_mailto_alternative_reaches_list_unsubscribe(project, inbox):
    settings = (project / "magwidget.yaml").read_text()
    settings = settings.replace(
        "  paid_link:", "  unsubscribe_mailto: leave@example.com\n  paid_link:"
    )
    (project / "magwidget.yaml").write_text(settings)
    done = send(project, inbox.port, "1", "--to", "me@example.org")
    assert done.returncode == 0, done.stderr
    [(_, msg)] = inbox.messages()
    https, mailto = str(msg["List-Unsubscribe"]).split(", ")
    assert https.startswith("<https://example.com/newsletter/unsubscribe?u=me@example.org&t=")
    assert mailto == "<mailto:leave@example.com>"
