"""Run every benchmark in bench/ in turn and print their numbers.

A benchmark exits 0 when it meets its targets, MISSED (3) when it measured a target it missed,
and anything else when it could not run. Missed targets are listed at the end and reported, not
failed (targets are never wall-time assertions); a benchmark that crashes makes this exit 1.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
MISSED = 3


def precompile() -> None:
    """Write magwidget's bytecode, as installing it does, so no run pays to compile its source.

    An editable checkout under PYTHONDONTWRITEBYTECODE (CI images set it) would otherwise
    compile every magwidget module in every timed process: ~50 ms that no user pays.
    """
    compileall.compile_dir(HERE.parent / "magwidget", quiet=1)


def main() -> int:
    """Run each bench/*.py but this one; return 1 if one of them could not run."""
    precompile()
    missed, broken = [], []
    for script in sorted(HERE.glob("*.py")):
        if script.name == "run.py":
            continue
        print(f"== bench/{script.name}", flush=True)
        code = subprocess.run([sys.executable, str(script)]).returncode
        if code == MISSED:
            missed.append(script.name)
        elif code:
            broken.append(f"{script.name} (exit {code})")
    print(f"== targets missed: {', '.join(missed) or 'none'}")
    if broken:
        print(f"== benchmarks that could not run: {', '.join(broken)}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
