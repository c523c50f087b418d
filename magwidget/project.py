"""Find the project a command acts on, as git does: the nearest folder upward from the working
folder that holds ``magwidget.yaml`` or ``content/``.

Owns discovery, the paths it implies (content/, settings, templates/, dist/) and the notice
printed when there is no project. Knows nothing of articles or settings.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import click

NOTICE = "no project here: using the bundled sample article"


def find_root(start: Path | None = None) -> Path | None:
    """Return the nearest folder from ``start`` (default: the working folder) upward that is a
    project, or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "magwidget.yaml").is_file() or (folder / "content").is_dir():
            return folder
    return None


def near(path: Path) -> Path:
    """Return ``path`` relative to the working folder, as the user would type it."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path


def default(name: str, fallback: Path) -> Path:
    """Return ``name`` inside the project (relative to where the user stands), else ``fallback``."""
    root = find_root()
    return near(root / name) if root else fallback


def overrides(builtin: Path) -> Path | None:
    """Return the project's templates/ folder if it has one (and it is not the built-in one)."""
    root = find_root()
    folder = root / "templates" if root else None
    if folder and folder.is_dir() and folder.resolve() != builtin.resolve():
        return near(folder)
    return None


@functools.cache
def say_bundled() -> None:
    """Tell the user once, on stderr, that there is no project and the bundled sample is used."""
    click.echo(NOTICE, err=True)
