"""Benchmark deliverability: each issue as `magwidget send` delivers it, scored by SpamAssassin.

Run from anywhere: ``python bench/deliverability.py``. Builds the seed article into a temp
folder, sends every issue to one reader through aiosmtpd on 127.0.0.1, scores what arrived with
``spamassassin -t -L`` (local rules only) and prints score, rules fired and sizes. Exits 1 when
an issue scores above 1.0 or SpamAssassin is missing.
"""

from __future__ import annotations

import email
import mailbox
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from run import MISSED  # bench/run.py: the exit status for a missed target

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.0
ENV = {**os.environ, "MAGWIDGET_UNSUBSCRIBE_SECRET": "bench-secret"}


class Inbox:
    """Keep every accepted message."""

    def __init__(self):
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send_all(project: Path, port: int, total: int) -> None:
    """Send issues 1..total to one reader with the real CLI."""
    magwidget = [sys.executable, "-m", "magwidget"]
    subprocess.run([*magwidget, "build"], cwd=project, env=ENV, check=True, capture_output=True)
    for number in range(1, total + 1):
        flags = ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--no-tls"]
        command = [*magwidget, "send", str(number), "--to", "reader@example.org", *flags]
        subprocess.run(command, cwd=project, env=ENV, check=True, capture_output=True)


def scores(messages: list[bytes], folder: Path) -> list[tuple[float, str]]:
    """Return (score, rules fired) per message from one spamassassin process."""
    box = mailbox.mbox(folder / "sent.mbox")
    for raw in messages:
        box.add(mailbox.mboxMessage(raw))
    box.close()
    command = ["spamassassin", "-t", "-L", "--mbox", "--cf=bayes_auto_learn 0"]
    with (folder / "sent.mbox").open("rb") as file:
        out = subprocess.run(command, stdin=file, capture_output=True, check=True).stdout
    statuses = re.findall(rb"^X-Spam-Status: (.*(?:\r?\n[ \t].*)*)", out, re.M)
    found = []
    for status in statuses:
        match = re.search(r"score=(-?[\d.]+) .*?tests=(\S*)", re.sub(r",\s+", ",", status.decode()))
        found.append((float(match[1]), match[2]))
    return found


def main() -> int:
    """Print each issue's score, rules and sizes; return MISSED above the limit."""
    if not shutil.which("spamassassin"):
        print("spamassassin is not installed: run ./scripts/install-test-deps")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "magwidget.yaml", project / "magwidget.yaml")
        inbox, port = Inbox(), free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            send_all(project, port, 11)
        finally:
            controller.stop()
        results = scores(inbox.messages, project)
    worst = 0.0
    print(f"{'issue':<40} {'score':>6}  {'eml':>8} {'html':>8}  rules")
    for raw, (score, rules) in zip(inbox.messages, results, strict=True):
        msg = email.message_from_bytes(raw, policy=policy.default)
        html = len(msg.get_body(("html",)).get_content().encode())
        subject = str(msg["Subject"])[:40]
        print(f"{subject:<40} {score:>6.1f}  {len(raw):>8,} {html:>8,}  {rules}")
        worst = max(worst, score)
    print(f"worst score {worst:.1f} (limit {LIMIT}, SpamAssassin spam threshold 5.0)")
    return MISSED if worst > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
