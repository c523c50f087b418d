"""A content-hash cache of inlined issues, outside dist/: an unchanged issue skips the inliner.

Owns where the cache lives (``$MAGWIDGET_CACHE``, else ``$XDG_CACHE_HOME/magwidget``, else
``~/.cache/magwidget``), the key (everything that affects the bytes: the rendered HTML with its
CSS, the protected strings, the engine, the code that drives it, magwidget's and the engine's
versions) and each entry's integrity: a corrupt entry is ignored and rewritten. Never imports an
inliner: their versions come from package metadata. A cache that cannot be written is skipped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from magwidget import __version__
from magwidget.newsletter import inline

# The packages whose code decides an engine's bytes.
ENGINE_PACKAGES = {
    "premailer": ("premailer", "cssutils", "lxml", "cssselect"),
    "css-inline": ("css-inline",),
}
# magwidget's own code around the engines (options, merge-tag protection, minification).
ENGINE_CODE = ("inline.py", "cssinline.py")
# What decides how a template compiles besides its source: the environment's settings.
TEMPLATE_CODE = ("templates.py",)


def folder() -> Path:
    """Return the cache folder for this user (``MAGWIDGET_CACHE`` moves it)."""
    if moved := os.environ.get("MAGWIDGET_CACHE"):
        return Path(moved)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "magwidget"


def inlined(html: str, protect: tuple[str, ...], name: str, engine: str, use: bool = True) -> str:
    """Return ``inline.inline(html, protect, name, engine)``, from the cache when it holds it."""
    if not use:
        return inline.inline(html, protect, name, engine)
    path = folder() / "inline" / f"{key(html, protect, engine)}.html"
    if (hit := _read(path)) is not None:
        return hit
    out = inline.inline(html, protect, name, engine)
    _write(path, out)
    return out


def empty() -> bool:
    """Tell whether no inlined issue is stored yet (a first build inlines every issue)."""
    try:
        with os.scandir(folder() / "inline") as entries:
            return not any(entries)
    except OSError:
        return True


def key(html: str, protect: tuple[str, ...], engine: str) -> str:
    """Return the sha256 of everything that affects the inlined bytes."""
    parts = [__version__, engine, engine_versions(engine), code_digest(), list(protect), html]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@functools.cache
def engine_versions(engine: str) -> dict[str, str | None]:
    """Return the installed version of each package the engine's output depends on."""
    installed = _installed()
    return {name: installed.get(name.replace("-", "_")) for name in ENGINE_PACKAGES[engine]}


@functools.cache
def _installed() -> dict[str, str]:
    """Map installed distributions to their versions, read from their metadata folders' names.

    importlib.metadata gives the same answer ten times slower, and a no-op rebuild asks too."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info"):
                dist, _, version = stem.partition("-")
                found.setdefault(dist.lower().replace("-", "_").replace(".", "_"), version)
    return found


@functools.cache
def code_digest() -> str:
    """Return the sha256 of magwidget's code around the engines."""
    here = Path(inline.__file__).parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in ENGINE_CODE)).hexdigest()


def template_bytecode():
    """Return a Jinja bytecode cache: a template compiles once per source, not once per build.

    Jinja keys each entry on the template's name, file and source checksum and checks Python's
    version; the folder's name adds Jinja's and magwidget's versions and the environment's code.
    """
    import jinja2

    here = Path(__file__).parent
    code = b"".join((here / name).read_bytes() for name in TEMPLATE_CODE)
    versions = f"{__version__}\0{jinja2.__version__}\0".encode()
    tag = hashlib.sha256(versions + code).hexdigest()[:16]
    path = folder() / f"jinja-{tag}"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written is skipped
    return jinja2.FileSystemBytecodeCache(str(path))


def _read(path: Path) -> str | None:
    """Return the entry's text, or None when it is missing or does not match its checksum."""
    try:
        digest, _, body = path.read_bytes().partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() == digest:
            return body.decode()
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _write(path: Path, text: str) -> None:
    """Store ``text`` under its checksum, atomically; a cache that cannot be written is skipped."""
    body = text.encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        pass
