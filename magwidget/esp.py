"""Email-service profiles: which merge tags stand for the unsubscribe and web-version links.

Owns the tag spellings (written without spaces, as each service documents them) and the check
that a service's sender settings are complete. Knows nothing of settings, templates or MIME:
it takes plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from magwidget.links import iri_to_uri


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


def profile(name: str, unsubscribe_url: str | None) -> Profile:
    """Return the service's profile; ``generic`` links to the project's own unsubscribe page."""
    if name == "generic":
        return Profile(name, iri_to_uri(unsubscribe_url or ""))
    unsubscribe, web_version = TAGS[name]
    return Profile(name, unsubscribe, web_version)


def missing(sender: Mapping[str, object], esp: str) -> list[str]:
    """Return the sender settings the service ``esp`` needs that ``sender`` leaves empty."""
    required = ["from_name", "from_address", "postal_address"]
    if esp == "generic":
        required.append("unsubscribe_url")
    return [key for key in required if not sender.get(key)]


def why_required(key: str, esp: str) -> str:
    """Return why the newsletter needs the sender setting ``key``."""
    why = {
        "postal_address": "the footer must show the sender's postal address (CAN-SPAM)",
        "unsubscribe_url": f"--esp {esp} has no unsubscribe merge tag: give an https link",
    }.get(key, "the issues need a sender")
    return f"required for the newsletter: {why}"
