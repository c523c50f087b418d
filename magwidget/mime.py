"""Assemble one issue as a ready-to-send MIME message (.eml), byte-identical on every build.

Owns the header list (Subject, From, To, Date, Message-ID, List-Unsubscribe, Content-Language),
how each header is folded, and the multipart layout. The boundary and Message-ID come from a
hash of the content; ``Date`` only from the schedule or SOURCE_DATE_EPOCH. Knows nothing of
templates or articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from magwidget import headers as header_check
from magwidget.dates import source_date

CRLF = "\r\n"
LINE = 78  # RFC 5322: lines SHOULD stay within 78 characters (998 MUST)
# Headers whose value is free text; the others are addresses, dates, ids and URLs, never encoded.
TEXT_HEADERS = ("Subject",)


def message(
    subject: str,
    sender: tuple[str, str],
    text: str,
    html: str,
    unsubscribe: str | None,
    *,
    date: dt.datetime | None = None,
    to: str | None = None,
    message_id: str | None = None,
    mailto: str | None = None,
    language: str | None = None,
) -> bytes:
    """Return a multipart/alternative message: text/plain first, then text/html, UTF-8."""
    digest = hashlib.sha256((subject + text + html).encode()).hexdigest()[:32]
    date = date or source_date()
    fields = headers(
        subject, sender, unsubscribe, date=date, to=to, mailto=mailto, language=language
    )
    fields.insert(2, ("Message-ID", message_id or make_id(digest, sender[1])))
    body = EmailMessage(policy=policy.SMTP)
    body.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    body.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    body.set_boundary(f"=_magwidget_{digest}")
    for part in body.iter_parts():
        del part["MIME-Version"]  # only the top level carries it (RFC 2045)
    data = "".join(fold(name, value) for name, value in fields).encode() + body.as_bytes()
    return header_check.checked(data, fields, body.keys(), subject, sender)


def headers(
    subject: str,
    sender: tuple[str, str],
    unsubscribe: str | None,
    *,
    date: dt.datetime | None = None,
    to: str | None = None,
    mailto: str | None = None,
    language: str | None = None,
) -> list[tuple[str, str]]:
    """Return the message's own headers, in order, as (name, unfolded value)."""
    fields = [("Subject", subject), ("From", formataddr(sender))]
    if to:
        fields.append(("To", to))
    if date:
        fields.append(("Date", format_datetime(date)))
    if unsubscribe:
        links = [f"<{unsubscribe}>"] + ([f"<mailto:{mailto}>"] if mailto else [])
        fields.append(("List-Unsubscribe", ", ".join(links)))
        fields.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    if language:  # the language of the whole message (RFC 3282)
        fields.append(("Content-Language", language))
    return fields


def fold(name: str, value: str) -> str:
    """Return ``Name: value`` CRLF-terminated, folded within 78 columns where words allow."""
    if name not in TEXT_HEADERS:
        return f"{name}: {value.replace('>, <', '>,' + CRLF + ' <')}{CRLF}"
    fits = all(len(word) <= LINE - len(name) - 2 for word in value.split(" "))
    charset = "us-ascii" if value.isascii() and "=?" not in value and fits else "utf-8"
    folded = Header(value, charset, header_name=name, maxlinelen=LINE).encode(linesep=CRLF)
    return f"{name}: {folded}{CRLF}"


def make_id(seed: str, address: str) -> str:
    """Return a Message-ID derived from ``seed`` at the sender's domain."""
    digest = hashlib.sha256(seed.encode()).hexdigest()[:32]
    return f"<mw.{digest}@{address.rpartition('@')[2] or 'localhost'}>"
