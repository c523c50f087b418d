"""Project settings from ``magwidget.yaml`` (beside content/), validated like content.

Owns the settings schema and its defaults; knows nothing of rendering.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from magwidget import baseurl
from magwidget.errors import ContentError, Problem
from magwidget.esp import ESPS
from magwidget.load import display_name, load_node
from magwidget.validate import Walker, url_problem

DEFAULT_PATH = Path("magwidget.yaml")


@dataclass(frozen=True)
class WidgetConfig:
    """Settings of the embeddable widget: where dist/ is published and how its links are tagged."""

    base_url: str = baseurl.DEFAULT
    utm_source: str = "magwidget"
    utm_medium: str = "widget"
    utm_campaign: str | None = None


EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
SUBJECT_FIELDS = ("title", "short_title", "number", "total", "section")
INLINERS = re.compile("premailer|css-inline")
DISCLOSURE = "Paid link: we may earn a commission if you buy through it."
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
    "inliner",
)


@dataclass(frozen=True)
class NewsletterConfig:
    """Settings of the newsletter series; the sender fields are checked when issues are built."""

    esp: str = "generic"
    from_name: str | None = None
    from_address: str | None = None
    postal_address: str | None = None
    unsubscribe_url: str | None = None
    paid_link: bool = False
    disclosure: str = DISCLOSURE
    subject: str = "{short_title} ({number}/{total}): {section}"
    utm: dict[str, str] = field(
        default_factory=lambda: {"source": "newsletter", "medium": "email", "campaign": "{slug}"}
    )
    inliner: str = "premailer"


@dataclass(frozen=True)
class Config:
    """Every setting, each group with its defaults."""

    widget: WidgetConfig = field(default_factory=WidgetConfig)
    newsletter: NewsletterConfig = field(default_factory=NewsletterConfig)
    source: str = ""


def load_config(path: Path | None) -> tuple[Config, list[Problem]]:
    """Read the settings file (defaults when it does not exist); raise every problem at once."""
    if path is None or not path.exists():
        return Config(), []
    node = load_node(path)
    w = Walker(display_name(path))
    f = w.mapping(node, "", (), ("widget", "newsletter")) or {}
    config = Config(_widget(w, f.get("widget")), _newsletter(w, f.get("newsletter")), w.file)
    if any(not p.warning for p in w.problems):
        raise ContentError(w.problems)
    return config, w.problems


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
        "from_name": w.text(f.get("from_name"), path + "from_name"),
        "from_address": _address(w, f.get("from_address"), path + "from_address"),
        "postal_address": w.text(f.get("postal_address"), path + "postal_address", multiline=True),
        "unsubscribe_url": w.url(f.get("unsubscribe_url"), path + "unsubscribe_url"),
        "paid_link": _flag(w, f.get("paid_link"), path + "paid_link"),
        "disclosure": w.text(f.get("disclosure"), path + "disclosure"),
        "subject": _subject(w, f.get("subject"), path + "subject"),
        "utm": _utm(w, f.get("utm"), default.utm),
        "inliner": w.pattern(
            f.get("inliner"), path + "inliner", INLINERS, "premailer or css-inline"
        ),
    }
    return NewsletterConfig(**{k: v for k, v in values.items() if v is not None})


def _address(w: Walker, node: yaml.Node | None, path: str) -> str | None:
    """Return an email address; warn when its domain is a placeholder."""
    value = w.pattern(node, path, EMAIL, "an email address like news@your-domain.com")
    if value and EMAIL.fullmatch(value):
        message, warning = url_problem("mailto:" + value, ("mailto",))
        if message:
            w.problem(node, path, message, warning)
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


def _utm(w: Walker, node: yaml.Node | None, default: dict[str, str]) -> dict[str, str] | None:
    """Return the UTM source, medium and campaign ({slug} is the article's slug)."""
    if node is None:
        return None
    f = w.mapping(node, "newsletter.utm", (), tuple(default)) or {}
    values = {key: w.text(value, f"newsletter.utm.{key}") for key, value in f.items()}
    return {key: values.get(key) or value for key, value in default.items()}
