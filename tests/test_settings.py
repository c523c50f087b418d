"""One resolved settings object: flags merged into the file once, frozen, and every setting that
reaches the bytes in the no-op fingerprint; no import cycle between magwidget's modules."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from magwidget import fingerprint
from magwidget.flags import FLAGS
from magwidget.settings import Settings, load_settings
from tests.conftest import ROOT

PACKAGE = ROOT / "magwidget"
CONTENT = [ROOT / "content"]
CDN = "https://cdn.example.org/mw/"
SETTINGS = {
    "widget": {"base_url": "../../", "utm_source": "magwidget", "utm_medium": "widget"},
    "newsletter": {
        "esp": "generic",
        "from_name": "A Journal",
        "from_address": "news@example.org",
        "postal_address": "1 Example Street\nSpringfield",
        "unsubscribe_url": "https://example.org/unsubscribe",
        "utm": {"source": "newsletter", "medium": "email", "campaign": "{slug}"},
    },
    "smtp": {"host": "127.0.0.1"},
    "theme": {"accent": "#0b6e4f"},
}
# One change per setting in the file: (group, key, new value).
FILE_CHANGES = {
    "widget.base_url": ("widget", "base_url", CDN),
    "widget.utm_source": ("widget", "utm_source", "other"),
    "widget.utm_medium": ("widget", "utm_medium", "other"),
    "widget.utm_campaign": ("widget", "utm_campaign", "other"),
    "newsletter.esp": ("newsletter", "esp", "mailchimp"),
    "newsletter.from_name": ("newsletter", "from_name", "Another Journal"),
    "newsletter.from_address": ("newsletter", "from_address", "other@example.org"),
    "newsletter.postal_address": ("newsletter", "postal_address", "2 Other Street"),
    "newsletter.unsubscribe_url": ("newsletter", "unsubscribe_url", "https://example.org/u"),
    "newsletter.paid_link": ("newsletter", "paid_link", True),
    "newsletter.disclosure": ("newsletter", "disclosure", "We are paid for this link."),
    "newsletter.subject": ("newsletter", "subject", "{title}: {section}"),
    "newsletter.utm": ("newsletter", "utm", {"source": "mail"}),
    "newsletter.send_time": ("newsletter", "send_time", "10:30"),
    "newsletter.timezone": ("newsletter", "timezone", "Europe/Berlin"),
    "newsletter.unsubscribe_mailto": ("newsletter", "unsubscribe_mailto", "u@example.org"),
    "newsletter.first_name_fallback": ("newsletter", "first_name_fallback", "reader"),
    "newsletter.inliner": ("newsletter", "inliner", "css-inline"),
    "smtp.host": ("smtp", "host", "mail.example.org"),
    "smtp.port": ("smtp", "port", 2525),
    "smtp.security": ("smtp", "security", "ssl"),
    "smtp.user": ("smtp", "user", "someone"),
    "smtp.retries": ("smtp", "retries", 1),
    "smtp.backoff_seconds": ("smtp", "backoff_seconds", 0.5),
    "strings": ("strings", "read_article", "Read it all"),
    "theme.accent": ("theme", "accent", "#1d4ed8"),
    "theme.accent_dark": ("theme", "accent_dark", "#93c5fd"),
}
# One change per flag; each must reach the settings object and the fingerprint.
FLAG_CHANGES = {
    "esp": "mailchimp",
    "start": dt.date(2026, 12, 1),
    "every": 3,
    "base_url": CDN,
    "inliner": "css-inline",
}
# Settings that do not reach the output's bytes: the fingerprint must not change with them.
NOT_BYTES = {"cache": False, "jobs": 2}
# Derived from others (profile from newsletter.esp) or only named in messages (source).
DERIVED = {"profile", "source"}


def write(folder: Path, settings: dict) -> Path:
    """Write ``settings`` as magwidget.yaml in ``folder``; return its path."""
    path = folder / "magwidget.yaml"
    path.write_text(yaml.safe_dump(settings))
    return path


def leaves(settings: Settings) -> dict[str, object]:
    """Return every setting by its dotted name: group fields, and the top-level ones."""
    found = {}
    for top in dataclasses.fields(settings):
        value = getattr(settings, top.name)
        if dataclasses.is_dataclass(value) and top.name != "profile":
            found |= {f"{top.name}.{k}": v for k, v in vars(value).items()}
        else:
            found[top.name] = value
    return found


def test_flags_are_merged_into_the_file_once_and_beat_it(tmp_path):
    path = write(tmp_path, SETTINGS)
    plain, _ = load_settings(path)
    assert (plain.newsletter.esp, plain.profile.name) == ("generic", "generic")
    assert plain.profile.unsubscribe == "https://example.org/unsubscribe"
    assert (plain.newsletter.inliner, plain.widget.base_url) == ("premailer", "../../")
    assert (plain.start, plain.every, plain.cache, plain.jobs) == (None, 7, True, None)
    flags = {**FLAG_CHANGES, "cache": False, "jobs": 2, "templates": tmp_path}
    merged, _ = load_settings(path, **flags)
    assert (merged.newsletter.esp, merged.profile.unsubscribe) == ("mailchimp", "*|UNSUB|*")
    assert (merged.newsletter.inliner, merged.widget.base_url) == ("css-inline", CDN)
    assert (merged.start, merged.every) == (dt.date(2026, 12, 1), 3)
    assert (merged.cache, merged.jobs, merged.templates) == (False, 2, tmp_path)
    unchanged = {"esp", "profile", "inliner", "base_url", "start", "every", "cache", "jobs"}
    unchanged.add("templates")
    assert {k: v for k, v in leaves(merged).items() if k.split(".")[-1] not in unchanged} == {
        k: v for k, v in leaves(plain).items() if k.split(".")[-1] not in unchanged
    }


def test_a_flag_not_given_leaves_the_file_value(tmp_path):
    path = write(tmp_path, SETTINGS)
    settings, _ = load_settings(path, esp=None, base_url=None, inliner=None, every=None)
    assert settings == load_settings(path)[0]
    assert settings.every == FLAGS["every"] == 7


def test_an_unknown_flag_is_refused_by_name():
    with pytest.raises(TypeError, match="unknown flag 'colour'"):
        load_settings(None, colour="red")


def test_the_settings_object_is_frozen_all_the_way_down(tmp_path):
    settings, _ = load_settings(write(tmp_path, {**SETTINGS, "strings": {"read_article": "R"}}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.every = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.newsletter.esp = "kit"
    with pytest.raises(TypeError):
        settings.strings["read_article"] = "changed"
    with pytest.raises(TypeError):
        settings.newsletter.utm["source"] = "changed"
    assert settings.digest() == load_settings(tmp_path / "magwidget.yaml")[0].digest()
    assert settings.digest() != dataclasses.replace(settings, every=8).digest()


def test_every_setting_and_flag_has_a_fingerprint_test():
    """A new setting must be added to FILE_CHANGES, FLAG_CHANGES, NOT_BYTES or DERIVED."""
    flags_only = {"start", "every", "templates", *NOT_BYTES}  # the others merge into a group
    assert set(leaves(Settings())) == {*FILE_CHANGES, *flags_only, *DERIVED}
    assert set(FLAGS) == {*FLAG_CHANGES, *NOT_BYTES, "templates"}


@pytest.mark.parametrize("name", FILE_CHANGES)
def test_each_setting_in_the_file_changes_the_fingerprint(tmp_path, name):
    group, key, value = FILE_CHANGES[name]
    before = write(tmp_path, SETTINGS)
    old, hashed = leaves(load_settings(before)[0]), fingerprint.digest(CONTENT, before, {})
    edited = {**SETTINGS, group: {**SETTINGS.get(group, {}), key: value}}
    after = write(tmp_path, edited)
    assert leaves(load_settings(after)[0])[name] != old[name]  # the edit reached the setting
    assert fingerprint.digest(CONTENT, after, {}) != hashed


@pytest.mark.parametrize("name", FLAG_CHANGES)
def test_each_flag_that_reaches_the_bytes_changes_the_fingerprint(tmp_path, name):
    path = write(tmp_path, SETTINGS)
    flag = {name: FLAG_CHANGES[name]}
    assert leaves(load_settings(path, **flag)[0]) != leaves(load_settings(path)[0])
    assert fingerprint.digest(CONTENT, path, flag) != fingerprint.digest(CONTENT, path, {})


def test_a_template_folder_counts_by_its_files(tmp_path):
    path = write(tmp_path, SETTINGS)
    (tmp_path / "templates").mkdir()
    empty = fingerprint.digest(CONTENT, path, {"templates": tmp_path / "templates"})
    assert empty == fingerprint.digest(CONTENT, path, {})
    (tmp_path / "templates" / "issue.txt").write_text("An override.\n")
    assert fingerprint.digest(CONTENT, path, {"templates": tmp_path / "templates"}) != empty


@pytest.mark.parametrize("name", NOT_BYTES)
def test_cache_and_jobs_do_not_change_the_fingerprint(tmp_path, name):
    path = write(tmp_path, SETTINGS)
    flag = {name: NOT_BYTES[name]}
    assert leaves(load_settings(path, **flag)[0]) != leaves(load_settings(path)[0])
    assert fingerprint.digest(CONTENT, path, flag) == fingerprint.digest(CONTENT, path, {})


def modules() -> list[str]:
    """Return the dotted name of every module in the magwidget package."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def imported(module: str) -> set[str]:
    """Return the magwidget modules ``module`` imports anywhere: at the top, under
    TYPE_CHECKING or inside a function (``from pkg import sub`` counts as ``pkg.sub``)."""
    known = set(modules())
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    path = path if path.exists() else path.with_suffix("") / "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            subs = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found |= subs or {node.module}
    return {name for name in found & known if name != module}


def test_no_module_imports_itself_through_another():
    """The layered flow has no cycle, not even one hidden under TYPE_CHECKING."""
    graph = {module: imported(module) for module in modules()}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for dep in sorted(graph[module]):
            assert state.get(dep) != "open", " -> ".join([*path, dep])
            if dep not in state:
                visit(dep, [*path, dep])
        state[module] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])


def test_each_module_imports_alone_in_a_fresh_interpreter():
    """Importing any module first works: a cycle would fail for one of them."""
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-c", f"import {name}"], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for name in modules()
        if not name.endswith("__main__")  # importing it runs the CLI
    }
    errors = {name: run.communicate()[1] for name, run in runs.items()}
    assert {name: error for name, error in errors.items() if runs[name].returncode} == {}
