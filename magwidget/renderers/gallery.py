"""The preview gallery: ``index.html`` (with gallery.css and gallery.js) at the top of the output.

Shows every output of every article at once: the live widget in light and dark, the embed
snippet, and each newsletter issue as an inbox row. Reads only the files already rendered
(in memory) and never touches the disk; markup lives in templates/gallery.*.

Its own words are in the articles' language when they share one (or share a base language,
``pt`` for ``pt-BR`` and ``pt-PT``) that magwidget can write, else in English; each article's
title, subjects and preheaders carry their own ``lang`` and ``dir``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import jinja2

from magwidget import i18n
from magwidget.model import Article
from magwidget.templates import install_messages
from magwidget.templates import render as render_template

CLIP_BYTES = 102 * 1024  # Gmail clips a message whose HTML is larger than about 102 KB


@dataclass(frozen=True)
class Row:
    """One newsletter issue as the inbox shows it, with the files it links to."""

    number: int
    subject: str
    preheader: str
    html: str
    txt: str
    eml: str
    clip_share: float
    size: str  # the size and clip share, in words
    send_date: str | None


def render(
    articles: list[Article],
    files: dict[str, bytes],
    env: jinja2.Environment,
    strings: dict[str, str] | None = None,
) -> dict:
    """Return the gallery page and its stylesheet and script."""
    messages = i18n.Messages(language(articles, strings or {}), strings)
    install_messages(env, messages)
    entries = [_entry(article, files, messages) for article in articles]
    page = render_template(env, "gallery.html", entries=entries, language=messages.language)
    return {
        "index.html": page.encode(),
        "gallery.css": render_template(env, "gallery.css").encode(),
        "gallery.js": render_template(env, "gallery.js").encode(),
    }


def language(articles: list[Article], strings: dict[str, str]) -> str:
    """Return the language the gallery speaks: the articles' own when they share one, else en."""
    exact = {article.language for article in articles}
    base = {i18n.locales(article.language)[-1] for article in articles}
    for shared in (exact, base):
        if len(shared) == 1 and _can_write(name := next(iter(shared)), strings):
            return name
    return i18n.SOURCE


def _can_write(language: str, strings: dict[str, str]) -> bool:
    """Return whether a catalog, or ``strings:`` for every message, covers the language."""
    return i18n.has_catalog(language) or set(strings) >= set(i18n.MESSAGE_IDS)


def _entry(article: Article, files: dict[str, bytes], messages: i18n.Messages) -> dict:
    """Return what the gallery shows of one article."""
    slug = article.slug
    return {
        "article": article,
        "dir": i18n.direction(article.language),
        "snippet": files.get(f"{slug}/widget/embed.html", b"").decode(),
        "rows": rows(slug, files, messages),
    }


def rows(slug: str, files: dict[str, bytes], messages: i18n.Messages) -> list[Row]:
    """Return one inbox row per issue listed in the article's series.json."""
    folder = f"{slug}/newsletter"
    series = files.get(f"{folder}/series.json")
    if series is None:
        return []
    return [_row(folder, issue, messages) for issue in json.loads(series)["issues"]]


def _row(folder: str, issue: dict, messages: i18n.Messages) -> Row:
    share = issue["bytes"]["html"] / CLIP_BYTES
    names = {ext: f"{folder}/{name}" for ext, name in issue["files"].items()}
    return Row(
        number=issue["number"],
        subject=issue["subject"],
        preheader=issue["preheader"],
        **names,
        clip_share=share,
        size=size(issue["bytes"]["html"], share, messages),
        send_date=issue.get("send_date"),
    )


def size(html_bytes: int, share: float, messages: i18n.Messages) -> str:
    """Return an issue's size in KB and its share of Gmail's clip, written in the language."""
    kb = f"{html_bytes / 1024:.1f}".replace(".", messages.gettext("decimal_point"))
    return messages.text("issue_size", kb=kb, share=f"{share * 100:.0f}")
