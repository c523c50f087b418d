"""What keeps builds fast without changing a byte: lazy imports, the no-op rebuild, both cores."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from magwidget import __version__, fingerprint, parallel
from magwidget.cli import INLINERS
from magwidget.newsletter import inline
from tests.conftest import ROOT, SEED_YAML

HEAVY = ("premailer", "jinja2", "cssutils", "requests", "css_inline", "yaml", "multiprocessing")
# What only building needs: the email package (~20 ms), the writer and the no-op check.
BUILD_STAGES = ("email.policy", "magwidget.mime", "magwidget.writer", "magwidget.fingerprint")
# Runs the real CLI in a fresh interpreter, then prints which of MODULES it imported.
IMPORTS = (
    "import sys; from magwidget.cli import cli\n"
    "try:\n    cli(sys.argv[1:])\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
    "print(sorted(m for m in {modules!r} if m in sys.modules))"
)


def imports_of(*args: str, cwd=ROOT, modules=HEAVY) -> str:
    """Run ``magwidget ARGS`` in a fresh process; return which of ``modules`` it imported."""
    code = IMPORTS.format(modules=modules)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "heavy"), [(["--help"], "[]"), (["build", "--help"], "[]"), (["validate"], "['yaml']")]
)
def test_help_and_validate_import_neither_premailer_nor_jinja2(args, heavy):
    assert imports_of(*args) == heavy


def test_validate_imports_none_of_the_build_stages():
    assert imports_of("validate", modules=BUILD_STAGES) == "[]"
    assert imports_of("build", "--help", modules=BUILD_STAGES) == "[]"


def test_constants_copied_to_keep_imports_light_match_their_originals():
    from magwidget import build, load, settings

    assert INLINERS == inline.ENGINES
    assert build.DEFAULT_CONFIG == settings.DEFAULT_PATH
    assert fingerprint.SUFFIXES == load.SUFFIXES
    assert fingerprint.READ_LIMIT == load.MAX_BYTES + 1


def build_args(out) -> list[str]:
    """Return the CLI arguments that build the seed into ``out``."""
    config = ROOT / "magwidget.yaml"
    return ["build", str(ROOT / "content"), "--config", str(config), "--out", str(out)]


def test_a_rebuild_with_nothing_changed_stops_before_rendering(tmp_path):
    out = tmp_path / "dist"
    assert imports_of(*build_args(out)) != "[]"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    done = subprocess.run(
        [sys.executable, "-m", "magwidget", *build_args(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{out}/ is up to date: no input changed")
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    assert imports_of(*build_args(out)) == "[]"  # not even YAML or a process pool


def test_premailer_inlines_without_importing_requests():
    code = (
        "import sys; from magwidget.newsletter import inline\n"
        "assert inline.inline('<style>p { color: red }</style><p>x</p>').count('color:red')\n"
        "print('premailer' in sys.modules, 'requests' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "True False\n", done.stderr


def test_requests_still_works_for_whoever_uses_it_after_premailer():
    code = (
        "import sys, types; from magwidget.newsletter import inline; inline._premailer()\n"
        "assert 'requests' not in sys.modules\n"
        "import premailer.premailer as p, requests\n"
        "assert type(requests) is types.ModuleType and p.requests.get is requests.get\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "ok\n", done.stderr


def edit_content(project, monkeypatch):
    with (project / "content" / SEED_YAML.name).open("a") as f:
        f.write("# an edit\n")


def edit_settings(project, monkeypatch):
    with (project / "magwidget.yaml").open("a") as f:
        f.write("# an edit\n")


def edit_user_template(project, monkeypatch):
    with (project / "overrides" / "issue.txt").open("a") as f:
        f.write("An edited footer line.\n")


def edit_builtin_template(project, monkeypatch):
    copy = project / "builtin"
    shutil.copytree(fingerprint.BUILTIN, copy)
    monkeypatch.setattr(fingerprint, "BUILTIN", copy)
    with (copy / "page.css").open("a") as f:
        f.write("/* an edit */\n")


def edit_version(project, monkeypatch):
    monkeypatch.setattr(fingerprint, "__version__", __version__ + ".post1")


def set_source_date_epoch(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def edit_output(project, monkeypatch):
    with (project / "dist" / "transdermal-magnesium" / "index.html").open("a") as f:
        f.write("<!-- edited by hand -->\n")


def add_output(project, monkeypatch):
    (project / "dist" / "stray.txt").write_text("not built\n")


CHANGES = [
    edit_content,
    edit_settings,
    edit_user_template,
    edit_builtin_template,
    edit_version,
    set_source_date_epoch,
]
FLAGS = {
    "an option": ["--base-url", "https://cdn.example.org/mw/"],
    "the inliner": ["--inliner", "css-inline"],
    "the schedule": ["--start", "2026-12-01"],
    "--no-cache": ["--no-cache"],
}


@pytest.fixture
def built(project, run):
    """The project built once with a user template folder; a second build would do nothing."""
    (project / "overrides").mkdir()
    shutil.copy(fingerprint.BUILTIN / "issue.txt", project / "overrides")
    assert run("build", "--templates", "overrides").exit_code == 0
    again = run("build", "--templates", "overrides")
    assert "is up to date" in again.output
    return project


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_any_changed_input_or_output_means_a_real_build(built, run, monkeypatch, change):
    change(built, monkeypatch)
    result = run("build", "--templates", "overrides")
    assert result.exit_code == 0, result.output
    assert "dist/ built from the content" in result.output


@pytest.mark.parametrize("change", [edit_output, add_output], ids=["edit_output", "add_output"])
def test_a_changed_output_is_never_taken_as_up_to_date(built, run, monkeypatch, change):
    """A hand-edited or added file is not silently kept as a no-op, nor silently replaced:
    the build refuses the folder, naming what changed (issue 7: never replace foreign work)."""
    change(built, monkeypatch)
    result = run("build", "--templates", "overrides")
    assert result.exit_code == 1, result.output
    assert "is up to date" not in result.output
    assert "refusing to replace dist/" in result.output


@pytest.mark.parametrize("flags", FLAGS.values(), ids=list(FLAGS))
def test_a_changed_flag_means_a_real_build(built, run, flags):
    result = run("build", "--templates", "overrides", *flags)
    assert result.exit_code == 0, result.output
    assert "dist/ built from the content" in result.output


def many_articles(folder, count: int) -> None:
    """Write ``count`` copies of the seed article, each with its own slug and title."""
    folder.mkdir()
    text = SEED_YAML.read_text()
    for i in range(count):
        copy = text.replace("slug: transdermal-magnesium", f"slug: article-{i:03d}")
        copy = copy.replace("\ntitle: ", f"\ntitle: ({i}) ", 1)
        (folder / f"article-{i:03d}.yaml").write_text(copy)


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(tmp_path):
    many_articles(tmp_path / "content", 3)
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"dist-{jobs}"
        args = [*build_args(out), "--no-cache", "--jobs", jobs]
        args[1] = str(tmp_path / "content")
        done = subprocess.run([sys.executable, "-m", "magwidget", *args], capture_output=True)
        assert done.returncode == 0, done.stderr
        outs[jobs] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    slugs = {f"article-{i:03d}" for i in range(3)}
    site = {"manifest.json", "index.html", "gallery.css", "gallery.js"}
    assert {rel.parts[0] for rel in outs["1"]} == {*slugs, *site}
    assert outs["1"] == outs["2"]


def test_work_is_spread_over_processes_and_comes_back_in_order():
    import os

    pids = parallel.map_ordered(lambda i: (i, os.getpid()), list(range(8)), jobs=2)
    assert [i for i, _ in pids] == list(range(8))
    assert os.getpid() not in {pid for _, pid in pids}
    assert parallel.map_ordered(lambda i: os.getpid(), [1], jobs=None) == [os.getpid()]


def with_inliner_setting(project, value: str) -> None:
    """Add ``newsletter.inliner: VALUE`` to the project's settings file."""
    settings = project / "magwidget.yaml"
    settings.write_text(
        settings.read_text().replace("newsletter:\n", f"newsletter:\n  inliner: {value}\n", 1)
    )


