"""Run every benchmark in bench/ in turn and print their numbers; exit 1 if one misses a target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    """Run each bench/*.py but this one; return the worst exit status."""
    status = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name == "run.py":
            continue
        print(f"== bench/{script.name}", flush=True)
        status = max(status, subprocess.run([sys.executable, str(script)]).returncode)
    return status


if __name__ == "__main__":
    sys.exit(main())
