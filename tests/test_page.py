"""The article page, parsed: every seed line in order, the product link, the disclaimer last."""

from __future__ import annotations

import re
import subprocess

import lxml.html
import pytest

from tests.conftest import ROOT, SEED_TEXT

TEXT_TAGS = "h1|h2|h3|p|li"
SEED_ONLY = {"Suggested medical disclaimer for the website"}  # an editor's label, not article text


def seed_lines() -> list[str]:
    """Return the seed's reader-facing lines, list dashes and section numbers removed."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    title, cta, body = lines[0], lines[1], lines[2:]
    cleaned = [re.sub(r"^(- |\d+\) )", "", line) for line in body if line.strip()]
    return [*title.split(": ", 1), cta, *(line for line in cleaned if line not in SEED_ONLY)]


@pytest.fixture(scope="module")
def page(built_dist):
    return lxml.html.parse(str(built_dist / "transdermal-magnesium" / "index.html")).getroot()


def reading_order(page) -> list[str]:
    """Return the text of each heading, paragraph and list item of the article, outside the nav."""
    nodes = page.xpath(f"//article//*[self::{' or self::'.join(TEXT_TAGS.split('|'))}]")
    return [" ".join(n.text_content().split()) for n in nodes if not n.xpath("ancestor::nav")]


def test_every_seed_line_appears_in_order(page):
    texts = reading_order(page)
    position = 0
    for line in seed_lines():
        expected = line.replace("MAGNEISUM", "MAGNESIUM").casefold()
        found = [i for i, t in enumerate(texts) if t.casefold() == expected and i >= position]
        assert found, f"missing or out of order: {line!r}"
        position = found[0] + 1


def test_every_section_has_a_titled_region_in_the_contents(page):
    titles = [h.text_content() for h in page.xpath("//section/h2")]
    assert len(titles) == 11
    assert titles[0] == "Introduction"
    assert titles[-1] == "Final perspective"
    toc = [a.get("href") for a in page.xpath("//nav//a")]
    assert toc == ["#" + s.get("id") for s in page.xpath("//section")]


def test_disclaimer_is_the_last_text_and_product_link_is_present(page):
    disclaimer = seed_lines()[-1]
    assert reading_order(page)[-1] == disclaimer
    links = page.xpath("//a[contains(@href, 'https://example.com/shop/magnesium-oil')]")
    assert links, "product link missing"
    assert all("sponsored" in a.get("rel") for a in links)
    assert "utm_campaign=transdermal-magnesium" in links[0].get("href")


def test_page_is_set_up_for_phones_languages_and_dark_mode(page):
    assert page.get("lang") == "en"
    assert page.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]
    assert page.xpath("//meta[@name='color-scheme']/@content") == ["light dark"]
    css = page.xpath("//style")[0].text
    assert "@media (prefers-color-scheme: dark)" in css
    assert len(page.xpath("//h1")) == 1


def test_content_is_escaped_not_interpreted(run, tmp_path):
    article = tmp_path / "hostile.yaml"
    text = (ROOT / "tests" / "fixtures" / "good" / "minimal.yaml").read_text()
    article.write_text(text.replace("One paragraph.", '"<script>alert(1)</script> & <b>x</b>"'))
    assert run("build", article, "--out", tmp_path / "out").exit_code == 0
    html = (tmp_path / "out" / "hostile" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;" in html


def test_page_is_valid_html5(built_dist):
    """html-validate (npm) with its recommended and a11y presets, from .htmlvalidate.json."""
    page = built_dist / "transdermal-magnesium" / "index.html"
    cli = ROOT / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"
    proc = subprocess.run(
        ["node", str(cli), str(page)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
