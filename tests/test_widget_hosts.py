"""The widget pasted into real host pages (plain, Bootstrap 5, Tailwind preflight) in chromium.

Issue 9: nothing hidden in an inner scroll box, every section title visible or a "Show all N
sections" control, the swap's layout shift at most 0.05, no window error event. Screenshots of
each case go to /tmp/magwidget-shots/ for a person to look at; they are never committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.widget_site import (  # noqa: F401  (the *_fixture names are fixtures)
    open_page_fixture,
    shadow,
    site_fixture,
    wait_ready,
)

SHOTS = Path("/tmp/magwidget-shots")
VIEWPORTS = {375: {"width": 375, "height": 667}, 1200: {"width": 1200, "height": 800}}

# Elements inside the widget whose content is cut or scrolls inside their own box.
CLIPPED = """[...r.querySelectorAll("*")].filter(e => {
  const o = getComputedStyle(e);
  return o.overflowY != "visible" && e.scrollHeight > e.clientHeight + 1;
}).map(e => e.tagName + "." + e.className)"""
# Section titles a reader sees: displayed, inside the widget's box and inside the viewport.
VISIBLE_TITLES = """(() => {
  const box = r.querySelector(".r").getBoundingClientRect();
  return [...r.querySelectorAll("h3")].filter(h => {
    const b = h.getBoundingClientRect();
    return b.height > 0 && b.top >= box.top && b.bottom <= box.bottom + 0.5;
  }).length;
})()"""
MORE = "(() => { const m = r.querySelector('.m'); return m.hidden ? null : m.textContent; })()"
# The widget's height minus what it needs (its content, or the fallback's box it keeps): 0.
SLACK = """(() => {
  const e = r.querySelector(".r"), box = e.getBoundingClientRect(), cs = getComputedStyle(e);
  const end = e.lastElementChild.getBoundingClientRect().bottom - box.top;
  const needs = end + parseFloat(cs.paddingBottom) + parseFloat(cs.borderBottomWidth);
  return box.height - Math.max(parseFloat(e.style.minHeight) || 0, needs);
})()"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1200])
@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("plain", "transdermal-magnesium"),
        ("bootstrap", "transdermal-magnesium"),
        ("tailwind", "transdermal-magnesium"),
        ("compact", "transdermal-magnesium"),
        ("plain", "short"),
    ],
)
def test_nothing_is_hidden_and_the_swap_barely_shifts(site, open_page, kind, slug, width, scheme):
    name = "seed" if slug == "transdermal-magnesium" else slug
    snippet, _script = site.embed(name, slug).split("<script src=")
    url = site.host_page(kind, scheme, snippet)
    page = open_page(url, viewport=VIEWPORTS[width], color_scheme=scheme)
    page.wait_for_timeout(300)  # the fallback is painted; then the script arrives
    page.add_script_tag(url=f"/{name}/{slug}/widget/widget.js")
    wait_ready(page)
    page.wait_for_timeout(300)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{slug}-{kind}-{width}-{scheme}.png", full_page=True)
    total = shadow(page, "r.querySelectorAll('h3').length")
    visible, more = shadow(page, VISIBLE_TITLES), shadow(page, MORE)
    shift = page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)")
    print(f"{slug} {kind} {width}px {scheme}: {visible}/{total} titles, CLS {shift:.4f}")
    assert shadow(page, CLIPPED) == []
    assert abs(shadow(page, SLACK)) < 0.5
    assert shift <= 0.05
    assert page.evaluate("window.__errors") == []
    if visible == total:
        assert more is None
    else:
        assert more == f"Show all {total} sections"
        page.locator(".m").click()
        assert shadow(page, VISIBLE_TITLES) == total
        assert shadow(page, MORE) is None
        assert page.evaluate("document.activeElement.shadowRoot.activeElement.textContent") == (
            shadow(page, f"r.querySelectorAll('h3 button')[{visible}].textContent")
        )
    page.locator(".e").click()
    assert shadow(page, CLIPPED) == []
    assert shadow(page, "r.querySelectorAll('.p:not([hidden])').length") == total
