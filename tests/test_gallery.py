"""The preview gallery, dist/index.html: every link resolves, the widgets run, the copy button
copies the exact snippet, and each issue opens in a 600 px and a 375 px frame; from file://."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT

SLUG = "transdermal-magnesium"


class Refs(HTMLParser):
    """Collect every href and src, and the text of the inbox rows."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.refs += [value for name, value in attrs if name in ("href", "src") and value]


def local_refs(html: str) -> list[str]:
    """Return the relative addresses in ``html`` (no scheme, no fragment-only link)."""
    parser = Refs()
    parser.feed(html)
    return [r for r in parser.refs if not urlsplit(r).scheme and not r.startswith("#")]


def test_every_link_and_frame_of_the_gallery_is_a_built_file(built_dist):
    refs = local_refs((built_dist / "index.html").read_text())
    series = json.loads((built_dist / SLUG / "newsletter" / "series.json").read_text())
    for issue in series["issues"]:
        for name in issue["files"].values():
            assert f"{SLUG}/newsletter/{name}" in refs
    assert {"gallery.css", "gallery.js", f"{SLUG}/widget/widget.js"} <= set(refs)
    missing = [r for r in refs if not (built_dist / unquote(r)).is_file()]
    assert missing == []


def test_inbox_rows_show_size_share_of_the_clip_and_send_date(run, tmp_path):
    out = tmp_path / "dist"
    config = ROOT / "magwidget.yaml"
    args = ["build", ROOT / "content", "--out", out, "--config", config]
    assert run(*args, "--start", "2026-12-01", "--every", "3").exit_code == 0
    html = (out / "index.html").read_text()
    series = json.loads((out / SLUG / "newsletter" / "series.json").read_text())
    second = series["issues"][1]
    size = second["bytes"]["html"]
    share = f"{size / (102 * 1024) * 100:.0f}%"
    assert f"{size / 1024:.1f} KB, {share} of Gmail&#39;s 102 KB clip" in html
    assert '<time datetime="2026-12-04" dir="ltr">2026-12-04</time>' in html
    assert html.count("<time ") == len(series["issues"])
    plain = run(*args[:-2], "--out", tmp_path / "plain", "--config", config)
    assert plain.exit_code == 0
    assert "<time " not in (tmp_path / "plain" / "index.html").read_text()


@pytest.fixture
def gallery(browser, built_dist):
    """The gallery opened from file:// with clipboard access; console errors are recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto((built_dist / "index.html").as_uri())
    yield page
    context.close()


def test_gallery_runs_widgets_and_frames_from_file_url(gallery, built_dist):
    gallery.wait_for_function(
        "[...document.querySelectorAll('[data-magwidget]')].every(h => h.shadowRoot)"
    )
    themes = gallery.evaluate(
        "[...document.querySelectorAll('[data-magwidget]')]"
        ".map(h => h.shadowRoot.querySelector('article').className)"
    )
    assert themes == ["r light", "r dark"]
    frames = {f.name: f for f in gallery.frames if f.name}
    assert set(frames) == {f"{SLUG}-desktop", f"{SLUG}-phone"}
    widths = gallery.evaluate("[...document.querySelectorAll('iframe')].map(f => f.clientWidth)")
    assert [w + 2 for w in widths] == [600, 375]  # clientWidth leaves out the 1 px border
    for frame in frames.values():
        frame.wait_for_load_state()
        assert frame.title() == "Transdermal Magnesium (1/11): Introduction"
    assert gallery.errors == []


def test_subject_opens_the_issue_in_both_frames(gallery):
    gallery.locator("a.subject").nth(2).click()
    for frame in (f for f in gallery.frames if f.name):
        frame.wait_for_url("**/03-vascular-relaxation.html")
        assert frame.title().startswith("Transdermal Magnesium (3/11): Magnesium also")
    assert gallery.locator(".row[aria-current]").count() == 1
    assert gallery.errors == []


def test_copy_button_puts_the_exact_snippet_on_the_clipboard(gallery, built_dist):
    gallery.evaluate("navigator.clipboard.writeText('before')")
    gallery.get_by_role("button", name="Copy snippet").click()
    gallery.get_by_role("status").filter(has_text="Copied").wait_for()
    snippet = (built_dist / SLUG / "widget" / "embed.html").read_text()
    assert gallery.evaluate("navigator.clipboard.readText()") == snippet
    assert gallery.errors == []
