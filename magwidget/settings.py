"""Project settings: ``magwidget.yaml`` (beside content/), validated like content, with the
command-line flags merged in once into one frozen, resolved ``Settings``.

Owns the settings schema, its defaults and where each flag beats the file (the flags and their
defaults are flags.py's); knows nothing of rendering.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import yaml

from magwidget import baseurl, esp, fields, i18n, theme
from magwidget.errors import ContentError, Problem
from magwidget.esp import ESPS, Profile
from magwidget.flags import complete
from magwidget.links import iri_to_uri
from magwidget.load import display_name, load_document
from magwidget.validate import Walker

DEFAULT_PATH = Path("magwidget.yaml")


@dataclass(frozen=True)
class WidgetConfig:
    """Settings of the embeddable widget: where dist/ is published and how its links are tagged."""

    base_url: str = baseurl.DEFAULT
    utm_source: str = "magwidget"
    utm_medium: str = "widget"
    utm_campaign: str | None = None


SUBJECT_FIELDS = ("title", "short_title", "number", "total", "section")
INLINERS = re.compile("premailer|css-inline")
NEWSLETTER_KEYS = (
    "esp",
    "from_name",
    "from_address",
    "postal_address",
    "unsubscribe_url",
    "paid_link",
    "disclosure",
    "subject",
    "utm",
    "send_time",
    "timezone",
    "unsubscribe_mailto",
    "first_name_fallback",
    "inliner",
)
SMTP_KEYS = ("host", "port", "security", "user", "retries", "backoff_seconds")
SECURITY = ("starttls", "ssl", "none")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class NewsletterConfig:
    """Settings of the newsletter series; the sender fields are checked when issues are built."""

    esp: str = "generic"
    from_name: str | None = None
    from_address: str | None = None
    postal_address: str | None = None
    unsubscribe_url: str | None = None
    paid_link: bool = False
    disclosure: str | None = None  # None: the message paid_link_disclosure, in the language
    subject: str | None = None  # None: the message subject, in the article's language
    utm: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"source": "newsletter", "medium": "email", "campaign": "{slug}"}
        )
    )
    send_time: str = "09:00"  # with --start: each issue's Date, in ``timezone``
    timezone: str = "UTC"
    unsubscribe_mailto: str | None = None  # optional mailto: alternative in List-Unsubscribe
    first_name_fallback: str | None = None  # None: the message first_name_fallback, in the language
    inliner: str = "premailer"


@dataclass(frozen=True)
class SmtpConfig:
    """Settings of ``magwidget send``; flags and MAGWIDGET_SMTP_* variables override them."""

    host: str | None = None
    port: int | None = None
    security: str | None = None  # starttls (default on 587), ssl (465) or none (loopback tests)
    user: str | None = None
    retries: int = 3  # a 4xx reply is retried this many times
    backoff_seconds: float = 30.0  # first wait after a 4xx; doubled on each retry


@dataclass(frozen=True)
class ThemeConfig:
    """The brand colours (#rgb or #rrggbb); ``accent_dark`` is derived when absent."""

    accent: str | None = None
    accent_dark: str | None = None

    def palette(self) -> dict[str, str]:
        """Return every colour the templates take from the theme."""
        return theme.palette(self.accent, self.accent_dark)


@dataclass(frozen=True)
class Settings:
    """Every setting, resolved: the file's values with the command-line flags merged in."""

    widget: WidgetConfig = field(default_factory=WidgetConfig)  # base_url: --base-url merged
    newsletter: NewsletterConfig = field(default_factory=NewsletterConfig)  # esp, inliner too
    source: str = ""  # the settings file as messages name it; "" when there is none
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    strings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    theme: ThemeConfig = field(default_factory=ThemeConfig)
    profile: Profile | None = None  # the email service of newsletter.esp; set by load_settings
    templates: Path | None = None
    start: datetime.date | None = None
    every: int = 7
    cache: bool = True
    jobs: int | None = None

    def digest(self) -> str:
        """Return a sha256 that changes whenever any setting does (repr is deterministic)."""
        return hashlib.sha256(repr(self).encode()).hexdigest()


def load_settings(path: Path | None, **given: object) -> tuple[Settings, list[Problem]]:
    """Read the settings file (defaults when it does not exist), merge the flags into it once and
    resolve the email service; raise every problem at once, sorted by line."""
    merged = complete(**given)
    settings, warnings = _read(path, merged["esp"])
    newsletter = replace(
        settings.newsletter,
        esp=merged["esp"] or settings.newsletter.esp,
        inliner=merged["inliner"] or settings.newsletter.inliner,
    )
    base_url = merged["base_url"]
    widget = settings.widget if base_url is None else replace(settings.widget, base_url=base_url)
    source = settings.source or f"{display_name(path or DEFAULT_PATH)} (not found)"
    schedule = {key: merged[key] for key in ("templates", "start", "every", "cache", "jobs")}
    profile = _profile(newsletter, source)
    settings = replace(settings, widget=widget, newsletter=newsletter, profile=profile)
    return replace(settings, **schedule), warnings


def _read(path: Path | None, service: str | None) -> tuple[Settings, list[Problem]]:
    """Return the file's values (defaults when it does not exist) and its warnings; raise every
    problem at once, sorted by line, the sender settings ``service`` (default: the file's esp)
    needs included."""
    if path is None or not path.exists():
        return Settings(), []
    node, text = load_document(path)
    w = Walker(display_name(path), text)
    f = w.mapping(node, "", (), ("widget", "newsletter", "smtp", "strings", "theme")) or {}
    settings = Settings(_widget(w, f.get("widget")), _newsletter(w, f.get("newsletter")), w.file)
    strings = MappingProxyType(_strings(w, f.get("strings")))
    settings = replace(settings, smtp=_smtp(w, f.get("smtp")), strings=strings)
    settings = replace(settings, theme=_theme(w, f.get("theme")))
    _require_sender(w, f.get("newsletter") or node, settings.newsletter, service)
    problems = sorted(w.problems, key=lambda p: (p.line or 0, p.column or 0))
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    return settings, problems


def _profile(newsletter: NewsletterConfig, source: str) -> Profile:
    """Return the email service's profile, or raise naming each missing sender setting."""
    name = newsletter.esp
    if keys := esp.missing(vars(newsletter), name):
        raise ContentError([_missing(source, key, name) for key in keys])
    return esp.profile(name, newsletter.unsubscribe_url)


def _missing(source: str, key: str, service: str) -> Problem:
    return Problem(source, esp.why_required(key, service), path=f"newsletter.{key}")


def _require_sender(w: Walker, node: yaml.Node, config: NewsletterConfig, name: str | None) -> None:
    """Report each sender setting the service needs that the file does not give."""
    given = {k.value for k, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
    service = name or config.esp
    for key in esp.missing(vars(config), service):
        if key not in given:
            w.problem(node, f"newsletter.{key}", esp.why_required(key, service))


def _widget(w: Walker, node: yaml.Node | None) -> WidgetConfig:
    if node is None:
        return WidgetConfig()
    keys = ("base_url", "utm_source", "utm_medium", "utm_campaign")
    f = w.mapping(node, "widget", (), keys) or {}
    base = f.get("base_url")
    if isinstance(base, yaml.ScalarNode) and (message := baseurl.problem(base.value)):
        w.problem(base, "widget.base_url", message)
    values = {key: w.text(f.get(key), f"widget.{key}") for key in keys if key in f}
    return WidgetConfig(**{key: value for key, value in values.items() if value})


def _newsletter(w: Walker, node: yaml.Node | None) -> NewsletterConfig:
    if node is None:
        return NewsletterConfig()
    f = w.mapping(node, "newsletter", (), NEWSLETTER_KEYS) or {}
    path = "newsletter."
    default = NewsletterConfig()
    esps = "one of " + ", ".join(ESPS)
    values = {
        "esp": w.pattern(f.get("esp"), path + "esp", re.compile("|".join(ESPS)), esps),
        "from_name": _from_name(w, f.get("from_name"), path + "from_name"),
        "from_address": _address(w, f.get("from_address"), path + "from_address"),
        "postal_address": w.text(f.get("postal_address"), path + "postal_address", multiline=True),
        "unsubscribe_url": _unsubscribe(w, f.get("unsubscribe_url"), path + "unsubscribe_url"),
        "paid_link": _flag(w, f.get("paid_link"), path + "paid_link"),
        "disclosure": w.text(f.get("disclosure"), path + "disclosure"),
        "subject": _subject(w, f.get("subject"), path + "subject"),
        "utm": _utm(w, f.get("utm"), default.utm),
        "send_time": w.pattern(f.get("send_time"), path + "send_time", TIME, "a time like 09:00"),
        "timezone": _timezone(w, f.get("timezone"), path + "timezone"),
        "unsubscribe_mailto": _address(w, f.get("unsubscribe_mailto"), path + "unsubscribe_mailto"),
        "first_name_fallback": w.text(f.get("first_name_fallback"), path + "first_name_fallback"),
        "inliner": w.pattern(
            f.get("inliner"), path + "inliner", INLINERS, "premailer or css-inline"
        ),
    }
    return NewsletterConfig(**{k: v for k, v in values.items() if v is not None})


def _strings(w: Walker, node: yaml.Node | None) -> dict[str, str]:
    """Return the project's text for messages, by id, each with the placeholders it needs."""
    if node is None:
        return {}
    f = w.mapping(node, "strings", (), i18n.MESSAGE_IDS) or {}
    values = {}
    for key, value in f.items():
        path = f"strings.{key}"
        text = _subject(w, value, path) if key == "subject" else w.text(value, path)
        if text and key != "subject":
            _placeholders(w, value, path, text, i18n.placeholders(i18n.catalog("en").gettext(key)))
        values[key] = text
    return {key: text for key, text in values.items() if text}


def _placeholders(w: Walker, node: yaml.Node, path: str, text: str, allowed: list[str]) -> None:
    """Report placeholders a message does not fill, and bare % signs (write %% for one)."""
    for name in i18n.placeholders(text):
        if name == "%":
            w.problem(node, path, "a bare % sign: write %% for a percent sign")
        elif name not in allowed:
            known = ", ".join(f"%({n})s" for n in allowed) or "none"
            w.problem(node, path, f"unknown placeholder %({name})s (this message has: {known})")


def _address(w: Walker, node: yaml.Node | None, path: str) -> str | None:
    """Return one plain email address (a real parser checks it); warn on a placeholder domain."""
    value = w.raw(node, path)
    if node is None or not value or (w.problems and w.problems[-1].path == path):
        return value
    if message := fields.address_problem(value):
        w.problem(node, path, message)
        return value
    message, warning = fields.url_problem("mailto:" + value, ("mailto",))
    if message:
        w.problem(node, path, message, warning)
    return value


def _from_name(w: Walker, node: yaml.Node | None, path: str) -> str | None:
    """Return a sender name that cannot pass for an address (no <, > or @)."""
    value = w.text(node, path)
    if value and (bad := re.search(r"[<>@]", value)):
        message = f"{bad.group()!r} would make the name look like an address: write the name only"
        w.problem(node, path, message)
    return value


def _unsubscribe(w: Walker, node: yaml.Node | None, path: str) -> str | None:
    """Return the https unsubscribe link; it may hold the send step's per-recipient placeholders."""
    before = len(w.problems)
    value = w.url(node, path, allowed=fields.UNSUBSCRIBE_PLACEHOLDERS)
    if value and len(w.problems) == before and len(iri_to_uri(value)) > fields.MAX_HEADER_URL:
        limit = f"at most {fields.MAX_HEADER_URL} (it goes into the List-Unsubscribe header)"
        w.problem(node, path, f"the link is {len(iri_to_uri(value)):,} characters; {limit}")
    return value


def _flag(w: Walker, node: yaml.Node | None, path: str) -> bool | None:
    """Return a YAML true/false."""
    if node is None:
        return None
    if node.tag != "tag:yaml.org,2002:bool":
        w.problem(node, path, f"expected true or false, found {node.value!r}")
        return None
    return node.value.lower() in ("true", "yes", "on")


def _subject(w: Walker, node: yaml.Node | None, path: str) -> str | None:
    """Return a subject pattern made of text and plain {field} placeholders only."""
    value = w.text(node, path)
    if not value:
        return value
    try:
        fields = [
            (n, spec, conv) for _, n, spec, conv in string.Formatter().parse(value) if n is not None
        ]
    except ValueError as exc:
        fields = [(f"({exc})", "", None)]
    if styled := [n for n, spec, conv in fields if spec or conv]:
        w.problem(
            node,
            path,
            f"placeholder {styled[0]!r} has a format spec or conversion: write {{{styled[0]}}}",
        )
    names = [n for n, _, _ in fields]
    if unknown := [name for name in names if name not in SUBJECT_FIELDS]:
        allowed = ", ".join("{" + name + "}" for name in SUBJECT_FIELDS)
        w.problem(node, path, f"unknown placeholder {unknown[0]!r} (allowed: {allowed})")
    return value


def _utm(w: Walker, node: yaml.Node | None, default: Mapping[str, str]) -> Mapping[str, str] | None:
    """Return the UTM source, medium and campaign ({slug} is the article's slug)."""
    if node is None:
        return None
    f = w.mapping(node, "newsletter.utm", (), tuple(default)) or {}
    values = {key: w.text(value, f"newsletter.utm.{key}") for key, value in f.items()}
    return MappingProxyType({key: values.get(key) or value for key, value in default.items()})


def _timezone(w: Walker, node: yaml.Node | None, path: str) -> str | None:
    """Return an IANA time zone name such as Europe/Berlin."""
    value = w.raw(node, path)
    if node is not None and value:
        try:
            ZoneInfo(value)
        except (ValueError, OSError, LookupError):
            w.problem(node, path, f"expected a time zone like Europe/Berlin, found {value!r}")
    return value


def _smtp(w: Walker, node: yaml.Node | None) -> SmtpConfig:
    """Return the SMTP settings of ``magwidget send``."""
    if node is None:
        return SmtpConfig()
    f = w.mapping(node, "smtp", (), SMTP_KEYS) or {}
    number = re.compile(r"\d{1,5}(\.\d+)?")
    values = {
        "host": w.text(f.get("host"), "smtp.host"),
        "port": w.pattern(f.get("port"), "smtp.port", re.compile(r"\d{1,5}"), "a port number"),
        "security": w.pattern(
            f.get("security"), "smtp.security", re.compile("|".join(SECURITY)), "|".join(SECURITY)
        ),
        "user": w.text(f.get("user"), "smtp.user"),
        "retries": w.pattern(f.get("retries"), "smtp.retries", re.compile(r"\d{1,2}"), "0-99"),
        "backoff_seconds": w.pattern(
            f.get("backoff_seconds"), "smtp.backoff_seconds", number, "seconds such as 30 or 0.5"
        ),
    }
    kinds = {"port": int, "retries": int, "backoff_seconds": float}
    try:
        values = {k: kinds.get(k, str)(v) for k, v in values.items() if v is not None}
    except ValueError:
        return SmtpConfig()  # already reported by w.pattern
    return SmtpConfig(**values)


def _theme(w: Walker, node: yaml.Node | None) -> ThemeConfig:
    """Return the brand colours; report a colour whose links or button text lack contrast."""
    if node is None:
        return ThemeConfig()
    f = w.mapping(node, "theme", (), ("accent", "accent_dark")) or {}
    hint = "a colour like #0b6e4f (#rgb or #rrggbb)"
    values = {key: w.pattern(f.get(key), f"theme.{key}", theme.HEX, hint) for key in f}
    if any(value and not theme.HEX.fullmatch(value) for value in values.values()):
        return ThemeConfig()
    config = ThemeConfig(**values)
    colours = config.palette()
    for key, dark in (("accent", False), ("accent_dark", True)):
        scheme = "dark" if dark else "light"
        for message in theme.problems(colours[key], dark):
            w.problem(f.get(key) or node, f"theme.{key}", f"{message} ({scheme} scheme)")
    return config
