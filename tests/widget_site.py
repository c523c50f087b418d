"""A loopback site for the widget's browser tests: built dists, axe-core and pages tests write.

Every page is served from 127.0.0.1; widget.js is loaded from the same origin as the page.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from magwidget.cli import cli
from tests.conftest import serve

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile-markup-everywhere.yaml"
NODE = ROOT / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
# Real site frameworks' base styles, as a site owner has them (pinned in package-lock.json).
FRAMEWORKS = {
    "bootstrap.css": NODE / "bootstrap" / "dist" / "css" / "bootstrap.min.css",
    "preflight.css": NODE / "tailwindcss" / "preflight.css",
}
CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
HOSTILE_CSS = """
* { color: red !important; font-size: 40px !important; font-family: "Comic Sans MS" !important }
html { font-size: 40px !important }
button, p, a { background: yellow !important }
"""

# A site that sets its fallback small: the widget is far taller than the box it replaces.
COMPACT_CSS = "body { margin: 8px }\n[data-magwidget] * { margin: 0; font: 13px/1.3 serif }\n"
# Text below the widget, so that every pixel it pushes down counts in the layout shift.
FILLER = "<p>Text below the widget that moves when the widget grows.</p>" * 20

STYLE_PROPS = [
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "letter-spacing",
    "text-transform",
    "text-decoration-line",
    "padding-top",
    "padding-left",
    "border-top-width",
    "border-top-color",
]
STYLED = (".r", "h2", ".s", ".i", ".e", ".a a", "h3 button", ".p p", ".c a", ".d")

# Runs before any page script: records CSP violations, ready events, layout shifts, window
# error events and the window properties that existed before the widget.
RECORDER = """
const before = Object.getOwnPropertyNames(window);
window.__before = before;
window.__csp = [];
window.__ready = [];
window.__shifts = [];
window.__errors = [];
window.addEventListener("error", e => __errors.push(e.message), true);
document.addEventListener("securitypolicyviolation",
  e => __csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile), true);
document.addEventListener("magwidget:ready", e => __ready.push(e.target), true);
new PerformanceObserver(list => list.getEntries().forEach(
  e => e.hadRecentInput || __shifts.push(e.value))).observe({type: "layout-shift", buffered: true});
"""

# The element that has focus, looking inside shadow roots.
DEEP_FOCUS = """() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}"""


@dataclass
class Site:
    """The served folder and its address."""

    root: Path
    url: str

    def embed(self, name: str = "seed", slug: str = "transdermal-magnesium", inline=False) -> str:
        """Return a built snippet, as a site owner would paste it."""
        file = "embed-inline.html" if inline else "embed.html"
        return (self.root / name / slug / "widget" / file).read_text()

    def page(self, name: str, body: str, head: str = "", csp: bool = True) -> str:
        """Write a host page around ``body`` and return its address."""
        html = (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"{CSP if csp else ''}<title>Host page {name}</title>"
            f'<link rel="stylesheet" href="/host.css">{head}</head>\n'
            f"<body><main><h1>Host page</h1><p>Before the widget.</p>\n{body}\n"
            '<p id="after">After the widget.</p></main></body></html>\n'
        )
        (self.root / f"{name}.html").write_text(html)
        return f"{self.url}/{name}.html"

    def host_page(self, kind: str, scheme: str, body: str) -> str:
        """Write ``body`` into a plain, Bootstrap 5 or Tailwind (preflight) page; return its URL."""
        bs = f' data-bs-theme="{scheme}"'
        sheet, html_attrs, main = {
            "plain": ("host.css", "", "<main>"),
            "bootstrap": ("bootstrap.css", bs, '<main class="container">'),
            "tailwind": ("preflight.css", "", "<main>"),
            "compact": ("compact.css", "", "<main>"),
        }[kind]
        html = (
            f'<!doctype html>\n<html lang="en"{html_attrs}><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'{CSP}<title>{kind} host</title><link rel="stylesheet" href="/{sheet}"></head>\n'
            f"<body>{main}<h1>A {kind} page</h1><p>Before the widget.</p>\n{body}\n"
            '<p id="after">After the widget.</p>' + FILLER + "</main></body></html>\n"
        )
        name = f"host-{kind}-{scheme}"
        (self.root / f"{name}.html").write_text(html)
        return f"{self.url}/{name}.html"


def build_site(root: Path) -> None:
    """Build the seed, a 3-section cut of it and the hostile fixture with the real CLI; add
    axe-core, the frameworks' CSS and host CSS."""
    seed = yaml.safe_load((ROOT / "content" / "transdermal-magnesium.yaml").read_text())
    short = root / "short.yaml"
    short.write_text(yaml.safe_dump({**seed, "slug": "short", "sections": seed["sections"][:3]}))
    for name, source in (("seed", ROOT / "content"), ("hostile", HOSTILE), ("short", short)):
        args = ["build", str(source), "--out", str(root / name), "--base-url", f"/{name}/"]
        result = CliRunner().invoke(cli, [*args, "--config", str(ROOT / "magwidget.yaml")])
        assert result.exit_code == 0, result.output
    shutil.copy(AXE, root / "axe.min.js")
    for name, path in FRAMEWORKS.items():
        shutil.copy(path, root / name)
    (root / "host.css").write_text("body { margin: 0; padding: 16px }\nmain { max-width: 640px }\n")
    (root / "hostile.css").write_text(HOSTILE_CSS)
    (root / "compact.css").write_text(COMPACT_CSS)
    (root / "rtl.css").write_text("html { direction: rtl }\n")
    (root / "widths.css").write_text(
        "main { max-width: none }\n.w280 { width: 280px }\n.w1200 { width: 1200px }\n"
    )


def shadow(page, expression: str, index: int = 0):
    """Evaluate ``expression`` with ``r`` bound to the widget's shadow root number ``index``."""
    script = f"""i => {{
      const all = Document.prototype.querySelectorAll.call(document, "[data-magwidget]");
      const r = all[i].shadowRoot;
      return {expression};
    }}"""
    return page.evaluate(script, index)


def wait_ready(page, count: int = 1) -> None:
    """Wait until ``count`` widgets have fired magwidget:ready."""
    page.wait_for_function(f"window.__ready.length >= {count}", timeout=5000)


def computed_styles(page) -> dict:
    """Return the styles that matter of each kind of element in the widget."""
    return shadow(
        page,
        f"""Object.fromEntries({list(STYLED)}.map(s => {{
          const cs = getComputedStyle(r.querySelector(s));
          return [s, Object.fromEntries({STYLE_PROPS}.map(p => [p, cs.getPropertyValue(p)]))];
        }}))""",
    )


@pytest.fixture(name="site", scope="module")
def site_fixture(tmp_path_factory):
    """The loopback site, built once for this module."""
    root = tmp_path_factory.mktemp("site")
    build_site(root)
    url, server = serve(root)
    yield Site(root, url)
    server.shutdown()
    server.server_close()


@pytest.fixture(name="open_page")
def open_page_fixture(browser):
    """Return a function that opens a URL in a fresh context with the recorder installed."""
    contexts = []

    def opener(url: str, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        context.add_init_script(RECORDER)
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()
