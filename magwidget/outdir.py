"""Decide whether the --out folder may be replaced as a whole, and say why not when it may not.

A folder is replaced only when it is missing, empty, or exactly what magwidget wrote there: a
manifest.json with magwidget's format marker, and every file it lists, unchanged, and nothing
else. A folder that is, or holds, an input or the working folder is never replaced.
Knows nothing of articles or templates.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from magwidget.errors import MagwidgetError

MANIFEST = "manifest.json"
FORMAT = "magwidget-dist"  # the marker in manifest.json that says magwidget wrote the folder
FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
ADVICE = "choose another --out, or move what you need out of it and delete it yourself"


def refuse_unsafe(out: Path, inputs: list[Path]) -> None:
    """Raise unless ``out`` may be replaced by a new build (see the module docstring)."""
    if out.is_symlink():
        raise _refusal(out, "it is a symbolic link", "give the real folder as --out")
    real = out.resolve()
    named = [("the working folder", Path.cwd())] + [(f"the input {p}", p) for p in inputs]
    for name, path in named:
        if path.resolve() == real or real in path.resolve().parents:
            verb = "is" if path.resolve() == real else "contains"
            raise _refusal(out, f"it {verb} {name}", "choose an --out folder that holds no input")
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise _refusal(out, "it exists and is not a folder", ADVICE)
    if problem := foreign(out):
        raise _refusal(out, f"{problem}, so it is not a folder magwidget built", ADVICE)


def foreign(folder: Path) -> str | None:
    """Return why ``folder`` is not exactly a magwidget build, or None if it is one (or empty)."""
    if not any(folder.iterdir()):
        return None
    listed = _manifest_files(folder / MANIFEST)
    if isinstance(listed, str):
        return listed
    found, problem = _tree(folder)
    if problem:
        return problem
    if extra := sorted(found - set(listed) - {MANIFEST}):
        return f"it holds files its {MANIFEST} does not list ({_some(extra)})"
    if missing := sorted(set(listed) - found):
        return f"files its {MANIFEST} lists are missing ({_some(missing)})"
    changed = [rel for rel in sorted(listed) if not _matches(folder / rel, listed[rel])]
    return f"files were changed after the build ({_some(changed)})" if changed else None


def _manifest_files(path: Path) -> dict | str:
    """Return the manifest's {path: entry}, or why it is not magwidget's."""
    if not path.is_file() or path.is_symlink():
        return f"it is not empty and has no {MANIFEST}"
    try:
        with path.open("rb") as file:
            data = json.loads(file.read(MAX_MANIFEST_BYTES))
    except (OSError, ValueError):
        return f"its {MANIFEST} is not magwidget's (not readable JSON)"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return f'its {MANIFEST} is not magwidget\'s (no "format": "{FORMAT}")'
    version = data.get("format_version")
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        return f"its {MANIFEST} has format_version {version!r}, which this magwidget does not know"
    files = data.get("files")
    if not isinstance(files, dict) or not all(isinstance(e, dict) for e in files.values()):
        return f"its {MANIFEST} has no valid file list"
    return files


def _tree(folder: Path) -> tuple[set[str], str | None]:
    """Return every regular file under ``folder`` (relative, posix), or why the tree is odd."""
    found: set[str] = set()
    for dirpath, dirs, names in os.walk(folder):
        base = Path(dirpath)
        if dirpath != str(folder) and not dirs and not names:
            return found, f"it holds an empty folder ({base.relative_to(folder).as_posix()}/)"
        for name in dirs + names:
            mode = os.lstat(base / name).st_mode
            rel = (base / name).relative_to(folder).as_posix()
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                return found, f"it holds {rel}, which is not a regular file or folder"
            if stat.S_ISREG(mode):
                found.add(rel)
    return found, None


def _matches(path: Path, entry: dict) -> bool:
    """Return whether the file has the size and sha256 the manifest gives."""
    if path.stat().st_size != entry.get("bytes"):
        return False
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest() == entry.get("sha256")


def _some(names: list[str]) -> str:
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more


def _refusal(out: Path, reason: str, advice: str) -> MagwidgetError:
    return MagwidgetError(f"refusing to replace {out}/: {reason}; {advice}")
