"""The article's standalone web page: ``<slug>/index.html``."""

from __future__ import annotations

import jinja2

from magwidget import i18n
from magwidget.links import utm
from magwidget.model import Article
from magwidget.renderers import shared
from magwidget.settings import Settings
from magwidget.templates import render as render_template


def render(article: Article, env: jinja2.Environment, config: Settings) -> dict[str, bytes]:
    """Return the page of the whole article."""
    product_url = utm(article.product.url, "magwidget", "article", article.slug)
    disclosure = shared.disclosure(
        config.newsletter, i18n.Messages(article.language, config.strings)
    )
    context = {"article": article, "product_url": product_url, "disclosure": disclosure}
    html = render_template(env, "page.html", **context)
    return {f"{article.slug}/index.html": html.encode()}
