"""Read a date flag such as ``--start 2026-12-01``, saying exactly which part is wrong.

Owns the wording of date errors, SOURCE_DATE_EPOCH's included; knows nothing of schedules or
the command line.
"""

from __future__ import annotations

import calendar
import datetime
import os
import re

from magwidget.errors import MagwidgetError

DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(text: str) -> datetime.date:
    """Return the date written as YYYY-MM-DD, or raise ValueError naming the part that is wrong."""
    match = DATE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"expected a date as YYYY-MM-DD, like 2026-12-01, found {text!r}")
    year, month, day = (int(part) for part in match.groups())
    if not 1970 <= year <= 2999:
        raise ValueError(f"year must be 1970-2999, found {year} in {text!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, found {month} in {text!r}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"day must be 1-{days} in {year}-{month:02d}, found {day} in {text!r}")
    return datetime.date(year, month, day)


def source_date() -> datetime.datetime | None:
    """Return SOURCE_DATE_EPOCH as a UTC time, None when unset; raise when it is not valid."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return datetime.datetime.fromtimestamp(int(raw), datetime.UTC)
    except (ValueError, OverflowError, OSError):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise MagwidgetError(
            f"SOURCE_DATE_EPOCH={shown!r} is not a valid time: give whole seconds since"
            " 1970-01-01 UTC, such as 1764547200 (or unset it)"
        ) from None
