"""Field-level hardening (issue 7): encoded words, line breaks, surrogates, merge tags in links,
one From mailbox, limits, page ids and language tags. Each bad case is one fixture in
tests/fixtures/bad/; each is refused by its own message, at its line and field, with exit 1 and
no traceback (a real subprocess), and `build` refuses it the same way with dist/ untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest

from magwidget import fields, writer
from tests.conftest import BAD, ROOT

GOOD = ROOT / "tests" / "fixtures" / "good"
MINIMAL = GOOD / "minimal.yaml"
SETTINGS = ROOT / "tests" / "fixtures" / "config" / "missing-postal-address.yaml"
ENCODED = "title: '=?...?=' looks like an RFC 2047 encoded word"

# content fixture -> (line:column, field path, words the message must contain)
CONTENT = {
    "title-encoded-word": ("2:8", "title", "'=?...?=' looks like an RFC 2047 encoded word"),
    "subject-encoded-blank-line": ("12:14", "sections[0].subject", "RFC 2047 encoded word"),
    "subject-encoded-merge-tag": ("12:14", "sections[0].subject", "RFC 2047 encoded word"),
    # libyaml refuses the escape itself, before any field is read: still file:line, exit 1.
    "title-lone-surrogate": ("2:13", "invalid YAML", "invalid Unicode character escape code"),
    "title-next-line": ("2:8", "title", "found a line break (U+0085)"),
    "title-vertical-tab": ("2:8", "title", "found a line break (U+000B)"),
    "title-form-feed": ("2:8", "title", "found a line break (U+000C)"),
    "short-title-line-separator": ("3:14", "short_title", "found a line break (U+2028)"),
    "section-title-paragraph-separator": (
        "11:12",
        "sections[0].title",
        "found a line break (U+2029)",
    ),
    "paragraph-c1-control": (
        "13:20",
        "sections[0].blocks[0].paragraph",
        "control character U+009B is not allowed",
    ),
    "product-url-merge-tags": ("6:8", "product.url", "'*|' looks like an email-service merge tag"),
    "url-mailgun-variable": ("3:6", "url", "'%recipient.email%' looks like an email-service"),
    "url-invalid-ipv6": ("3:6", "url", "not a valid link (Invalid IPv6 URL)"),
    "paragraph-opens-jinja-comment": (
        "13:20",
        "sections[0].blocks[0].paragraph",
        "'{#' looks like an email-service merge tag",
    ),
    "disclaimer-closes-jinja-comment": ("8:13", "disclaimer", "'#}' looks like an email-service"),
    "slug-too-long": ("2:7", "slug", "single hyphens (at most 64), found 'abcdefghi-"),
    "section-id-too-long": ("10:9", "sections[0].id", "single hyphens (at most 64)"),
    "section-id-main": ("10:9", "sections[0].id", "'main' collides with the page's own ids"),
    "section-id-title-suffix": (
        "14:9",
        "sections[1].id",
        "'intro-title' collides with the page's own ids",
    ),
    "language-not-bcp47": ("3:11", "language", "expected a well-formed BCP 47 language tag"),
}
# settings fixture (with the minimal article) -> (line:column, field path, words)
SETTINGS_CASES = {
    "settings-from-two-mailboxes": ("4:14", "newsletter.from_name", "'<' would make the name"),
    "settings-from-address-list": (
        "5:17",
        "newsletter.from_address",
        "after the @-sign contains invalid characters: ','",
    ),
    "settings-from-address-non-ascii": (
        "5:17",
        "newsletter.from_address",
        "non-ASCII email addresses need SMTPUTF8",
    ),
    "settings-from-name-encoded-word": (
        "4:14",
        "newsletter.from_name",
        "'=?...?=' looks like an RFC 2047 encoded word",
    ),
    "settings-from-name-next-line": ("4:14", "newsletter.from_name", "line break (U+0085)"),
    "settings-unsubscribe-encoded-word": (
        "9:20",
        "newsletter.unsubscribe_url",
        "RFC 2047 encoded word",
    ),
    "settings-unsubscribe-merge-tag": ("9:20", "newsletter.unsubscribe_url", "'*|' looks like"),
    "settings-unsubscribe-too-long": (
        "9:20",
        "newsletter.unsubscribe_url",
        "the link is 932 characters; at most 900",
    ),
    "settings-base-url-invalid-ipv6": (
        "3:13",
        "widget.base_url",
        "not a valid URL (Invalid IPv6 URL)",
    ),
}


def cli(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess: an uncaught exception shows as a traceback here."""
    command = [sys.executable, "-m", "magwidget", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_refused(result, place: str, field: str, words: str) -> None:
    """Exit 1, the message at its file:line:column and field, and no traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{place}: error: {field}: " in result.stderr, result.stderr
    assert words in result.stderr, result.stderr


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_bad_content_field_is_refused_by_validate(name):
    line, field, words = CONTENT[name]
    result = cli("validate", BAD / f"{name}.yaml", "--config", SETTINGS.parent / "none.yaml")
    assert_refused(result, f"tests/fixtures/bad/{name}.yaml:{line}", field, words)


@pytest.mark.parametrize("name", sorted(SETTINGS_CASES))
def test_bad_settings_field_is_refused_by_validate(name):
    line, field, words = SETTINGS_CASES[name]
    result = cli("validate", MINIMAL, "--config", BAD / f"{name}.yaml")
    assert_refused(result, f"tests/fixtures/bad/{name}.yaml:{line}", field, words)


@pytest.mark.parametrize(
    ("content", "settings"),
    [(BAD / f"{name}.yaml", None) for name in sorted(CONTENT)]
    + [(MINIMAL, BAD / f"{name}.yaml") for name in sorted(SETTINGS_CASES)],
    ids=[*sorted(CONTENT), *sorted(SETTINGS_CASES)],
)
def test_build_refuses_what_validate_refuses_and_keeps_dist(run, tmp_path, content, settings):
    out = tmp_path / "dist"
    out.mkdir()
    writer.write(writer.with_manifest({"keep.txt": b"previous build\n"}), out)
    result = run("build", content, "--out", out, "--config", settings or tmp_path / "none.yaml")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "error: " in result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "manifest.json"]


def test_subject_pattern_joined_with_a_section_title_is_refused_by_validate_and_build(tmp_path):
    content = GOOD / "section-titled-recipient-email.yaml"
    settings = BAD / "settings-subject-pattern-joins-merge-tag.yaml"
    assert cli("validate", content, "--config", tmp_path / "none.yaml").returncode == 1  # sender
    for command in (["validate"], ["build", "--out", tmp_path / "dist"]):
        result = cli(*command, content, "--config", settings)
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        expected = "sections[0]: the subject 'Hi %recipient.email%' (newsletter.subject"
        assert expected in result.stderr, result.stderr
    assert not (tmp_path / "dist").exists()


def test_generated_too_many_sections_and_too_long_text_are_refused(tmp_path):
    many = "\n".join(f"  - {{id: s{i}, title: T, blocks: [{{paragraph: P}}]}}" for i in range(1001))
    base = MINIMAL.read_text().split("sections:")[0]
    (tmp_path / "many.yaml").write_text(base + "sections:\n" + many + "\n")
    long = MINIMAL.read_text().replace("One paragraph.", "x" * 100_001)
    (tmp_path / "long.yaml").write_text(long)
    result = cli("validate", tmp_path / "many.yaml", tmp_path / "long.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "many.yaml:10:3: error: sections: 1,001 sections; the limit is 1,000" in result.stderr
    expected = "long.yaml:13:20: error: sections[0].blocks[0].paragraph: text is 100,001"
    assert expected in result.stderr, result.stderr


def test_quadratic_address_is_refused_by_its_length(tmp_path):
    """'a@' + 40,000 dots + '@' took the old regex 17 s; bench/fields.py times the new check."""
    settings = tmp_path / "magwidget.yaml"
    settings.write_text(f'newsletter:\n  from_address: "a@{"." * 40_000}@"\n')
    result = cli("validate", MINIMAL, "--config", settings, cwd=tmp_path)
    assert result.returncode == 1
    assert "newsletter.from_address: an email address has at most 254 characters" in result.stderr


@pytest.mark.parametrize(
    "value", ["https://[x/", "https://[::1/", "https://cdn.magwidget.dev:99999/"]
)
def test_bad_base_url_flag_is_a_usage_error_without_traceback(value):
    result = cli("build", MINIMAL, "--base-url", value, "--out", "/nonexistent/never")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Invalid value for '--base-url': not a valid URL" in result.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "en-US-u-ca-gregory",
        "zh-Hant-TW",
        "sr-Latn-RS",
        "de-CH-1901",
        "sl-rozaj-biske",
        "hy-Latn-IT-arevela",
        "es-419",
        "zh-yue-HK",
        "en-a-bbb-x-a-ccc",
        "x-whatever",
        "i-klingon",
        "zh-min-nan",
        "qaa-Qaaa-QM-x-southern",
    ],
)
def test_every_well_formed_language_tag_is_accepted(tag):
    assert fields.LANGUAGE.fullmatch(tag)


@pytest.mark.parametrize("tag", ["en_US", "e", "en-", "toolongtag", "en--US", "en-x", "a-DE"])
def test_malformed_language_tags_are_refused(tag):
    assert not fields.LANGUAGE.fullmatch(tag)


def test_good_language_tag_and_a_comma_in_the_sender_name_validate(tmp_path):
    settings = tmp_path / "magwidget.yaml"
    sender = BAD / "settings-from-two-mailboxes.yaml"
    settings.write_text(sender.read_text().replace("J\u00f6rg <ceo@bank-example.org>, ", "N\u00e4"))
    assert "N\u00e4Journal" in settings.read_text()
    content = GOOD / "section-titled-recipient-email.yaml"
    result = cli("validate", content, "--config", settings)
    assert result.returncode == 0, result.stderr
    assert "OK: 1 article(s) valid" in result.stdout


def test_page_template_ids_are_all_reserved():
    """A new static id in page.html must join fields.PAGE_IDS, or a section could take it."""
    import re

    page = (ROOT / "templates" / "page.html").read_text()
    static = set(re.findall(r'\bid="([^"{]+)"', page))
    assert static <= set(fields.PAGE_IDS), static - set(fields.PAGE_IDS)
    assert re.search(r'id="\{\{ section\.id \}\}-title"', page)  # hence *-title is reserved
