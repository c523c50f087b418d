"""The no-op check: hash every input of a build; tell whether the output folder already holds it.

Owns what counts as an input (the article files, every template, magwidget's version,
SOURCE_DATE_EPOCH, and what load_settings makes the one Settings object of: the settings file
and the flags that reach the bytes) and the comparison with
manifest.json's ``inputs``. Reads bytes only: it parses no YAML and loads no template, so a
rebuild with nothing changed stops before any of that. The installed inliner's version is not
an input: the hash goes into the committed manifest, which must not depend on the machine
(after upgrading premailer or css-inline, build once with --no-cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from magwidget import __version__
from magwidget.flags import complete
from magwidget.templates import BUILTIN
from magwidget.writer import MANIFEST

# Flags that do not change the output's bytes (templates count by their files' bytes instead).
NOT_INPUTS = ("templates", "cache", "jobs")
SUFFIXES = (".yaml", ".yml")  # load.SUFFIXES (importing load loads YAML)
READ_LIMIT = 5 * 1024 * 1024 + 1  # load.MAX_BYTES + 1: past the cap the build refuses the file


def digest(articles: list[Path], settings: Path | None, flags: Mapping[str, object]) -> str:
    """Return the sha256 of everything a build's output depends on."""
    flags = complete(**flags)
    fields = {k: v for k, v in flags.items() if k not in NOT_INPUTS}
    head = [__version__, fields, os.environ.get("SOURCE_DATE_EPOCH")]
    h = hashlib.sha256(json.dumps(head, sort_keys=True, default=str).encode())
    for path in _article_files(articles):
        _add(h, f"content/{path.name}", _read(path))
    _add(h, "settings", _read(settings) if settings and settings.is_file() else b"")
    for label, folder in (("templates", flags["templates"]), ("builtin", BUILTIN)):
        for path in sorted(folder.rglob("*")) if folder else ():
            if path.is_file():
                _add(h, f"{label}/{path.relative_to(folder).as_posix()}", _read(path))
    return h.hexdigest()


def unchanged(out: Path, inputs: str) -> dict[str, int] | None:
    """Return each file's size if ``out`` was built from ``inputs`` and is intact, else None."""
    try:
        manifest = json.loads((out / MANIFEST).read_bytes())
        if manifest.get("inputs") != inputs:
            return None
        entries = manifest["files"]
        on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        if on_disk != {*entries, MANIFEST}:
            return None
        for rel, entry in entries.items():
            if hashlib.sha256((out / rel).read_bytes()).hexdigest() != entry["sha256"]:
                return None
        return {rel: entry["bytes"] for rel, entry in entries.items()} | {
            MANIFEST: (out / MANIFEST).stat().st_size
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _article_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their YAML files, as load.find_files does (it reports the errors)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        else:
            found.append(path)
    return found


def _read(path: Path) -> bytes:
    """Return a regular file's bytes, at most READ_LIMIT of them; anything else (a FIFO, a device,
    an unreadable file) hashes as a marker, and the real build reports it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return b"\0unreadable"
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"\0not a regular file"
        return file.read(READ_LIMIT)


def _add(h, label: str, data: bytes) -> None:
    """Feed one named input to the hash, framed so that no two inputs can run together."""
    h.update(f"{label}\0{len(data)}\0".encode())
    h.update(data)
