"""The loader: regular files only, a read cap, one parse, aliases and depth refused, no crash."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magwidget import load
from magwidget.errors import ContentError
from tests.conftest import ROOT, run_cli

SEED = (ROOT / "content" / "transdermal-magnesium.yaml").read_text()
SETTINGS = (ROOT / "magwidget.yaml").read_text()
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LOADERS = [load._PureLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request, monkeypatch):
    """Run the test with libyaml's loader (when installed) and with the pure-Python fallback."""
    monkeypatch.setattr(load, "Loader", request.param)
    return request.param


def problem(path: Path) -> str:
    """Return the one problem loading ``path`` reports, as printed."""
    with pytest.raises(ContentError) as caught:
        load.load_node(path)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_libyaml_composes_when_it_is_installed():
    assert load.Loader is (yaml.CSafeLoader if yaml.__with_libyaml__ else load._PureLoader)


def test_an_alias_in_an_otherwise_valid_article_is_refused(tmp_path, loader):
    path = tmp_path / "a.yaml"
    path.write_text(SEED.replace("disclaimer:", "disclaimer: &d", 1) + "extra: *d\n")
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("extra:"))
    assert f"a.yaml:{line}:8: error: YAML aliases (*d) are not allowed" in problem(path)


def test_an_alias_to_a_text_in_settings_is_refused_by_validate(tmp_path):
    settings_file = tmp_path / "magwidget.yaml"
    text = SETTINGS.replace("from_name:", "from_name: &n", 1)
    settings_file.write_text(text.replace("postal_address:", "postal_address: *n #", 1))
    proc = run_cli("validate", ROOT / "content", "--config", settings_file, cwd=tmp_path)
    assert proc.returncode == 1
    assert re.search(r"magwidget\.yaml:\d+:\d+: error: YAML aliases \(\*n\)", proc.stderr)


@pytest.mark.parametrize("depth", [51, 200, 1200])
def test_nesting_past_50_levels_is_refused_where_it_passes_50(tmp_path, loader, depth):
    path = tmp_path / "deep.yaml"
    path.write_text("title: x\nextra: " + "[" * depth + "]" * depth + "\n")
    assert "deep.yaml:2:57: error: nested more than 50 levels deep" in problem(path)


def test_fifty_levels_are_fine(tmp_path, loader):
    path = tmp_path / "deep.yaml"
    path.write_text("extra: " + "[" * 49 + "]" * 49 + "\n")
    assert isinstance(load.load_node(path), yaml.MappingNode)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b"])
@pytest.mark.parametrize("where", ["content", "settings"])
def test_a_raw_control_character_is_refused_with_its_place(tmp_path, char, where):
    text = SEED if where == "content" else SETTINGS
    at = text.index("\n", text.index("\n") + 1) + 5  # line 3, column 5
    path = tmp_path / "x.yaml"
    path.write_bytes((text[:at] + char + text[at:]).encode())
    args = [path] if where == "content" else [ROOT / "content", "--config", path]
    proc = run_cli("validate", *args, cwd=tmp_path)
    assert proc.returncode == 1
    code = f"U+{ord(char):04X}"
    assert f"x.yaml:3:5: error: control character {code} is not allowed in a YAML file" in (
        proc.stderr
    )


@pytest.mark.parametrize("option", [[], ["--config"]])
def test_dev_zero_is_refused_without_reading(tmp_path, option):
    args = [ROOT / "content", "--config", "/dev/zero"] if option else ["/dev/zero"]
    proc = run_cli("validate", *args, cwd=tmp_path, timeout=30)
    assert proc.returncode == 1
    assert "/dev/zero: error: not a regular file: give a .yaml file" in proc.stderr


def test_a_fifo_named_yaml_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "x.yaml")
    proc = run_cli("build", "x.yaml", "--config", ROOT / "magwidget.yaml", cwd=tmp_path, timeout=30)
    assert proc.returncode == 1
    assert "x.yaml: error: not a regular file" in proc.stderr


def test_reading_stops_at_the_cap_plus_one_byte():
    with open("/dev/zero", "rb", buffering=0) as endless:
        assert len(load._read_up_to(endless, load.MAX_BYTES + 1)) == load.MAX_BYTES + 1


def test_a_file_over_the_cap_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: x\n" + b"#" * load.MAX_BYTES)
    assert f"the limit is {load.MAX_BYTES:,} (5 MB)" in problem(path)


@FAST
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_a_node_or_the_projects_own_error(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "x.yaml"
    path.write_bytes(raw)
    with contextlib.suppress(ContentError):
        load.load_node(path)


TOKENS = st.sampled_from(
    ["a", ":", " ", "\n", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "'", '"', "#",
     "|", ">", "? ", "---\n", "...\n", "%YAML 1.1\n", "\t", "\\", "é", "\ufeff", "\u2028", "\x85",
     "!!python/object:os.system ", "<<: ", "\x00", "\ud800", "0x", "~"]
)  # fmt: skip


@FAST
@given(parts=st.lists(TOKENS, max_size=40))
def test_any_yaml_like_text_gives_a_node_or_the_projects_own_error(tmp_path_factory, parts):
    path = tmp_path_factory.mktemp("tokens") / "x.yaml"
    path.write_bytes("".join(parts).encode("utf-8", "surrogatepass"))
    original = load.Loader
    try:
        for loader in LOADERS:
            load.Loader = loader
            with contextlib.suppress(ContentError):
                load.load_node(path)
    finally:
        load.Loader = original
