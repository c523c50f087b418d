"""Bad input: each case gets one clear message naming file, line and field, exit 1, no traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import BAD, ROOT

# fixture file -> (line:column or None, field path or None, words the message must contain)
CASES = {
    "tab-indent.yaml": ("4:1", None, "tab character"),
    "unclosed-quote.yaml": ("4:1", None, "quoted scalar (started on line 1)"),
    "empty.yaml": (None, None, "the file is empty"),
    "list-not-mapping.yaml": ("1:1", "(top level)", "expected a mapping, found a list"),
    "product-is-list.yaml": ("4:3", "product", "expected a mapping, found a list"),
    "missing-disclaimer.yaml": ("2:1", "disclaimer", "required field is missing"),
    "unknown-key.yaml": ("2:1", "titel", "did you mean 'title'?"),
    "duplicate-section-id.yaml": ("13:5", "sections[1].id", "first used on line 9"),
    "javascript-url.yaml": (
        "6:8",
        "product.url",
        "only https: links are allowed, found javascript:",
    ),
    "not-utf8.yaml": ("1:11", None, "not UTF-8: byte 0xe9"),
    "alias-bomb.yaml": ("3:8", None, "YAML aliases (*a) are not allowed"),
    "deep-nesting.yaml": ("2:57", None, "nested more than 50 levels deep"),
    "newline-in-title.yaml": ("2:8", "title", "expected one line of text, found a line break"),
    "bidi-override.yaml": ("2:8", "title", "control character U+202E is not allowed"),
    "merge-tag-in-text.yaml": (
        "13:20",
        "sections[0].blocks[0].paragraph",
        "'{{' looks like an email-service merge tag",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_reported_with_place_and_field(run, name):
    where, field, words = CASES[name]
    result = run("validate", BAD / name)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    expected = f"tests/fixtures/bad/{name}" + (f":{where}: error:" if where else ": error:")
    assert expected in result.output
    if field:
        assert f"error: {field}: " in result.output
    assert words in result.output


def test_every_problem_in_a_file_is_reported_at_once_in_line_order(run):
    result = run("validate", BAD / "many-problems.yaml")
    assert result.exit_code == 1
    assert "7 problems found" in result.output
    fields = [
        "title: expected text, found an empty string",
        "url: only https: links are allowed, found http:",
        "product.url: only https: links are allowed, found data:",
        "product.colour: unknown field",
        "sections[0].id: expected lowercase letters",
        "sections[0].blocks[1].list: expected a list of text items, found text 'just text'",
        "sections[0].blocks[2].paragrap: unknown field; did you mean 'paragraph'?",
    ]
    positions = [result.output.index(text) for text in fields]
    assert positions == sorted(positions)


def test_problems_from_several_files_come_in_one_run(run):
    result = run("validate", BAD / "javascript-url.yaml", BAD / "missing-disclaimer.yaml")
    assert result.exit_code == 1
    assert "2 problems found" in result.output
    assert "javascript-url.yaml:6:8" in result.output
    assert "missing-disclaimer.yaml:2:1" in result.output


def test_alias_bomb_fails_fast_without_expanding(run):
    start = time.perf_counter()
    result = run("validate", BAD / "alias-bomb.yaml")
    assert result.exit_code == 1
    assert time.perf_counter() - start < 2, "aliases must be refused before anything expands them"


def test_file_over_5_mb_is_refused_before_reading(run, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"title: x\n" + b"#" * (5 * 1024 * 1024))
    result = run("validate", big)
    assert result.exit_code == 1
    assert "the limit is 5,242,880 (5 MB)" in result.output


def test_missing_file_is_a_usage_error(run, tmp_path):
    result = run("validate", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_placeholder_domains_warn_but_pass(run):
    result = run("validate", ROOT / "content")
    assert result.exit_code == 0
    assert "OK: 1 article(s) valid" in result.stdout
    assert "warning: product.url: example.com is a placeholder domain" in result.stderr


def test_strict_turns_placeholder_warnings_into_errors(run):
    result = run("validate", "--strict", ROOT / "content", "--config", ROOT / "magwidget.yaml")
    assert result.exit_code == 1
    assert result.output.startswith("Error: 4 problems found:")
    assert "content/transdermal-magnesium.yaml:7:6: error: url: example.com is a placeholder" in (
        result.output
    )
    assert "warning:" not in result.output


def test_validate_checks_the_settings_file_too(run, tmp_path):
    settings = tmp_path / "magwidget.yaml"
    settings.write_text((ROOT / "tests/fixtures/config/misspelt-key.yaml").read_text())
    result = run("validate", ROOT / "content", "--config", settings)
    assert result.exit_code == 1
    assert "did you mean 'postal_address'?" in result.output


def test_real_process_prints_no_traceback(tmp_path):
    """Run the installed entry point as a user would, not in-process."""
    cmd = [sys.executable, "-m", "magwidget", "build", str(BAD / "alias-bomb.yaml")]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: ")
    assert "alias-bomb.yaml:3:8: error: YAML aliases (*a) are not allowed" in proc.stderr
    # No settings file here either: that is reported in the same run.
    assert "magwidget.yaml (not found): error: newsletter.from_name: required" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "dist").exists()
