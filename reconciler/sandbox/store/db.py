"""The sandbox portal's SQLite database (stdlib ``sqlite3``, WAL): its tables, the connection
and the two ways to use it (a read, a write transaction).

One connection guarded by a lock: the server runs handlers on one event loop, the lock only
matters when the CLI or a test touches the same ``Store`` from another thread. Writes run in
``BEGIN IMMEDIATE`` transactions so that two processes sharing a database file (``serve`` and
the embedded sandbox) never interleave a read-modify-write.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS campaigns (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL COLLATE NOCASE,
    props TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS campaigns_by_name ON campaigns (name, id);
CREATE INDEX IF NOT EXISTS campaigns_by_created ON campaigns (created_at, id);
CREATE INDEX IF NOT EXISTS campaigns_by_updated ON campaigns (updated_at, id);
-- Campaign <-> asset links (MARKETING_EVENT, FORM, ...): embedded in batch/read and get-one.
CREATE TABLE IF NOT EXISTS campaign_assets (
    campaign_id TEXT NOT NULL,
    asset_type TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    PRIMARY KEY (campaign_id, asset_type, asset_id)
);
CREATE INDEX IF NOT EXISTS campaign_assets_by_asset ON campaign_assets (asset_type, asset_id);
CREATE TABLE IF NOT EXISTS events (
    object_id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id INTEGER,
    app_name TEXT,
    external_account_id TEXT,
    external_event_id TEXT,
    fields TEXT NOT NULL,
    custom TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_external ON events (external_event_id);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_app_key
    ON events (app_id, external_account_id, external_event_id);
CREATE TABLE IF NOT EXISTS event_property_defs (name TEXT PRIMARY KEY);
-- Custom campaign properties the portal defines (HubSpot refuses undefined ones).
CREATE TABLE IF NOT EXISTS campaign_property_defs (name TEXT PRIMARY KEY);
-- Facts about the portal itself (its portal id): kept by reset and clear.
CREATE TABLE IF NOT EXISTS portal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def now_ms() -> int:
    return int(time.time() * 1000)


def merge(current: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """HubSpot's partial update: named values replace, ``""`` (or null) empties and removes."""
    for name, value in patch.items():
        if value is None or value == "":
            current.pop(name, None)
        else:
            current[name] = value


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """SQLite caps host parameters per statement; chunk IN (...) lists."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Database:
    """The connection, its lock, and the transactions every table's methods run in."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=10.0
        )
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=10000")
            with self._lock:
                self._conn.executescript(SCHEMA)
        except sqlite3.Error:  # not a database, read-only, ...: the caller names the file
            self._conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: takes the write lock up front, so no lost updates."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()
