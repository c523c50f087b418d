"""Long words break everywhere (issue 7, item 15): a 300-letter word in any text field must not
widen the page, the widget or any email issue past a 375 px viewport."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from magwidget.cli import cli
from tests.conftest import ROOT, serve
from tests.widget_site import CSP, RECORDER, wait_ready

WORD = "Magnesium" * 33 + "ium"  # 300 letters, no break opportunity
SLUG = "long-words"


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    """A build of the seed with the long word in every kind of text field, served on loopback."""
    root = tmp_path_factory.mktemp("long")
    seed = yaml.safe_load((ROOT / "content" / "transdermal-magnesium.yaml").read_text())
    sections = seed["sections"][:2]
    sections[0] = {**sections[0], "title": f"Why {WORD}"}
    sections[0]["blocks"] = [
        {"paragraph": f"A {WORD} b"},
        {"list": [f"{WORD} item"]},
        {"heading": WORD},
        {"quote": WORD},
        *sections[0]["blocks"],
    ]
    article = {**seed, "slug": SLUG, "title": f"Title {WORD}", "subtitle": WORD}
    article.update(sections=sections, disclaimer=f"{WORD} disclaimer", summary=WORD)
    article["product"] = {**seed["product"], "cta": f"Buy {WORD}"}
    source = root / "long.yaml"
    source.write_text(yaml.safe_dump(article))
    args = ["build", str(source), "--out", str(root / "dist"), "--base-url", "/dist/"]
    result = CliRunner().invoke(cli, [*args, "--config", str(ROOT / "magwidget.yaml")])
    assert result.exit_code == 0, result.output
    snippet = (root / "dist" / SLUG / "widget" / "embed.html").read_text()
    host = f'<!doctype html><html lang="en"><head><meta charset="utf-8">{CSP}'
    host += '<meta name="viewport" content="width=device-width, initial-scale=1">'
    (root / "host.html").write_text(host + f"<title>x</title></head><body>{snippet}</body></html>")
    url, server = serve(root)
    yield root, url
    server.shutdown()
    server.server_close()


def pages(root) -> list[str]:
    """Return the page and every issue, relative to the served folder."""
    issues = sorted((root / "dist" / SLUG / "newsletter").glob("*.html"))
    return [f"dist/{SLUG}/index.html", *(f"dist/{SLUG}/newsletter/{p.name}" for p in issues)]


WIDTH = "document.documentElement.scrollWidth"


def test_long_words_never_widen_the_page_or_an_issue(long_site, browser):
    root, url = long_site
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    widths = {}
    for path in pages(root):
        page.goto(f"{url}/{path}")
        widths[path] = page.evaluate(WIDTH)
    context.close()
    assert len(widths) == 3
    assert {path: w for path, w in widths.items() if w > 375} == {}


def test_long_words_never_widen_the_widget(long_site, browser):
    _root, url = long_site
    context = browser.new_context(viewport={"width": 375, "height": 667})
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.goto(f"{url}/host.html")
    wait_ready(page)
    page.locator(".e").click()
    opened = "document.querySelector('[data-magwidget]').shadowRoot.querySelector('.p').hidden"
    assert page.evaluate(opened) is False
    inner = "(r => r.scrollWidth - r.clientWidth)(document.querySelector('[data-magwidget]')"
    inner += ".shadowRoot.querySelector('.r'))"
    assert (page.evaluate(WIDTH), page.evaluate(inner)) == (375, 0)
    context.close()
