"""Time edit-to-reload under `magwidget serve`: from saving the article to the reloaded page.

A real server (subprocess, warm after its first build) on a free 127.0.0.1 port and a real
chromium page; the reload's end is the new page's load event, read from its Navigation Timing.
Exit 1 if the median misses the 300 ms target.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from run import MISSED  # bench/run.py: the exit status for a missed target

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

RUNS = 7
TARGET_MS = 300
EDITS = {  # what a save changes: every output, or one section's paragraph (one issue)
    "title": "title: Why Transdermal Magnesium Can Feel Fast",
    "paragraph": "even if the mechanism is misunderstood.",
}
LOADED = "performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd"


def start(project: Path) -> tuple[subprocess.Popen, str]:
    """Start `magwidget serve` in ``project``; return it and its address once it serves."""
    from magwidget.livereload import free_port

    port = free_port()
    command = [sys.executable, "-m", "magwidget", "serve", "--port", str(port)]
    proc = subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    for line in proc.stdout:
        if line.startswith("Serving"):
            return proc, f"http://127.0.0.1:{port}"
    raise SystemExit("magwidget serve did not start")


def rebuild_times(proc: subprocess.Popen) -> list[float]:
    """Return the server's own rebuild times in ms, from the lines it printed."""
    out = proc.communicate()[0]
    return [float(m) * 1000 for m in re.findall(r"^Rebuilt in ([\d.]+) s \(content", out, re.M)]


def edit_to_reload(page, source: Path, text: str, edit: str, n: int) -> float:
    """Save an edited line; return ms from the save to the reloaded page's load event."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # let the page's long-poll reach the server
    with page.expect_event("load", timeout=20_000):
        saved = time.time() * 1000
        source.with_suffix(".partial").write_text(text.replace(edit, f"{edit} {n}"))
        source.with_suffix(".partial").replace(source)  # saved at once, as most editors do
    return page.evaluate(LOADED) - saved


def measure(url: str, source: Path, text: str, edit: str) -> list[float]:
    """Return RUNS edit-to-reload times for one page and one kind of edit."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(url)
        times = [edit_to_reload(page, source, text, edit, n) for n in range(RUNS)]
        browser.close()
    return times


def warm_rebuild(project: Path, source: Path, text: str) -> None:
    """Print the in-process warm rebuild per kind of edit, in wall and CPU time.

    CPU time is what the rebuild costs this process, however busy the machine is.
    """
    from magwidget.serve import Builder

    builder = Builder([project / "content"], project / "warm" / "site")
    builder.rebuild(templates_changed=False)
    for kind, edit in EDITS.items():
        wall, cpu = [], []
        for n in range(RUNS):
            source.write_text(text.replace(edit, f"{edit} {n}"))
            start, start_cpu = time.perf_counter(), time.process_time()
            builder.rebuild(templates_changed=False)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"warm rebuild after a {kind:<9} edit: median {statistics.median(wall):6.1f} ms wall,"
            f" {statistics.median(cpu):6.1f} ms CPU ({RUNS} rebuilds, in process)"
        )
    source.write_text(text)


def main() -> int:
    """Print the median edit-to-reload time of the article page and the gallery."""
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "magwidget.yaml", project / "magwidget.yaml")
        source = project / "content" / "transdermal-magnesium.yaml"
        text = source.read_text()
        warm_rebuild(project, source, text)
        proc, base = start(project)
        try:
            for page, path in (("article page", "/transdermal-magnesium/"), ("gallery", "/")):
                for kind, edit in EDITS.items():
                    times = measure(base + path, source, text, edit)
                    median = statistics.median(times)
                    verdict = "ok" if median < TARGET_MS else f"MISSES the {TARGET_MS} ms target"
                    print(
                        f"edit {kind:<9} to reload, {page:<12} median {median:6.1f} ms"
                        f" (min {min(times):.1f}, max {max(times):.1f}, {RUNS} edits): {verdict}"
                    )
                    status = MISSED if median >= TARGET_MS else status
        finally:
            proc.terminate()
            rebuilds = rebuild_times(proc)
    print(
        f"server-side rebuild median {statistics.median(rebuilds):6.1f} ms"
        f" (min {min(rebuilds):.1f}, {len(rebuilds)} rebuilds);"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
