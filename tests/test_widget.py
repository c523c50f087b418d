"""The widget in real chromium: the nine cases of issue 4, plus the layout shift of the swap."""

from __future__ import annotations

import pytest

from tests.widget_site import (  # noqa: F401  (the *_fixture names are fixtures)
    DEEP_FOCUS,
    RECORDER,
    computed_styles,
    open_page_fixture,
    shadow,
    site_fixture,
    wait_ready,
)

SCRIPT = "/seed/transdermal-magnesium/widget/widget.js"


def test_strict_csp_reports_no_violation(site, open_page):
    control = open_page(site.page("csp-control", "<script>var x = 1</script>"))
    assert control.evaluate("window.__csp.length") == 1, "the recorder must see a violation"
    page = open_page(site.page("csp", site.embed()))
    wait_ready(page)
    page.locator(".e").click()
    assert shadow(page, "r.querySelector('.p p').offsetHeight") > 0
    assert page.evaluate("window.__csp") == []


def test_hostile_host_css_changes_nothing(site, open_page):
    clean = open_page(site.page("clean", site.embed()))
    hostile_head = '<link rel="stylesheet" href="/hostile.css">'
    hostile = open_page(site.page("hostile-css", site.embed(), head=hostile_head))
    wait_ready(clean)
    wait_ready(hostile)
    assert hostile.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") == "40px"
    styles = computed_styles(clean)
    assert styles["h2"]["font-size"] == "24px"
    assert computed_styles(hostile) == styles


def test_two_instances_and_a_late_host_mount_once_each(site, open_page):
    host = 'data-magwidget="transdermal-magnesium"'
    first = site.embed().replace(host, f'{host} data-open="first" data-theme="sepia"')
    second = site.embed().replace(host, f'{host} data-section="2" data-accent="not a colour"')
    page = open_page(site.page("instances", first + second))
    wait_ready(page, 2)
    page.evaluate(
        """() => { const div = document.createElement("div");
        Object.assign(div.dataset, {magwidget: "transdermal-magnesium",
          section: "final-perspective", theme: "dark", accent: "#ff0000"});
        document.querySelector("main").append(div); }"""
    )
    wait_ready(page, 3)
    page.add_script_tag(url=SCRIPT)
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ready.length") == 3
    counts = [shadow(page, "r.querySelectorAll('article').length", i) for i in range(3)]
    assert counts == [1, 1, 1]
    hidden = "[...r.querySelectorAll('.p')].map(p => p.hidden)"
    assert shadow(page, hidden, 0) == [False] + [True] * 10
    assert shadow(page, "r.querySelector('.r').className", 0) == "r auto"
    assert shadow(page, "r.querySelector('h3').textContent", 1) == (
        "The fastest effect may be local nerve modulation"
    )
    assert shadow(page, hidden, 1) == [False]
    assert shadow(page, "r.querySelector('.r').className", 2) == "r dark"
    assert shadow(page, "[...r.querySelectorAll('h3 button')].map(b => b.textContent)", 2) == [
        "Final perspective"
    ]
    assert shadow(page, "r.querySelector('.r').style.getPropertyValue('--a')", 1) == ""
    assert shadow(page, "getComputedStyle(r.querySelector('.c a')).backgroundColor", 2) == (
        "rgb(255, 0, 0)"
    )
    ids = page.evaluate(
        """[...document.querySelectorAll("[data-magwidget]")]
        .flatMap(h => [...h.shadowRoot.querySelectorAll("[id]")].map(e => e.id))"""
    )
    assert len(ids) == len(set(ids)) > 3
    added = page.evaluate(
        """Object.getOwnPropertyNames(window).filter(k => !__before.includes(k)
        && !["__before", "__csp", "__ready", "__shifts", "__errors"].includes(k))"""
    )
    assert added == ["magwidget"]


def test_keyboard_reaches_and_opens_the_first_section(site, open_page):
    page = open_page(site.page("keyboard", site.embed()))
    wait_ready(page)
    first = "h3 button"
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate(f"({DEEP_FOCUS})().matches('{first}')"):
            break
    focused = page.evaluate_handle(DEEP_FOCUS)
    assert focused.evaluate(f"e => e.matches('{first}') && e.textContent") == "Introduction"
    assert focused.evaluate("e => e.matches(':focus-visible')")
    outline = focused.evaluate(
        "e => getComputedStyle(e).outlineStyle + getComputedStyle(e).outlineWidth"
    )
    assert outline == "solid2px"
    panel = "e => e.getRootNode().getElementById(e.getAttribute('aria-controls')).hidden"
    assert focused.evaluate(panel) is True
    page.keyboard.press("Enter")
    assert focused.evaluate("e => e.getAttribute('aria-expanded')") == "true"
    assert focused.evaluate(panel) is False
    page.keyboard.press("Space")
    assert focused.evaluate("e => e.getAttribute('aria-expanded')") == "false"


