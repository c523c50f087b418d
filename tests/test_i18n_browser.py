"""Right to left in real chromium: the Arabic widget and page, and hosts of either direction."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from magwidget.cli import cli
from tests.conftest import ROOT, serve
from tests.widget_site import AXE, RECORDER, shadow, wait_ready

FIXTURES = ROOT / "tests" / "fixtures" / "i18n"
AR_SLUG = "almashy-baad-alakl"
SEED_SLUG = "transdermal-magnesium"
HTML_VALIDATE = ROOT / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The Arabic test article and the English seed, built and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("rtl")
    for name, source, config in (
        ("ar", FIXTURES / "ar.yaml", FIXTURES / "magwidget.yaml"),
        ("seed", ROOT / "content", ROOT / "magwidget.yaml"),
    ):
        args = ["build", str(source), "--out", str(root / name), "--base-url", f"/{name}/"]
        result = CliRunner().invoke(cli, [*args, "--config", str(config)])
        assert result.exit_code == 0, result.output
    shutil.copy(AXE, root / "axe.min.js")
    url, server = serve(root)
    yield root, url
    server.shutdown()
    server.server_close()


def host(site, name: str, body: str, html_attrs: str = 'lang="en"', style: str = "") -> str:
    """Write a host page around ``body``; return its address."""
    root, url = site
    (root / f"{name}.html").write_text(
        f'<!doctype html>\n<html {html_attrs}><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Host {name}</title><style>{style}</style>"
        '<script src="/axe.min.js"></script></head>\n'
        f'<body><main><h1>Host</h1>\n{body}\n<p id="after">After the widget.</p></main>'
        "</body></html>\n"
    )
    return f"{url}/{name}.html"


def embed(site, name: str) -> str:
    """Return the snippet a site owner pastes for the built article ``name``."""
    slug = AR_SLUG if name == "ar" else SEED_SLUG
    return (site[0] / name / slug / "widget" / "embed.html").read_text()


@pytest.fixture
def open_page(browser):
    """Open a URL in a fresh context (375 px wide unless told) with the recorder installed."""
    contexts = []

    def opener(url: str, width: int = 375):
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        context.add_init_script(RECORDER)
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()


def test_arabic_widget_runs_right_to_left_without_overflow(site, open_page):
    page = open_page(host(site, "ar-widget", embed(site, "ar")))
    wait_ready(page)
    assert shadow(page, "getComputedStyle(r.querySelector('.r')).direction") == "rtl"
    page.locator(".e").click()  # expand all: lists and quotes show
    ul = "r.querySelector('ul')"
    assert shadow(page, f"getComputedStyle({ul}).paddingRight") == "20px"  # 1.25em: markers
    assert shadow(page, f"getComputedStyle({ul}).paddingLeft") == "0px"
    quote = "getComputedStyle(r.querySelector('blockquote'))"
    assert shadow(page, f"{quote}.borderRightWidth") == "3px"
    assert shadow(page, f"{quote}.borderLeftWidth") == "0px"
    # The text starts at the right edge; the host page around it stays left to right.
    assert shadow(page, "getComputedStyle(r.querySelector('h2')).textAlign") == "start"
    assert page.evaluate("getComputedStyle(document.getElementById('after')).direction") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    violations = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.help))")
    assert violations == []


def test_arabic_fallback_is_right_to_left_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(host(site, "ar-fallback", embed(site, "ar")))
    fallback = "getComputedStyle(document.querySelector('[data-magwidget] ul'))"
    assert page.evaluate(f"{fallback}.direction") == "rtl"
    assert page.evaluate(f"{fallback}.paddingRight") == "40px"
    context.close()


def test_arabic_page_is_right_to_left_and_accessible(site, open_page):
    page = open_page(f"{site[1]}/ar/{AR_SLUG}/index.html")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    quote = "getComputedStyle(document.querySelector('.mw-quote'))"
    assert page.evaluate(f"{quote}.borderRightWidth") == "4px"
    assert page.evaluate(f"{quote}.borderLeftWidth") == "0px"
    ul = "getComputedStyle(document.querySelector('.mw-ul'))"
    assert page.evaluate(f"[{ul}.paddingRight, {ul}.paddingLeft]") == ["22.4px", "0px"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.help))")
    assert violations == []


@pytest.mark.parametrize("body", ["snippet", "bare"])
def test_right_to_left_host_leaves_an_english_widget_left_to_right(site, open_page, body):
    """The host's direction does not leak in, even into a host element without dir."""
    snippet = embed(site, "seed")
    if body == "bare":
        script = f'<script src="/seed/{SEED_SLUG}/widget/widget.js" async></script>'
        snippet = f'<div data-magwidget="{SEED_SLUG}"></div>\n{script}'
    page = open_page(host(site, f"rtl-host-{body}", snippet, style="html { direction: rtl }"))
    wait_ready(page)
    assert page.evaluate("getComputedStyle(document.getElementById('after')).direction") == "rtl"
    assert shadow(page, "getComputedStyle(r.querySelector('.r')).direction") == "ltr"
    page.locator(".e").click()
    assert shadow(page, "getComputedStyle(r.querySelector('ul')).paddingLeft") == "20px"


def test_html_validate_passes_on_the_arabic_outputs(site):
    folder = site[0] / "ar" / AR_SLUG
    pages = [folder / "index.html", folder / "widget" / "demo.html"]
    issues = sorted((folder / "newsletter").glob("*.html"))
    for config, files in ((".htmlvalidate.json", pages), (".htmlvalidate-email.json", issues)):
        cmd = ["node", str(HTML_VALIDATE), "--config", str(ROOT / config), *map(str, files)]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
