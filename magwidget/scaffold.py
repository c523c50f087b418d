"""Create a new project folder from the skeleton shipped in ``magwidget/skeleton/``.

Owns the list of files a new project starts with and the refusal to overwrite any of them.
Knows nothing of articles or settings beyond copying their examples.
"""

from __future__ import annotations

from pathlib import Path

from magwidget.errors import MagwidgetError
from magwidget.load import display_name

SKELETON = Path(__file__).parent / "skeleton"
FILES = ("content/example.yaml", "magwidget.yaml", "README.md")


def init(folder: Path) -> list[Path]:
    """Write the skeleton into ``folder`` and an empty templates/; refuse if any file exists."""
    targets = [folder / name for name in FILES]
    if existing := [display_name(path) for path in targets if path.exists()]:
        raise MagwidgetError(f"not overwriting existing files: {', '.join(existing)}")
    for name, target in zip(FILES, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((SKELETON / name).read_bytes())
    (folder / "templates").mkdir(exist_ok=True)
    return [*targets, folder / "templates"]


def report(folder: Path, created: list[Path]) -> str:
    """Return what was created and the next commands to run."""
    lines = [f"Created {display_name(path)}" for path in created]
    step = "" if folder.resolve() == Path.cwd().resolve() else f"cd {display_name(folder)} && "
    lines.append(f"Next: {step}magwidget build   (then edit content/example.yaml)")
    return "\n".join(lines)
