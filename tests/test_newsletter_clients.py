"""External checkers on every built issue: html-validate (recommended + a11y presets) and
doiuse-email (caniemail data) for Gmail, Outlook and Apple Mail."""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT
from tests.test_newsletter import folder

NODE_MODULES = ROOT / "node_modules"
CLIENTS = "gmail.*,outlook.*,apple-mail.*"
OUTLOOK_WINDOWS = {"outlook.windows", "outlook.windows-mail"}
# Every doiuse-email error we decided to accept, and why (also listed in docs/newsletter.md).
ACCEPTED = {
    # The apps replace <body> with their own container; its styles are repeated on .mw-bg.
    "<body> element": {"outlook.ios", "outlook.android"},
    # Responsive and dark-mode rules are an enhancement: the layout is fluid and fully inlined.
    "@media": {"gmail.mobile-webmail"} | OUTLOOK_WINDOWS,
    # The [data-ogsc]/[data-ogsb] rules exist only for Outlook.com's dark mode.
    "Attribute selector": {"gmail.mobile-webmail"} | OUTLOOK_WINDOWS,
    "Class selector": {"gmail.mobile-webmail"},
    "Descendant combinator": {"gmail.mobile-webmail"},
    # Screen-reader hints one client ignores; harmless there.
    "aria-label attribute": {"outlook.windows-mail"},
    "aria-hidden attribute": {"outlook.windows-mail"},
    "role attribute": {"outlook.windows-mail"},
    # The button has square corners in Outlook for Windows.
    "border-radius": OUTLOOK_WINDOWS,
    # Preheader hiding: max-height:0, 1px font and mso-hide:all back these up.
    "display:none": {"gmail.mobile-webmail"},
    "opacity": {"gmail.mobile-webmail"} | OUTLOOK_WINDOWS,
    "overflow": {"outlook.android"} | OUTLOOK_WINDOWS,
    # Long words break elsewhere; one client may show a very long word wider than the screen.
    "word-break": {"outlook.windows-mail"},
}
ERROR = re.compile(r"`(?P<feature>[^`]+)` is not supported by `(?P<client>[^`]+)`")


def node(script: str, *args) -> subprocess.CompletedProcess:
    """Run a checker installed by `npm ci` (see scripts/install-test-deps)."""
    path = NODE_MODULES / script
    assert path.is_file(), f"{path} is missing: run scripts/install-test-deps"
    return subprocess.run(["node", str(path), *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def issues(each_inliner_dist):
    """Every HTML issue, built with each CSS inliner."""
    return sorted(folder(each_inliner_dist).glob("*.html"))


def test_html_validate_passes_on_every_issue(issues):
    config = ROOT / ".htmlvalidate-email.json"
    done = node("html-validate/bin/html-validate.mjs", "--config", config, *issues)
    assert done.returncode == 0, done.stdout + done.stderr


def test_doiuse_email_reports_only_accepted_gaps(issues):
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda p: node("doiuse-email/bin/cli.js", "-e", CLIENTS, p), issues))
    found: dict[str, set[str]] = {}
    for path, done in zip(issues, runs, strict=True):
        report = json.loads(done.stdout)
        assert report["success"] == (not report["errors"]), path.name
        for error in report["errors"]:
            match = ERROR.fullmatch(error)
            assert match, f"{path.name}: {error}"
            found.setdefault(match["feature"], set()).add(match["client"])
    unexpected = {f: c - ACCEPTED.get(f, set()) for f, c in found.items()}
    assert not {f: c for f, c in unexpected.items() if c}, "new client gaps"
    assert found == ACCEPTED, "an accepted gap no longer occurs: drop it from the list"
