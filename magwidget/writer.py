"""Write rendered files to the output folder, all or nothing.

Everything goes into a temporary folder beside the output; only when every byte is written is
the old folder swapped out, so a failed build leaves the previous output untouched.
Knows nothing of articles or templates: it takes {relative path: bytes}.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from magwidget.errors import MagwidgetError

MANIFEST = "manifest.json"


def safe_path(rel: str) -> PurePosixPath:
    """Return ``rel`` as a path that stays inside the output folder, or raise."""
    path = PurePosixPath(rel)
    bad = {"", ".", ".."}
    if path.is_absolute() or "\\" in rel or any(part in bad for part in rel.split("/")):
        raise MagwidgetError(f"refusing to write outside the output folder: {rel!r}")
    return path


def with_manifest(files: dict[str, bytes], inputs: str | None = None) -> dict[str, bytes]:
    """Return the files plus manifest.json: each one's size and sha256, and the inputs' hash."""
    if MANIFEST in files:
        raise MagwidgetError(f"{MANIFEST} is reserved for the build manifest")
    entries = {
        rel: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for rel, data in sorted(files.items())
    }
    body = {"files": entries, **({"inputs": inputs} if inputs else {})}
    manifest = json.dumps(body, indent=2, sort_keys=True) + "\n"
    return {**files, MANIFEST: manifest.encode()}


def write(files: dict[str, bytes], out: Path) -> None:
    """Write every file into a fresh folder, then swap it in place of ``out``."""
    _refuse_foreign(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_staged(files, out)
    except OSError as exc:
        raise MagwidgetError(f"cannot write {out}/: {exc.strerror or exc}") from None


def _write_staged(files: dict[str, bytes], out: Path) -> None:
    """Write into a temporary folder beside ``out``, then swap it in."""
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    try:
        for rel, data in files.items():
            target = staging / safe_path(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _publish_modes(staging)
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def differences(files: dict[str, bytes], out: Path) -> list[str]:
    """Return what differs between ``files`` and the folder ``out``, one line per file."""
    on_disk = (
        {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        if out.is_dir()
        else set()
    )
    lines = [f"missing: {rel}" for rel in sorted(files.keys() - on_disk)]
    lines += [f"not built: {rel}" for rel in sorted(on_disk - files.keys())]
    lines += [
        f"differs: {rel}"
        for rel in sorted(files.keys() & on_disk)
        if (out / rel).read_bytes() != files[rel]
    ]
    return lines


def _refuse_foreign(out: Path) -> None:
    """Replace only a folder magwidget wrote itself (it has a manifest), or an empty one."""
    if out.exists() and not out.is_dir():
        raise MagwidgetError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise MagwidgetError(
            f"refusing to replace {out}/: it is not empty and has no {MANIFEST}, so magwidget "
            "did not build it; choose another --out or empty it first"
        )


def _publish_modes(root: Path) -> None:
    """Give the tree web-server-readable modes (mkdtemp makes it private)."""
    for dirpath, _dirs, names in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in names:
            os.chmod(os.path.join(dirpath, name), 0o644)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    trash = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-old-"))
    try:
        out.rename(trash / out.name)
        try:
            staging.rename(out)
        except OSError:
            (trash / out.name).rename(out)
            raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)
