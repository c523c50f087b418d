"""The built wheel carries every template and the bundled article, and works anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=300)
    return next(out.glob("magwidget-*.whl"))


def test_wheel_contains_every_template_and_the_bundled_article(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, packaged in (
        ("templates", "magwidget/templates"),
        ("content", "magwidget/content"),
    ):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                rel = path.relative_to(ROOT / folder).as_posix()
                assert f"{packaged}/{rel}" in names, f"{folder}/{rel} is not in the wheel"
    assert "magwidget/magwidget.yaml" in names, "the bundled article's settings are missing"
    for name in ("content/example.yaml", "magwidget.yaml", "README.md"):
        assert f"magwidget/skeleton/{name}" in names, f"`magwidget init` would lack {name}"


def test_wheel_contains_every_message_catalog(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogs = sorted((ROOT / "magwidget" / "locale").rglob("magwidget.[mp]o"))
    assert len(catalogs) >= 14, catalogs
    for path in catalogs:
        rel = path.relative_to(ROOT).as_posix()
        assert rel in names, f"{rel} is not in the wheel"


def test_installed_wheel_builds_the_bundled_article_anywhere(wheel, tmp_path):
    """A fresh venv, as the README recommends: the wheel must bring every dependency it needs."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--prefer-binary", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=600)
    work = tmp_path / "empty"
    work.mkdir()
    proc = subprocess.run(
        [str(python), "-m", "magwidget", "build"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (work / "dist" / "transdermal-magnesium" / "index.html").is_file()
    assert len(list((work / "dist" / "transdermal-magnesium" / "newsletter").glob("*.eml"))) == 11
    location = subprocess.run(
        [str(python), "-c", "import magwidget.templates as t; print(t.BUILTIN)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "site-packages/magwidget/templates" in location
