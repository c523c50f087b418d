"""Every file in tests/fixtures/bad/: one clear message with file, line and what is wrong.

Content cases are plain names, settings cases start with ``settings-``, and template overrides
are ``template-<name>-<case>.html``, installed as ``<name>.html`` in a --templates folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import BAD, ROOT, run_cli

# file -> (line:column, words the message must contain)
CONTENT = {
    "control-character.yaml": ("3:19", "control character U+0007 is not allowed in a YAML file"),
    "nul-byte.yaml": ("3:17", "control character U+0000 is not allowed"),
    "del-character.yaml": ("3:17", "control character U+007F is not allowed"),
    "c1-control-character.yaml": ("3:17", "control character U+009B is not allowed"),
    "utf16-file.yaml": ("1:1", "not UTF-8: byte 0xff cannot be decoded"),
    "latin1-file.yaml": ("3:16", "not UTF-8: byte 0xe9 cannot be decoded"),
    "two-documents.yaml": ("3:1", "expected a single document in the stream"),
    "unclosed-flow-list.yaml": ("4:11", "flow sequence (started on line 3)"),
    "unclosed-flow-mapping.yaml": ("4:11", "flow mapping (started on line 3)"),
    "colon-in-plain-value.yaml": ("1:17", "mapping values are not allowed here"),
    "bad-indentation.yaml": ("5:8", "mapping values are not allowed here"),
    "invalid-escape.yaml": ("1:14", "found unknown escape character 'q'"),
    "merge-key-alias.yaml": ("5:7", "YAML aliases (*base) are not allowed"),
    "alias-to-text.yaml": ("2:14", "YAML aliases (*t) are not allowed"),
    "top-level-text.yaml": ("1:1", "(top level): expected a mapping, found text"),
    "only-comments.yaml": (None, "the file is empty"),
    "directive-without-document.yaml": ("2:1", "expected '<document start>'"),
    "unknown-directive-version.yaml": ("1:1", "found incompatible YAML document"),
    "block-scalar-bad-indicator.yaml": ("3:14", "expected chomping or indentation indicators"),
    "deep-block-nesting.yaml": ("53:101", "nested more than 50 levels deep"),
    "python-object-tag.yaml": ("3:13", "YAML tag '!!python/object/apply:os.system' is not allowed"),
}
SETTINGS = {
    "settings-is-a-list.yaml": ("1:1", "(top level): expected a mapping, found a list"),
    "settings-newsletter-is-a-list.yaml": ("2:3", "newsletter: expected a mapping, found a list"),
    "settings-widget-is-text.yaml": ("1:9", "widget: expected a mapping, found text"),
    "settings-unknown-section.yaml": (
        "18:1",
        "mailer: unknown field (allowed: widget, newsletter, smtp, strings, theme)",
    ),
    "settings-control-character.yaml": ("5:14", "control character U+001B is not allowed"),
    "settings-alias.yaml": ("19:15", "YAML aliases (*n) are not allowed"),
    "settings-tab-indent.yaml": ("2:1", "a tab character: YAML indentation must use spaces"),
    "settings-utm-is-a-list.yaml": ("2:8", "newsletter.utm: expected a mapping, found a list"),
    "settings-not-utf8.yaml": ("2:15", "not UTF-8: byte 0xf6 cannot be decoded"),
}
TEMPLATES = {
    "template-page-unclosed-if.html": ("page.html:4", "Jinja was looking for the following tags"),
    "template-page-undefined-field.html": ("page.html:4", "has no attribute 'no_such_field'"),
    "template-page-unknown-filter.html": ("page.html:2", "No filter named 'shout'"),
    "template-page-extends-missing.html": ("page.html:1", "not found: default:no-such-page.html"),
    "template-page-division-by-zero.html": ("page.html:3", "ZeroDivisionError"),
    "template-issue-syntax-error.html": ("issue.html:3", "unexpected '}'"),
}


def test_there_are_at_least_forty_cases_and_each_is_checked_somewhere():
    files = sorted(p.name for p in BAD.iterdir())
    assert len(files) >= 40
    checked = set(CONTENT) | set(SETTINGS) | set(TEMPLATES)
    from tests.test_validate import CASES

    here = Path(__file__)
    others = [p.read_text() for p in here.parent.glob("test_*.py") if p != here]
    named = {name for name in files if any(f'"{Path(name).stem}' in text for text in others)}
    unchecked = set(files) - checked - set(CASES) - named - {"many-problems.yaml"}
    assert not unchecked, f"fixtures no test checks: {sorted(unchecked)}"


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_bad_content_file_names_its_place(run, name):
    where, words = CONTENT[name]
    result = run("validate", BAD / name)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    place = f"tests/fixtures/bad/{name}" + (f":{where}" if where else "")
    assert f"{place}: error: " in result.output
    assert words in result.output


def test_no_bad_content_file_gives_a_traceback_in_a_real_process():
    """One real process over every content case: each is reported, none crashes the run."""
    names = [p.name for p in sorted(BAD.glob("*.yaml")) if not p.name.startswith("settings-")]
    proc = run_cli("validate", *(BAD / name for name in names), cwd=ROOT)
    assert proc.returncode == 1
    for name in names:
        assert f"tests/fixtures/bad/{name}" in proc.stderr, f"{name} is not reported"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_bad_settings_file_names_its_place(tmp_path, name):
    where, words = SETTINGS[name]
    proc = run_cli("validate", ROOT / "content", "--config", BAD / name, cwd=ROOT)
    assert proc.returncode == 1
    assert f"tests/fixtures/bad/{name}:{where}: error: " in proc.stderr
    assert words in proc.stderr


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_broken_template_override_names_the_template_and_line(project, name):
    where, words = TEMPLATES[name]
    overrides = project / "overrides"
    overrides.mkdir()
    shutil.copy(BAD / name, overrides / (name.split("-")[1] + ".html"))
    proc = run_cli("build", "--templates", "overrides", cwd=project)
    assert proc.returncode == 1
    assert f"Error: overrides/{where}: template error: " in proc.stderr
    assert words in proc.stderr
    assert not (project / "dist").exists()
