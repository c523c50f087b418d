"""The README documents every command and option the CLI has, each command with an example."""

from __future__ import annotations

import pytest

from magwidget.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_a_readme_example(name):
    command = cli.commands[name]
    assert command.help, f"{name} has no help text"
    assert "Example:" in command.help
    assert f"magwidget {name}" in README


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name, command in sorted(cli.commands.items())
        for param in command.params
        for opt in param.opts
        if opt.startswith("--")
    ],
)
def test_every_option_is_in_the_readme(name, option):
    row = f"| `{option}"
    assert row in README, f"magwidget {name} {option} has no row in a README options table"
