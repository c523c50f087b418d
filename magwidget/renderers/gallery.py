"""The preview gallery: ``index.html`` (with gallery.css and gallery.js) at the top of the output.

Shows every output of every article at once: the live widget in light and dark, the embed
snippet, and each newsletter issue as an inbox row. Reads only the files already rendered
(in memory) and never touches the disk; markup lives in templates/gallery.*.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import jinja2

from magwidget.model import Article
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
    kb: float
    clip_share: float
    send_date: str | None


def render(articles: list[Article], files: dict[str, bytes], env: jinja2.Environment) -> dict:
    """Return the gallery page and its stylesheet and script."""
    entries = [_entry(article, files) for article in articles]
    return {
        "index.html": render_template(env, "gallery.html", entries=entries).encode(),
        "gallery.css": render_template(env, "gallery.css").encode(),
        "gallery.js": render_template(env, "gallery.js").encode(),
    }


def _entry(article: Article, files: dict[str, bytes]) -> dict:
    """Return what the gallery shows of one article."""
    slug = article.slug
    embed = files.get(f"{slug}/widget/embed.html", b"").decode()
    return {"article": article, "snippet": embed, "rows": rows(slug, files)}


def rows(slug: str, files: dict[str, bytes]) -> list[Row]:
    """Return one inbox row per issue listed in the article's series.json."""
    folder = f"{slug}/newsletter"
    series = files.get(f"{folder}/series.json")
    if series is None:
        return []
    return [_row(folder, issue) for issue in json.loads(series)["issues"]]


def _row(folder: str, issue: dict) -> Row:
    size = issue["bytes"]["html"]
    names = {ext: f"{folder}/{name}" for ext, name in issue["files"].items()}
    return Row(
        number=issue["number"],
        subject=issue["subject"],
        preheader=issue["preheader"],
        **names,
        kb=size / 1024,
        clip_share=size / CLIP_BYTES,
        send_date=issue.get("send_date"),
    )
