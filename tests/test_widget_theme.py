"""One brand theme (issue 9, part 2): the accent reaches the page, the widget and every email,
text on it is picked for contrast, and a colour that fails contrast stops the build."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pytest

from magwidget import theme
from tests.conftest import ROOT

OLD_GREENS = ("#0b6e4f", "#5fd3a8", "#7fd6b2")
BLUE = "theme:\n  accent: '#1d4ed8'\n"


def build(project, settings: str, *extra: str) -> subprocess.CompletedProcess:
    """Prepend ``settings`` to magwidget.yaml and run the real CLI in a subprocess."""
    config = project / "magwidget.yaml"
    config.write_text(settings + config.read_text())
    args = [sys.executable, "-m", "magwidget", *(extra or ("build",))]
    return subprocess.run(args, cwd=project, capture_output=True, text=True, timeout=120)


def outputs(dist) -> dict[str, str]:
    """Return every text file of the build."""
    files = dist.rglob("*")
    return {str(f.relative_to(dist)): f.read_text() for f in files if f.suffix in (".html", ".js")}


def test_the_theme_accent_reaches_page_widget_and_every_email(project):
    assert build(project, BLUE).returncode == 0
    dark = theme.palette("#1d4ed8")["accent_dark"]
    files = outputs(project / "dist")
    for name, text in files.items():
        assert not [green for green in OLD_GREENS if green in text.lower()], name
    page = files["transdermal-magnesium/index.html"]
    assert "--accent: #1d4ed8; --accent-fg: #ffffff" in page
    assert f"--accent: {dark}; --accent-fg: #111111" in page
    assert "--a:#1d4ed8;--af:#fff" in files["transdermal-magnesium/widget/widget.js"]  # minified
    issues = [text for name, text in files.items() if "/newsletter/" in name]
    assert len(issues) == 11
    for issue in issues:
        assert 'style="color:#1d4ed8; text-decoration:underline"' in issue
        assert "background-color:#1d4ed8" in issue
        assert f".mw-link {{ color: {dark} !important; }}" in issue
        assert f".mw-button {{ background-color: {dark} !important; }}" in issue
        assert f"[data-ogsc] .mw-link {{ color: {dark} !important; }}" in issue
        assert "[data-ogsc] .mw-button-link { color: #111111 !important; }" in issue


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "theme:\n  accent: '#7fbf9f'\n",
            "magwidget.yaml:2:11: error: theme.accent: link #7fbf9f on the page background "
            "#fdfcf9: contrast 2.07:1, needs 4.5:1; #537c67 would pass (light scheme)",
        ),
        (
            "theme:\n  accent: '#777777'\n",
            "theme.accent: button text #ffffff on #777777: contrast 4.47:1, needs 4.5:1; "
            "#717171 would pass (light scheme)",
        ),
        (
            "theme:\n  accent_dark: '#0b6e4f'\n",
            "magwidget.yaml:2:16: error: theme.accent_dark: link #0b6e4f on the email background "
            "#1c1c1a: contrast 2.72:1, needs 4.5:1; #48927b would pass (dark scheme)",
        ),
        ("theme:\n  accent: green\n", "theme.accent: expected a colour like #0b6e4f"),
        ("theme:\n  accnt: '#123456'\n", "theme.accnt: unknown field; did you mean 'accent'?"),
    ],
)
@pytest.mark.parametrize("command", ["build", "validate"])
def test_a_colour_without_contrast_is_refused_with_one_that_passes(
    project, settings, message, command
):
    result = build(project, settings, command)
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "dist").exists()


def test_every_suggested_colour_passes_and_derived_colours_always_read():
    steps = ("00", "3f", "7f", "bf", "ff")
    for r, g, b in itertools.product(steps, repeat=3):
        colour = f"#{r}{g}{b}"
        for dark in (False, True):
            for message in theme.problems(colour, dark):
                fix = re.search(r"(#[0-9a-f]{6}) would pass", message).group(1)
                assert theme.problems(fix, dark) == [], (colour, fix)
        derived = theme.palette(colour)["accent_dark"]
        assert all(theme.contrast(derived, bg) >= 4.5 for _, bg in theme.SURFACES.values())


def test_templates_write_no_accent_and_every_dark_rule_has_an_outlook_twin():
    for path in (ROOT / "templates").iterdir():
        text = path.read_text().lower()
        assert not [green for green in OLD_GREENS if green in text], path.name
    email = (ROOT / "templates" / "email.css").read_text()
    dark = email[email.index("prefers-color-scheme: dark") :]
    coloured = {
        selector.strip()
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", dark)
        if re.search(r"(?<!-)color:", body)
        for selector in selectors.split(",")
    }
    clients = (ROOT / "templates" / "email-clients.css").read_text()
    missing = [s for s in sorted(coloured) if f"[data-ogsc] {s}" not in clients]
    assert missing == []


def test_dark_email_keeps_non_text_contrast(built_dist):
    issue = (built_dist / "transdermal-magnesium/newsletter/01-introduction.html").read_text()
    colours = theme.palette()
    card = re.search(r"\.mw-card \{ background-color: (#\w+) !important", issue).group(1)
    quote = re.search(r"\.mw-quote \{ border-color: (#\w+) !important", issue).group(1)
    button = re.search(r"\.mw-button \{ background-color: (#\w+) !important", issue).group(1)
    assert card == colours["email_bg_dark"]
    assert theme.contrast(quote, card) >= 3
    assert theme.contrast(button, card) >= 3
