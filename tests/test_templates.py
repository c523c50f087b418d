"""Template overrides: named blocks, the five-line override, the twin warning, undefined
variables, and docs/templates.md listing every template, block and variable."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from jinja2 import meta, nodes

from magwidget.templates import BUILTIN, make_env
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
TEMPLATES = sorted(p.name for p in BUILTIN.iterdir() if p.is_file())
OVERRIDDEN = (
    "issue.html",
    "issue.txt",
    "page.html",
    "embed.html",
    "embed-inline.html",
    "demo.html",
)
ISSUE = "transdermal-magnesium/newsletter/03-vascular-relaxation"
FOOTER = """{% extends "default:issue.html" %}
{% block footer %}
<tr><td class="mw-pad mw-footer"><p class="mw-small">Sent by {{ sender.name }}.
<a class="mw-footer-link" href="{{ links.unsubscribe }}">Unsubscribe</a></p></td></tr>
{% endblock %}
"""


def parsed(name: str) -> nodes.Template:
    """Return a built-in template's syntax tree."""
    return make_env().parse((BUILTIN / name).read_text(encoding="utf-8"))


def blocks(name: str) -> list[str]:
    """Return the names of a template's blocks, in order."""
    return [block.name for block in parsed(name).find_all(nodes.Block)]


def variables(name: str) -> set[str]:
    """Return the variables a template reads from its context (not the names it imports)."""
    tree = parsed(name)
    imported = {node.target for node in tree.find_all(nodes.Import)}
    return meta.find_undeclared_variables(tree) - imported


def documented(name: str, label: str) -> list[str]:
    """Return the names a template's section of the doc lists on its ``- label:`` line."""
    section = re.search(rf"^### `{re.escape(name)}`\n(.*?)(?=^### |\Z)", DOC, re.M | re.S)
    assert section, f"docs/templates.md has no section for {name}"
    line = re.search(rf"^- {label}: (.*?)(?=^- |\Z)", section[1], re.M | re.S)
    assert line, f"docs/templates.md: {name} has no '- {label}:' line"
    return re.findall(r"(?<![(\w])`(\w+)`", re.sub(r"\([^)]*\)", "", line[1]))


@pytest.mark.parametrize("name", TEMPLATES)
def test_doc_lists_every_template_with_its_blocks_and_variables(name):
    assert documented(name, "Blocks") == blocks(name)
    assert set(documented(name, "Variables")) == variables(name)


def test_named_blocks_exist_where_the_issue_asks():
    assert {"header", "section", "cta", "disclaimer", "footer"} <= set(blocks("issue.html"))
    assert {"header", "section", "cta", "disclaimer", "footer"} <= set(blocks("issue.txt"))
    assert {"header", "sections", "cta", "disclaimer"} <= set(blocks("page.html"))
    assert {"host", "script"} <= set(blocks("embed.html"))


def until_footer(html: str) -> str:
    """Return an issue's HTML up to the row that holds its footer."""
    return html.split('<td class="mw-pad mw-footer"')[0].rstrip("\n").removesuffix("<tr>")


def build(run, tmp_path, templates: dict[str, str] | None = None, name: str = "dist"):
    """Build the seed with ``templates`` as overrides; return (result, out folder)."""
    args = ["build", ROOT / "content", "--out", tmp_path / name]
    args += ["--config", ROOT / "magwidget.yaml"]
    if templates is not None:
        folder = tmp_path / f"templates-{name}"
        folder.mkdir()
        for file, text in templates.items():
            (folder / file).write_text(text)
        args += ["--templates", folder]
    return run(*args), tmp_path / name


def test_every_block_is_wired_into_its_output(run, tmp_path):
    overrides = {
        name: f'{{% extends "default:{name}" %}}\n'
        + "".join(
            f"{{% block {block} %}}<!--mark {name} {block}-->{{{{ super() }}}}{{% endblock %}}\n"
            for block in blocks(name)
        )
        for name in OVERRIDDEN
    }
    result, out = build(run, tmp_path, overrides)
    assert result.exit_code == 0, result.output
    outputs = {
        "issue.html": f"{ISSUE}.html",
        "issue.txt": f"{ISSUE}.txt",
        "page.html": "transdermal-magnesium/index.html",
        "embed.html": "transdermal-magnesium/widget/embed.html",
        "embed-inline.html": "transdermal-magnesium/widget/embed-inline.html",
        "demo.html": "transdermal-magnesium/widget/demo.html",
    }
    for name, rel in outputs.items():
        text = (out / rel).read_text()
        for block in blocks(name):
            assert f"<!--mark {name} {block}-->" in text, f"{name}: block {block} is not rendered"


def test_five_line_footer_override_changes_only_the_footer_and_warns_of_the_twin(run, tmp_path):
    assert len(FOOTER.splitlines()) == 5
    plain, default = build(run, tmp_path, name="default")
    result, out = build(run, tmp_path, {"issue.html": FOOTER})
    assert plain.exit_code == 0
    assert result.exit_code == 0, result.output
    html = (out / f"{ISSUE}.html").read_text()
    before = (default / f"{ISSUE}.html").read_text()
    assert "Sent by Natural Magnesium Journal." in html
    assert "You are receiving this series from" not in html
    assert until_footer(html) == until_footer(before)
    assert (out / f"{ISSUE}.txt").read_bytes() == (default / f"{ISSUE}.txt").read_bytes()
    assert "issue.html is overridden but issue.txt is not: its twin stays unchanged" in (
        result.stderr
    )


def test_twin_warning_both_ways_and_none_when_both_are_overridden(run, tmp_path):
    text = '{% extends "default:issue.txt" %}\n'
    result, _ = build(run, tmp_path, {"issue.txt": text}, name="txt")
    assert "issue.txt is overridden but issue.html is not" in result.stderr
    both = {"issue.txt": text, "issue.html": FOOTER}
    result, _ = build(run, tmp_path, both, name="both")
    assert result.exit_code == 0, result.output
    assert "overridden" not in result.stderr


def test_undefined_variable_names_template_line_and_the_variables_there(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "issue.html").write_text(FOOTER.replace("sender.name", "sendr.name"))
    command = [sys.executable, "-m", "magwidget", "build", str(ROOT / "content")]
    command += ["--out", str(tmp_path / "dist"), "--templates", str(folder)]
    command += ["--config", str(ROOT / "magwidget.yaml")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = (
        f"Error: {folder / 'issue.html'}:3: template error: UndefinedError: 'sendr' is undefined"
        " (variables here: article, issue, links, sender)"
    )
    assert expected in result.stderr
    assert not (tmp_path / "dist").exists()
