"""Where dist/ is published, as seen from the pages that embed the widget.

Owns the rule for ``--base-url`` and ``widget.base_url``: an https URL or a relative path.
Imports nothing from magwidget.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# dist/<slug>/widget/ -> dist/: the default works when embed.html is opened where it was built.
DEFAULT = "../../"
RELATIVE = re.compile(r"(?!//)[A-Za-z0-9._~/%-]*")


def problem(value: str) -> str | None:
    """Return why ``value`` cannot be a base URL, or None when it can."""
    if RELATIVE.fullmatch(value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() != "https" or not parts.hostname:
        return f"expected an https: URL or a relative path like /static/magwidget/, found {value!r}"
    if parts.query or parts.fragment or re.search(r"[\s\"'<>\\]", value):
        return (
            f"a base URL must be a plain folder address (no query, fragment or quotes): {value!r}"
        )
    return None


def script_src(base: str, slug: str) -> str:
    """Return the address of one article's widget.js under ``base``."""
    folder = base if not base or base.endswith("/") else base + "/"
    return f"{folder}{slug}/widget/widget.js"
