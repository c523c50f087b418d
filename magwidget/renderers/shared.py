"""What more than one renderer writes the same way: the paid-link disclosure."""

from __future__ import annotations

from magwidget.i18n import Messages
from magwidget.settings import NewsletterConfig


def disclosure(settings: NewsletterConfig, messages: Messages) -> str | None:
    """Return the paid-link disclosure in the article's language, or None without a paid link."""
    if not settings.paid_link:
        return None
    return settings.disclosure or messages.text("paid_link_disclosure")