@pytest.mark.parametrize(
    ("scheme", "motion", "background", "duration"),
    [
        ("dark", "reduce", "rgb(22, 27, 34)", "0s"),
        ("light", "no-preference", "rgb(255, 255, 255)", "0.2s"),
    ],
)
def test_dark_mode_and_reduced_motion_are_followed(
    site, open_page, scheme, motion, background, duration
):
    light = site.embed().replace("data-magwidget=", 'data-theme="light" data-magwidget=')
    url = site.page("themes", site.embed() + light)
    page = open_page(url, color_scheme=scheme, reduced_motion=motion)
    wait_ready(page, 2)
    assert shadow(page, "getComputedStyle(r.querySelector('.r')).backgroundColor", 0) == background
    assert shadow(page, "getComputedStyle(r.querySelector('.r')).backgroundColor", 1) == (
        "rgb(255, 255, 255)"
    )
    after = "getComputedStyle(r.querySelector('h3 button'), '::after').transitionDuration"
    assert shadow(page, after) == duration


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(site, open_page, scheme):
    head = '<script src="/axe.min.js"></script>'
    page = open_page(site.page("axe", site.embed() + site.embed(), head=head), color_scheme=scheme)
    wait_ready(page, 2)
    page.locator(".e").nth(1).click()  # the first stays closed, in the fallback's box
    assert shadow(page, "r.querySelector('.r').style.minHeight", 0).endswith("px")
    violations = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.help))")
    assert violations == []
    assert page.evaluate("window.__csp") == []


def test_without_javascript_the_fallback_is_readable(site, open_page):
    page = open_page(site.page("nojs", site.embed()), java_script_enabled=False)
    host = page.locator("[data-magwidget]")
    assert host.locator("h2").inner_text() == "Why Transdermal Magnesium Can Feel Fast"
    article = host.locator('a[href="https://example.com/articles/transdermal-magnesium"]')
    assert article.is_visible()
    product = host.locator('a[rel="sponsored noopener"]')
    assert product.is_visible()
    assert "utm_medium=widget" in product.get_attribute("href")
    assert host.locator("small").last.inner_text().startswith("This article is for educational")
    assert host.locator("small").first.inner_text().startswith("Paid link:")


def test_only_the_page_its_css_and_widget_js_are_requested(site, open_page, browser):
    context = browser.new_context()
    context.add_init_script(RECORDER)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    url = site.page("requests", site.embed())
    page.goto(url)
    wait_ready(page)
    page.locator(".e").click()
    assert page.locator(".e").inner_text() == "Collapse all"
    page.evaluate(
        """() => { document.addEventListener("click", e => e.preventDefault(), true);
        document.addEventListener("magwidget:cta", e => window.__cta = e.detail); }"""
    )
    page.locator(".c a").click()
    cta = page.evaluate("window.__cta")
    page.wait_for_timeout(100)
    context.close()
    assert cta["slug"] == "transdermal-magnesium"
    assert "utm_medium=widget" in cta["url"]
    wanted = {url, f"{site.url}/host.css", f"{site.url}{SCRIPT}"}
    assert set(requests) - {f"{site.url}/favicon.ico"} == wanted
    assert len(requests) == len(set(requests))


@pytest.mark.parametrize("inline", [False, True])
def test_hostile_content_is_literal_text(site, open_page, inline):
    body = site.embed("hostile", "hostile-markup", inline=inline)
    page = open_page(site.page(f"hostile-content-{inline}", body, csp=not inline))
    wait_ready(page)
    page.locator(".e").click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert shadow(page, "r.querySelectorAll('img, script').length") == 0
    title = shadow(page, "r.querySelector('h2').textContent")
    assert title == (
        "Title </script><script>window.__pwned=1</script> <img src=x onerror=window.__pwned=2> <!--"
    )
    assert shadow(page, "r.querySelectorAll('li').length") == 2
    assert "<!-- --> ]]> &amp; ' \"" in shadow(page, "r.textContent")


def test_swapping_the_fallback_in_barely_shifts_the_page(site, open_page):
    body = site.embed().replace(f'<script src="{SCRIPT}" async></script>', "")
    page = open_page(site.page("shift", body))
    page.wait_for_timeout(300)
    page.add_script_tag(url=SCRIPT)
    wait_ready(page)
    page.wait_for_timeout(300)
    assert sum(page.evaluate("window.__shifts")) <= 0.05


def test_layout_fits_containers_from_280_to_1200_px(site, open_page):
    body = "".join(f'<div class="w{w}">{site.embed()}</div>' for w in (280, 1200))
    head = '<link rel="stylesheet" href="/widths.css">'
    url = site.page("widths", body, head=head)
    page = open_page(url, viewport={"width": 1280, "height": 800})
    wait_ready(page, 2)
    page.locator(".e").first.click()
    page.locator(".e").nth(1).click()
    for i, (width, title) in enumerate([(280, "20px"), (1200, "24px")]):
        r = "r.querySelector('.r')"
        assert shadow(page, f"{r}.getBoundingClientRect().width", i) == width
        assert shadow(page, f"{r}.scrollWidth - {r}.clientWidth", i) == 0
        assert shadow(page, "getComputedStyle(r.querySelector('h2')).fontSize", i) == title


@pytest.mark.parametrize(
    "accent", ["red;background:url(https://127.0.0.1/x)", "expression(alert(1))", "url(#x)"]
)
def test_injection_shaped_accent_is_ignored(site, open_page, accent):
    host = 'data-magwidget="transdermal-magnesium"'
    embed = site.embed().replace(host, f"{host} data-accent='{accent}'")
    page = open_page(site.page("accent", embed))
    wait_ready(page)
    assert shadow(page, "r.querySelector('.r').getAttribute('style') || ''").find("--a") == -1
    assert page.evaluate("window.__csp") == []


def test_an_element_named_magwidget_on_the_host_page_cannot_hijack_the_widget(site, open_page):
    clobber = '<form id="magwidget"><input name="transdermal-magnesium"></form>'
    page = open_page(site.page("clobber", clobber + site.embed()))
    wait_ready(page)
    assert shadow(page, "r.querySelectorAll('h3 button').length") == 11
    assert page.evaluate("typeof window.magwidget['transdermal-magnesium']") == "function"
