"""Bad flag values: a usage error (exit 2) naming the flag and what is wrong, never a traceback."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, run_cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "9999-12-31"], "'--start': year must be 1970-2999, found 9999"),
        (["--start", "0001-01-01"], "'--start': year must be 1970-2999, found 1"),
        (["--start", "2026-13-01"], "'--start': month must be 1-12, found 13"),
        (["--start", "2026-00-10"], "'--start': month must be 1-12, found 0"),
        (["--start", "2026-02-29"], "'--start': day must be 1-28 in 2026-02, found 29"),
        (["--start", "2026-04-31"], "'--start': day must be 1-30 in 2026-04, found 31"),
        (
            ["--start", "2026-1-5"],
            "'--start': expected a date as YYYY-MM-DD, like 2026-12-01, found '2026-1-5'",
        ),
        (
            ["--start", "tomorrow"],
            "'--start': expected a date as YYYY-MM-DD, like 2026-12-01, found 'tomorrow'",
        ),
        (["--start", "2026-12-01", "--every", "100000000000"], "'--every': 100000000000 is not"),
        (["--start", "2026-12-01", "--every", "0"], "'--every': 0 is not in the range 1<=x<=365"),
    ],
)
def test_bad_schedule_flags_name_the_flag_and_the_fault(tmp_path, args, message):
    config = ["--config", ROOT / "magwidget.yaml"]
    proc = run_cli("build", ROOT / "content", *config, "--out", tmp_path / "d", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert f"Invalid value for {message}" in proc.stderr
    assert not (tmp_path / "d").exists()


def test_the_widest_schedule_builds(tmp_path):
    config = ["--config", ROOT / "magwidget.yaml"]
    schedule = ["--start", "2999-12-31", "--every", "365"]
    proc = run_cli("build", ROOT / "content", *config, "--out", tmp_path / "d", *schedule)
    assert proc.returncode == 0, proc.stderr
    assert (
        '"2999-12-31"'
        in (tmp_path / "d" / "transdermal-magnesium" / "newsletter" / "series.json").read_text()
    )
