"""Per-recipient unsubscribe links: an HMAC token of the address, and its check on your server.

Owns the token and how ``{token}``/``{email}`` are filled into ``unsubscribe_url``. The secret
comes only from MAGWIDGET_UNSUBSCRIBE_SECRET, never from a file in the repository.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from urllib.parse import quote

from magwidget.errors import MagwidgetError

SECRET_ENV = "MAGWIDGET_UNSUBSCRIBE_SECRET"


def token(address: str, secret: str) -> str:
    """Return the URL-safe HMAC-SHA256 token of ``address`` (case-insensitive) under ``secret``."""
    mac = hmac.new(secret.encode(), address.strip().lower().encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def verify(address: str, candidate: str, secret: str) -> bool:
    """Return True when ``candidate`` is the token of ``address``: call this on your endpoint."""
    return hmac.compare_digest(token(address, secret), candidate)


def link(url: str, address: str, secret: str | None) -> str:
    """Return ``url`` with ``{token}`` and ``{email}`` filled in for one recipient."""
    if "{token}" in url:
        if not secret:
            raise MagwidgetError(f"unsubscribe_url has {{token}}: set {SECRET_ENV}")
        url = url.replace("{token}", token(address, secret))
    return url.replace("{email}", quote(address, safe="@"))


def secret() -> str | None:
    """Return the signing secret from the environment, or None."""
    return os.environ.get(SECRET_ENV) or None
