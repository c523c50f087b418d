"""The last line of defence against header injection: every .eml is parsed back before it is
written, and its headers must be exactly the ones the builder set.

Owns that comparison: the same header names in the same order and number, each with the
value that was set, exactly one From mailbox, no blank line or stray line inside the header
block and no encoded word in a URL header. Imports only errors and fields from magwidget.
"""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

from magwidget.errors import MagwidgetError
from magwidget.fields import encoded_word

URL_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post")
FIELD_LINE = re.compile(rb"[!-9;-~]+:")  # RFC 5322 field name: printable ASCII except ':'


def checked(
    data: bytes,
    fields: list[tuple[str, str]],
    body_names: list[str],
    subject: str,
    sender: tuple[str, str],
) -> bytes:
    """Return ``data`` or raise naming the header that differs from ``fields`` (the builder's own
    headers, in order) followed by ``body_names`` (the MIME headers of the body)."""
    names = [name for name, _ in fields] + list(body_names)
    problem = _block_problem(data, names) or _value_problem(data, fields, subject, sender)
    if problem:
        raise MagwidgetError(f"refusing to write an email whose headers were altered: {problem}")
    return data


def _block_problem(data: bytes, intended: list[str]) -> str | None:
    """Return why the raw header block is not one line per intended header, or None."""
    block = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    names = [line.split(b":", 1)[0].decode("ascii", "replace") for line in block]
    for line, name in zip(block, names, strict=True):
        if line[:1] in (b" ", b"\t"):
            continue  # a folded continuation of the header above
        if not FIELD_LINE.match(line):
            return f"line {line[:60]!r} in the header block is not a header"
        if name in URL_HEADERS and encoded_word(line.decode("ascii", "replace")):
            return f"{name} holds an encoded word; a URL header must be plain ASCII"
    found = [n for line, n in zip(block, names, strict=True) if line[:1] not in (b" ", b"\t")]
    if [n.lower() for n in found] != [n.lower() for n in intended]:
        return f"headers {found} differ from the intended {intended}"
    return None


def _value_problem(
    data: bytes, fields: list[tuple[str, str]], subject: str, sender: tuple[str, str]
) -> str | None:
    """Return why a parsed-back header value differs from the one set, or None."""
    parsed = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
    for name, value in fields:
        if name in ("Subject", "From"):
            continue  # compared decoded, below
        wanted = _unfold(policy.default.header_factory(name, value))
        got = [_unfold(v) for v in parsed.get_all(name, [])]
        if got != [wanted]:
            return f"{name}: {got!r} was written, {wanted!r} intended"
    if _unfold(parsed["Subject"]) != subject:
        return f"Subject reads back as {str(parsed['Subject'])!r}, not {subject!r}"
    mailboxes = parsed["From"].addresses if parsed["From"] else ()
    if len(mailboxes) != 1 or (mailboxes[0].display_name, mailboxes[0].addr_spec) != sender:
        return f"From must be exactly one mailbox {sender!r}, found {mailboxes!r}"
    return None


def _unfold(value: object) -> str:
    """Return a header value as one line (folding whitespace is not a difference)."""
    return re.sub(r"\r?\n[ \t]", " ", str(value))
