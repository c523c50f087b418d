"""The send journal: which recipient has been given which issue, in SQLite beside the settings.

Owns the database file and its one table. A row becomes ``sent`` only once the server has
accepted the message, so a rerun after a crash sends only to the rest.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from magwidget.errors import MagwidgetError

NAME = "magwidget-send.sqlite3"
SCHEMA = """
create table if not exists deliveries (
    message text not null,   -- the issue's Message-ID (a hash of its content)
    recipient text not null, -- lower-cased address
    issue text not null,     -- the .eml file name, for people reading the journal
    status text not null,    -- sent or failed
    reply text not null,     -- the server's reply
    primary key (message, recipient)
)
"""


class Journal:
    """One open journal; each record is committed before the next message goes out."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("pragma journal_mode=wal")
            self.db.execute("pragma synchronous=full")
            self.db.execute(SCHEMA)
        except sqlite3.Error as exc:
            raise MagwidgetError(f"{path}: cannot open the send journal: {exc}") from None

    def sent(self, message: str) -> set[str]:
        """Return every recipient the server has accepted ``message`` for."""
        rows = self.db.execute(
            "select recipient from deliveries where message = ? and status = 'sent'", (message,)
        )
        return {row[0] for row in rows}

    def record(self, message: str, recipient: str, issue: str, status: str, reply: str) -> None:
        """Record one delivery (or failure) for good."""
        self.db.execute(
            "insert or replace into deliveries values (?, ?, ?, ?, ?)",
            (message, recipient.lower(), issue, status, reply),
        )

    def close(self) -> None:
        """Close the database."""
        self.db.close()
