"""The paid-link disclosure sits beside the product link in the page, the widget and its
fallback too, not only in the newsletter (issue 9, part 3); it goes with paid_link: false."""

from __future__ import annotations

import json
import re

from tests.widget_site import (  # noqa: F401  (the *_fixture names are fixtures)
    open_page_fixture,
    shadow,
    site_fixture,
    wait_ready,
)

DISCLOSURE = "Paid link: we may earn a commission if you buy through it."
BUTTON = r'<a class="button" href="[^"]+" rel="sponsored noopener">[^<]+</a></p>\n'


def test_the_page_shows_the_disclosure_under_each_product_button(built_dist):
    page = (built_dist / "transdermal-magnesium" / "index.html").read_text()
    pairs = re.findall(BUTTON + r'<p class="paid">([^<]+)</p>', page)
    assert pairs == [DISCLOSURE, DISCLOSURE]


def test_without_paid_link_nothing_is_disclosed(project, run):
    config = project / "magwidget.yaml"
    config.write_text(config.read_text().replace("paid_link: true", "paid_link: false"))
    assert run("build").exit_code == 0
    widget = project / "dist" / "transdermal-magnesium" / "widget"
    page = (project / "dist" / "transdermal-magnesium" / "index.html").read_text()
    for text in (page, (widget / "embed.html").read_text(), (widget / "widget.js").read_text()):
        assert "Paid link" not in text
    script = (widget / "widget.js").read_text()
    data = json.loads(script[script.index("D=") + 2 : script.index(',C="')])
    assert data[8] is None  # the disclosure's place in the payload (order in templates/widget.js)


def test_the_widget_shows_the_disclosure_right_after_the_product_button(site, open_page):
    page = open_page(site.page("disclosure", site.embed()))
    wait_ready(page)
    assert shadow(page, "r.querySelector('.c + .q').textContent") == DISCLOSURE
    assert shadow(page, "r.querySelector('.q').offsetHeight") > 0
