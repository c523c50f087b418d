"""``magwidget send``: deliver one built issue to each recipient as their own message.

Owns the run: find the issue, refuse one without its unsubscribe link or postal address,
personalise it per recipient, pace it, journal each acceptance and sum up. SMTP lives in
smtp.py, the journal in journal.py, the list in recipients.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import re
import smtplib
import time
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import click
from markupsafe import escape

from magwidget import i18n, mime, unsubscribe
from magwidget.build import inputs
from magwidget.errors import MagwidgetError
from magwidget.fields import LANGUAGE
from magwidget.newsletter import smtp
from magwidget.newsletter.journal import NAME, Journal
from magwidget.newsletter.recipients import Recipient, from_csv, from_flags
from magwidget.settings import Settings, load_settings

FIRST_NAME = "{first_name}"  # a template may write this; it is filled per recipient


@dataclass(frozen=True)
class Issue:
    """A built issue as read back from its .eml."""

    path: Path
    subject: str
    text: str
    html: str
    key: str  # its Message-ID: the journal's key, stable while the content is
    language: str = "en"  # the lang of its HTML: the words a missing first name gets


@dataclass
class Summary:
    """What a run did."""

    sent: int = 0
    already: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def run(issue: str, to: tuple, listing: Path | None, options: dict) -> Summary:
    """Send (or with dry_run, write) the issue to every recipient not yet in the journal."""
    config_path = inputs([], options["config"])[1]
    config, _ = load_settings(config_path)
    found = read_issue(find_issue(issue, options["dist"], options.get("article")))
    check_issue(found, config)
    people, problems = _recipients(to, listing)
    summary = Summary(skipped=[str(p) for p in problems])
    if options["dry_run"]:
        return _dry_run(found, people, config, options["out"], summary)
    server = smtp.resolve(options["smtp"], config.smtp)
    rate = parse_rate(options["rate"])
    journal = Journal((config_path or Path("magwidget.yaml")).resolve().parent / NAME)
    try:
        _send_all(found, people, config, server, journal, rate, summary)
    finally:
        journal.close()
    return summary


def parse_rate(rate: str | None) -> float | None:
    """Return messages per minute from ``--rate`` such as ``30/min`` or ``30``."""
    if rate is None:
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(?:/min)?", rate.strip())
    if not match or float(match.group(1)) <= 0:
        raise click.BadParameter(f"{rate!r}: give messages per minute, such as 30/min", None, None)
    return float(match.group(1))


def summarise(summary: Summary) -> str:
    """Return the end-of-run lines: sent, already sent, skipped rows and failures with reasons."""
    lines = [f"  {problem}" for problem in summary.skipped]
    lines.append(
        f"sent {summary.sent}, already sent {summary.already}, failed {len(summary.failed)}"
    )
    lines += [f"  failed: {address}: {reply}" for address, reply in summary.failed]
    return "\n".join(lines)


def find_issue(issue: str, dist: Path, article: str | None) -> Path:
    """Return the .eml for an issue number (of ``article`` when dist/ holds several) or path."""
    if issue.endswith(".eml"):
        if not Path(issue).is_file():
            raise MagwidgetError(f"{issue}: no such file")
        return Path(issue)
    if not issue.isdigit():
        raise MagwidgetError(f"ISSUE {issue!r}: give an issue number such as 3, or an .eml path")
    slugs = sorted(p.parent.name for p in dist.glob("*/newsletter"))
    if article:
        slugs = [s for s in slugs if s == article]
    if len(slugs) != 1:
        what = "several articles: choose one with --article" if slugs else "no built newsletter"
        raise MagwidgetError(f"{dist}/ has {what} (run `magwidget build` first)")
    matches = sorted((dist / slugs[0] / "newsletter").glob(f"{int(issue):02d}-*.eml"))
    if not matches:
        raise MagwidgetError(f"{dist}/{slugs[0]}/newsletter/ has no issue {int(issue)}")
    return matches[0]


def read_issue(path: Path) -> Issue:
    """Return the subject, both bodies and Message-ID of a built .eml."""
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    text, html = msg.get_body(("plain",)), msg.get_body(("html",))
    if text is None or html is None:
        raise MagwidgetError(f"{path}: not a magwidget issue (needs a text and an HTML part)")
    body = (text.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n"))
    key = str(msg["Message-ID"] or mime.make_id(str(msg["Subject"]) + "".join(body), "issue"))
    lang = str(msg["Content-Language"] or "")
    return Issue(path, str(msg["Subject"]), *body, key, lang if LANGUAGE.fullmatch(lang) else "en")


def check_issue(issue: Issue, config: Settings) -> None:
    """Refuse an issue whose build lacks the unsubscribe link or the postal address."""
    settings = config.newsletter
    link = settings.unsubscribe_url
    if not link or link not in issue.text or str(escape(link)) not in issue.html:
        raise MagwidgetError(
            f"{issue.path}: refusing to send: it lacks the unsubscribe link of"
            f" {config.source or 'magwidget.yaml'} newsletter.unsubscribe_url"
            " (build it with --esp generic)"
        )
    lines = [line.strip() for line in (settings.postal_address or "").splitlines() if line.strip()]
    if not lines or any(line not in issue.text for line in lines):
        raise MagwidgetError(f"{issue.path}: refusing to send: it lacks the postal address")


def personalise(issue: Issue, person: Recipient, config: Settings, now: dt.datetime) -> bytes:
    """Return the recipient's own message: To, Date, Message-ID, unsubscribe link, first name."""
    settings = config.newsletter
    url = settings.unsubscribe_url or ""
    link = unsubscribe.link(url, person.email, unsubscribe.secret())
    name = person.first_name or fallback_name(issue, config)
    text = issue.text.replace(url, link).replace(FIRST_NAME, name)
    html = issue.html.replace(str(escape(url)), str(escape(link)))
    html = html.replace(FIRST_NAME, str(escape(name)))
    sender = (settings.from_name or "", settings.from_address or "")
    return mime.message(
        issue.subject,
        sender,
        text,
        html,
        link,
        date=now,
        to=person.email,
        message_id=mime.make_id(issue.key + person.email.lower(), sender[1]),
        mailto=settings.unsubscribe_mailto,
        language=issue.language,
    )


