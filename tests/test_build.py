"""The build as a whole: output location, determinism, atomicity, manifest, --check, overrides."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import BAD, ROOT, run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` as {relative path: bytes}."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_bare_build_turns_content_into_dist(run, project):
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "transdermal-magnesium" / "index.html").is_file()
    assert (project / "dist" / "manifest.json").is_file()
    assert "dist/ built from the content in" in result.stdout
    assert "total" in result.stdout


def test_bare_build_outside_a_project_uses_the_bundled_article(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", "--out", "site")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "transdermal-magnesium" / "index.html").is_file()


def test_builds_in_separate_processes_give_identical_bytes_whatever_hash_seed_or_locale(tmp_path):
    outputs = []
    for seed, locale in (("1", "C"), ("2", "C.UTF-8"), ("3", "POSIX")):
        out = tmp_path / f"dist-{seed}"
        env = {"PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale}
        assert run_cli("build", "--out", out, cwd=ROOT, env=env).returncode == 0
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]) > 1


def test_manifest_lists_every_file_with_size_and_sha256(built_dist):
    manifest = json.loads((built_dist / "manifest.json").read_text())["files"]
    files = snapshot(built_dist)
    del files["manifest.json"]
    assert set(manifest) == set(files)
    for rel, data in files.items():
        assert manifest[rel] == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("javascript-url.yaml", "javascript-url.yaml:6:8: error: product.url: only https:"),
        ("alias-bomb.yaml", "alias-bomb.yaml:3:8: error: YAML aliases (*a) are not allowed"),
        ("not-utf8.yaml", "not-utf8.yaml:1:11: error: not UTF-8: byte 0xe9"),
        ("empty.yaml", "empty.yaml: error: the file is empty"),
        ("control-character.yaml", "control-character.yaml:3:19: error: control character U+0007"),
    ],
)
def test_failed_build_leaves_previous_dist_byte_identical(run, project, bad, message):
    assert run("build").exit_code == 0
    before = snapshot(project / "dist")
    result = run("build", BAD / bad)
    assert result.exit_code == 1
    assert message in result.output
    assert snapshot(project / "dist") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".dist")] == []


def test_template_error_names_template_line_and_keeps_dist(run, project):
    assert run("build").exit_code == 0
    before = snapshot(project / "dist")
    overrides = project / "mytemplates"
    overrides.mkdir()
    (overrides / "page.html").write_text("<!DOCTYPE html>\n<p>\n{{ article.no_such_field }}\n")
    proc = run_cli("build", "--templates", overrides, cwd=project)
    assert proc.returncode == 1
    assert "page.html:3: template error: UndefinedError" in proc.stderr
    assert "no_such_field" in proc.stderr
    assert snapshot(project / "dist") == before


def test_template_syntax_error_is_reported_with_line(run, project):
    overrides = project / "mytemplates"
    overrides.mkdir()
    (overrides / "page.html").write_text("line one\n{% if %}\n")
    result = run("build", "--templates", overrides)
    assert result.exit_code == 1
    assert "page.html:2: template error:" in result.output


def test_user_template_overrides_one_file_and_can_extend_the_builtin(run, project):
    overrides = project / "mytemplates"
    overrides.mkdir()
    (overrides / "page.html").write_text(
        '{% extends "default:page.html" %}'
        '{% block head %}<meta name="owner" content="{{ article.slug }}">{% endblock %}'
    )
    (overrides / "page.css").write_text("body { background: #123456; }\n")
    assert run("build", "--templates", overrides).exit_code == 0
    html = (project / "dist" / "transdermal-magnesium" / "index.html").read_text()
    assert '<meta name="owner" content="transdermal-magnesium">' in html
    assert "body { background: #123456; }" in html
    assert "Why Transdermal Magnesium Can Feel Fast" in html


def test_check_passes_on_fresh_dist_and_names_every_stale_file(run, project):
    assert run("build").exit_code == 0
    assert run("build", "--check").exit_code == 0
    page = project / "dist" / "transdermal-magnesium" / "index.html"
    page.write_bytes(page.read_bytes() + b"\n")
    (project / "dist" / "stray.txt").write_text("left over")
    result = run("build", "--check")
    assert result.exit_code == 1
    assert "differs: transdermal-magnesium/index.html" in result.output
    assert "not built: stray.txt" in result.output


def test_committed_dist_is_up_to_date(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("build", "--check")
    assert result.exit_code == 0, result.output


def test_two_articles_with_the_same_slug_are_refused(run, project, tmp_path):
    copy = project / "content" / "copy.yaml"
    copy.write_text((project / "content" / "transdermal-magnesium.yaml").read_text())
    result = run("build")
    assert result.exit_code == 1
    assert "slug 'transdermal-magnesium' is already used by" in result.output


def test_build_refuses_to_replace_a_folder_it_did_not_write(run, project):
    result = run("build", "--out", "content")
    assert result.exit_code == 1
    assert "refusing to replace content/" in result.output
    assert (project / "content" / "transdermal-magnesium.yaml").is_file()


def test_unparsable_issue_template_is_an_error_naming_it(run, project):
    overrides = project / "mytemplates"
    overrides.mkdir()
    (overrides / "issue.html").write_text("")
    result = run("build", "--templates", overrides)
    assert result.exit_code == 1
    assert "01-introduction.html (from issue.html): cannot inline its CSS" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unwritable_output_is_an_error_not_a_traceback(run, project):
    (project / "afile").write_text("not a folder")
    result = run("build", "--out", project / "afile" / "dist")
    assert result.exit_code == 1
    assert "cannot write" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
