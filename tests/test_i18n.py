"""Interface text in the article's language: catalogs, fallback, overrides, no English left."""

from __future__ import annotations

import email
import io
import json
import re
import subprocess
import sys
from email import policy
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from magwidget import i18n
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "i18n"
CONFIG = FIXTURES / "magwidget.yaml"
LOCALE = ROOT / "magwidget" / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/magwidget.po"))
LANGUAGES = ["pt-br", "pt-pt", "es", "fr", "de", "ar"]
# What readers see or hear of an attribute; the others hold ids, classes, URLs and languages.
SEEN_ATTRIBUTES = {"aria-label", "aria-roledescription", "title", "alt", "content", "placeholder"}
SEEN_ATTRIBUTES |= {"data-copied", "data-refused"}  # the gallery's copy button announces them
PLACEHOLDERS = re.compile(r"%\(\w+\)s|\{\w+\}")
DOCS = (ROOT / "docs" / "i18n.md").read_text()


def read(path: Path):
    """Return the parsed catalog at ``path``."""
    with path.open("rb") as file:
        return read_po(file)


def texts(message) -> list[str]:
    """Return every form of a message's translation."""
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_every_catalog_has_every_message_and_none_is_empty():
    assert len(CATALOGS) == 7, CATALOGS
    source = read(LOCALE / "en" / "LC_MESSAGES" / "magwidget.po")
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in source if m.id} == set(
        i18n.MESSAGE_IDS
    )
    for path in CATALOGS:
        name = path.parent.parent.name
        catalog = read(path)
        found = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
        base = read(LOCALE / name.split("_")[0] / "LC_MESSAGES" / "magwidget.po")
        covered = set(found) | {m.id if isinstance(m.id, str) else m.id[0] for m in base if m.id}
        assert covered == set(i18n.MESSAGE_IDS), f"{name}: {set(i18n.MESSAGE_IDS) ^ covered}"
        for message_id, message in found.items():
            english = source[message.id].string
            english = english[0] if isinstance(english, tuple) else english
            for text in texts(message):
                assert text.strip(), f"{name}: {message_id} is empty"
                wanted = PLACEHOLDERS.findall(english)
                if isinstance(message.id, tuple) and "%(num)s" not in text:
                    wanted.remove("%(num)s")  # a plural form may spell its number: Arabic's dual
                same = sorted(PLACEHOLDERS.findall(text)) == sorted(wanted)
                assert same, f"{name}: {message_id} {text!r} fills other placeholders"
                assert not re.search(r"[<>&]", text), f"{name}: {message_id} holds markup"


def test_msgfmt_check_passes_on_every_catalog():
    for path in CATALOGS:
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, f"{path}: {done.stderr}"
        assert done.stderr == "", done.stderr


def test_committed_mo_files_match_their_po():
    for path in CATALOGS:
        compiled = io.BytesIO()
        write_mo(compiled, read(path))
        hint = "run: pybabel compile -d magwidget/locale -D magwidget"
        assert path.with_suffix(".mo").read_bytes() == compiled.getvalue(), f"{path}: {hint}"


def test_message_ids_are_those_templates_and_code_use(tmp_path):
    """The documented pybabel extract finds exactly MESSAGE_IDS (docs/i18n.md, babel.cfg)."""
    pot = tmp_path / "magwidget.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    keywords = ["-k", "_", "-k", "gettext", "-k", "ngettext:1,2", "-k", "text"]
    cmd = [str(pybabel), "extract", "-F", "babel.cfg", "-o", str(pot), *keywords, "."]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=120)
    used = {m.id if isinstance(m.id, str) else m.id[0] for m in read(pot) if m.id}
    assert used == set(i18n.MESSAGE_IDS)
    assert " ".join(cmd[1:]).replace(str(pot), "/tmp/magwidget.pot") in DOCS


def test_docs_list_every_message_id():
    for message_id in i18n.MESSAGE_IDS:
        assert f"| `{message_id}` |" in DOCS, message_id
    assert "docs/i18n.md" in (ROOT / "README.md").read_text()


