"""Assemble one issue as a ready-to-send MIME message (.eml), byte-identical on every build.

Owns the headers and the multipart layout; the boundary comes from a hash of the content and
``Date`` only from SOURCE_DATE_EPOCH. Knows nothing of templates or articles.
"""

from __future__ import annotations

import hashlib
import os
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

from magwidget import headers

# CPython's header folder breaks long subjects badly (a bare "Subject:" line, doubled spaces
# around encoded words); RFC 5322 allows 998 characters, so serialize headers unfolded. Bodies
# were already encoded under policy.SMTP, so their quoted-printable lines stay within 76.
UNFOLDED = policy.SMTP.clone(max_line_length=998)


def message(
    subject: str, sender: tuple[str, str], text: str, html: str, unsubscribe: str | None
) -> bytes:
    """Return a multipart/alternative message: text/plain first, then text/html, UTF-8."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = subject
    msg["From"] = Address(display_name=sender[0], addr_spec=sender[1])
    if date := _date():
        msg["Date"] = date
    if unsubscribe:
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    digest = hashlib.sha256((subject + text + html).encode()).hexdigest()[:32]
    msg.set_boundary(f"=_magwidget_{digest}")
    return headers.checked(msg.as_bytes(policy=UNFOLDED), msg, subject, sender)


def _date() -> str | None:
    """Return the Date header from SOURCE_DATE_EPOCH, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return formatdate(int(epoch), usegmt=True) if epoch.isdigit() else None
