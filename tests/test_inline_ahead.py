"""premailer imported ahead in a forked helper: the same bytes and errors, whoever inlines."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# Runs the real CLI in a fresh interpreter; with "thread" first, a second thread is running (a
# fork would copy its locks), so the build must inline in its own process instead.
BUILD = (
    "import sys, threading\n"
    "if sys.argv[1] == 'thread':\n"
    "    threading.Thread(target=threading.Event().wait, daemon=True).start()\n"
    "from magwidget.cli import cli\n"
    "try:\n    cli(sys.argv[2:])\nexcept SystemExit as exit:\n    code = exit.code\n"
    "print('premailer here:', 'premailer' in sys.modules)\n"
    "sys.exit(code)"
)


def build(tmp_path, mode: str, *flags: str) -> subprocess.CompletedProcess:
    """Build the seed into tmp_path/<mode> with an empty cache; return the finished process."""
    args = ["build", str(ROOT / "content"), "--config", str(ROOT / "magwidget.yaml")]
    args += ["--out", str(tmp_path / mode), *flags]
    env = {"PATH": "/usr/bin:/bin", "MAGWIDGET_CACHE": str(tmp_path / f"cache-{mode}")}
    return subprocess.run(
        [sys.executable, "-c", BUILD, mode, *args], capture_output=True, text=True, env=env
    )


def files(folder) -> dict:
    """Return every file under ``folder`` by relative path, as bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_cold_build_inlines_in_the_helper_and_writes_the_same_bytes(tmp_path):
    helped, alone = build(tmp_path, "helper"), build(tmp_path, "thread")
    assert helped.returncode == alone.returncode == 0, helped.stderr + alone.stderr
    assert helped.stdout.splitlines()[-1] == "premailer here: False"  # only the helper had it
    assert alone.stdout.splitlines()[-1] == "premailer here: True"
    assert files(tmp_path / "helper") == files(tmp_path / "thread")
    assert len(files(tmp_path / "helper")) > 40


def test_an_inliner_error_in_the_helper_is_the_same_one_clear_error(tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "issue.html").write_text("")  # premailer cannot parse an empty document
    helped = build(tmp_path, "helper", "--templates", str(overrides))
    alone = build(tmp_path, "thread", "--templates", str(overrides))
    assert helped.returncode == alone.returncode == 1
    assert "Traceback" not in helped.stderr + alone.stderr
    assert helped.stderr.startswith("Error: ")
    assert helped.stderr.count("\n") == 1
    assert "01-introduction.html (from issue.html): cannot inline its CSS" in helped.stderr
    assert helped.stderr == alone.stderr
    assert not (tmp_path / "helper").exists()


def test_the_helper_leaves_no_process_behind(tmp_path):
    code = (
        "import os, sys\nfrom magwidget.newsletter import inline\n"
        "with inline.ahead('premailer'):\n"
        "    pid = inline._HELPER.pid\n"
        "    out = inline.inline('<p>x</p>')\n"
        "assert out.endswith('<body><p>x</p></body>\\n</html>\\n'), out\n"
        "assert 'premailer' not in sys.modules and inline._HELPER is None\n"
        "try:\n    os.kill(pid, 0)\nexcept ProcessLookupError:\n    print('reaped')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "reaped\n", done.stderr
