"""Benchmark the field checks on hostile inputs at their size limits (issue 7 item 7).

Run from anywhere: ``python bench/fields.py``. Prints the worst time of each check on inputs
built to make a backtracking regex go quadratic, and a whole `magwidget validate` of a ~4.8 MB
settings file holding the old 17 s address. Exits 1 if any check takes a second or more.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import MISSED  # bench/run.py: the exit status for a missed target

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from magwidget import fields  # noqa: E402

MB5 = 5_000_000
INPUTS = {
    "address: 'a@' + dots + '@' (5 MB)": lambda: fields.address_problem("a@" + "." * MB5 + "@"),
    "address: 'a@' + 40,000 dots (old 17 s)": lambda: fields.address_problem(
        "a@" + "." * 40_000 + "@"
    ),
    "text: '=?' * 50,000 (100 KB)": lambda: fields.text_problem("=?" * 50_000),
    "text: '%a' * 50,000 (100 KB)": lambda: fields.text_problem("%a" * 50_000, True),
    "merge tags: '%a.' * 1.6 M (5 MB)": lambda: fields.merge_tag_problem("%a." * 1_666_666),
    "url: https:// + '%' * 100 KB": lambda: fields.url_problem(
        "https://a.b/" + "%" * 100_000, ("https",)
    ),
    "url: https:// + 'a' * 100 KB + '{'": lambda: fields.url_problem(
        "https://a.b/" + "a" * fields.MAX_TEXT + "{", ("https",)
    ),
    "text: 'a' * 5 MB (refused by length first)": lambda: fields.text_problem("a" * MB5),
    "language: 'en-' + 'abcde-' * 30": lambda: fields.LANGUAGE.fullmatch("en-" + "abcde-" * 30),
    "ident: 'a-' * 100 + '-'": lambda: fields.IDENT.fullmatch("a-" * 100 + "-"),
}


def timed(check) -> float:
    """Return the best of three wall times of ``check`` in seconds."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        check()
        times.append(time.perf_counter() - start)
    return min(times)


def validate_big_settings() -> float:
    """Time `magwidget validate` of the bundled article with a ~4.8 MB hostile settings file."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Path(folder) / "magwidget.yaml"
        settings.write_text(f'newsletter:\n  from_address: "a@{"." * 4_800_000}@"\n')
        start = time.perf_counter()
        content = str(ROOT / "content")
        command = [
            sys.executable,
            "-m",
            "magwidget",
            "validate",
            content,
            "--config",
            str(settings),
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=folder)
        assert "the limit is 100,000" in result.stderr, result.stderr
        return time.perf_counter() - start


def main() -> int:
    worst = 0.0
    for name, check in INPUTS.items():
        seconds = timed(check)
        worst = max(worst, seconds)
        print(f"{seconds * 1000:9.1f} ms  {name}")
    seconds = validate_big_settings()
    print(
        f"{seconds * 1000:9.1f} ms  magwidget validate, 4.8 MB settings (whole process, load incl.)"
    )
    return MISSED if worst >= 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())
