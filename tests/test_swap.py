"""The output swap: SIGKILL a real build at each step; the output is wholly old or wholly new."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from magwidget import writer
from tests.conftest import ROOT, run_cli
from tests.test_build import snapshot

# point -> what the output folder holds right after a SIGKILL there
POINTS = {
    "staging": "old",  # staging folder made and marked, nothing written
    "writing": "old",  # half the files written
    "staged": "old",  # every file written, not yet swapped
    "swapped": "new",  # exchanged; the old output still inside the staging folder
    "removing": "new",  # old output removed, the staging mark not yet
}


def pause_flag(project: Path, point: str) -> Path:
    """Return the file a build paused at ``point`` waits on; delete it to let the build go on.

    It is this test's own: a killed build never deletes its flag, and a flag shared by name
    with an earlier test would make ``start_paused`` return before the build got anywhere.
    """
    return project.parent / f"{project.name}-paused-{point}"


@pytest.fixture
def start_paused():
    """Start real builds that stop at a point; stop and reap whichever still runs at teardown.

    A test that fails while its build waits must not leave the process running: its Popen and
    stderr pipe would be collected during some later test, whose ResourceWarning (an error
    here) would fail that unrelated test.
    """
    builds: list[subprocess.Popen] = []

    def start(project: Path, point: str, env: dict | None = None) -> subprocess.Popen:
        """Start a real build that stops at ``point``; return once it is waiting there."""
        flag = pause_flag(project, point)
        assert not flag.exists(), f"{flag} exists before the build started"
        env = {
            **os.environ,
            "MAGWIDGET_TEST_PAUSE": point,
            "MAGWIDGET_TEST_PAUSE_FILE": str(flag),
            **(env or {}),
        }
        cmd = [sys.executable, "-m", "magwidget", "build"]
        proc = subprocess.Popen(
            cmd, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        builds.append(proc)
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None, f"the build ended before reaching {point}"
            assert time.monotonic() < deadline, f"the build never reached {point}"
            time.sleep(0.02)
        return proc

    yield start
    for proc in builds:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stderr.close()


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def debris(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".dist-"))


NEW_TITLE = ("Why Transdermal", "Why, Then, Transdermal")


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Build the seed ("old") and the seed with a new title ("new") once for the module."""
    root = tmp_path_factory.mktemp("builds")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "magwidget.yaml", root / "magwidget.yaml")
    assert run_cli("build", "--out", "old", cwd=root).returncode == 0
    article = root / "content" / "transdermal-magnesium.yaml"
    article.write_text(article.read_text().replace(*NEW_TITLE))
    assert run_cli("build", "--out", "new", cwd=root).returncode == 0
    return {"old": root / "old", "new": root / "new"}


@pytest.fixture
def old_and_new(project, builds):
    """Put the old build in dist/ and change the content; return {"old"/"new": files}."""
    shutil.copytree(builds["old"], project / "dist")
    article = project / "content" / "transdermal-magnesium.yaml"
    article.write_text(article.read_text().replace(*NEW_TITLE))
    files = {name: snapshot(folder) for name, folder in builds.items()}
    assert files["old"] != files["new"]
    return files


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_any_point_leaves_old_or_new_and_the_next_cleans_up(
    project, old_and_new, start_paused, point
):
    kill(start_paused(project, point))
    assert snapshot(project / "dist") == old_and_new[POINTS[point]]
    proc = run_cli("build", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(project / "dist") == old_and_new["new"]
    assert debris(project) == []


def test_killed_between_the_fallbacks_two_renames_the_old_output_is_put_back(
    project, old_and_new, start_paused
):
    """Without renameat2 the output is briefly absent; the old one waits, marked, beside it."""
    kill(start_paused(project, "between-renames", {"MAGWIDGET_TEST_SWAP": "fallback"}))
    assert not (project / "dist").exists()
    assert len(debris(project)) == 1
    writer.clean_stale(project / "dist")
    assert snapshot(project / "dist") == old_and_new["old"]
    assert debris(project) == []
    proc = run_cli("build", cwd=project, env={"MAGWIDGET_TEST_SWAP": "fallback"})
    assert proc.returncode == 0, proc.stderr
    assert snapshot(project / "dist") == old_and_new["new"]
    assert debris(project) == []


def test_a_running_builds_staging_folder_is_left_alone(project, old_and_new, start_paused):
    paused = start_paused(project, "staged")
    assert run_cli("build", cwd=project).returncode == 0
    assert len(debris(project)) == 1, "the other build removed a live build's staging folder"
    pause_flag(project, "staged").unlink()
    paused.communicate(timeout=60)
    assert paused.returncode == 0
    assert snapshot(project / "dist") == old_and_new["new"]
    assert debris(project) == []


def test_only_staging_folders_with_magwidgets_mark_are_removed(project):
    keep = {
        ".dist-new-mine": ("notes.txt", b"mine"),
        ".dist-new-fake": (writer.STAGING_MARK, b"something else"),
        ".dist-old-legacy": (writer.STAGING_MARK, writer.MARK_TEXT),
    }
    for name, (file, data) in keep.items():
        (project / name).mkdir()
        (project / name / file).write_bytes(data)
    (project / ".dist-new-dead").mkdir()
    (project / ".dist-new-dead" / writer.STAGING_MARK).write_bytes(writer.MARK_TEXT)
    (project / ".dist-new-dead" / "new").mkdir()
    writer.clean_stale(project / "dist")
    assert debris(project) == sorted(keep)


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_linux_exchanges_the_two_folders_in_one_call(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "f").write_text("b")
    assert writer._exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "f").read_text() == "b"
    assert (tmp_path / "b" / "f").read_text() == "a"


def test_an_output_changed_during_the_build_is_put_back_not_replaced(
    project, old_and_new, start_paused
):
    """The folder is checked again after the exchange; if it changed meanwhile, it goes back."""
    paused = start_paused(project, "staged")
    (project / "dist" / "notes.txt").write_text("written while the build ran")
    pause_flag(project, "staged").unlink()
    _, stderr = paused.communicate(timeout=60)
    assert paused.returncode == 1
    assert b"refusing to replace dist/: it holds files its manifest.json does not list" in stderr
    assert b"(notes.txt)" in stderr
    assert snapshot(project / "dist") == {
        **old_and_new["old"],
        "notes.txt": b"written while the build ran",
    }
    assert debris(project) == []


def test_an_empty_staging_folder_is_removed_only_once_it_is_old(project):
    young, old = project / ".dist-new-young", project / ".dist-new-old"
    young.mkdir()
    old.mkdir()
    os.utime(old, (0, 0))
    writer.clean_stale(project / "dist")
    assert debris(project) == [young.name]
