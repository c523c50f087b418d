"""Interface text in the article's language: catalogs, fallback, overrides, no English left."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
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
LANGUAGES = ["pt-br", "es", "fr", "de", "ar"]
# What readers see in an attribute; the others hold ids, classes, URLs and languages.
SEEN_ATTRIBUTES = {"aria-label", "aria-roledescription", "title", "alt", "content"}
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
                same = sorted(PLACEHOLDERS.findall(text)) == sorted(PLACEHOLDERS.findall(english))
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


def english_messages() -> dict[str, re.Pattern]:
    """Return a pattern per English message with words: its text, any value in each placeholder."""
    catalog = i18n.catalog("en")
    patterns = {}
    for message_id in i18n.MESSAGE_IDS:
        text = catalog.gettext(message_id)
        if text == message_id:  # a plural message
            text = catalog.ngettext(message_id, message_id, 2)
        assert text != message_id, message_id
        if re.search(r"[A-Za-z]{2}", PLACEHOLDERS.sub("", text)):
            body = ".{1,200}?".join(re.escape(part) for part in PLACEHOLDERS.split(text))
            patterns[message_id] = re.compile(rf"(?<![\w-]){body}(?![\w-])")
    return patterns


def build(run, source: Path, out: Path, *extra) -> Path:
    """Build ``source`` with the test settings into ``out``; mailchimp adds a web version link."""
    result = run("build", source, "--out", out, "--config", CONFIG, "--esp", "mailchimp", *extra)
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
    return {lang: build(run, FIXTURES / f"{lang}.yaml", root / lang) for lang in LANGUAGES}


def outputs(out: Path) -> dict[str, str]:
    """Return what readers meet in a build: page, widget, snippets, issues and subjects."""
    (slug,) = [p for p in out.iterdir() if p.is_dir()]
    found = {"index.html": visible((slug / "index.html").read_text())}
    found["widget.js"] = (slug / "widget" / "widget.js").read_text()
    for name in ("embed.html", "embed-inline.html"):
        found[name] = visible((slug / "widget" / name).read_text().split("<script")[0])
    for path in sorted((slug / "newsletter").glob("*.*")):
        if path.suffix == ".html":
            found[path.name] = visible(path.read_text())
        elif path.suffix == ".txt":
            found[path.name] = re.sub(r"https://\S+", "", path.read_text())  # utm_medium=email
    series = json.loads((slug / "newsletter" / "series.json").read_text())
    found["subjects"] = "\n".join(issue["subject"] for issue in series["issues"])
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_interface_text_in_any_output(built, lang):
    found = outputs(built[lang])
    assert len(found) == 1 + 3 + 3 * 2 + 1
    for message_id, pattern in english_messages().items():
        for name, text in found.items():
            assert not pattern.search(text), f"{lang}: {name} says {message_id} in English"


def test_the_check_sees_english_text(built, tmp_path, run):
    """The check above fails on an English build of the same article."""
    source = tmp_path / "en.yaml"
    source.write_text(
        (FIXTURES / "pt-br.yaml").read_text().replace("language: pt-BR", "language: en")
    )
    found = outputs(build(run, source, tmp_path / "out"))
    patterns = english_messages()
    missed = [m for m, p in patterns.items() if not any(map(p.search, found.values()))]
    assert len(patterns) == len(i18n.MESSAGE_IDS) - 2  # label and subject have no words
    assert missed == []


def test_arabic_page_issues_and_snippet_are_right_to_left(built):
    (slug,) = [p for p in built["ar"].iterdir() if p.is_dir()]
    assert '<html lang="ar" dir="rtl">' in (slug / "index.html").read_text()
    for issue in sorted((slug / "newsletter").glob("*.html")):
        html = issue.read_text()
        assert '<html lang="ar" dir="rtl"' in html, issue.name
        assert re.search(r'<div role="article"[^>]* dir="rtl"', html), issue.name
    # Outlook ignores logical properties: the physical sides were inlined on the right.
    html = (slug / "newsletter" / "02-fi-aljism.html").read_text()
    assert 'class="mw-ul" style="margin:0 0 16px; padding:0 8px 0 0; list-style-type:none"' in html
    assert "padding:0 16px 0 0; border-left:0; border-right:3px solid #0b6e4f" in html
    for name in ("embed.html", "embed-inline.html"):
        assert 'lang="ar" dir="rtl"' in (slug / "widget" / name).read_text()
    assert '"ar","rtl"' in (slug / "widget" / "widget.js").read_text()  # language, direction