def test_language_falls_back_to_its_base_then_english():
    assert i18n.locales("pt-PT") == ["pt_PT", "pt"]
    assert i18n.Messages("pt-PT").gettext("skip_to_article") == "Saltar para o artigo"
    assert i18n.Messages("pt-BR").gettext("skip_to_article") == "Pular para o artigo"
    # pt_BR holds only what differs: the rest comes from pt.
    assert i18n.Messages("pt-BR").gettext("expand_all") == "Expandir tudo"
    assert i18n.Messages("ja").gettext("expand_all") == "Expand all"
    assert i18n.direction("ar-EG") == "rtl"
    assert i18n.direction("he") == "rtl"
    assert i18n.direction("en") == "ltr"


class Visible(HTMLParser):
    """Collect the text a reader sees or hears: text nodes and the attributes read aloud."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")
        self.parts += [value or "" for name, value in attrs if name in SEEN_ATTRIBUTES]

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    """Return the seen and heard text of an HTML document, one piece per line."""
    parser = Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_messages(language: str = "en") -> dict[str, re.Pattern]:
    """Return a pattern per English message with words: its text, any value in each placeholder.

    Leave out a message whose translation into ``language`` is the English word ("Widget").
    """
    catalog = i18n.catalog("en")
    patterns = {}
    for message_id in i18n.MESSAGE_IDS:
        if language != "en" and i18n.catalog(language).gettext(message_id) == catalog.gettext(
            message_id
        ):
            continue
        text = catalog.ngettext(message_id, message_id, 2)  # a plural message's plural form
        if text == message_id:  # not a plural message
            text = catalog.gettext(message_id)
        assert text != message_id, message_id
        text = text.replace("%%", "%")
        if re.search(r"[A-Za-z]{2}", PLACEHOLDERS.sub("", text)):
            body = ".{1,200}?".join(re.escape(part) for part in PLACEHOLDERS.split(text))
            patterns[message_id] = re.compile(rf"(?<![\w-]){body}(?![\w-])", re.DOTALL)
    return patterns


def build(run, source: Path, out: Path, *extra) -> Path:
    """Build ``source`` with the test settings into ``out``; mailchimp adds a web version link."""
    start = ("--start", "2026-12-01")  # the gallery shows each issue's send date
    args = ("--out", out, "--config", CONFIG, "--esp", "mailchimp", *start, *extra)
    result = run("build", source, *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each localized test article, built once by the real CLI."""
    from click.testing import CliRunner

    from magwidget.cli import cli

    def run(*args):
        return CliRunner().invoke(cli, [str(a) for a in args])

    root = tmp_path_factory.mktemp("i18n")
    # European Portuguese: the Brazilian article, tagged pt-PT, reads the pt catalog.
    portugal = root / "pt-pt.yaml"
    portugal.write_text((FIXTURES / "pt-br.yaml").read_text().replace("pt-BR", "pt-PT"))
    sources = {lang: FIXTURES / f"{lang}.yaml" for lang in LANGUAGES if lang != "pt-pt"}
    sources["pt-pt"] = portugal
    return {lang: build(run, source, root / lang) for lang, source in sources.items()}


def eml_text(path: Path) -> str:
    """Return what a reader of an .eml sees: subject, sender name and both bodies."""
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    html = visible(msg.get_body(("html",)).get_content())
    text = re.sub(r"https://\S+", "", msg.get_body(("plain",)).get_content())
    return "\n".join([str(msg["Subject"]), msg["From"].addresses[0].display_name, html, text])


def js_strings(path: Path) -> str:
    """Return what a script can write into a page: its data and its literals that read as words."""
    code = path.read_text()
    found = []
    if data := re.search(r"\bD\s*=\s*(?=\{)", code):  # widget.js: the article and messages
        found += strings(json.JSONDecoder().raw_decode(code, data.end())[0])
    literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', code)
    words = re.compile(r"^[A-Z][a-z]+$|[A-Za-z]{2,} [A-Za-z]{2,}")
    code_like = re.compile(r"[{;=\[(]")
    found += [s for pair in literals for s in pair if words.search(s) and not code_like.search(s)]
    return "\n".join(found)


