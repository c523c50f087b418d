"""The cache of inlined issues: keyed on every input of the bytes, self-checking, optional."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from magwidget import cache
from magwidget.newsletter import inline
from tests.conftest import ROOT, build_seed

PAGE = (
    "<html><head><style>p { color: #123456; } @media (max-width: 600px) { p { color: red } }"
    '</style></head><body><p>Hi <a href="{{ unsub }}">stop</a></p></body></html>'
)
STALE = "<p>stale bytes a wrong key would serve</p>\n"


def poison(entry) -> None:
    """Overwrite a cache entry with bytes that pass its checksum but are not the real output."""
    body = STALE.encode()
    entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


CHANGES = {
    "html": lambda m: ("<html><body><p>Changed</p></body></html>", (), "premailer"),
    "css": lambda m: (PAGE.replace("#123456", "#654321"), (), "premailer"),
    "protect": lambda m: (PAGE, ("{{ unsub }}",), "premailer"),
    "engine": lambda m: (PAGE, (), "css-inline"),
    "magwidget version": lambda m: (
        m.setattr(cache, "__version__", "99.0") or (PAGE, (), "premailer")
    ),
    "inliner version": lambda m: (
        m.setattr(cache, "engine_versions", lambda e: {"premailer": "0"}) or (PAGE, (), "premailer")
    ),
    "engine code": lambda m: (
        m.setattr(cache, "code_digest", lambda: "edited") or (PAGE, (), "premailer")
    ),
}


@pytest.fixture
def store(tmp_path, monkeypatch):
    """An empty cache folder, moved there with MAGWIDGET_CACHE."""
    monkeypatch.setenv("MAGWIDGET_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("change", CHANGES.values(), ids=list(CHANGES))
def test_changing_any_input_of_the_bytes_misses_the_cache(store, monkeypatch, change):
    fresh = cache.inlined(PAGE, (), "t.html", "premailer")
    assert fresh == inline.inline(PAGE)
    [entry] = (store / "inline").glob("*.html")
    poison(entry)
    assert cache.inlined(PAGE, (), "t.html", "premailer") == STALE  # the entry is what is served
    html, protect, engine = change(monkeypatch)
    out = cache.inlined(html, protect, "t.html", engine)
    assert out != STALE
    assert out == inline.inline(html, protect, engine=engine)


def test_a_corrupt_entry_is_ignored_and_rewritten(store):
    fresh = cache.inlined(PAGE, (), "t.html", "premailer")
    [entry] = (store / "inline").glob("*.html")
    entry.write_bytes(entry.read_bytes()[:-20] + b"garbage")
    assert cache.inlined(PAGE, (), "t.html", "premailer") == fresh
    digest, _, body = entry.read_bytes().partition(b"\n")
    assert body.decode() == fresh
    assert digest.decode() == hashlib.sha256(body).hexdigest()


def test_no_cache_neither_reads_nor_writes_it(store):
    cache.inlined(PAGE, (), "t.html", "premailer")
    [entry] = (store / "inline").glob("*.html")
    poison(entry)
    assert cache.inlined(PAGE, (), "t.html", "premailer", use=False) == inline.inline(PAGE)
    assert len(list((store / "inline").glob("*.html"))) == 1


def test_output_is_byte_identical_with_and_without_the_cache(store, tmp_path):
    cold = build_seed(tmp_path / "cold")
    warm = build_seed(tmp_path / "warm")
    uncached = build_seed(tmp_path / "uncached", "--no-cache")
    assert len(list((store / "inline").glob("*.html"))) == 11
    files = sorted(p.relative_to(cold) for p in cold.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(warm) for p in warm.rglob("*") if p.is_file())
    for rel in files:
        assert (
            (cold / rel).read_bytes() == (warm / rel).read_bytes() == (uncached / rel).read_bytes()
        )


def test_an_unchanged_issue_neither_imports_nor_runs_premailer(store, tmp_path):
    build_seed(tmp_path / "first")
    code = (
        "import sys; from magwidget.cli import cli;"
        "cli(sys.argv[1:], standalone_mode=False);"
        "print('premailer' in sys.modules, 'cssutils' in sys.modules)"
    )
    args = ["build", str(ROOT / "content"), "--config", str(ROOT / "magwidget.yaml")]
    args += ["--out", str(tmp_path / "second")]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "False False"
    assert "Traceback" not in done.stderr


def render_seed(templates):
    """Return the seed's files rendered in memory with ``templates`` as the override folder."""
    from magwidget import build

    config = ROOT / "magwidget.yaml"
    return build.render_all([ROOT / "content"], config, templates=templates, jobs=1)[0]


def test_compiled_templates_are_reused_and_an_edited_template_is_seen(store, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    for name in ("issue.html", "issue.txt"):
        (overrides / name).write_text((ROOT / "templates" / name).read_text())
    first = render_seed(overrides)
    [folder] = store.glob("jinja-*")
    assert len(list(folder.iterdir())) >= 10  # page, widget and issue templates, compiled
    with (overrides / "issue.txt").open("a") as f:
        f.write("An edited footer line.\n")
    second = render_seed(overrides)
    text = "transdermal-magnesium/newsletter/01-introduction.txt"
    assert second[text] == first[text] + b"An edited footer line.\n"
    assert second["transdermal-magnesium/index.html"] == first["transdermal-magnesium/index.html"]


def test_no_cache_compiles_templates_afresh(store):
    from magwidget import build

    build.render_all([ROOT / "content"], ROOT / "magwidget.yaml", cache=False)
    assert not store.exists()


def test_editing_one_section_inlines_only_its_issue_anew(store, tmp_path):
    from magwidget import build

    content = tmp_path / "content"
    content.mkdir()
    seed = (ROOT / "content" / "transdermal-magnesium.yaml").read_text()
    (content / "a.yaml").write_text(seed)
    config = ROOT / "magwidget.yaml"
    first = build.render_all([content], config, jobs=1)[0]
    entries = set((store / "inline").iterdir())
    assert len(entries) == 11
    edited = seed.replace("calcium antagonist in many", "calcium antagonist in several", 1)
    assert edited != seed
    (content / "a.yaml").write_text(edited)
    second = build.render_all([content], config, jobs=1)[0]
    assert len(set((store / "inline").iterdir()) - entries) == 1
    issue = "transdermal-magnesium/newsletter/03-vascular-relaxation.html"
    changed = {rel for rel in first if rel.endswith(".html") and first[rel] != second[rel]}
    assert issue in changed
    assert b"in several tissues" in second[issue]
