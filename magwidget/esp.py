"""Email-service profiles: which merge tags stand for the unsubscribe and web-version links.

Owns the tag spellings (written without spaces, as each service documents them) and the check
that a service's sender settings are complete. Knows nothing of templates or MIME.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from magwidget.errors import ContentError, Problem
from magwidget.links import iri_to_uri

if TYPE_CHECKING:  # settings imports ESPS from here; the CLI imports this module for --esp
    from magwidget.settings import NewsletterConfig


@dataclass(frozen=True)
class Profile:
    """One email service: its name and the links it fills in at send time."""

    name: str
    unsubscribe: str
    web_version: str | None = None

    def tags(self) -> tuple[str, ...]:
        """Return every merge tag (or configured link) that must appear in each issue."""
        return tuple(tag for tag in (self.unsubscribe, self.web_version) if tag)

    @property
    def list_unsubscribe(self) -> str | None:
        """Return the https link for the List-Unsubscribe header (services add their own)."""
        return self.unsubscribe if self.name == "generic" else None


TAGS: dict[str, tuple[str, str | None]] = {
    "mailchimp": ("*|UNSUB|*", "*|ARCHIVE|*"),
    "kit": ("{{unsubscribe_url}}", None),
    "buttondown": ("{{unsubscribe_url}}", "{{email_url}}"),
    "listmonk": ("{{UnsubscribeURL}}", "{{MessageURL}}"),
    "sendgrid": ("{{{unsubscribe}}}", None),
    "brevo": ("{{unsubscribe}}", "{{mirror}}"),
    "mailgun": ("%unsubscribe_url%", None),
}
ESPS = ("generic", *TAGS)


def profile(config: NewsletterConfig, esp: str | None, source: str) -> Profile:
    """Return the chosen service's profile, or raise naming each missing sender setting."""
    name = esp or config.esp
    if keys := missing(config, name):
        raise ContentError([_missing(source, key, name) for key in keys])
    if name == "generic":
        return Profile(name, iri_to_uri(config.unsubscribe_url or ""))
    unsubscribe, web_version = TAGS[name]
    return Profile(name, unsubscribe, web_version)


def missing(config: NewsletterConfig, esp: str) -> list[str]:
    """Return the sender settings the service ``esp`` needs that ``config`` lacks."""
    required = ["from_name", "from_address", "postal_address"]
    if esp == "generic":
        required.append("unsubscribe_url")
    return [key for key in required if not getattr(config, key)]


def why_required(key: str, esp: str) -> str:
    """Return why the newsletter needs the sender setting ``key``."""
    why = {
        "postal_address": "the footer must show the sender's postal address (CAN-SPAM)",
        "unsubscribe_url": f"--esp {esp} has no unsubscribe merge tag: give an https link",
    }.get(key, "the issues need a sender")
    return f"required for the newsletter: {why}"


def _missing(source: str, key: str, esp: str) -> Problem:
    return Problem(source, why_required(key, esp), path=f"newsletter.{key}")
