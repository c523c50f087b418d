"""The newsletter part of magwidget.yaml: bad settings stop the build, name the file and field,
print no traceback and leave dist/ untouched; good ones reach every issue."""

from __future__ import annotations

import json
import shutil

import pytest

from magwidget import writer
from tests.conftest import ROOT
from tests.test_newsletter import ARTICLE, IDS, folder

CASES = ROOT / "tests" / "fixtures" / "config"


@pytest.fixture
def settings(project):
    """Install one fixture as the project's magwidget.yaml; keep a dist/ to prove it survives."""
    writer.write(writer.with_manifest({"keep.txt": b"previous build\n"}), project / "dist")

    def use(case: str) -> None:
        shutil.copy(CASES / f"{case}.yaml", project / "magwidget.yaml")

    return use


def assert_refused(result, project, *expected: str) -> None:
    """The build failed cleanly: exit 1, each expected text shown, dist/ as it was."""
    assert result.exit_code == 1, result.output
    # An uncaught exception is kept here; a clean refusal is Click's SystemExit (tracebacks in
    # a real process: tests/test_no_traceback.py runs every settings fixture).
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    for text in expected:
        assert text in result.output
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["keep.txt", "manifest.json"]


def test_missing_postal_address_is_an_error(run, project, settings):
    settings("missing-postal-address")
    result = run("build")
    assert_refused(result, project, "magwidget.yaml", "newsletter.postal_address", "CAN-SPAM")


def test_http_unsubscribe_link_is_an_error_with_its_line(run, project, settings):
    settings("http-unsubscribe")
    result = run("build")
    assert_refused(result, project, "magwidget.yaml:5:20", "newsletter.unsubscribe_url", "http:")


def test_generic_service_needs_an_unsubscribe_link(run, project, settings):
    settings("generic-without-unsubscribe")
    result = run("build")
    assert_refused(result, project, "magwidget.yaml", "newsletter.unsubscribe_url", "generic")


def test_the_esp_flag_wins_over_the_settings_file(run, project, settings):
    settings("mailchimp-without-unsubscribe")
    result = run("build", "--esp", "generic")
    assert_refused(result, project, "magwidget.yaml", "newsletter.unsubscribe_url")


def test_misspelt_key_gets_a_suggestion(run, project, settings):
    settings("misspelt-key")
    result = run("build")
    assert_refused(result, project, "magwidget.yaml:4:3", "did you mean 'postal_address'?")


def test_every_bad_value_is_reported_at_once(run, project, settings):
    settings("bad-values")
    result = run("build")
    assert_refused(
        result,
        project,
        "newsletter.esp: expected one of generic, mailchimp",
        "newsletter.from_address: expected an email address",
        "newsletter.paid_link: expected true or false",
        "newsletter.subject: unknown placeholder 'issue'",
    )


def test_subject_pattern_allows_plain_placeholders_only(run, project, settings):
    settings("subject-with-format-spec")
    result = run("build")
    assert_refused(result, project, "newsletter.subject: placeholder 'title' has a format spec")


def test_line_break_in_sender_name_is_refused_before_it_reaches_a_header(run, project, settings):
    settings("newline-in-from-name")
    result = run("build")
    assert_refused(
        result, project, "magwidget.yaml:2:14", "newsletter.from_name: expected one line of text"
    )


def test_no_settings_file_means_no_sender_and_an_error(run, project):
    (project / "magwidget.yaml").unlink()
    result = run("build")
    assert result.exit_code == 1
    assert "magwidget.yaml (not found): error: newsletter.from_name: required for the" in (
        result.output
    )


def test_settings_from_the_file_reach_every_issue(run, project, settings):
    settings("mailchimp-without-unsubscribe")
    result = run("build")
    assert result.exit_code == 0, result.output
    series = json.loads((folder(project / "dist") / "series.json").read_text())
    assert series["esp"] == "mailchimp"
    assert series["issues"][1]["subject"].startswith("Fast magnesium, part 2 of 11: ")
    html = (folder(project / "dist") / f"{IDS[0]}.html").read_text()
    assert 'href="*|UNSUB|*"' in html
    assert "utm_campaign=magnesium-winter&amp;utm_content=issue-01" in html
    assert 'class="mw-disclosure"' not in html  # paid_link: false
    assert 'rel="sponsored"' not in html
    assert ARTICLE.product.url in html
