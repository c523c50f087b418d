"""The newsletter series as a reader's email client sees it: parse every issue the CLI built."""

from __future__ import annotations

import email
import json
import re
from email import policy
from urllib.parse import parse_qs, urlsplit

import lxml.etree
import lxml.html
import pytest

from magwidget.validate import load_articles
from tests.conftest import SEED_YAML

ARTICLE = load_articles([SEED_YAML])[0][0]
TOTAL = len(ARTICLE.sections)
ISSUES = [(i + 1, section) for i, section in enumerate(ARTICLE.sections)]
IDS = [f"{n:02d}-{section.id}" for n, section in ISSUES]
UNSUBSCRIBE = "https://example.com/newsletter/unsubscribe"  # from the committed magwidget.yaml
PADDING = ("\u034f", "\u200c")  # the preheader's invisible filler


def folder(built_dist):
    """Return the seed article's newsletter folder."""
    return built_dist / ARTICLE.slug / "newsletter"


def html_of(built_dist, number, section):
    """Return the parsed HTML issue."""
    path = folder(built_dist) / f"{number:02d}-{section.id}.html"
    return lxml.html.document_fromstring(path.read_bytes())


def words(element) -> str:
    """Return the element's text with whitespace collapsed."""
    return " ".join(element.text_content().split())


def classes(element) -> set[str]:
    """Return the element's class names."""
    return set((element.get("class") or "").split())


def inside(element, name: str) -> bool:
    """Tell whether an ancestor (or the element) has class ``name``."""
    return any(name in classes(e) for e in element.iterancestors()) or name in classes(element)


@pytest.fixture(scope="module")
def built_dist(each_inliner_dist):
    """The seed built with each CSS inliner: every test here holds for both."""
    return each_inliner_dist


@pytest.fixture(scope="module")
def series(built_dist):
    """The parsed series.json."""
    return json.loads((folder(built_dist) / "series.json").read_text())


