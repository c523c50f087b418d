"""Any article the schema accepts builds, and every issue and the widget carry the disclaimer
and the product link; hypothesis generates them (unicode, RTL, emoji, long words, 1-200 sections).
"""

from __future__ import annotations

import html.parser
import json

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from magwidget import build
from magwidget.errors import ContentError
from tests.conftest import ROOT

PIECES = [
    "مرحبا بالعالم",
    "שלום",
    "🧪",
    "👩🏽‍🔬",
    "Ünïcödé",
    "x" * 300,
    "\u00a0",
    "\u3000",
    "  ",
    "漢字",
]
WORDS = st.one_of(
    st.sampled_from(PIECES),
    st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=20),
)
TEXT = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
BLOCK = st.one_of(
    st.builds(lambda t: {"paragraph": t}, TEXT),
    st.builds(lambda t: {"heading": t}, TEXT),
    st.builds(lambda t: {"quote": t}, TEXT),
    st.builds(lambda items: {"list": items}, st.lists(TEXT, min_size=1, max_size=4)),
)
DISCLAIMER = st.text("abcdefghij klmnop", min_size=5, max_size=300).filter(str.strip)
PATH = st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True)


@st.composite
def articles(draw) -> dict:
    """Return an article as a mapping, with optional fields present, empty-ish or missing."""
    ids = draw(st.lists(IDS, min_size=1, max_size=200, unique=True))
    article = {
        "title": draw(TEXT),
        "url": "https://articles.magwidget.dev/" + draw(PATH),
        "product": {
            "name": draw(TEXT),
            "url": "https://shop.magwidget.dev/p/" + draw(PATH),
            "cta": draw(TEXT),
        },
        "disclaimer": draw(DISCLAIMER),
        "sections": [
            {"id": i, "title": draw(TEXT), "blocks": draw(st.lists(BLOCK, min_size=1, max_size=3))}
            for i in ids
        ],
    }
    for key in ("short_title", "subtitle", "summary"):
        if draw(st.booleans()):
            article[key] = draw(TEXT)
    return article


class Text(html.parser.HTMLParser):
    """Collect an HTML document's text (as a reader sees it) and its link targets."""

    def __init__(self, page: str):
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value]

    def handle_data(self, data):
        self.parts.append(data)


def flat(text: str) -> str:
    return " ".join(text.split())


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(article=articles())
def test_every_accepted_article_builds_with_disclaimer_and_product_link(tmp_path_factory, article):
    path = tmp_path_factory.mktemp("article") / "generated.yaml"
    path.write_text(yaml.safe_dump(article, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        files, _ = build.render_all([path], ROOT / "magwidget.yaml")
    except ContentError as exc:
        event("refused: " + next(p.message for p in exc.problems if not p.warning)[:50])
        return  # the schema refused it: only accepted articles must build
    event("built")
    disclaimer, product = flat(article["disclaimer"]), article["product"]["url"]
    issues = [rel for rel in files if "/newsletter/" in rel and rel.endswith((".html", ".txt"))]
    assert len(issues) == 2 * len(article["sections"])
    for rel in issues:
        data = files[rel].decode()
        if rel.endswith(".html"):
            page = Text(data)
            assert disclaimer in flat(" ".join(page.parts)), rel
            assert any(href.startswith(product + "?") for href in page.hrefs), rel
        else:
            assert disclaimer in flat(data), rel
            assert product in data, rel
    widget = files["generated/widget/widget.js"].decode()
    assert json.dumps(article["disclaimer"].strip())[1:-1] in widget
    assert json.dumps(product)[1:-1] in widget
