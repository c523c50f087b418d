"""The command line itself: help, version, exit codes."""

from __future__ import annotations

from magwidget import __version__
from tests.conftest import BAD


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"magwidget, version {__version__}\n"


def test_help_lists_every_command_with_an_example(run):
    result = run("--help")
    assert result.exit_code == 0
    examples = result.output.split("Examples:")[1]
    assert "build     magwidget build " in examples
    assert "validate  magwidget validate " in examples


def test_unknown_option_is_a_usage_error(run):
    result = run("build", "--no-such-flag")
    assert result.exit_code == 2
    assert "No such option '--no-such-flag'" in result.output


def test_validate_exit_codes(run):
    assert run("validate").exit_code == 0
    assert run("validate", BAD / "empty.yaml").exit_code == 1
    assert run("validate", "--strict", "--bogus").exit_code == 2
