"""`magwidget init`, and every command finding its project from any subfolder, as git does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from magwidget.project import NOTICE, find_root
from magwidget.validate import load_articles

KEY = re.compile(r"( *)([a-z_]+):")


def magwidget(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess from ``cwd``; a traceback there is always a failure."""
    command = [sys.executable, "-m", "magwidget", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def site(tmp_path) -> Path:
    """A project made by `magwidget init mysite`."""
    assert magwidget(tmp_path, "init", "mysite").returncode == 0
    return tmp_path / "mysite"


def test_init_scaffolds_a_project_that_builds_at_once(site):
    names = sorted(str(p.relative_to(site)) for p in site.rglob("*"))
    assert names == ["README.md", "content", "content/example.yaml", "magwidget.yaml", "templates"]
    (article,), _ = load_articles([site / "content" / "example.yaml"])
    assert article.slug == "example"
    built = magwidget(site, "build")
    assert built.returncode == 0, built.stderr
    assert (site / "dist" / "example" / "index.html").is_file()
    assert NOTICE not in built.stderr


@pytest.mark.parametrize(("name", "depth"), [("content/example.yaml", 0), ("magwidget.yaml", 1)])
def test_init_explains_each_field_in_a_comment(site, name, depth):
    lines = (site / name).read_text(encoding="utf-8").splitlines()
    keys = [(i, m) for i, line in enumerate(lines) if (m := KEY.match(line))]
    checked = [m.group(2) for i, m in keys if len(m.group(1)) <= 2 * depth]
    assert len(checked) >= 10
    for i, match in keys:
        if len(match.group(1)) <= 2 * depth:
            assert lines[i - 1].strip().startswith("#"), f"{name}: {match.group(2)} has no comment"
    assert yaml.safe_load((site / name).read_text(encoding="utf-8"))


def test_init_refuses_to_overwrite_existing_files(site, tmp_path):
    (site / "magwidget.yaml").write_text("# mine\n", encoding="utf-8")
    again = magwidget(tmp_path, "init", "mysite")
    assert again.returncode == 1
    assert again.stderr == (
        "Error: not overwriting existing files: mysite/content/example.yaml,"
        " mysite/magwidget.yaml, mysite/README.md\n"
    )
    assert (site / "magwidget.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_build_from_a_subfolder_builds_the_project_into_its_dist(site):
    built = magwidget(site / "content", "build")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("../dist/ built from the content")
    assert (site / "dist" / "example" / "index.html").is_file()
    assert not (site / "content" / "dist").exists()
    assert NOTICE not in built.stderr


def test_validate_from_a_subfolder_checks_the_project_article(site):
    checked = magwidget(site / "templates", "validate")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "OK: 1 article(s) valid: ../content/example.yaml\n"
    assert "../magwidget.yaml:" in checked.stderr  # the project's settings, not the bundled ones


def test_messages_name_paths_relative_to_where_the_user_stands(site):
    (site / "content" / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (site / "templates" / "deep").mkdir()
    failed = magwidget(site / "templates" / "deep", "validate")
    assert failed.returncode == 1
    assert "  ../../content/broken.yaml:2:1: error: invalid YAML" in failed.stderr


def test_a_project_is_found_by_its_settings_file_alone(tmp_path):
    (tmp_path / "magwidget.yaml").write_text("newsletter:\n  esp: generic\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    assert find_root(tmp_path / "notes") == tmp_path
    failed = magwidget(tmp_path / "notes", "validate")
    assert failed.returncode == 1
    assert "../content: error: no content/ folder" in failed.stderr


def test_outside_a_project_the_bundled_sample_is_used_and_said_once(tmp_path):
    assert find_root(tmp_path) is None
    for command in ("validate", "build"):
        done = magwidget(tmp_path, command)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count(NOTICE) == 1
        assert done.stderr.startswith(NOTICE + "\n")


def test_the_project_templates_folder_overrides_built_ins_from_any_subfolder(site):
    (site / "templates" / "page.css").write_text("/* project-override */\n", encoding="utf-8")
    built = magwidget(site / "content", "build")
    assert built.returncode == 0, built.stderr
    page = (site / "dist" / "example" / "index.html").read_text(encoding="utf-8")
    assert "/* project-override */" in page
