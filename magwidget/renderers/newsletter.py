"""The newsletter series: one issue per section, as inlined HTML, plain text and a .eml each.

Writes ``<slug>/newsletter/NN-<section-id>.{html,txt,eml}`` and ``series.json``. Owns the
series plan (numbers, subjects, preheaders, send dates) and the checks every issue must pass:
each merge tag byte-for-byte and the size limit. Markup lives in templates/issue.*.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import jinja2
from markupsafe import escape

from magwidget import cache, esp, mime
from magwidget.config import DEFAULT_PATH, Config, NewsletterConfig
from magwidget.errors import MagwidgetError
from magwidget.links import utm
from magwidget.load import display_name
from magwidget.model import Article, Section
from magwidget.templates import render as render_template

MAX_HTML_BYTES = 90_000  # Gmail clips near 102 KB, and services add their own markup
PREHEADER_CHARS = 140
SENTENCE = re.compile(r".+?[.!?:\u2026][\u201d\u2019\"')]*(?=\s|$)")


@dataclass(frozen=True)
class Issue:
    """One issue of the series: its place, its section and what the inbox shows."""

    number: int
    total: int
    section: Section
    next: Section | None
    subject: str
    preheader: str
    send_date: dt.date | None

    @property
    def stem(self) -> str:
        """Return the file name without extension: ``03-vascular-relaxation``."""
        return f"{self.number:02d}-{self.section.id}"


def render(article: Article, env: jinja2.Environment, config: Config, options) -> dict[str, bytes]:
    """Return every issue of the article's series and the series index."""
    settings = config.newsletter
    source = config.source or display_name(options.config or DEFAULT_PATH)
    profile = esp.profile(settings, options.esp, source)
    folder = f"{article.slug}/newsletter"
    issues = plan(article, settings, options.start, options.every)
    inliner = (options.inliner or settings.inliner, options.cache)
    files: dict[str, bytes] = {}
    for issue in issues:
        files.update(_issue_files(article, issue, env, settings, profile, folder, inliner))
    files[f"{folder}/series.json"] = _series(article.slug, profile.name, issues, files, folder)
    return files


def plan(
    article: Article, settings: NewsletterConfig, start: dt.date | None, every: int
) -> list[Issue]:
    """Return the issues in order, with subjects, preheaders and (given a start) send dates."""
    sections = article.sections
    total = len(sections)
    issues = []
    for i, section in enumerate(sections):
        number = i + 1
        fields = {"title": article.title, "short_title": article.short_title, "number": number}
        fields["total"] = total
        subject = section.subject or settings.subject.format(**fields, section=section.title)
        preheader = section.preheader or first_sentence(section.first_paragraph())
        next_section = sections[i + 1] if number < total else None
        date = start + dt.timedelta(days=every * i) if start else None
        issues.append(Issue(number, total, section, next_section, subject, preheader, date))
    return issues


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text``, cut at a word near PREHEADER_CHARS."""
    match = SENTENCE.match(text)
    sentence = match.group() if match else text
    if len(sentence) <= PREHEADER_CHARS:
        return sentence
    return sentence[:PREHEADER_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _issue_files(article, issue, env, settings, profile, folder, inliner) -> dict[str, bytes]:
    """Render one issue's HTML, text and .eml; check tags and size."""
    context = _context(article, issue, settings, profile)
    escaped = tuple(str(escape(tag)) for tag in profile.tags())
    base = f"{folder}/{issue.stem}"
    rendered = render_template(env, "issue.html", **context)
    html = cache.inlined(rendered, escaped, f"{base}.html (from issue.html)", *inliner)
    text = render_template(env, "issue.txt", **context)
    _require_tags(f"{base}.html", html, escaped)
    _require_tags(f"{base}.txt", text, profile.tags())
    data = html.encode()
    if len(data) > MAX_HTML_BYTES:
        limit = f"the limit is {MAX_HTML_BYTES:,} (Gmail clips longer emails)"
        raise MagwidgetError(f"{base}.html is {len(data):,} bytes; {limit}: split the section")
    sender = (settings.from_name or "", settings.from_address or "")
    eml = mime.message(issue.subject, sender, text, html, profile.list_unsubscribe)
    return {f"{base}.html": data, f"{base}.txt": text.encode(), f"{base}.eml": eml}


def _context(article, issue, settings, profile) -> dict:
    """Return what issue.html and issue.txt see."""
    campaign = settings.utm["campaign"].replace("{slug}", article.slug)
    tags = (settings.utm["source"], settings.utm["medium"], campaign, f"issue-{issue.number:02d}")
    links = {
        "article": utm(article.url, *tags),
        "product": utm(article.product.url, *tags),
        "unsubscribe": profile.unsubscribe,
        "web_version": profile.web_version,
    }
    sender = {
        "name": settings.from_name,
        "postal_lines": [line.strip() for line in (settings.postal_address or "").splitlines()],
        "disclosure": settings.disclosure if settings.paid_link else None,
    }
    return {"article": article, "issue": issue, "links": links, "sender": sender}


def _require_tags(name: str, body: str, tags: tuple[str, ...]) -> None:
    """Raise unless every merge tag appears byte-for-byte in the rendered issue."""
    if missing := [tag for tag in tags if tag not in body]:
        raise MagwidgetError(f"{name}: merge tag {missing[0]!r} is missing (check the template)")


def _series(slug: str, esp_name: str, issues: list[Issue], files: dict, folder: str) -> bytes:
    """Return series.json: each issue's number, subject, preheader, files, sizes and date."""
    entries = []
    for issue in issues:
        names = {ext: f"{issue.stem}.{ext}" for ext in ("html", "txt", "eml")}
        entry = {
            "number": issue.number,
            "section": issue.section.id,
            "subject": issue.subject,
            "preheader": issue.preheader,
            "files": names,
            "bytes": {ext: len(files[f"{folder}/{name}"]) for ext, name in names.items()},
        }
        if issue.send_date:
            entry["send_date"] = issue.send_date.isoformat()
        entries.append(entry)
    series = {"article": slug, "esp": esp_name, "issues": entries}
    return (json.dumps(series, indent=2, ensure_ascii=False) + "\n").encode()