def strings(value) -> list[str]:
    """Return every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings(item)]


# How each kind of output file is read for what readers meet; every file must have one.
READERS = {
    ".html": lambda path: visible(path.read_text()),
    ".txt": lambda path: re.sub(r"https://\S+", "", path.read_text()),  # utm_medium=email
    ".eml": eml_text,
    ".js": js_strings,
    ".css": lambda path: "\n".join(re.findall(r'content:\s*"([^"]*)"', path.read_text())),
    ".json": lambda path: "\n".join(
        f"{issue['subject']}\n{issue['preheader']}"
        for issue in json.loads(path.read_text())["issues"]
    ),
}


def outputs(out: Path) -> dict[str, str]:
    """Return what readers meet in every output file of a build but the manifest, by path."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"):
        found[str(path.relative_to(out))] = READERS[path.suffix](path)
    return found


# Common English words of magwidget's interface that a translation could miss, catalog or not:
# counters, links, labels, dates, accessible names. Case matters ("Link" is Brazilian too).
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(?:Part|of|the|and|Show|all|sections?|Read|whole|article|Unsubscribe|Page|"
    r"Skip|Sponsored|Next|issues?|Contents|Disclaimer|Light|Dark|Copy|Copied|snippet|Phone|"
    r"Preview|gallery|Default|closed|One|section|Sends|clip|box|below|same|with|different|"
    r"options|See|paste|Every|output|this|build|inbox|You|are|receiving|View|your|browser|"
    r"Expand|Collapse|Paid|link|commission|email|there|Web|demo|at|select|refused|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w-])"
)
NATIVE = {"fr": {"Page", "article", "commission", "options", "section", "sections"}}  # French too
SLUG = "caminhada-depois-das-refeicoes"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_interface_text_in_any_output(built, lang):
    found = outputs(built[lang])
    (slug,) = [p.name for p in built[lang].iterdir() if p.is_dir()]
    assert len(found) == 3 + 1 + 4 + 3 * 3 + 1, sorted(found)  # gallery, page, widget, issues
    assert {"index.html", "gallery.js", f"{slug}/widget/demo.html"} <= set(found)
    assert len([name for name in found if name.endswith(".eml")]) == 3
    comma = i18n.Messages(lang).gettext("decimal_point") == ","
    for message_id, pattern in english_messages(lang).items():
        for name, text in found.items():
            assert not pattern.search(text), f"{lang}: {name} says {message_id} in English"
    for name, text in found.items():
        english = set(ENGLISH_WORDS.findall(text)) - NATIVE.get(lang, set())
        assert not english, f"{lang}: {name} says {sorted(english)}"
        assert not (comma and re.search(r"\d\.\d", text)), f"{lang}: {name}: English decimals"


def test_the_check_sees_english_text(built, tmp_path, run):
    """The checks above fail on an English build of the same article, in every file with words."""
    source = tmp_path / "en.yaml"
    source.write_text(
        (FIXTURES / "pt-br.yaml").read_text().replace("language: pt-BR", "language: en")
    )
    second = tmp_path / "second.yaml"  # the gallery names its articles when there are two
    second.write_text(source.read_text().replace(f"slug: {SLUG}", "slug: second"))
    found = outputs(build(run, source, tmp_path / "out", second))
    patterns = english_messages()
    missed = [m for m, p in patterns.items() if not any(map(p.search, found.values()))]
    assert len(patterns) == len(i18n.MESSAGE_IDS) - 3  # label, subject, decimal_point: no words
    assert missed == ["first_name_fallback"]  # written by `magwidget send` only
    wordless = {"gallery.css", "gallery.js"} | {n for n in found if n.endswith("series.json")}
    assert {name for name, text in found.items() if ENGLISH_WORDS.search(text)} == (
        set(found) - wordless
    )
    assert re.search(r"\d\.\d KB", found["index.html"])


