"""Run the CLI as ``python -m magwidget``."""

from magwidget.cli import cli

cli()
