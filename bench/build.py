"""Time a cold `magwidget build` (no cache) and `magwidget validate` of the seed, as users do."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def cold(args: list[str], cwd: Path) -> float:
    """Return the wall time in ms of one fresh `python -m magwidget` process."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "magwidget", *args], cwd=cwd, check=True, capture_output=True
    )
    return (time.perf_counter() - start) * 1000


def main() -> None:
    """Print the median of RUNS cold runs of each command."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        commands = {
            "magwidget --version": ["--version"],
            "magwidget validate": ["validate"],
            "magwidget build": ["build", "--out", str(out), "--no-cache"],
        }
        for label, args in commands.items():
            times = [cold(args, ROOT) for _ in range(RUNS)]
            print(
                f"{label:<22} median {statistics.median(times):7.1f} ms  (min {min(times):.1f}, "
                f"{RUNS} cold processes)"
            )
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"dist/: {len(files)} files, {size / 1000:.1f} kB")


if __name__ == "__main__":
    main()