def test_the_inliner_setting_picks_the_engine_and_the_flag_beats_it(run, project):
    issue = project / "dist" / "transdermal-magnesium" / "newsletter" / "01-introduction.html"
    with_inliner_setting(project, "css-inline")
    assert run("build").exit_code == 0
    assert '<body class="mw-body" style="margin: 0;padding: 0;' in issue.read_text()  # css-inline
    assert run("build", "--inliner", "premailer").exit_code == 0
    assert '<body class="mw-body" style="margin:0; padding:0;' in issue.read_text()  # premailer


def test_an_unknown_inliner_setting_is_an_error_with_its_line(run, project):
    with_inliner_setting(project, "fast")
    result = run("build")
    assert result.exit_code == 1
    assert "magwidget.yaml:4:12: error: newsletter.inliner: expected premailer or css-inline" in (
        result.output
    )


def test_css_inline_not_installed_is_one_clear_error(tmp_path):
    code = (
        "import sys; sys.modules['css_inline'] = None\n"  # as if `magwidget[fast]` were missing
        "from magwidget.cli import cli; cli(sys.argv[1:])"
    )
    args = [*build_args(tmp_path / "dist"), "--inliner", "css-inline", "--no-cache"]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "Error: the css-inline inliner is not installed: pip install 'magwidget[fast]'"
    )
    assert not (tmp_path / "dist").exists()
