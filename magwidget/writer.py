"""Write rendered files to the output folder, all or nothing, and clear what a killed build left.

Everything goes into a staging folder beside the output, ``.<out>-new-*``, marked as
magwidget's by a locked ``.magwidget-staging`` file. Only when every byte is written is the new
folder exchanged with the old one in a single step (Linux ``renameat2(RENAME_EXCHANGE)``).
Where that call is missing, the fallback is two renames, and between them the output folder is
briefly absent (the old one waits in the staging folder and the next build puts it back). The
next build removes staging folders whose owner has died, and nothing else.
Knows nothing of articles or templates: it takes {relative path: bytes}.

Test hooks (environment): MAGWIDGET_TEST_PAUSE=<point> makes the build create the file named by
MAGWIDGET_TEST_PAUSE_FILE at that point and wait until it is deleted (or the build is killed);
MAGWIDGET_TEST_SWAP=fallback forces the two-rename fallback.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath

from magwidget import outdir
from magwidget.errors import MagwidgetError
from magwidget.outdir import FORMAT, FORMAT_VERSION, MANIFEST

STAGING_MARK = ".magwidget-staging"
MARK_TEXT = b"magwidget staging folder: safe to delete when no build is running\n"
AT_FDCWD = -100
RENAME_EXCHANGE = 2
EMPTY_GRACE = 60  # seconds an unmarked, empty staging folder may belong to a build just starting


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
    document = {"format": FORMAT, "format_version": FORMAT_VERSION, "files": entries}
    if inputs:
        document["inputs"] = inputs
    manifest = json.dumps(document, indent=2, sort_keys=True) + "\n"
    return {**files, MANIFEST: manifest.encode()}


def write(files: dict[str, bytes], out: Path, inputs: list[Path] | None = None) -> None:
    """Write every file into a fresh folder, then swap it in place of ``out``."""
    outdir.refuse_unsafe(out, inputs or [])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        _write_staged(files, out)
    except OSError as exc:
        raise MagwidgetError(f"cannot write {out}/: {exc.strerror or exc}") from None


def _write_staged(files: dict[str, bytes], out: Path) -> None:
    """Write into a marked, locked staging folder beside ``out``, then swap it in."""
    box = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    with open(box / STAGING_MARK, "wb") as mark:
        fcntl.flock(mark, fcntl.LOCK_EX)
        mark.write(MARK_TEXT)
        mark.flush()
        _pause("staging")
        try:
            _write_tree(files, box / "new")
            _pause("staged")
            _swap(box / "new", out, box)
            _pause("swapped")
        finally:
            _remove_box(box)


def _write_tree(files: dict[str, bytes], root: Path) -> None:
    root.mkdir()
    for number, (rel, data) in enumerate(files.items()):
        if number == len(files) // 2:
            _pause("writing")
        target = root / safe_path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _publish_modes(root)


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


def _publish_modes(root: Path) -> None:
    """Give the tree web-server-readable modes (mkdtemp makes it private)."""
    for dirpath, _dirs, names in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in names:
            os.chmod(os.path.join(dirpath, name), 0o644)


def _swap(new: Path, out: Path, box: Path) -> None:
    """Put ``new`` in place of ``out``; the old folder ends up inside ``box``."""
    if not os.path.lexists(out):
        new.rename(out)
    elif _exchange(new, out):
        if problem := outdir.foreign(new):  # it changed since it was checked: put it back
            _exchange(new, out)
            raise MagwidgetError(f"refusing to replace {out}/: {problem}; it changed meanwhile")
    else:
        out.rename(box / "old")
        _pause("between-renames")
        try:
            new.rename(out)
        except OSError:
            (box / "old").rename(out)
            raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with renameat2; return False where the system has none."""
    call = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if call is None or os.environ.get("MAGWIDGET_TEST_SWAP") == "fallback":
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def clean_stale(out: Path) -> None:
    """Remove staging folders beside ``out`` whose build died; restore a stranded old output."""
    for box in sorted(out.parent.glob(f".{out.name}-new-*")):
        if box.is_symlink() or not box.is_dir():
            continue
        if not any(box.iterdir()):
            if time.time() - box.stat().st_mtime > EMPTY_GRACE:
                box.rmdir()  # killed before its mark was written (younger: may be a live build's)
        elif _owner_is_dead(box / STAGING_MARK):
            if (box / "old").is_dir() and not os.path.lexists(out):
                (box / "old").rename(out)  # killed between the fallback's two renames
            _remove_box(box)


def _owner_is_dead(mark: Path) -> bool:
    """Return whether ``mark`` is magwidget's staging mark and no running build holds its lock."""
    if mark.is_symlink() or not mark.is_file():
        return False
    with open(mark, "rb") as file:
        if not MARK_TEXT.startswith(file.read(len(MARK_TEXT) + 1)):
            return False  # (a prefix: killed while writing the mark)
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _remove_box(box: Path) -> None:
    """Remove a staging folder, its mark last, so a kill midway leaves it marked or empty."""
    for child in box.iterdir():
        if child.name != STAGING_MARK:
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    _pause("removing")
    (box / STAGING_MARK).unlink(missing_ok=True)
    box.rmdir()


def _pause(point: str) -> None:
    """Test hook: at the point named by MAGWIDGET_TEST_PAUSE, wait until its file is deleted."""
    if os.environ.get("MAGWIDGET_TEST_PAUSE") != point:
        return
    flag = Path(os.environ["MAGWIDGET_TEST_PAUSE_FILE"])
    flag.write_text(point)
    while flag.exists():
        time.sleep(0.01)
