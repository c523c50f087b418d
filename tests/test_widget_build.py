"""The widget's files as built, without a browser: outputs, fallback, escaping, --base-url."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser

import pytest

from magwidget.validate import load_articles
from tests.conftest import ROOT, SEED_YAML
from tests.widget_site import HOSTILE

WIDGET = "transdermal-magnesium/widget"
FILES = ("widget.js", "embed.html", "embed-inline.html", "demo.html")


class Fallback(HTMLParser):
    """Collect the text of each element and every link's href and rel."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))
        elif tag == "script":
            self.scripts.append(dict(attrs))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and data.strip():
            self.text.setdefault(self.stack[-1], []).append(data)


def parse(html: str) -> Fallback:
    """Return the parsed snippet."""
    parser = Fallback()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def seed():
    """The seed article as the renderers see it."""
    return load_articles([SEED_YAML])[0][0]


def test_build_writes_the_four_widget_files(built_dist):
    for name in FILES:
        assert (built_dist / WIDGET / name).stat().st_size > 0
    manifest = json.loads((built_dist / "manifest.json").read_text())
    assert {f"{WIDGET}/{name}" for name in FILES} <= manifest["files"].keys()


def test_embed_fallback_has_title_summary_links_and_disclaimer(built_dist, seed):
    snippet = parse((built_dist / WIDGET / "embed.html").read_text())
    assert snippet.text["h2"] == [seed.title]
    assert seed.summary in snippet.text["p"]
    disclosure = "Paid link: we may earn a commission if you buy through it."
    assert snippet.text["small"] == [disclosure, seed.disclaimer]  # paid_link: true
    hrefs = [link["href"] for link in snippet.links]
    assert seed.url in hrefs
    assert [f"{seed.url}#{s.id}" for s in seed.sections] == hrefs[: len(seed.sections)]
    product = [link for link in snippet.links if link.get("rel") == "sponsored noopener"]
    assert product[0]["href"].startswith(seed.product.url + "?utm_source=magwidget")
    assert "utm_medium=widget" in product[0]["href"]
    src = "../../transdermal-magnesium/widget/widget.js"
    assert snippet.scripts == [{"src": src, "async": None}]


def test_inline_embed_carries_the_whole_script(built_dist):
    inline = (built_dist / WIDGET / "embed-inline.html").read_text()
    script = (built_dist / WIDGET / "widget.js").read_text()
    assert f"<script>{script}</script>" in inline
    assert parse(inline).scripts == [{}]


def test_hostile_content_cannot_leave_the_json(run, tmp_path):
    assert run("build", HOSTILE, "--out", tmp_path / "dist").exit_code == 0
    folder = tmp_path / "dist" / "hostile-markup" / "widget"
    script = (folder / "widget.js").read_text(encoding="utf-8")
    assert "<" not in script
    assert not re.search("[\u2028\u2029]", script)
    assert "\\u003c/script\\u003e\\u003cscript\\u003e" in script
    inline = (folder / "embed-inline.html").read_text()
    assert re.findall("</script|<!--", inline) == ["</script"]
    fallback = (folder / "embed.html").read_text()
    assert not re.search("<script>window|<img|<!--", fallback)


def test_minified_code_keeps_no_comments_or_indentation(built_dist):
    script = (built_dist / WIDGET / "widget.js").read_text()
    assert not re.search(r"^\s|^//|/\*", script, re.MULTILINE)


def test_code_never_parses_strings_as_code_or_html(built_dist):
    code = (built_dist / WIDGET / "widget.js").read_text().split(',C="', 1)[1]
    banned = r"eval\(|Function\(|innerHTML|outerHTML|insertAdjacent|document\.write|Attribute\(.on"
    assert not re.search(banned, code)


@pytest.mark.parametrize(
    ("base", "src"),
    [
        ("https://cdn.example.org/mw", "https://cdn.example.org/mw/transdermal-magnesium/widget/"),
        ("/static/magwidget/", "/static/magwidget/transdermal-magnesium/widget/"),
    ],
)
def test_base_url_sets_where_embed_loads_the_script(project, run, base, src):
    assert run("build", "--base-url", base).exit_code == 0
    snippet = (project / "dist" / WIDGET / "embed.html").read_text()
    assert f'<script src="{src}widget.js" async></script>' in snippet


@pytest.mark.parametrize(
    "base", ["http://cdn.example.org/", "//cdn.example.org/", "javascript:alert(1)", "a b", "x?y"]
)
def test_base_url_must_be_https_or_relative(project, run, base):
    result = run("build", "--base-url", base)
    assert result.exit_code == 2
    assert "Invalid value for '--base-url'" in result.output
    assert not (project / "dist").exists()


def test_widget_settings_come_from_magwidget_yaml(project, run):
    settings = "widget:\n  base_url: https://cdn.example.org/\n  utm_medium: embed\n"
    config = project / "magwidget.yaml"
    config.write_text(settings + config.read_text())
    assert run("build").exit_code == 0
    snippet = (project / "dist" / WIDGET / "embed.html").read_text()
    assert 'src="https://cdn.example.org/transdermal-magnesium/widget/widget.js"' in snippet
    assert "utm_medium=embed" in snippet
    assert "utm_medium=embed" in (project / "dist" / WIDGET / "widget.js").read_text()


def test_bad_widget_settings_say_where(project, run):
    config = project / "magwidget.yaml"
    config.write_text("widget:\n  base_url: http://cdn.example.org/\n" + config.read_text())
    result = run("build")
    assert result.exit_code == 1
    assert "magwidget.yaml:2:13: error: widget.base_url: expected an https: URL" in result.output


def test_two_builds_give_identical_widget_bytes(project, run):
    for out in ("one", "two"):
        assert run("build", "--out", out).exit_code == 0
    for name in FILES:
        assert (project / "one" / WIDGET / name).read_bytes() == (
            project / "two" / WIDGET / name
        ).read_bytes()


def test_widget_html_is_valid(built_dist):
    """html-validate (npm) with the presets in .htmlvalidate.json, on the demo and both snippets."""
    cli = ROOT / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"
    pages = [str(built_dist / WIDGET / name) for name in FILES if name.endswith(".html")]
    proc = subprocess.run(
        ["node", str(cli), *pages], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
