"""Messages: YAML syntax hints, every settings problem in one run by line, date flags that say
what is wrong, and a build summary in a stable order."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import BAD, ROOT

QUOTE_IT = "put the whole text in quotes, or write `>-` and the text indented on the next lines"


def test_every_line_with_colon_space_gets_the_hint_in_one_run(run):
    result = run("validate", BAD / "text-with-colon-space.yaml")
    assert result.exit_code == 1
    name = "tests/fixtures/bad/text-with-colon-space.yaml"
    lines = [line.strip() for line in result.output.splitlines() if name in line]
    assert [line.split(":")[1] for line in lines] == ["2", "8", "13"]
    assert lines[0].startswith(f"{name}:2:17: error: invalid YAML: mapping values are not allowed")
    for line in lines:
        assert line.endswith(f"for text containing ': ', {QUOTE_IT}")


@pytest.mark.parametrize(
    ("name", "where", "cause"),
    [
        ("leading-dash.yaml", "2:11", "for text starting with '- '"),
        ("quote-then-text.yaml", "2:26", "for text starting with a quote mark"),
    ],
)
def test_yaml_syntax_errors_hint_at_their_common_cause(name, where, cause):
    command = [sys.executable, "-m", "magwidget", "validate", str(BAD / name)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"tests/fixtures/bad/{name}:{where}: error: invalid YAML: " in done.stderr
    assert f"{cause}, {QUOTE_IT}\n" in done.stderr


def test_a_leading_hash_is_explained_as_a_comment(run):
    result = run("validate", BAD / "leading-hash.yaml")
    assert result.exit_code == 1
    assert (
        "leading-hash.yaml:1:7: error: title: expected text, found nothing (null);"
        " '#' starts a comment in YAML: put text that starts with # in quotes"
    ) in result.output


def test_every_settings_problem_is_reported_in_one_run_sorted_by_line(run, project):
    shutil.copy(ROOT / "tests" / "fixtures" / "config" / "many-problems.yaml", "magwidget.yaml")
    result = run("validate")
    assert result.exit_code == 1
    found = re.findall(r"magwidget\.yaml:(\d+):\d+: error: (\S+):", result.output)
    assert found == [
        ("3", "widget.base_url"),
        ("5", "newsletter.from_name"),
        ("5", "newsletter.postal_address"),
        ("6", "newsletter.from_address"),
        ("8", "newsletter.paid_link"),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-01", "month must be 1-12, found 13 in '2026-13-01'"),
        ("2026-00-10", "month must be 1-12, found 0 in '2026-00-10'"),
        ("2026-02-30", "day must be 1-28 in 2026-02, found 30 in '2026-02-30'"),
        ("2028-02-30", "day must be 1-29 in 2028-02, found 30 in '2028-02-30'"),
        ("0000-01-01", "year must be 1970-2999, found 0 in '0000-01-01'"),
        ("1/12/2026", "expected a date as YYYY-MM-DD, like 2026-12-01, found '1/12/2026'"),
    ],
)
def test_date_flags_name_what_is_wrong(run, value, message):
    result = run("build", "--check", "--start", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--start': {message}\n" in result.output


def test_build_summary_lists_folders_in_sorted_order(run, project):
    # "a-minimal/" sorts before the top-level manifest.json: file order alone would misplace "./".
    shutil.copy(ROOT / "tests" / "fixtures" / "good" / "minimal.yaml", "content/a-minimal.yaml")
    result = run("build")
    assert result.exit_code == 0, result.output
    rows = [line.split()[0] for line in result.output.splitlines() if line.startswith("  ")]
    folders = rows[:-1]
    assert rows[-1] == "total"
    assert folders == sorted(folders)
    assert folders[0] == "./"
    assert len(folders) >= 4


def test_a_list_item_ending_in_a_colon_is_explained_as_a_key(run):
    result = run("validate", BAD / "list-item-ending-in-colon.yaml")
    assert result.exit_code == 1
    assert (
        "list-item-ending-in-colon.yaml:15:13: error: sections[0].blocks[1].list[0]: expected text,"
        " found a mapping; text ending in ':' or containing ': ' reads as a key: put it in quotes"
    ) in result.output
