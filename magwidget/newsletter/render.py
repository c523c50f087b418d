"""The newsletter series: one issue per section, as inlined HTML, plain text and a .eml each.

Writes ``<slug>/newsletter/NN-<section-id>.{html,txt,eml}`` and ``series.json``. Owns the
series plan (numbers, subjects, preheaders, send dates) and the checks every issue must pass:
each merge tag byte-for-byte in its place, no other template syntax, and the size limit.
Markup lives in templates/issue.*.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import escape

from magwidget import cache, fields, i18n, mime, subjects
from magwidget.errors import MagwidgetError
from magwidget.links import utm
from magwidget.model import Article, Section
from magwidget.renderers import shared
from magwidget.settings import NewsletterConfig, Settings
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


def render(article: Article, env: jinja2.Environment, config: Settings) -> dict[str, bytes]:
    """Return every issue of the article's series and the series index."""
    settings, profile = config.newsletter, config.profile
    folder = f"{article.slug}/newsletter"
    messages = i18n.Messages(article.language, config.strings)
    issues = plan(article, settings, config.start, config.every, messages)
    inliner = (settings.inliner, config.cache)
    tokens = {tag: _stand_in(tag, article, config) for tag in profile.tags()}
    files: dict[str, bytes] = {}
    for issue in issues:
        files.update(
            _issue_files(article, issue, env, settings, profile, folder, messages, inliner, tokens)
        )
    files[f"{folder}/series.json"] = _series(article.slug, profile.name, issues, files, folder)
    return files


def plan(
    article: Article,
    settings: NewsletterConfig,
    start: dt.date | None,
    every: int,
    messages: i18n.Messages,
) -> list[Issue]:
    """Return the issues in order, with subjects, preheaders and (given a start) send dates."""
    sections = article.sections
    total = len(sections)
    issues = []
    for i, section in enumerate(sections):
        number = i + 1
        subject = subjects.subject(article, messages, settings, number, section)
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


def _issue_files(
    article, issue, env, settings, profile, folder, messages, inliner, tokens
) -> dict[str, bytes]:
    """Render one issue's HTML, text and .eml; check links, template syntax and size."""
    context = _context(article, issue, settings, profile, messages, tokens)
    escaped = tuple(str(escape(tag)) for tag in profile.tags())
    base = f"{folder}/{issue.stem}"
    rendered = render_template(env, "issue.html", **context)
    html = cache.inlined(rendered, escaped, f"{base}.html (from issue.html)", *inliner)
    text = render_template(env, "issue.txt", **context)
    _require_tags(f"{base}.html", _Links.hrefs(html), tokens)
    _require_tags(f"{base}.txt", text, tokens)
    for tag, token in tokens.items():
        html, text = html.replace(token, str(escape(tag))), text.replace(token, tag)
    for name, body in ((f"{base}.html", html), (f"{base}.txt", text), ("subject", issue.subject)):
        if message := fields.merge_tag_problem(body, allowed=(*profile.tags(), *escaped)):
            raise MagwidgetError(f"{name}: {message}")
    data = html.encode()
    if len(data) > MAX_HTML_BYTES:
        limit = f"the limit is {MAX_HTML_BYTES:,} (Gmail clips longer emails)"
        raise MagwidgetError(f"{base}.html is {len(data):,} bytes; {limit}: split the section")
    sender = (settings.from_name or "", settings.from_address or "")
    mailto = settings.unsubscribe_mailto if profile.list_unsubscribe else None
    date = send_datetime(issue, settings)
    eml = mime.message(
        issue.subject,
        sender,
        text,
        html,
        profile.list_unsubscribe,
        date=date,
        mailto=mailto,
        language=article.language,
    )
    return {f"{base}.html": data, f"{base}.txt": text.encode(), f"{base}.eml": eml}


def send_datetime(issue: Issue, settings: NewsletterConfig) -> dt.datetime | None:
    """Return when a scheduled issue goes out: its send date at the configured time and zone."""
    if not issue.send_date:
        return None
    hour, minute = map(int, settings.send_time.split(":"))
    when = dt.time(hour, minute, tzinfo=ZoneInfo(settings.timezone))
    return dt.datetime.combine(issue.send_date, when)


def _context(article, issue, settings, profile, messages, tokens) -> dict:
    """Return what issue.html and issue.txt see: service links as their stand-ins."""
    campaign = settings.utm["campaign"].replace("{slug}", article.slug)
    tags = (settings.utm["source"], settings.utm["medium"], campaign, f"issue-{issue.number:02d}")
    links = {
        "article": utm(article.url, *tags),
        "product": utm(article.product.url, *tags),
        "unsubscribe": tokens[profile.unsubscribe],
        "web_version": tokens.get(profile.web_version),
    }
    sender = {
        "name": settings.from_name,
        "postal_lines": [line.strip() for line in (settings.postal_address or "").splitlines()],
        "disclosure": shared.disclosure(settings, messages),
    }
    return {"article": article, "issue": issue, "links": links, "sender": sender}


def _stand_in(tag: str, article: Article, config: Settings) -> str:
    """Return what the templates get for a service link: a hash of the tag and of the settings
    that reach an issue (no setting can spell its own hash). It stays the same through edits of
    the content, so an edit leaves the other issues' inlined HTML, and their cache entries, as
    they were; content that spells it is refused: only the template's own use may place it."""
    seed = repr((tag, config.newsletter, dict(config.strings), config.widget, config.theme))
    token = f"mwlink{hashlib.sha256(seed.encode()).hexdigest()[:32]}"
    if token in repr(article):
        raise MagwidgetError(
            f"{article.source}: the content spells {token}, magwidget's stand-in"
            f" for the merge tag {tag}: remove it"
        )
    return token


def _require_tags(name: str, places, tokens: dict[str, str]) -> None:
    """Raise unless each link's stand-in is in ``places`` (the hrefs, or the whole text)."""
    if missing := [tag for tag, token in tokens.items() if token not in places]:
        raise MagwidgetError(f"{name}: merge tag {missing[0]!r} is missing (check the template)")


class _Links(HTMLParser):
    """Collect the href of every link in an HTML document."""

    @classmethod
    def hrefs(cls, html: str) -> list[str]:
        """Return the hrefs of every <a> in ``html``, in order."""
        parser = cls()
        parser.found = []
        parser.feed(html)
        return parser.found

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.found += [value for name, value in attrs if name == "href" and value]


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
