"""Guards around the email build (issue 7 items 10 and 12): no socket is ever opened, the
merge-tag stand-ins cannot be forged by content, and the unsubscribe link must be where the
template puts it, not merely somewhere in the text."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

from tests.conftest import ROOT, serve

MINIMAL = ROOT / "tests" / "fixtures" / "good" / "minimal.yaml"
UNSUBSCRIBE = "https://journal.magwidget.dev/unsubscribe"
SETTINGS = f"""newsletter:
  esp: generic
  from_name: Magwidget Journal
  from_address: news@journal.magwidget.dev
  postal_address: 1 Test Street, Springfield
  unsubscribe_url: {UNSUBSCRIBE}
"""
# Runs the real CLI with an audit hook that appends every socket.connect address to a file.
RECORDER = """
import json, sys
log = open(sys.argv[1], "a")
def hook(event, args):
    if event == "socket.connect":
        log.write(json.dumps(repr(args[1])) + "\\n"); log.flush()
sys.addaudithook(hook)
from magwidget.cli import cli
cli(sys.argv[2:])
"""


def magwidget(*args, cwd) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "magwidget", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def project(tmp_path, paragraph="One paragraph.", esp="generic"):
    """Write an article, its settings and a copy of the built-in templates; return the paths."""
    article = tmp_path / "a.yaml"
    article.write_text(MINIMAL.read_text().replace("One paragraph.", json.dumps(paragraph)))
    settings = tmp_path / "magwidget.yaml"
    settings.write_text(SETTINGS.replace("esp: generic", f"esp: {esp}"))
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    return article, settings, templates


def test_a_build_with_remote_stylesheets_images_and_imports_opens_no_socket(tmp_path):
    remote = tmp_path / "remote"
    remote.mkdir()
    (remote / "x.css").write_text("p { color: red }\n")
    base, server = serve(remote)
    try:
        article, settings, templates = project(tmp_path)
        css = templates / "email.css"
        css.write_text(f"@import url({base}/x.css);\n@import '{base}/y.css';\n" + css.read_text())
        page = (templates / "issue.html").read_text()
        extra = f'<link rel="stylesheet" href="{base}/x.css"><img src="{base}/i.png" alt="">'
        (templates / "issue.html").write_text(page.replace("</head>", extra + "</head>", 1))
        (templates / "page.css").write_text(f"@import url({base}/x.css);\n")
        log = tmp_path / "connections.log"
        log.touch()
        args = ["build", article, "--config", settings, "--templates", templates]
        command = [sys.executable, "-c", RECORDER, log, *map(str, args), "--out", tmp_path / "d"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    assert "</head>" in page  # the remote references were really in the templates
    assert "@import" in css.read_text()
    assert log.read_text() == ""


def test_content_cannot_forge_the_stand_in_of_a_merge_tag(tmp_path):
    """The old stand-in was 'mwtag' + sha256(tag)[:16]; content could write it out."""
    old = "mwtag" + hashlib.sha256(b"*|UNSUB|*").hexdigest()[:16]
    article, settings, _ = project(tmp_path, paragraph=f"Forged {old} here.", esp="mailchimp")
    result = magwidget(
        "build", article, "--config", settings, "--out", tmp_path / "d", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    html = next((tmp_path / "d").glob("*/newsletter/01-only.html")).read_text()
    assert f"Forged {old} here." in html
    assert html.count("*|UNSUB|*") == 1
    assert 'href="*|UNSUB|*"' in html


def test_the_unsubscribe_link_in_text_does_not_stand_in_for_the_footer_link(tmp_path):
    article, settings, templates = project(tmp_path, paragraph=f"Leave: {UNSUBSCRIBE}")
    page = (templates / "issue.html").read_text()
    link = '<a class="mw-footer-link" href="{{ links.unsubscribe }}">{{ _("unsubscribe") }}</a>'
    assert link in page
    (templates / "issue.html").write_text(page.replace(link, '{{ _("unsubscribe") }}'))
    args = ["build", article, "--config", settings, "--templates", templates]
    result = magwidget(*args, "--out", tmp_path / "d", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = f"01-only.html: merge tag {UNSUBSCRIBE!r} is missing (check the template)"
    assert expected in result.stderr, result.stderr


def test_the_unsubscribe_link_in_a_paragraph_does_not_stand_in_for_the_text_footer(tmp_path):
    article, settings, templates = project(tmp_path, paragraph=UNSUBSCRIBE)
    text = (templates / "issue.txt").read_text()
    assert '{{ _("label", text=_("unsubscribe")) }}\n{{ links.unsubscribe }}\n' in text
    (templates / "issue.txt").write_text(text.replace("{{ links.unsubscribe }}\n", ""))
    args = ["build", article, "--config", settings, "--templates", templates]
    result = magwidget(*args, "--out", tmp_path / "d", cwd=tmp_path)
    assert result.returncode == 1
    expected = f"01-only.txt: merge tag {UNSUBSCRIBE!r} is missing (check the template)"
    assert expected in result.stderr, result.stderr


def test_a_template_that_writes_other_template_syntax_is_a_build_error(tmp_path):
    article, settings, templates = project(tmp_path)
    text = (templates / "issue.txt").read_text()
    (templates / "issue.txt").write_text(text + "{{ '{{' }} subscriber.email }}\n")
    args = ["build", article, "--config", settings, "--templates", templates]
    result = magwidget(*args, "--out", tmp_path / "d", cwd=tmp_path)
    assert result.returncode == 1
    assert "01-only.txt: '{{' looks like an email-service merge tag" in result.stderr


def test_content_that_spells_the_stand_in_is_refused(tmp_path):
    """The stand-in stays the same through content edits, so content can know it: it is refused."""
    from types import SimpleNamespace

    from magwidget.newsletter.render import _stand_in
    from magwidget.settings import load_settings

    article, settings, _ = project(tmp_path, esp="mailchimp")
    token = _stand_in("*|UNSUB|*", SimpleNamespace(), load_settings(settings)[0])
    article.write_text(article.read_text().replace("One paragraph.", f"Forged {token} here."))
    result = magwidget(
        "build", article, "--config", settings, "--out", tmp_path / "d", cwd=tmp_path
    )
    assert result.returncode == 1
    assert f"a.yaml: the content spells {token}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()
