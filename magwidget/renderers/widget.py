"""The embeddable widget: ``<slug>/widget/`` holds widget.js, embed.html, embed-inline.html, demo.

Owns the widget's JSON payload and the minifying of its CSS and JS; markup lives in templates/.
"""

from __future__ import annotations

import json
import re

import jinja2
from markupsafe import Markup

from magwidget import baseurl, i18n
from magwidget.errors import MagwidgetError
from magwidget.links import utm
from magwidget.model import Article, Block
from magwidget.renderers import shared
from magwidget.settings import Settings
from magwidget.templates import render as render_template

KIND = {"list": "u", "heading": "h", "quote": "q"}
STRING = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
# + and - only when neither side touches another: "a + ++n" must not become "a+++n" (the
# possessive spaces keep the regex from backing off one). Line breaks stay, for ASI.
PUNCT = re.compile(r" *([=,:;{}()\[\]?&|>*/!]) *|(?<![+-]) *+([+-]) *+(?![+-])")
# A line break after ; { } or , goes, unless the next line could continue an expression.
JOIN = re.compile(r"(?<=[;{},])\n(?![(\[+\-/`])")


def render(article: Article, env: jinja2.Environment, config: Settings) -> dict[str, bytes]:
    """Return the widget's four files."""
    settings = config.widget
    base = settings.base_url
    campaign = settings.utm_campaign or article.slug
    product_url = utm(article.product.url, settings.utm_source, settings.utm_medium, campaign)
    messages = i18n.Messages(article.language, config.strings)
    disclosure = shared.disclosure(config.newsletter, messages)
    script = widget_js(env, article, product_url, messages, disclosure)
    context = {"article": article, "product_url": product_url, "disclosure": disclosure}
    files = {
        "widget.js": script,
        "embed.html": render_template(
            env, "embed.html", **context, script_src=baseurl.script_src(base, article.slug)
        ),
        "embed-inline.html": render_template(env, "embed-inline.html", **context, script=script),
        "demo.html": render_template(env, "demo.html", **context),
    }
    return {f"{article.slug}/widget/{name}": text.encode() for name, text in files.items()}


def widget_js(
    env: jinja2.Environment,
    article: Article,
    product_url: str,
    messages: i18n.Messages,
    disclosure: str | None = None,
) -> Markup:
    """Return the minified widget code with the article and CSS inside, safe to inline in HTML."""
    css = minify_css(render_template(env, "widget.css"))
    data = payload(article, product_url, messages, disclosure)
    js = minify_js(render_template(env, "widget.js", slug=article.slug, data=_json(data), css=css))
    if re.search(r"</script|<!--", js, re.IGNORECASE):
        raise MagwidgetError("widget.js contains '</script' or '<!--': it cannot be inlined")
    return Markup(js)


def payload(
    article: Article, product_url: str, messages: i18n.Messages, disclosure: str | None = None
) -> list:
    """Return the article as the JSON array the script reads (order documented in widget.js).

    Section ids travel with spaces for hyphens: so written they repeat the article's words,
    which gzip then stores once."""
    return [
        article.title,
        article.subtitle,
        article.summary,
        article.language,
        messages.dir,
        article.url,
        article.product.cta,
        product_url,
        disclosure,
        article.disclaimer,
        _messages(messages, len(article.sections)),
        *(
            [s.id.replace("-", " "), s.title, *_section(_blocks(article, i))]
            for i, s in enumerate(article.sections)
        ),
    ]


def _json(value) -> Markup:
    """Return ``value`` as JSON safe in a script element: ASCII only, ``<`` and ``>`` escaped."""
    return Markup(
        json.dumps(value, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")
    )


def _messages(messages: i18n.Messages, total: int) -> list[str]:
    """Return the interface text the script writes, and only that, in the article's language."""
    return [
        messages.text("read_article"),
        messages.text("expand_all"),
        messages.text("collapse_all"),
        messages.ngettext("show_all", "show_all", total) % {"num": total},
    ]


def _blocks(article: Article, index: int) -> tuple[Block, ...]:
    """Return a section's blocks, without the summary line the widget already shows above."""
    blocks = article.sections[index].blocks
    first = blocks[0] if blocks else None
    if index == 0 and first and first.kind == "paragraph" and first.text == article.summary:
        return blocks[1:]
    return blocks


def _section(blocks: tuple[Block, ...]) -> list[str | list[str]]:
    """Return the blocks as the script reads them: a run of paragraphs as one string, one a line."""
    items: list[str | list[str]] = []
    for block in blocks:
        if block.kind != "paragraph":
            items.append([KIND[block.kind], *block.lines()])
        elif items and isinstance(items[-1], str):
            items[-1] += "\n" + _one_line(block.text)
        else:
            items.append(_one_line(block.text))
    return items


def _one_line(text: str) -> str:
    """Return ``text`` with its line breaks as spaces, as the browser shows them anyway."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def minify_css(css: str) -> str:
    """Drop comments and the whitespace around punctuation, shorten #aabbcc to #abc."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r" ?([{};,>]) ?", r"\1", css)
    css = re.sub(r"#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3\b", r"#\1\2\3", css)
    return css.replace(": ", ":").replace(" !", "!").replace(";}", "}").strip()


def minify_js(js: str) -> str:
    """Drop indentation, ``//`` comment lines, spaces around punctuation outside strings and
    the line breaks that end a statement."""
    lines = (line.strip() for line in js.splitlines())
    code = "\n".join(line for line in lines if line and not line.startswith("//"))
    pieces = STRING.split(code)  # odd pieces are the quoted strings, kept as they are
    tight = lambda m: m.group(1) or m.group(2)  # noqa: E731
    code = "".join(p if i % 2 else PUNCT.sub(tight, p) for i, p in enumerate(pieces))
    return JOIN.sub("", code) + "\n"