def fallback_name(issue: Issue, config: Settings) -> str:
    """Return what a reader without a first name is called: the setting, else the catalog's."""
    messages = i18n.Messages(issue.language, config.strings)
    return config.newsletter.first_name_fallback or messages.gettext("first_name_fallback")


def _recipients(to: tuple, listing: Path | None) -> tuple[list[Recipient], list]:
    """Return ``--to`` then ``--list`` recipients, and the list's bad rows."""
    people, problems = from_flags(to), []
    if listing:
        listed, problems = from_csv(listing)
        known = {p.email.lower() for p in people}
        people += [p for p in listed if p.email.lower() not in known]
    if not people:
        raise click.UsageError("no recipients: give --to ADDRESS or --list recipients.csv")
    return people, problems


def _dry_run(issue: Issue, people: list, config: Settings, out: Path, summary: Summary):
    """Write each personalised message to ``out`` and print recipient, subject and size."""
    now = dt.datetime.now(dt.UTC)
    for person in people:
        raw = personalise(issue, person, config, now)
        safe = re.sub(r"[^a-z0-9@._+-]", "_", person.email.lower())  # '/' is legal before '@'
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{issue.path.stem}--{safe}.eml").write_bytes(raw)
        except OSError as exc:
            raise MagwidgetError(f"--out {out}: cannot write the dry-run messages: {exc}") from None
        click.echo(f"{person.email}\t{issue.subject}\t{len(raw):,} bytes")
    return summary


def _send_all(issue, people, config, server, journal, rate, summary) -> None:
    """Send to everyone not yet journalled, pacing to ``rate`` messages a minute."""
    done = journal.sent(issue.key)
    todo = [p for p in people if p.email.lower() not in done]
    summary.already = len(people) - len(todo)
    if not todo:
        return
    client = smtp.connect(server)
    gap, last = (60 / rate if rate else 0), 0.0
    sender = config.newsletter.from_address or ""
    with click.progressbar(todo, label="sending", file=click.get_text_stream("stderr")) as bar:
        for person in bar:
            time.sleep(max(0.0, last + gap - time.monotonic()))
            raw = personalise(issue, person, config, dt.datetime.now(dt.UTC))
            try:
                status, reply = smtp.deliver(client, server, sender, person.email, raw)
            except (OSError, smtplib.SMTPServerDisconnected) as exc:
                left = len(todo) - summary.sent - len(summary.failed)
                raise MagwidgetError(
                    f"lost the connection to {server.name} ({exc}) after {summary.sent} sent:"
                    f" {left} not sent yet; rerun the same command to send to them"
                ) from None
            journal.record(issue.key, person.email, issue.path.name, status, reply)
            last = time.monotonic()  # the pause starts once the delivery is journalled
            if status == "sent":
                summary.sent += 1
            else:
                summary.failed.append((person.email, reply))
    with contextlib.suppress(OSError, smtplib.SMTPException):
        client.quit()  # every message is journalled already; a rude goodbye changes nothing
