"""The project's own words (``strings:``), languages without a catalog, and what validate loads."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "i18n"
CONFIG = FIXTURES / "magwidget.yaml"
SENDER = CONFIG.read_text()


def magwidget(*args, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real CLI in a fresh process."""
    cmd = [sys.executable, "-m", "magwidget", *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)


def settings(tmp_path: Path, strings: str) -> Path:
    """Write the test sender settings plus a ``strings:`` block; return the file."""
    path = tmp_path / "magwidget.yaml"
    path.write_text(SENDER + "strings:\n" + strings)
    return path


def test_strings_replace_messages_everywhere_and_stay_escaped(tmp_path, run):
    config = settings(
        tmp_path,
        '  read_article: "Read <b>the full</b> story & more"\n'
        '  receiving_from: "Sent to you by %(name)s, 100%% reader-funded."\n'
        "  subject: '{short_title} #{number}: {section}'\n",
    )
    out = tmp_path / "out"
    article = FIXTURES / "pt-br.yaml"
    result = run("build", article, "--out", out, "--config", config)
    assert result.exit_code == 0, result.output
    slug = out / "caminhada-depois-das-refeicoes"
    escaped = "Read &lt;b&gt;the full&lt;/b&gt; story &amp; more"
    assert escaped in (slug / "widget" / "embed.html").read_text()
    issue = (slug / "newsletter" / "01-introducao.html").read_text()
    assert escaped in issue
    assert "<b>the full</b>" not in issue
    assert "Sent to you by Jornal Saúde Clara, 100% reader-funded." in issue
    text = (slug / "newsletter" / "01-introducao.txt").read_text()
    assert "Read <b>the full</b> story & more:" in text
    # JSON escapes < and > inside the script; the text is set with textContent.
    assert (
        '["Read \\u003cb\\u003ethe full\\u003c/b\\u003e story & more",'
        in (slug / "widget" / "widget.js").read_text()
    )
    assert (
        "Caminhar depois de comer #1: Introdução"
        in (slug / "newsletter" / "series.json").read_text()
    )
    # Untouched messages still come from the catalog.
    assert "Cancelar inscrição" in issue


def test_unknown_message_id_is_an_error_with_a_suggestion(tmp_path):
    config = settings(tmp_path, "  read_artcle: Read the full story\n")
    done = magwidget("validate", FIXTURES / "pt-br.yaml", "--config", config, cwd=tmp_path)
    assert done.returncode == 1
    line = len(SENDER.splitlines()) + 2
    hint = "unknown field; did you mean 'read_article'?"
    assert f"magwidget.yaml:{line}:3: error: strings.read_artcle: {hint}" in done.stderr
    assert "Traceback" not in done.stderr


def test_placeholders_a_message_cannot_fill_are_errors(tmp_path):
    config = settings(
        tmp_path,
        '  receiving_from: "From %(sender)s"\n'
        '  unsubscribe: "Leave at 100%"\n'
        '  subject: "{title:>9}"\n',
    )
    done = magwidget("validate", FIXTURES / "pt-br.yaml", "--config", config, cwd=tmp_path)
    assert done.returncode == 1
    assert (
        "strings.receiving_from: unknown placeholder %(sender)s (this message has: %(name)s)"
        in done.stderr
    )
    assert "strings.unsubscribe: a bare % sign: write %% for a percent sign" in done.stderr
    assert "strings.subject: placeholder 'title' has a format spec or conversion" in done.stderr
    assert "3 problems found" in done.stderr
    assert "Traceback" not in done.stderr


