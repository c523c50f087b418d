"""Outlook for Windows and iOS structure, checked in the built HTML of every issue."""

from __future__ import annotations

import re

import lxml.html
import pytest

from tests.test_newsletter import IDS, ISSUES, folder


def styles(element) -> dict[str, str]:
    """Return the element's inline style as {property: value}."""
    pairs = (d.split(":", 1) for d in (element.get("style") or "").split(";") if ":" in d)
    return {k.strip(): v.strip() for k, v in pairs}


@pytest.fixture(scope="module")
def pages(built_dist):
    return [(folder(built_dist) / f"{n:02d}-{s.id}.html").read_text() for n, s in ISSUES]


def test_the_button_is_padded_on_its_cell_for_outlook(pages):
    for page in pages:
        doc = lxml.html.fromstring(page)
        [cell] = doc.find_class("mw-button")
        [link] = cell.find_class("mw-button-link")
        assert styles(cell)["mso-padding-alt"] == "14px 24px"  # Word ignores padding on <a>
        assert styles(link)["padding"] == "14px 24px"
        assert styles(link)["mso-padding-alt"] == "0"
        assert styles(link)["display"] == "inline-block"  # the whole button is the link


def test_a_div_caps_the_card_at_600px_where_table_max_width_is_ignored(pages):
    for page in pages:
        doc = lxml.html.fromstring(page)
        [wrap] = doc.find_class("mw-wrap")
        assert wrap.tag == "div"
        assert styles(wrap)["max-width"] == "600px"
        assert "mw-outer" in wrap.getparent().get("class")
        assert wrap.find_class("mw-card")


def test_every_text_style_sets_the_exact_line_height_rule(pages):
    for page in pages:
        doc = lxml.html.fromstring(page)
        texts = [e for e in doc.iter() if "line-height" in styles(e)]
        assert len(texts) > 10
        for element in texts:
            assert styles(element).get("mso-line-height-rule") == "exactly", element.get("class")


def test_every_table_is_reset_for_outlook(pages):
    for page in pages:
        tables = list(lxml.html.fromstring(page).iter("table"))
        assert tables
        for table in tables:
            style = styles(table)
            assert style["border-collapse"] == "collapse"
            zero = {"0pt", "0"}  # cssutils writes 0pt as 0
            assert {style["mso-table-lspace"], style["mso-table-rspace"]} <= zero


@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_pixels_per_inch_sits_in_noscript_inside_the_mso_comment(pages, index):
    pattern = r"<!--\[if mso\]><noscript><xml><o:OfficeDocumentSettings>"
    pattern += r"<o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>"
    assert re.search(pattern, pages[index])
