"""Project settings from ``magwidget.yaml`` (beside content/), validated like content.

Owns the settings schema and its defaults; knows nothing of rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from magwidget import baseurl
from magwidget.errors import ContentError, Problem
from magwidget.load import display_name, load_node
from magwidget.validate import Walker

DEFAULT_PATH = Path("magwidget.yaml")


@dataclass(frozen=True)
class WidgetConfig:
    """Settings of the embeddable widget: where dist/ is published and how its links are tagged."""

    base_url: str = baseurl.DEFAULT
    utm_source: str = "magwidget"
    utm_medium: str = "widget"
    utm_campaign: str | None = None


@dataclass(frozen=True)
class NewsletterConfig:
    """Settings of the newsletter series."""


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
    w.mapping(node, "newsletter", (), ())
    return NewsletterConfig()
