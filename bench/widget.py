"""The widget's size against its budget, its time to magwidget:ready and the swap's layout shift.

Size: gzip -9 of widget.js minus gzip -9 of the article's plain text (the floor: the widget must
carry the text) must be at most 3 KB (3,072 B); exit 1 when it is not. Time and shift are
measured in Debian's chromium on 127.0.0.1 and printed (targets: under 10 ms, zero shift).
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import MISSED  # bench/run.py: the exit status for a missed target

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import serve  # noqa: E402  (the same loopback server the tests use)

SEED = ROOT / "content" / "transdermal-magnesium.yaml"
BUDGET = 3 * 1024
RUNS = 15
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Runs the script as a parser would (an inline <script> executes on insertion) and times it.
TIME_READY = """code => {
  let ready = 0;
  document.addEventListener("magwidget:ready", () => ready = ready || performance.now());
  const script = document.createElement("script");
  script.textContent = code;
  const start = performance.now();
  document.body.append(script);
  return ready - start;
}"""
SHIFTS = """() => new Promise(done => new PerformanceObserver((list, observer) => {
  done(list.getEntries().reduce((sum, e) => sum + e.value, 0));
}).observe({type: "layout-shift", buffered: true}) || setTimeout(() => done(0), 500))"""


def gz(data: bytes) -> int:
    """Return the gzip -9 size of ``data`` (no name or time in the header)."""
    return len(gzip.compress(data, 9, mtime=0))


def build(out: Path) -> Path:
    """Build the seed with the real CLI; return its widget folder."""
    args = [sys.executable, "-m", "magwidget", "build", str(SEED), "--out", str(out)]
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return out / "transdermal-magnesium" / "widget"


def floor() -> int:
    """Return the gzip -9 size of the text a reader must see."""
    from magwidget.validate import load_articles

    articles, _warnings = load_articles([SEED])
    return gz(articles[0].plain_text().encode())


def measure(folder: Path) -> tuple[list[float], float]:
    """Return the times to ready of RUNS fresh pages and the layout shift of a late swap."""
    from playwright.sync_api import sync_playwright

    snippet = (folder / "embed.html").read_text()
    fallback = snippet[: snippet.index("<script")]
    page_html = f"<!doctype html><title>bench</title><p>Before</p>{fallback}<p>After</p>"
    (folder / "bench.html").write_text(page_html)
    code = (folder / "widget.js").read_text()
    url, server = serve(folder)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            times = []
            for _ in range(RUNS):
                page.goto(f"{url}/bench.html")
                times.append(page.evaluate(TIME_READY, code))
            page.goto(f"{url}/bench.html")
            page.wait_for_timeout(200)
            page.add_script_tag(url="widget.js")
            page.wait_for_timeout(300)
            shift = page.evaluate(SHIFTS)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return times, shift


def main() -> int:
    """Print the numbers; return MISSED when the widget is over its size budget."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(Path(tmp) / "dist")
        size, text = gz((folder / "widget.js").read_bytes()), floor()
        over = size - text
        print(
            f"widget.js gzip -9      {size:6,} B  ({(folder / 'widget.js').stat().st_size:,} B raw)"
        )
        print(f"plain-text floor       {text:6,} B  (gzip -9 of Article.plain_text())")
        seed = gz((ROOT / "tests" / "fixtures" / "seed-article.txt").read_bytes())
        print(f"seed article.txt       {seed:6,} B  (gzip -9; the issue's floor, 4,804 B)")
        print(
            f"widget minus floor     {over:6,} B  budget {BUDGET:,} B, margin {BUDGET - over:,} B"
        )
        times, shift = measure(folder)
    print(
        f"script run -> ready    median {statistics.median(times):.2f} ms  "
        f"(min {min(times):.2f}, max {max(times):.2f}, {RUNS} page loads; target under 10 ms)"
    )
    print(f"layout shift of swap   {shift:.4f}  (fallback painted, then widget.js loaded)")
    if over > BUDGET:
        print(f"MISSED: {over - BUDGET:,} B over the {BUDGET:,} B budget", file=sys.stderr)
        return MISSED
    return 0


if __name__ == "__main__":
    sys.exit(main())
