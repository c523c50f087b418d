"""The .eml headers: folding, Message-ID, scheduled Date and SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import email
import itertools
import os
import subprocess
import sys
from email import policy

import pytest

from magwidget import mime
from magwidget.errors import MagwidgetError
from tests.conftest import ROOT
from tests.test_newsletter import folder

WORDS = ["Magnesium", "Überraschend", "x" * 70, "日本語のテキスト", "(3/11):", "—", "a", "🙂"]
WORDS += ["Gefäß" * 10, "https://example.com/" + "p" * 60, "y" * 100, "=?utf-8?q?hi?=", "z" * 68]


def subjects():
    """Yield subjects mixing ASCII, non-ASCII, long words and encoded-word look-alikes."""
    for n, combo in enumerate(itertools.product(WORDS, repeat=2)):
        yield " ".join((*combo, *WORDS[n % 5 : n % 5 + n % 4]))


def test_long_subjects_fold_within_78_columns_and_read_back_exactly():
    for subject in subjects():
        raw = mime.message(subject, ("N", "a@example.org"), "t\n", "<p>h</p>\n", None)
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        assert head[0].startswith(b"Subject: "), subject
        assert head[0] != b"Subject: ", subject
        assert all(len(line) <= 78 for line in head), subject
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert msg["Subject"] == subject


def test_message_id_is_stable_and_at_the_sender_domain():
    args = ("Subject", ("News", "news@mag.example.org"), "text\n", "<p>html</p>\n", None)
    first = email.message_from_bytes(mime.message(*args), policy=policy.default)
    again = email.message_from_bytes(mime.message(*args), policy=policy.default)
    other = email.message_from_bytes(mime.message("Other", *args[1:]), policy=policy.default)
    assert first["Message-ID"] == again["Message-ID"] != other["Message-ID"]
    assert first["Message-ID"].endswith("@mag.example.org>")


def test_list_unsubscribe_carries_the_mailto_alternative_on_its_own_line():
    raw = mime.message(
        "S", ("N", "a@b.org"), "t\n", "<p>h</p>\n", "https://b.org/u", mailto="u@b.org"
    )
    assert b"List-Unsubscribe: <https://b.org/u>,\r\n <mailto:u@b.org>\r\n" in raw
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["List-Unsubscribe"] == "<https://b.org/u>, <mailto:u@b.org>"


def test_a_scheduled_series_dates_each_issue_at_the_send_time_and_zone(run, project):
    settings = (project / "magwidget.yaml").read_text()
    settings += "  send_time: '07:30'\n  timezone: Europe/Berlin\n"
    (project / "magwidget.yaml").write_text(settings)
    result = run("build", "--start", "2026-03-22", "--every", "7")
    assert result.exit_code == 0, result.output
    dates = []
    for path in sorted(folder(project / "dist").glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        dates.append(msg["Date"].datetime)
    assert dates[0] == dt.datetime(2026, 3, 22, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert dates[1] == dt.datetime(2026, 3, 29, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert len(dates) == 11


def test_an_unknown_time_zone_is_refused_naming_the_field(run, project):
    settings = (project / "magwidget.yaml").read_text() + "  timezone: Mars/Olympus\n"
    (project / "magwidget.yaml").write_text(settings)
    result = run("build")
    assert result.exit_code == 1
    assert "newsletter.timezone: expected a time zone like Europe/Berlin" in result.output


@pytest.mark.parametrize("value", ["99999999999999999999", "-1e3", "yesterday"])
def test_a_bad_source_date_epoch_is_one_clear_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(MagwidgetError, match=r"SOURCE_DATE_EPOCH=.* is not a valid time"):
        mime.source_date()


def test_source_date_epoch_overflow_exits_1_without_traceback(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "99999999999999999999"}
    command = [sys.executable, "-m", "magwidget", "build", str(ROOT / "content")]
    command += ["--out", str(tmp_path / "dist"), "--config", str(ROOT / "magwidget.yaml")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "SOURCE_DATE_EPOCH='99999999999999999999' is not a valid time" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "dist").exists()


def test_validate_refuses_a_bad_source_date_epoch_too(run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")
    result = run("validate", ROOT / "content", "--config", ROOT / "magwidget.yaml")
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH='99999999999999999999' is not a valid time" in result.output
