"""Where dist/ is published, as seen from the pages that embed the widget.

Owns the rule for ``--base-url`` and ``widget.base_url``: an https URL or a relative path.
Imports nothing from magwidget.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# dist/<slug>/widget/ -> dist/: the default works when embed.html is opened where it was built.
DEFAULT = "../../"
RELATIVE = re.compile(r"(?!//)(?:[A-Za-z0-9._~/-]|%[0-9A-Fa-f]{2})*")
# RFC 3986 characters without query and fragment; no braces, pipes or stray % (merge tags).
PLAIN = re.compile(r"(?:[A-Za-z0-9\-._~:/\[\]@!$&()*+,;=]|%[0-9A-Fa-f]{2})*")


def problem(value: str) -> str | None:
    """Return why ``value`` cannot be a base URL, or None when it can."""
    if RELATIVE.fullmatch(value):
        return None
    try:
        parts = urlsplit(value)
        parts.hostname, parts.port  # noqa: B018 - parse them: both raise on a malformed value
    except ValueError as exc:  # a malformed host such as [x, or a port over 65535
        return f"not a valid URL ({exc}): {value!r}"
    if parts.scheme.lower() != "https" or not parts.hostname:
        return f"expected an https: URL or a relative path like /static/magwidget/, found {value!r}"
    if parts.query or parts.fragment or not PLAIN.fullmatch(value):
        plain = "a plain folder address (no query, fragment, quotes, spaces, { } | or stray %)"
        return f"a base URL must be {plain}: {value!r}"
    return None


def script_src(base: str, slug: str) -> str:
    """Return the address of one article's widget.js under ``base``."""
    folder = base if not base or base.endswith("/") else base + "/"
    return f"{folder}{slug}/widget/widget.js"