def test_arabic_page_issues_and_snippet_are_right_to_left(built):
    (slug,) = [p for p in built["ar"].iterdir() if p.is_dir()]
    assert '<html lang="ar" dir="rtl">' in (slug / "index.html").read_text()
    for issue in sorted((slug / "newsletter").glob("*.html")):
        html = issue.read_text()
        assert '<html lang="ar" dir="rtl"' in html, issue.name
        assert re.search(r'<div role="article"[^>]* dir="rtl"', html), issue.name
        # A Latin postal line keeps its own order ("01000-000 São Paulo") inside the rtl text.
        postal = re.search(r'<p class="mw-small"[^>]*>((?:(?!</p>).)*São Paulo.*?)</p>', html)
        assert all(
            re.fullmatch(r'<span dir="auto">[^<]+</span>', line)
            for line in postal.group(1).split("<br>")
        ), postal.group(1)
    # Outlook ignores logical properties: the physical sides were inlined on the right.
    html = (slug / "newsletter" / "02-fi-aljism.html").read_text()
    assert 'class="mw-ul" style="margin:0 0 16px; padding:0 8px 0 0; list-style-type:none"' in html
    assert "padding:0 16px 0 0; border-left:0; border-right:3px solid #0b6e4f" in html
    for eml in sorted((slug / "newsletter").glob("*.eml")):
        assert email.message_from_bytes(eml.read_bytes())["Content-Language"] == "ar", eml.name
    for name in ("embed.html", "embed-inline.html"):
        assert 'lang="ar" dir="rtl"' in (slug / "widget" / name).read_text()
    assert '"ar","rtl"' in (slug / "widget" / "widget.js").read_text()  # language, direction
    demo = (slug / "widget" / "demo.html").read_text()
    assert '<html lang="ar" dir="rtl">' in demo
    assert '<html lang="ar" dir="rtl">' in (built["ar"] / "index.html").read_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gallery_writes_sizes_and_percentages_as_cldr_does(built, lang):
    from babel.numbers import format_decimal, format_percent

    (slug,) = [p for p in built[lang].iterdir() if p.is_dir()]
    series = json.loads((slug / "newsletter" / "series.json").read_text())
    sizes = re.findall(r'<span class="size">.*?</meter> (.*?)</span>', read_gallery(built[lang]))
    locale = i18n.locales(lang)[0]
    assert len(sizes) == len(series["issues"]) == 3
    for size, issue in zip(sizes, series["issues"], strict=True):
        html = issue["bytes"]["html"]
        kb = format_decimal(round(html / 1024, 1), format="0.0", locale=locale)
        share = format_percent(round(html / (102 * 1024), 2), locale=locale)
        assert kb in size, (size, kb)
        assert f" {share} " in f" {size} ", (size, share)


def read_gallery(out: Path) -> str:
    """Return the gallery page of a build, its character references decoded."""
    return html_unescape((out / "index.html").read_text())


def test_gallery_speaks_the_language_its_articles_share(built, tmp_path, run):
    assert '<html lang="pt-BR" dir="ltr">' in read_gallery(built["pt-br"])
    assert "<title>Galeria de pré-visualização</title>" in read_gallery(built["pt-br"])
    portugal = tmp_path / "pt-pt.yaml"
    brazil = FIXTURES / "pt-br.yaml"
    portugal.write_text(brazil.read_text().replace("pt-BR", "pt-PT").replace(SLUG, "portugal"))
    gallery = read_gallery(build(run, brazil, tmp_path / "pt", portugal))
    assert '<html lang="pt" dir="ltr">' in gallery  # the base language both share
    assert "<title>Galeria de pré-visualização</title>" in gallery
    gallery = read_gallery(build(run, brazil, tmp_path / "mixed", FIXTURES / "ar.yaml"))
    assert '<html lang="en" dir="ltr">' in gallery
    assert "<title>Preview gallery</title>" in gallery
    assert f'<h2 id="{SLUG}-title" lang="pt-BR" dir="ltr">' in gallery
    assert '<h2 id="almashy-baad-alakl-title" lang="ar" dir="rtl">' in gallery
    assert '<span class="message" lang="ar" dir="rtl">' in gallery
    hebrew = tmp_path / "he.yaml"
    hebrew.write_text((FIXTURES / "ar.yaml").read_text().replace("language: ar", "language: he"))
    gallery = read_gallery(build(run, hebrew, tmp_path / "he"))
    assert '<html lang="en" dir="ltr">' in gallery  # no catalog: the gallery speaks English
    assert '<h2 id="almashy-baad-alakl-title" lang="he" dir="rtl">' in gallery
