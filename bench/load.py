"""Time `magwidget validate` of a 4.8 MB article, and the loader alone with libyaml and without.

Run from anywhere: ``python bench/load.py``. Prints numbers; exits 1 if the cold validate takes
a second or more (issue 7: every accepted input size validates in under 1 s).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import MISSED  # bench/run.py: the exit status for a missed target

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from magwidget import load  # noqa: E402

TARGET_BYTES = 4_800_000
RUNS = 3


def article(size: int) -> str:
    """Return a valid article of about ``size`` bytes: the seed plus sections of long paragraphs."""
    seed = (ROOT / "content" / "transdermal-magnesium.yaml").read_text()
    words = "magnesium chloride absorbed through the skin may relax a cramped calf muscle " * 8
    sections, number = [], 0
    while len(seed) + sum(map(len, sections)) < size:
        blocks = "".join(f"      - paragraph: {words}{n}\n" for n in range(8))
        sections.append(f"  - id: extra-{number}\n    title: Extra {number}\n    blocks:\n{blocks}")
        number += 1
    return seed + "".join(sections)


def timed(call) -> float:
    """Return the median wall time in ms of RUNS calls."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    """Print the loader's and a cold validate's time on a 4.8 MB article."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(article(TARGET_BYTES))
        size = path.stat().st_size
        print(f"article: {size / 1e6:.2f} MB, {path.read_text().count('- id:')} sections")
        for name, loader in (("libyaml", load.Loader), ("pure Python", load._PureLoader)):
            load.Loader = loader
            print(f"load_node ({name:<11}) median {timed(lambda: load.load_node(path)):8.1f} ms")
        cmd = [sys.executable, "-m", "magwidget", "validate", str(path)]
        cold = timed(lambda: subprocess.run(cmd, cwd=ROOT, capture_output=True))
        print(f"cold `magwidget validate` median {cold:8.1f} ms ({RUNS} processes)")
    return 0 if cold < 1000 else MISSED


if __name__ == "__main__":
    sys.exit(main())