def test_series_lists_every_issue_with_files_and_sizes(built_dist, series):
    assert [entry["number"] for entry in series["issues"]] == list(range(1, TOTAL + 1))
    for entry, (number, section) in zip(series["issues"], ISSUES, strict=True):
        assert entry["section"] == section.id
        assert entry["subject"] == f"{ARTICLE.short_title} ({number}/{TOTAL}): {section.title}"
        assert entry["preheader"]
        assert entry["preheader"] in section.first_paragraph()
        for ext, name in entry["files"].items():
            assert (folder(built_dist) / name).stat().st_size == entry["bytes"][ext]
        assert "send_date" not in entry


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_issue_holds_its_section_in_order(built_dist, number, section):
    doc = html_of(built_dist, number, section)
    [content] = doc.find_class("mw-content")
    found = [words(e) for e in content.iter() if classes(e) & {"mw-p", "mw-li", "mw-h"}]
    for item in content.find_class("mw-li"):  # the marker is text, so filters see item breaks
        [bullet] = item.find_class("mw-bullet")
        assert (bullet.get("aria-hidden"), words(bullet)) == ("true", "•")
    found = [text.removeprefix("• ") for text in found]
    assert found == [" ".join(line.split()) for b in section.blocks for line in b.lines()]
    assert [words(h) for h in doc.iter("h1")] == [ARTICLE.title]
    assert [words(h) for h in doc.iter("h2")] == [section.title]
    assert words(doc.find_class("mw-kicker")[0]) == f"Part {number} of {TOTAL}"


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_issue_parts_come_in_order_with_disclaimer_last_before_footer(built_dist, number, section):
    doc = html_of(built_dist, number, section)
    texts = [e for e in doc.body.iter("p", "li", "h1", "h2", "h3", "a") if words(e)]
    last = number == TOTAL
    marks = ["mw-kicker", "mw-section", "mw-next", "mw-read", "mw-button-link", "mw-disclosure"]
    if last:
        marks.remove("mw-next")
    order = [next(i for i, e in enumerate(texts) if m in classes(e)) for m in marks]
    assert order == sorted(order)
    teaser = doc.find_class("mw-next")
    assert not teaser if last else words(teaser[0]).endswith(ARTICLE.sections[number].title)
    [disclaimer] = [i for i, e in enumerate(texts) if ARTICLE.disclaimer in words(e)]
    assert disclaimer > order[-1]
    assert not inside(texts[disclaimer], "mw-footer")
    assert all(inside(e, "mw-footer") for e in texts[disclaimer + 1 :])
    footer = words(doc.find_class("mw-footer")[0])
    assert "Natural Magnesium Journal" in footer
    assert "123 Example Street" in footer


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_product_link_is_an_https_button_with_utm_and_disclosure_beside_it(
    built_dist, number, section
):
    doc = html_of(built_dist, number, section)
    [button] = doc.find_class("mw-button-link")
    url = urlsplit(button.get("href"))
    assert url._replace(query="").geturl() == ARTICLE.product.url
    assert parse_qs(url.query) == {
        "utm_source": ["newsletter"],
        "utm_medium": ["email"],
        "utm_campaign": [ARTICLE.slug],
        "utm_content": [f"issue-{number:02d}"],
    }
    assert words(button) == ARTICLE.product.cta
    assert button.get("rel") == "sponsored"
    assert button.getparent().tag == "td"
    assert "background-color" in button.getparent().get("style")
    cell = next(e for e in button.iterancestors() if "mw-cta" in classes(e))
    assert words(cell.find_class("mw-disclosure")[0]).startswith("Paid link")
    [read] = doc.find_class("mw-read")
    assert words(read) == "Read the whole article"
    assert read.find("a").get("href").startswith(ARTICLE.url + "?utm_source=newsletter")


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_issue_is_inert_and_accessible(built_dist, number, section):
    doc = html_of(built_dist, number, section)
    elements = list(doc.iter(lxml.etree.Element))
    assert not [e for e in elements if e.tag in ("script", "link", "iframe", "object")]
    assert not [(e.tag, a) for e in elements for a in e.attrib if a.lower().startswith("on")]
    links = [e.get("href") for e in doc.iter("a")]
    assert all(urlsplit(href).scheme == "https" for href in links), links
    assert all(words(a) not in ("", "here", "click here") for a in doc.iter("a"))
    assert all(t.get("role") == "presentation" for t in doc.iter("table"))
    [wrapper] = doc.xpath('//div[@role="article"]')
    assert wrapper.get("aria-roledescription") == "email"
    assert wrapper.get("lang") == doc.get("lang") == ARTICLE.language


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_styles_are_inlined_and_client_hooks_kept(built_dist, number, section):
    doc = html_of(built_dist, number, section)
    assert "margin:0" in doc.body.get("style").replace(" ", "")
    for element in doc.body.iter("p", "li", "h1", "h2", "td"):
        assert element.get("style"), lxml.html.tostring(element)[:80]
    css = "\n".join(style.text for style in doc.iter("style"))
    dark = re.search(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", css, re.S)
    assert dark
    assert "!important" in dark.group(1)
    assert re.search(r"@media \(max-width: 620px\) \{[^@]*!important", css)
    assert re.search(r"\[data-ogsc\] \.mw-p[^{]*\{[^}]*!important", css)  # ignore block kept
    assert ".mw-p {" not in css
    assert ".mw-p{" not in css
    metas = {m.get("name"): m.get("content") for m in doc.iter("meta") if m.get("name")}
    assert metas["color-scheme"] == "light dark"
    assert "x-apple-disable-message-reformatting" in metas


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_raw_html_has_outlook_hooks_preheader_and_fits_gmail(built_dist, series, number, section):
    raw = (folder(built_dist) / f"{number:02d}-{section.id}.html").read_text()
    assert raw.startswith("<!DOCTYPE html>")
    assert len(raw.encode()) < 90_000
    assert not re.search(r"^[ \t]", raw, re.M)  # minified: no indentation
    assert "<o:PixelsPerInch>96</o:PixelsPerInch>" in raw
    assert re.search(r'<!--\[if mso\]><table role="presentation"[^>]* width="600"', raw)
    doc = lxml.html.document_fromstring(raw.encode())
    first = next(e for e in doc.body.iterchildren(lxml.etree.Element))
    assert "mw-preheader" in classes(first)
    style = first.get("style")
    assert "display:none" in style
    assert "mso-hide:all" in style
    assert first.text_content().startswith(series["issues"][number - 1]["preheader"] + PADDING[0])
    assert first.text_content().count(PADDING[0]) >= 50


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_plain_text_twin_wraps_and_keeps_links_disclaimer_and_footer(built_dist, number, section):
    text = (folder(built_dist) / f"{number:02d}-{section.id}.txt").read_text()
    lines = text.splitlines()
    assert all(len(line) <= 78 for line in lines if not line.startswith("https://"))
    assert max(len(line) for line in lines if not line.startswith("https://")) >= 60
    flat = " ".join(re.sub(r"^> ", "", text, flags=re.M).split())  # quotes are "> " lines
    assert " ".join(ARTICLE.disclaimer.split()) in flat
    for block in section.blocks:
        for line in block.lines():
            marker = "- " if block.kind == "list" else ""
            assert marker + " ".join(line.split()) in flat
    utm = f"utm_source=newsletter&utm_medium=email&utm_campaign={ARTICLE.slug}"
    assert f"{ARTICLE.product.url}?{utm}&utm_content=issue-{number:02d}" in lines
    assert UNSUBSCRIBE in lines
    assert "123 Example Street, Suite 4" in lines
    assert f"Part {number} of {TOTAL}" in lines
    assert not any(ch in text for ch in PADDING)  # no hidden preheader in the text twin


@pytest.mark.parametrize(("number", "section"), ISSUES, ids=IDS)
def test_eml_is_multipart_alternative_with_both_twins(built_dist, series, number, section):
    base = folder(built_dist) / f"{number:02d}-{section.id}"
    msg = email.message_from_bytes(base.with_suffix(".eml").read_bytes(), policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    crlf = base.with_suffix(".eml").read_bytes().split(b"\n")
    assert all(line.endswith(b"\r") for line in crlf[:-1])  # SMTP line endings throughout
    assert plain.get_content().replace("\r\n", "\n") == base.with_suffix(".txt").read_text()
    assert html.get_content().replace("\r\n", "\n") == base.with_suffix(".html").read_text()
    assert msg["Subject"] == series["issues"][number - 1]["subject"]
    assert msg["From"] == "Natural Magnesium Journal <newsletter@example.com>"
    assert msg["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Date"] is None  # unscheduled: the sending server dates it
    assert re.fullmatch(r"<mw\.[0-9a-f]{32}@example\.com>", msg["Message-ID"])
    assert "MIME-Version" not in plain
    assert "MIME-Version" not in html
