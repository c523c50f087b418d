"""Errors the core raises; Click prints them as ``Error: ...`` with exit 1 and no traceback.

Imports nothing from magwidget: every other module may raise these.
"""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an input file, with where it is."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        kind = "warning" if self.warning else "error"
        return f"{where}: {kind}:{field} {self.message}"


class MagwidgetError(click.ClickException):
    """Base class: a failure the user can act on, reported without a traceback."""


class ContentError(MagwidgetError):
    """Input files are invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if not p.warning]
        noun = "problem" if len(errors) == 1 else "problems"
        lines = [f"{len(errors)} {noun} found:"] + [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


class CheckFailed(MagwidgetError):
    """``build --check`` found files in the output folder that differ from a fresh build."""
