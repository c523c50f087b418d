"""Where a process pool starts to pay: serial against both cores, by number of articles.

Builds N copies of the seed in memory (build.render_all) with --jobs 1 and --jobs 2, with an
empty inline cache (every issue inlined) and a warm one (nothing inlined), and prints the
medians. parallel.PARALLEL_FROM is set from these numbers. Prints numbers only.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_speed import many_articles  # noqa: E402  (the copies the tests build)

COUNTS = (2, 4, 8)
RUNS = 1  # a threshold search, kept short: bench/run.py runs it in CI


def timed(folder: Path, jobs: int, cache: bool) -> float:
    """Return the median ms of RUNS in-memory builds of ``folder``."""
    from magwidget import build

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        build.render_all([folder], ROOT / "magwidget.yaml", jobs=jobs, cache=cache)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    """Print serial and parallel times for each article count, cold and warm cache."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MAGWIDGET_CACHE"] = str(Path(tmp) / "cache")
        timed(Path(ROOT / "content"), 1, False)  # imports and first calls out of the way
        from magwidget.newsletter import inline

        inline._premailer()  # loaded here once, so no build forks a helper to import it again
        print(
            f"{'articles':>8} {'cold, 1 job':>12} {'2 jobs':>8} {'warm, 1 job':>12} {'2 jobs':>8}"
        )
        for count in COUNTS:
            folder = Path(tmp) / f"n{count}"
            many_articles(folder, count)
            cold = [timed(folder, jobs, False) for jobs in (1, 2)]
            timed(folder, 1, True)  # fill the cache
            warm = [timed(folder, jobs, True) for jobs in (1, 2)]
            cells = [
                f"{ms:>{width}.0f} ms" for ms, width in zip(cold + warm, (9, 5, 9, 5), strict=True)
            ]
            print(f"{count:>8} " + " ".join(cells))
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
