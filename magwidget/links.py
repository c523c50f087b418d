"""Build outgoing links: tracking parameters appended to https URLs, IRIs made plain ASCII.

The part of a link its author wrote is never rewritten: ``?ref=abc;tag=x`` and ``?flag`` stay.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit


def with_params(url: str, params: dict[str, str]) -> str:
    """Return ``url`` with ``params`` appended to its query (an existing pair of the same key
    is dropped; every other byte of the query is kept as written)."""
    base, hash_mark, fragment = url.partition("#")
    path, _, query = base.partition("?")
    kept = [pair for pair in query.split("&") if pair.split("=", 1)[0] not in params]
    query = "&".join([*(kept if query else []), urlencode(params)])
    return f"{path}?{query}{hash_mark}{fragment}"


def utm(url: str, source: str, medium: str, campaign: str, content: str | None = None) -> str:
    """Return ``url`` tagged with UTM parameters (``utm_content`` only when given)."""
    params = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign}
    if content:
        params["utm_content"] = content
    return with_params(url, params)


def iri_to_uri(url: str) -> str:
    """Return ``url`` as plain ASCII: an IDN host in its xn-- form, other non-ASCII
    percent-encoded as UTF-8 (RFC 3987); an ASCII link is returned unchanged."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        netloc = parts.netloc.rpartition("@")
        ascii_host = host.encode("idna").decode()
        port = f":{parts.port}" if parts.port else ""
        url = url.replace(parts.netloc, f"{netloc[0]}{netloc[1]}{ascii_host}{port}", 1)
    return quote(url, safe="".join(chr(c) for c in range(0x21, 0x7F)))
