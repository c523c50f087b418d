"""Benchmark the newsletter series: cold build wall time, premailer's share, per-issue cost.

Run from anywhere: ``python bench/newsletter.py``. Prints numbers; exits 1 only if an issue's
HTML breaks the 90 KB budget (Gmail clips near 102 KB). Every build here skips the cache
(--no-cache), so premailer inlines every issue; bench/mjml.py sets magwidget beside MJML's CLI.
"""

from __future__ import annotations

import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from run import MISSED  # bench/run.py: the exit status for a missed target

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "magwidget.yaml"
SEED = ROOT / "content" / "transdermal-magnesium.yaml"
BUDGET = 90_000
RUNS = 5

# Runs in a fresh interpreter: one whole build, timing premailer's import and every inline call,
# all in this one process (no helper imports premailer ahead: its share is what is measured).

PROFILE = """
import contextlib, json, sys, time
start = time.perf_counter()
from pathlib import Path
from magwidget import build
from magwidget.newsletter import inline
inline.ahead = lambda *args: contextlib.nullcontext()
spent = {"import": 0.0, "inline": 0.0, "calls": 0}
real = inline.inline
def timed(html, *args, **names):
    if "premailer" not in sys.modules:
        t = time.perf_counter(); import premailer; spent["import"] += time.perf_counter() - t
    t = time.perf_counter(); out = real(html, *args, **names)
    spent["inline"] += time.perf_counter() - t
    spent["calls"] += 1
    return out
inline.inline = timed
build.build([Path(sys.argv[2])], Path(sys.argv[3]), Path(sys.argv[1]), cache=False)
spent["total"] = time.perf_counter() - start
print(json.dumps(spent))
"""


def cold_build(out: Path) -> float:
    """Return the wall time of one `magwidget build` process."""
    command = [sys.executable, "-m", "magwidget", "build", str(ROOT / "content")]
    command += ["--out", str(out), "--config", str(CONFIG), "--no-cache"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def premailer_share(out: Path) -> dict:
    """Return seconds spent importing premailer and inlining, within one fresh process."""
    command = [sys.executable, "-c", PROFILE, str(CONFIG), str(ROOT / "content"), str(out)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout)


def marginal_cost(tmp: Path) -> tuple[float, float, float]:
    """Return warm newsletter render times for 11 and 22 issues, and the cost per added issue."""
    from magwidget.newsletter import render as newsletter
    from magwidget.settings import load_settings
    from magwidget.templates import make_env
    from magwidget.validate import load_articles

    data = yaml.safe_load(SEED.read_text())
    extra = [{**copy.deepcopy(s), "id": f"{s['id']}-again"} for s in data["sections"]]
    doubled = tmp / "doubled.yaml"
    doubled.write_text(yaml.safe_dump({**data, "sections": data["sections"] + extra}))
    settings, _ = load_settings(CONFIG, cache=False)
    env = make_env()
    times = []
    for path in (SEED, doubled):
        article = load_articles([path])[0][0]
        newsletter.render(article, env, settings)  # warm: imports and first call
        runs = []
        for _ in range(RUNS):
            start = time.perf_counter()
            newsletter.render(article, env, settings)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    small, large = times
    return small, large, (large - small) / len(data["sections"])


def main() -> int:
    """Print the numbers; return MISSED if an issue is over budget."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        walls = [cold_build(tmp / f"dist-{i}") for i in range(RUNS)]
        spent = premailer_share(tmp / "dist-profile")
        small, large, per_issue = marginal_cost(tmp)
        sizes = {p.name: p.stat().st_size for p in (tmp / "dist-0").glob("*/newsletter/*.html")}
    premailer = spent["import"] + spent["inline"]
    largest = max(sizes, key=sizes.get)
    print(
        f"cold `magwidget build` ({spent['calls']} issues + page): "
        f"median {statistics.median(walls) * 1000:.0f} ms, min {min(walls) * 1000:.0f} ms "
        f"over {RUNS} runs, no cache"
    )
    print(
        f"in-process build {spent['total'] * 1000:.0f} ms; premailer "
        f"{premailer * 1000:.0f} ms = {premailer / spent['total']:.0%} "
        f"(import {spent['import'] * 1000:.0f} ms, {spent['calls']} inline calls "
        f"{spent['inline'] * 1000:.0f} ms)"
    )
    print(
        f"warm newsletter render: 11 issues {small * 1000:.0f} ms, 22 issues "
        f"{large * 1000:.0f} ms -> {per_issue * 1000:.1f} ms per added issue"
    )
    print(f"largest issue HTML: {largest} {sizes[largest]:,} bytes (budget {BUDGET:,})")
    return 0 if sizes[largest] < BUDGET else MISSED


if __name__ == "__main__":
    sys.exit(main())
