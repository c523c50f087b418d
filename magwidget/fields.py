"""The rules one field value must pass, whatever file it comes from: characters, line breaks,
encoded words, merge tags, sizes, links, email addresses and language tags.

Each check takes a string and returns why it is refused (or None). Imports nothing from
magwidget: validate.py and settings.py say where the value came from.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_TEXT = 100_000  # characters in one field
MAX_IDENT = 64  # characters in a slug or section id: it becomes a file name
MAX_SECTIONS = 1_000
MAX_ADDRESS = 254  # RFC 5321: the longest forward path
MAX_HEADER_URL = 900  # RFC 5322 lines stop at 998; a URL cannot be folded without encoded words

# Ids the page template gives its own elements; each section also gets "<id>-title".
PAGE_IDS = ("main", "toc", "toc-title")
IDENT = re.compile(rf"(?=[a-z0-9-]{{1,{MAX_IDENT}}}\Z)[a-z0-9]+(?:-[a-z0-9]+)*")
# Control characters, and the bidi overrides that make text display other than it reads.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Every line break Python, YAML or a mail client knows: LF VT FF CR FS GS RS NEL LS PS.
LINE_BREAK = re.compile(r"[\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
# Template syntax an email service would run at send time: {{ }}, {% %}, {# #}, *| |*, %name%,
# <% %>. Each half of a comment is refused alone, so two fields cannot be joined into one.
# A percent-escape such as %C3% in a link is no variable name (Mailgun's start r, u, t or m).
MERGE_TAG = re.compile(r"\{\{|\{%|\{#|#\}|\*\||\|\*|%(?![0-9A-Fa-f]{2})[A-Za-z_][\w.]*%|<%")
# The first character RFC 3986 does not allow in a link (non-ASCII letters pass: an IRI is
# percent-encoded on use), or a % that starts no percent-escape.
URL_BAD = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\u0080-\U0010ffff]|%(?![0-9A-Fa-f]{2})")
# Placeholders the send step fills in per recipient; allowed in newsletter.unsubscribe_url only.
UNSUBSCRIBE_PLACEHOLDERS = ("{token}", "{email}")
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost")
PLACEHOLDER_TLDS = (".example", ".test", ".invalid", ".localhost", ".example.com")

_IRREGULAR = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn"
    "|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn"
    "|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_ALNUM = "[a-z0-9]"
_LANGTAG = (
    rf"(?:[a-z]{{2,3}}(?:-[a-z]{{3}}){{0,3}}|[a-z]{{4,8}})"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
# RFC 5646 section 2.1: every well-formed language tag, case-insensitive.
LANGUAGE = re.compile(rf"(?:{_LANGTAG}|x(?:-{_ALNUM}{{1,8}})+|{_IRREGULAR})", re.IGNORECASE)


def text_problem(value: str, multiline: bool = False) -> str | None:
    """Return why ``value`` cannot be text in a field, or None."""
    if len(value) > MAX_TEXT:
        return f"text is {len(value):,} characters long; the limit is {MAX_TEXT:,}"
    if bad := SURROGATE.search(value):
        return f"lone surrogate U+{ord(bad.group()):04X} is not a character (not valid Unicode)"
    if not multiline and (bad := LINE_BREAK.search(value)):
        return f"expected one line of text, found a line break (U+{ord(bad.group()):04X})"
    if bad := CONTROL.search(value):
        return f"control character U+{ord(bad.group()):04X} is not allowed"
    if encoded_word(value):
        return "'=?...?=' looks like an RFC 2047 encoded word: a mail header would decode it"
    return None


def section_id_problem(ident: str) -> str | None:
    """Return why ``ident`` would collide with an id the page gives its own elements, or None."""
    if ident in PAGE_IDS or ident.endswith("-title"):
        reserved = ", ".join(PAGE_IDS)
        return f"{ident!r} collides with the page's own ids ({reserved} and *-title): rename it"
    return None


def encoded_word(value: str) -> bool:
    """Return whether ``value`` holds ``=?`` followed anywhere later by ``?=`` (linear time)."""
    start = value.find("=?")
    return start >= 0 and "?=" in value[start + 2 :]


def merge_tag_problem(value: str, allowed: tuple[str, ...] = ()) -> str | None:
    """Return why ``value`` holds template syntax an email service would run, or None."""
    for tag in allowed:
        value = value.replace(tag, "")
    if tag := MERGE_TAG.search(value):
        found = f"{tag.group()!r} looks like an email-service merge tag"
        return f"{found}; content is plain text, so it would run at send time"
    return None


def url_problem(
    value: str, schemes: tuple[str, ...], allowed: tuple[str, ...] = ()
) -> tuple[str | None, bool]:
    """Return (message, is_warning) for an unsafe or placeholder link, else (None, False)."""
    allowed_schemes = " or ".join(f"{s}:" for s in schemes)
    try:
        parts = urlsplit(value)
        parts.hostname, parts.port  # noqa: B018 - parse the host and port: [x or :99999 raise
    except ValueError as exc:
        return f"not a valid link ({exc}): {value!r}", False
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        found = f"{scheme}:" if scheme else "a link with no scheme"
        return f"only {allowed_schemes} links are allowed, found {found} ({value!r})", False
    if re.search(r"[\s\x00-\x1f\x7f<>\"'`\\\\]", value):
        message = "a link must not contain spaces, control characters, quotes, <, > or \\"
        return f"{message}: {value!r}", False
    if message := merge_tag_problem(value, allowed) or _url_chars_problem(value, allowed):
        return f"{message}: {value!r}", False
    if scheme == "https" and not parts.hostname:
        return f"an https: link needs a host name: {value!r}", False
    if message := _host_problem(parts.hostname or ""):
        return f"{message}: {value!r}", False
    if scheme == "mailto" and "@" not in parts.path:
        return f"a mailto: link needs an address: {value!r}", False
    host = (parts.hostname or parts.path.rpartition("@")[2]).lower()
    if host in PLACEHOLDER_HOSTS or host.endswith(PLACEHOLDER_TLDS):
        return f"{host} is a placeholder domain: replace it before publishing", True
    return None, False


def _host_problem(host: str) -> str | None:
    """Return why a non-ASCII host name has no xn-- form (IDNA), or None."""
    try:
        host.encode("idna")
    except UnicodeError as exc:
        return f"the host name has no ASCII (IDNA) form ({exc})"
    return None


def _url_chars_problem(value: str, allowed: tuple[str, ...]) -> str | None:
    """Return why ``value`` has characters a link cannot hold unencoded (RFC 3986), or None."""
    for placeholder in allowed:
        value = value.replace(placeholder, "")
    if not (found := URL_BAD.search(value)):
        return None
    bad = found.group()
    if bad == "%":
        return "a % in a link must start a percent-escape such as %20"
    return f"{bad!r} must be percent-encoded in a link (it could be read as a merge tag)"


def address_problem(value: str) -> str | None:
    """Return why ``value`` is not one plain ASCII mailbox address, or None (no DNS lookups)."""
    if len(value) > MAX_ADDRESS:
        return f"an email address has at most {MAX_ADDRESS} characters, found {len(value):,}"
    if not value.isascii():
        return (
            "non-ASCII email addresses need SMTPUTF8, which magwidget does not produce: use an"
            f" ASCII address (an IDN domain in its xn-- form): {value!r}"
        )
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        return f"expected an email address like news@your-domain.com ({exc}): {value!r}"
    return merge_tag_problem(value)
