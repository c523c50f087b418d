"""The widget against hostile host pages (issue 7, items 5 and 14) and what issue 9 asks of
every host: direction from the article, 24 px touch targets, text on any accent readable."""

from __future__ import annotations

import itertools

import pytest

from tests.widget_site import (  # noqa: F401  (the *_fixture names are fixtures)
    open_page_fixture,
    shadow,
    site_fixture,
    wait_ready,
)

SLUG = "transdermal-magnesium"
HOST = f'data-magwidget="{SLUG}"'
# Every way a colour value can reach a URL or a variable, inside every kind of colour syntax.
FETCHERS = [
    "url(/probe{n}.png)",
    "var(--nope, url(/probe{n}.png))",
    'image-set("/probe{n}.png" 1x)',
    "env(nope, url(/probe{n}.png))",
    "attr(data-x type(<color>), url(/probe{n}.png))",
]
WRAPPERS = ["{}", "rgb({})", "red {}", "color-mix(in srgb, red, {})", "light-dark(red, {})"]
HOSTILE_ACCENTS = [w.format(f) for w, f in itertools.product(WRAPPERS, FETCHERS)]
HOSTILE_ACCENTS += ["var(--x)", "rgb(var(--x) 0 0)", "currentcolor", "transparent", "inherit"]
# Contrast of the product button's text on its background, computed in the page.
CONTRAST = """(() => {
  const lum = s => {
    const [r, g, b] = s.match(/[0-9.]+/g).slice(0, 3)
      .map(c => (c /= 255) <= .04045 ? c / 12.92 : ((c + .055) / 1.055) ** 2.4);
    return .2126 * r + .7152 * g + .0722 * b;
  };
  const cs = getComputedStyle(r.querySelector(".c a"));
  const [a, b] = [lum(cs.color), lum(cs.backgroundColor)].sort((x, y) => y - x);
  return (a + .05) / (b + .05);
})()"""


def hosts(site, accents: list[str]) -> str:
    """Return one snippet per accent, each on its own host (the script tag kept once)."""
    snippet = site.embed()
    fallback, script = snippet.split("<script")
    tagged = [fallback.replace(HOST, f"{HOST} data-accent='{a}'") for a in accents]
    return "".join(tagged) + "<script" + script


def test_no_accent_can_reference_a_variable_or_fetch(site, open_page, browser):
    accents = [a.replace("{n}", str(i)) for i, a in enumerate(HOSTILE_ACCENTS)]
    url = site.page("accents", hosts(site, accents))
    page = open_page(url)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.reload()
    wait_ready(page, len(accents))
    page.wait_for_timeout(300)
    styles = page.evaluate(
        """[...document.querySelectorAll("[data-magwidget]")]
        .map(h => h.shadowRoot.querySelector(".r").style.getPropertyValue("--a"))"""
    )
    assert styles == [""] * len(accents)
    assert [u for u in requests if "probe" in u] == []


def test_a_polluted_prototype_cannot_set_the_accent_or_the_entry_point(site, open_page):
    pollute = """<script src="/pollute.js"></script>"""
    (site.root / "pollute.js").write_text(
        'Object.assign(Object.prototype, {accent: "#ff0000", theme: "dark", section: "2"});\n'
        f'Object.prototype.magwidget = {{"{SLUG}": 1}};\n'
    )
    page = open_page(site.page("pollute", site.embed(), head=pollute))
    wait_ready(page)
    assert shadow(page, "r.querySelector('.r').style.getPropertyValue('--a')") == ""
    assert shadow(page, "r.querySelector('.r').className") == "r auto"
    assert shadow(page, "r.querySelectorAll('h3 button').length") == 11
    assert page.evaluate("window.__errors") == []
    assert page.evaluate(f"Object.prototype.magwidget['{SLUG}']") == 1
    assert page.evaluate(
        f"typeof Object.getOwnPropertyDescriptor(window, 'magwidget').value['{SLUG}']"
    ) == ("function")


@pytest.mark.parametrize(
    ("accent", "theme"),
    [
        ("#1d4ed8", "dark"),
        ("#1d4ed8", "light"),
        ("#f0b429", "light"),
        ("rebeccapurple", "dark"),
        ("hsl(60 100% 50%)", "dark"),
        ("rgb(0 90 60)", "light"),
        ("#ffffff80", "light"),
    ],
)
def test_text_on_a_page_given_accent_has_contrast(site, open_page, accent, theme):
    embed = site.embed().replace(HOST, f"{HOST} data-accent='{accent}' data-theme='{theme}'")
    page = open_page(site.page("contrast", embed))
    wait_ready(page)
    assert shadow(page, "r.querySelector('.r').style.getPropertyValue('--a')") == accent
    assert shadow(page, CONTRAST) >= 4.5


CLOBBER = "".join(
    f'<img name="{name}" alt=""><form name="{name}"></form>'
    for name in ("createElement", "querySelectorAll", "documentElement", "body", "magwidget")
)
BAD_HOSTS = f'<ul><li {HOST}>list fallback</li></ul><form {HOST}><input name="attachShadow">'
BAD_HOSTS += '<input name="getAttribute"><input name="dataset">form fallback</form>'


def test_host_markup_cannot_break_the_widget(site, open_page):
    page = open_page(site.page("clobbered", CLOBBER + BAD_HOSTS + site.embed()))
    wait_ready(page)
    assert shadow(page, "r.querySelectorAll('h3 button').length", 2) == 11
    assert page.locator("li[data-magwidget]").inner_text() == "list fallback"
    assert page.locator("form[data-magwidget]").inner_text() == "form fallback"
    page.evaluate(
        """() => { const div = HTMLDocument.prototype.createElement.call(document, "div");
        div.setAttribute("data-magwidget", "transdermal-magnesium");
        document.querySelector("main").append(div); }"""
    )
    wait_ready(page, 2)
    assert shadow(page, "r.querySelectorAll('h3 button').length", 3) == 11
    assert page.evaluate("window.__errors") == []


def test_host_direction_does_not_leak_into_the_widget(site, open_page):
    head = '<link rel="stylesheet" href="/rtl.css">'
    page = open_page(site.page("rtl", site.embed(), head=head))
    wait_ready(page)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert shadow(page, "r.querySelector('.r').dir") == "ltr"
    for element in (".r", "h3 button", ".c a", ".d"):
        assert shadow(page, f"getComputedStyle(r.querySelector('{element}')).direction") == "ltr"


@pytest.mark.parametrize("width", [280, 375, 1200])
def test_every_control_is_at_least_24_px_square(site, open_page, width):
    page = open_page(site.page("targets", site.embed()), viewport={"width": width, "height": 800})
    wait_ready(page)
    sizes = shadow(
        page,
        """[...r.querySelectorAll("a, button")].filter(e => e.offsetParent)
        .map(e => { const b = e.getBoundingClientRect();
          return [e.textContent, Math.min(b.width, b.height)]; })""",
    )
    assert len(sizes) >= 10
    assert [(text, size) for text, size in sizes if size < 24] == []