def test_language_without_catalog_builds_in_english_with_one_warning(tmp_path):
    source = (FIXTURES / "pt-br.yaml").read_text().replace("language: pt-BR", "language: ja")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text(source)
    (tmp_path / "content" / "b.yaml").write_text(source.replace("slug: caminhada", "slug: outra"))
    (tmp_path / "magwidget.yaml").write_text(SENDER)
    for command in (["validate"], ["build"]):
        done = magwidget(*command, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        warnings = [line for line in done.stderr.splitlines() if "language" in line]
        assert len(warnings) == 1, done.stderr
        assert (
            "content/a.yaml: warning: language: no interface text for language 'ja'" in warnings[0]
        )
        assert "`strings:` in magwidget.yaml" in warnings[0]
        assert "docs/i18n.md" in warnings[0]
    page = (tmp_path / "dist" / "outra-depois-das-refeicoes" / "index.html").read_text()
    assert "Skip to the article" in page
    assert 'lang="ja" dir="ltr"' in page


def test_no_warning_when_strings_cover_every_message(tmp_path):
    from magwidget.i18n import MESSAGE_IDS

    lines = "".join(f"  {m}: 'x'\n" for m in MESSAGE_IDS if m != "subject")
    config = settings(tmp_path, lines + "  subject: '{section}'\n")
    source = tmp_path / "a.yaml"
    source.write_text(
        (FIXTURES / "pt-br.yaml").read_text().replace("language: pt-BR", "language: ja")
    )
    done = magwidget("validate", source, "--config", config, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no interface text" not in done.stderr


def test_validate_reads_no_catalog_and_imports_neither_babel_nor_jinja(tmp_path):
    script = (
        "import sys\n"
        "from magwidget.cli import cli\n"
        "try:\n"
        f"    cli(['validate', {str(FIXTURES / 'ar.yaml')!r}, '--config', {str(CONFIG)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "from magwidget import i18n\n"
        "assert i18n.catalog.cache_info().currsize <= 1, 'a second catalog was read'\n"
        "assert not [m for m in sys.modules if m.startswith('babel')], 'babel was imported'\n"
        "assert 'jinja2' not in sys.modules, 'jinja2 was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def send_dry_run(project: Path, settings_text: str) -> str:
    """Build the Brazilian article with a greeting, dry-run issue 1 to a reader without a name."""
    (project / "magwidget.yaml").write_text(settings_text)
    overrides = project / "overrides"
    overrides.mkdir(exist_ok=True)
    text = (ROOT / "templates" / "issue.txt").read_text()
    (overrides / "issue.txt").write_text(text.replace("-#}\n", "-#}\nOlá, {first_name}!\n", 1))
    (project / "content").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "pt-br.yaml", project / "content")
    done = magwidget("build", "content", "--templates", overrides, "--out", "dist", cwd=project)
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "MAGWIDGET_UNSUBSCRIBE_SECRET": "s" * 32}
    cmd = [sys.executable, "-m", "magwidget", "send", "1", "--to", "me@example.org"]
    cmd += ["--dry-run", "--out", "o", "--smtp-host", "127.0.0.1", "--no-tls"]
    done = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    [path] = (project / "o").glob("01-*--me@example.org.eml")
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return msg.get_body(("plain",)).get_content()


def test_a_reader_without_a_first_name_is_greeted_in_the_article_language(tmp_path):
    assert "Olá, cara leitora, caro leitor!" in send_dry_run(tmp_path, SENDER)
    wins = SENDER.replace("newsletter:\n", "newsletter:\n  first_name_fallback: amiga\n", 1)
    shutil.rmtree(tmp_path / "o")
    assert "Olá, amiga!" in send_dry_run(tmp_path, wins)


@pytest.mark.parametrize("language", ["he", "fa", "ur"])
def test_right_to_left_language_without_catalog_gets_rtl_and_one_warning(tmp_path, language):
    source = tmp_path / "content" / "a.yaml"
    source.parent.mkdir()
    source.write_text(
        (FIXTURES / "ar.yaml").read_text().replace("language: ar", f"language: {language}")
    )
    (tmp_path / "magwidget.yaml").write_text(SENDER)
    done = magwidget("build", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "no interface text" in line]
    assert len(warnings) == 1, done.stderr
    assert f"language {language!r}" in warnings[0]
    slug = tmp_path / "dist" / "almashy-baad-alakl"
    tag = f'<html lang="{language}" dir="rtl"'
    pages = [slug / "index.html", slug / "widget" / "demo.html"]
    for path in [*pages, *sorted((slug / "newsletter").glob("*.html"))]:
        assert tag in path.read_text(), path.name
    assert f'lang="{language}" dir="rtl"' in (slug / "widget" / "embed.html").read_text()
    gallery = (tmp_path / "dist" / "index.html").read_text()
    assert '<html lang="en" dir="ltr">' in gallery  # English words: English lang
