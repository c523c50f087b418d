"""--out safety: only an exact magwidget build is replaced; inputs and the working folder never."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magwidget import writer
from magwidget.errors import MagwidgetError
from tests.conftest import ROOT, run_cli
from tests.test_build import snapshot

NAMES = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=12).filter(
    lambda n: n not in {".", ".."}
)
RELS = st.lists(NAMES, min_size=1, max_size=3).map("/".join)
BUILDS = st.dictionaries(
    RELS.filter(lambda r: r != writer.MANIFEST), st.binary(max_size=64)
).filter(lambda files: not any(a.startswith(b + "/") for a in files for b in files))


def test_web_app_public_folder_is_kept_whole(project):
    """The issue's repro: a public/ with a web-app manifest.json and a robots.txt."""
    public = project / "public"
    public.mkdir()
    (public / "manifest.json").write_text('{"short_name":"x"}\n')
    (public / "robots.txt").write_text("keep\n")
    proc = run_cli("build", "--out", "public", cwd=project)
    assert proc.returncode == 1
    assert "refusing to replace public/: its manifest.json is not magwidget's" in proc.stderr
    assert "choose another --out" in proc.stderr
    assert snapshot(public) == {"manifest.json": b'{"short_name":"x"}\n', "robots.txt": b"keep\n"}


def test_a_magwidget_build_is_replaced_and_an_empty_folder_filled(project):
    (project / "empty").mkdir()
    for _ in range(2):
        assert run_cli("build", "--out", "empty", cwd=project).returncode == 0
    manifest = json.loads((project / "empty" / "manifest.json").read_text())
    assert (manifest["format"], manifest["format_version"]) == ("magwidget-dist", 1)


def built(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """Return a fresh folder that the writer built from ``files``."""
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    writer.write(writer.with_manifest(files), out)
    return out


def refused(out: Path, reason: str) -> None:
    """Check that a new build into ``out`` is refused for ``reason`` and changes nothing."""
    before = snapshot(out)
    with pytest.raises(MagwidgetError, match=reason):
        writer.write(writer.with_manifest({"new.txt": b"new"}), out)
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".out-")] == []


SLOW = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SLOW
@given(files=BUILDS, extra=RELS, data=st.binary(max_size=64))
def test_a_build_with_an_extra_file_is_refused(tmp_path, files, extra, data):
    out = built(tmp_path, files)
    target = out / extra
    if target.exists() or any(p.is_file() for p in target.parents):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    refused(out, "does not list")


@SLOW
@given(files=BUILDS.filter(bool), data=st.data())
def test_a_build_with_a_changed_or_missing_file_is_refused(tmp_path, files, data):
    out = built(tmp_path, files)
    rel = data.draw(st.sampled_from(sorted(files)))
    if data.draw(st.booleans()):
        (out / rel).unlink()
        refused(out, "lists are missing|an empty folder")
    else:
        old = (out / rel).read_bytes()
        new = data.draw(
            st.binary(min_size=len(old), max_size=len(old) + 1).filter(lambda b: b != old)
        )
        (out / rel).write_bytes(new)
        refused(out, "changed after the build")


FOREIGN_MANIFESTS = st.one_of(
    st.dictionaries(st.text(max_size=8), st.text(max_size=8)),  # web-app style
    st.builds(lambda f: {"format": f, "format_version": 1, "files": {}}, st.text(max_size=20)),
    st.builds(
        lambda v: {"format": "magwidget-dist", "format_version": v, "files": {}},
        st.one_of(st.integers().filter(lambda v: v != 1), st.text(), st.none(), st.just(True)),
    ),
    st.lists(st.integers(), max_size=3),
)


@SLOW
@given(manifest=FOREIGN_MANIFESTS)
def test_a_folder_whose_manifest_is_not_magwidgets_is_refused(tmp_path, manifest):
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps(manifest))
    (out / "robots.txt").write_text("keep")
    refused(out, "manifest.json (is not magwidget's|has format_version)")


def test_a_folder_without_manifest_symlinks_and_empty_folders_are_refused(tmp_path):
    out = built(tmp_path, {"a.txt": b"a"})
    (out / "manifest.json").unlink()
    refused(out, "has no manifest.json")
    out = built(tmp_path, {"a.txt": b"a"})
    (out / "link").symlink_to(tmp_path)
    refused(out, "link, which is not a regular file")
    out = built(tmp_path, {"a.txt": b"a"})
    (out / "sub").mkdir()
    refused(out, r"an empty folder \(sub/\)")
    out = built(tmp_path, {"a.txt": b"a"})
    (out / "manifest.json").write_text("{not json")
    refused(out, "not readable JSON")


def test_a_symlink_as_out_is_refused(tmp_path):
    target = built(tmp_path, {"a.txt": b"a"})
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(MagwidgetError, match="it is a symbolic link"):
        writer.write(writer.with_manifest({}), link)
    assert link.is_symlink()


@pytest.mark.parametrize(
    ("out", "cwd", "reason"),
    [
        (".", ".", "it is the working folder"),
        ("..", "sub", "it contains the working folder"),
        ("in/content", ".", "it is the input in/content"),
        ("in", ".", "it contains the input in/content"),
        ("../in", "sub", "it contains the input ../in/content"),
        ("tpl", ".", "it is the input tpl"),
        ("settings", ".", "it contains the input settings/magwidget.yaml"),
    ],
)
def test_a_folder_that_is_or_holds_an_input_is_never_replaced(tmp_path, out, cwd, reason):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "in" / "content")
    (project / "settings").mkdir()
    shutil.copy(ROOT / "magwidget.yaml", project / "settings" / "magwidget.yaml")
    (project / "sub").mkdir()
    # Even a folder that is exactly a magwidget build is kept when it is an input.
    writer.write(writer.with_manifest({"page.css": b"p {}"}), project / "tpl")
    before = snapshot(tmp_path)
    up = "../" if cwd == "sub" else ""
    inputs = [
        f"{up}in/content",
        "--config",
        f"{up}settings/magwidget.yaml",
        "--templates",
        f"{up}tpl",
    ]
    proc = run_cli("build", *inputs, "--out", out, cwd=project / cwd)
    assert proc.returncode == 1, proc.stderr
    assert f"refusing to replace {out}/: {reason}" in proc.stderr
    assert "choose an --out folder that holds no input" in proc.stderr
    assert snapshot(tmp_path) == before
