"""Build outgoing links: tracking parameters added to https URLs without disturbing the rest."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def with_params(url: str, params: dict[str, str]) -> str:
    """Return ``url`` with ``params`` set in its query (existing keys are replaced, order kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def utm(url: str, source: str, medium: str, campaign: str, content: str | None = None) -> str:
    """Return ``url`` tagged with UTM parameters (``utm_content`` only when given)."""
    params = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign}
    if content:
        params["utm_content"] = content
    return with_params(url, params)
