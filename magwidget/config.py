"""Project settings from ``magwidget.yaml`` (beside content/), validated like content.

Owns the settings schema and its defaults; knows nothing of rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from magwidget.errors import ContentError, Problem
from magwidget.load import display_name, load_node
from magwidget.validate import Walker

DEFAULT_PATH = Path("magwidget.yaml")


@dataclass(frozen=True)
class WidgetConfig:
    """Settings of the embeddable widget."""


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
    w.mapping(node, "widget", (), ())
    return WidgetConfig()


def _newsletter(w: Walker, node: yaml.Node | None) -> NewsletterConfig:
    if node is None:
        return NewsletterConfig()
    w.mapping(node, "newsletter", (), ())
    return NewsletterConfig()
