"""Who an issue goes to: ``--to`` addresses and a CSV list with ``email`` and ``first_name``.

Owns the address syntax check (no DNS) and the line-numbered report of bad rows.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from magwidget.errors import MagwidgetError, Problem
from magwidget.load import display_name

# One dot-atom local part and domain, ASCII only: what every submission server accepts.
ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


@dataclass(frozen=True)
class Recipient:
    """One reader: address and optional first name (plain text, one line)."""

    email: str
    first_name: str = ""


def from_flags(addresses: tuple[str, ...]) -> list[Recipient]:
    """Return the ``--to`` recipients; raise naming the flag on a bad address."""
    if bad := [a for a in addresses if not ADDRESS.fullmatch(a)]:
        raise MagwidgetError(f"--to {bad[0]!r}: not an email address like reader@example.org")
    return [Recipient(a) for a in addresses]


def from_csv(path: Path) -> tuple[list[Recipient], list[Problem]]:
    """Return the list's valid recipients and a problem for each bad or repeated row."""
    name = display_name(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(_rows(csv.reader(file), name))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise MagwidgetError(f"{name}: cannot read the recipient list: {exc}") from None
    recipients: list[Recipient] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, fields in rows:
        address = fields.get("email", "").strip()
        first = " ".join(fields.get("first_name", "").split())  # no line breaks or tabs
        if not ADDRESS.fullmatch(address):
            problems.append(
                Problem(name, f"not an email address: {address!r}", line, None, "email")
            )
        elif address.lower() in seen:
            where = f"line {seen[address.lower()]}"
            problems.append(Problem(name, f"{address} repeats {where}", line, None, "email"))
        else:
            seen[address.lower()] = line
            recipients.append(Recipient(address, first))
    return recipients, problems


def _rows(reader, name: str):
    """Yield (line number, {column: value}) for each data row; the header must name ``email``."""
    header = [column.strip().lower() for column in next(reader, [])]
    if "email" not in header:
        raise MagwidgetError(f"{name}:1: the first row must name the columns: email,first_name")
    for row in reader:
        if any(cell.strip() for cell in row):
            yield reader.line_num, dict(zip(header, row, strict=False))
