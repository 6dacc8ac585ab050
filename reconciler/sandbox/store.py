"""The sandbox portal's state in SQLite (stdlib ``sqlite3``, WAL).

One connection guarded by a lock: the server runs handlers on one event loop, the lock only
matters when the CLI or a test touches the same ``Store`` from another thread. Writes run in
``BEGIN IMMEDIATE`` transactions so that two processes sharing a database file (``serve`` and
the embedded sandbox) never interleave a read-modify-write.

Campaign properties are one JSON object per row (only non-empty values are kept, so a ``""``
reset is a key removal); ``hs_name`` is mirrored in an indexed column for sorting. Lists page
by keyset (``(sort value, id) > cursor``), never by OFFSET, so a page costs the same at row
100,000 as at row 1.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

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

MARKETING_EVENT = "MARKETING_EVENT"
"""The asset type whose ids are marketing-event objectIds (kept in step with ``events``)."""

CAMPAIGN_SEQ_BASE = 20_000_000
"""``hs_object_id`` = base + row sequence: numeric like HubSpot's CRM id, stable per row."""

SortKey = Literal["hs_name", "createdAt", "updatedAt"]
_SORT_COLUMNS: dict[str, str] = {
    "hs_name": "name",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
}


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class CampaignRow:
    id: str
    seq: int
    props: dict[str, str]
    created_at: int
    updated_at: int

    def all_props(self) -> dict[str, str]:
        """Stored properties plus the computed ones HubSpot always knows."""
        out = dict(self.props)
        out["hs_object_id"] = str(CAMPAIGN_SEQ_BASE + self.seq)
        return out


@dataclass
class EventRow:
    object_id: int
    app_id: int | None
    app_name: str | None
    external_account_id: str | None
    external_event_id: str | None
    fields: dict[str, Any]
    custom: dict[str, str]
    created_at: int
    updated_at: int


@dataclass
class AssetPage:
    """One page of a campaign's assets of one type, in ``asset_id`` order."""

    ids: list[str]
    next_after: str | None
    """The last id on this page when more follow (the keyset cursor), else None."""


@dataclass
class NewEvent:
    """An event to insert; ``object_id`` None lets SQLite pick the next one."""

    fields: dict[str, Any]
    custom: dict[str, str] = field(default_factory=dict)
    app_id: int | None = None
    app_name: str | None = None
    external_account_id: str | None = None
    external_event_id: str | None = None
    object_id: int | None = None
    created_at: int | None = None


def _merge(current: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """HubSpot's partial update: named values replace, ``""`` (or null) empties and removes."""
    for name, value in patch.items():
        if value is None or value == "":
            current.pop(name, None)
        else:
            current[name] = value


def _campaign(row: sqlite3.Row) -> CampaignRow:
    return CampaignRow(
        id=row["id"],
        seq=row["seq"],
        props=json.loads(row["props"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _event(row: sqlite3.Row) -> EventRow:
    return EventRow(
        object_id=row["object_id"],
        app_id=row["app_id"],
        app_name=row["app_name"],
        external_account_id=row["external_account_id"],
        external_event_id=row["external_event_id"],
        fields=json.loads(row["fields"]),
        custom=json.loads(row["custom"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _insert_event(db: sqlite3.Connection, ev: NewEvent, stamp: int) -> EventRow:
    created = ev.created_at if ev.created_at is not None else stamp
    cur = db.execute(
        "INSERT INTO events (object_id, app_id, app_name, external_account_id,"
        " external_event_id, fields, custom, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ev.object_id,
            ev.app_id,
            ev.app_name,
            ev.external_account_id,
            ev.external_event_id,
            json.dumps(ev.fields),
            json.dumps(ev.custom),
            created,
            created,
        ),
    )
    row = db.execute("SELECT * FROM events WHERE object_id = ?", (cur.lastrowid,)).fetchone()
    return _event(row)


def _patch_event(
    db: sqlite3.Connection,
    ev: EventRow,
    fields: Mapping[str, Any],
    custom: Mapping[str, str],
    stamp: int,
) -> EventRow:
    """HubSpot's partial update of one event: named fields and custom properties only."""
    _merge(ev.fields, fields)
    _merge(ev.custom, custom)
    ev.updated_at = stamp
    db.execute(
        "UPDATE events SET fields = ?, custom = ?, updated_at = ? WHERE object_id = ?",
        (json.dumps(ev.fields), json.dumps(ev.custom), stamp, ev.object_id),
    )
    return ev


def _by_app_key(db: sqlite3.Connection, ev: NewEvent) -> EventRow | None:
    row = db.execute(
        "SELECT * FROM events WHERE app_id = ? AND external_account_id = ?"
        " AND external_event_id = ?",
        (ev.app_id, ev.external_account_id, ev.external_event_id),
    ).fetchone()
    return _event(row) if row is not None else None


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """SQLite caps host parameters per statement; chunk IN (...) lists."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Store:
    """All reads and writes of the sandbox portal's state."""

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

    # ---- whole portal -------------------------------------------------------------------

    def clear(self) -> None:
        with self._write() as db:
            for table in (
                "campaigns",
                "campaign_assets",
                "events",
                "event_property_defs",
                "campaign_property_defs",
            ):
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM sqlite_sequence")

    def counts(self) -> dict[str, int]:
        row = self._query(
            "SELECT (SELECT COUNT(*) FROM campaigns) AS c, (SELECT COUNT(*) FROM events) AS e"
        )[0]
        return {"campaigns": row["c"], "events": row["e"]}

    def asset_link_count(self) -> int:
        """How many campaign-asset links exist (all campaigns, all types)."""
        count: int = self._query("SELECT COUNT(*) FROM campaign_assets")[0][0]
        return count

    def size_bytes(self) -> int:
        """Database plus WAL file size on disk."""
        total = 0
        for suffix in ("", "-wal"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return total

    # ---- campaigns ----------------------------------------------------------------------

    def campaign_page(
        self,
        *,
        sort: SortKey,
        descending: bool,
        after: tuple[Any, str] | None,
        limit: int,
        name_contains: str | None,
    ) -> tuple[list[CampaignRow], int, tuple[Any, str] | None]:
        """One page in sort order after the keyset cursor, the total, and the next cursor."""
        col = _SORT_COLUMNS[sort]
        where: list[str] = []
        params: list[Any] = []
        if name_contains:
            where.append("name LIKE ? ESCAPE '\\'")
            escaped = name_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        filter_sql = " AND ".join(where)
        total = self._query(
            f"SELECT COUNT(*) FROM campaigns {'WHERE ' + filter_sql if where else ''}", params
        )[0][0]
        page_where = list(where)
        page_params = list(params)
        if after is not None:
            page_where.append(f"({col}, id) {'<' if descending else '>'} (?, ?)")
            page_params.extend(after)
        order = "DESC" if descending else "ASC"
        rows = self._query(
            f"SELECT * FROM campaigns {'WHERE ' + ' AND '.join(page_where) if page_where else ''}"
            f" ORDER BY {col} {order}, id {order} LIMIT ?",
            [*page_params, limit + 1],
        )
        items = [_campaign(r) for r in rows[:limit]]
        next_key: tuple[Any, str] | None = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_key = (last[col], last["id"])
        return items, total, next_key

    def campaigns_by_id(self, ids: Sequence[str]) -> dict[str, CampaignRow]:
        out: dict[str, CampaignRow] = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in self._query(f"SELECT * FROM campaigns WHERE id IN ({marks})", chunk):
                out[r["id"]] = _campaign(r)
        return out

    def insert_campaigns(
        self, props_list: Sequence[Mapping[str, str]], *, created_at: int | None = None
    ) -> list[CampaignRow]:
        """Insert campaigns with new GUIDs; ``props`` must hold a non-empty ``hs_name``."""
        stamp = created_at if created_at is not None else now_ms()
        rows = []
        for props in props_list:
            clean = {k: v for k, v in props.items() if v != ""}
            rows.append((str(uuid.uuid4()), clean["hs_name"], json.dumps(clean), stamp, stamp))
        return self._insert_campaign_rows(rows)

    def _insert_campaign_rows(
        self, rows: list[tuple[str, str, str, int, int]]
    ) -> list[CampaignRow]:
        with self._write() as db:
            db.executemany(
                "INSERT INTO campaigns (id, name, props, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
        found = self.campaigns_by_id([r[0] for r in rows])
        return [found[r[0]] for r in rows]

    def update_campaigns(
        self, updates: Sequence[tuple[str, Mapping[str, str]]]
    ) -> tuple[list[CampaignRow], list[str]]:
        """Apply property patches (``""`` removes); returns updated rows and unknown ids."""
        updated: list[CampaignRow] = []
        missing: list[str] = []
        stamp = now_ms()
        with self._write() as db:
            for cid, patch in updates:
                row = db.execute("SELECT * FROM campaigns WHERE id = ?", (cid,)).fetchone()
                if row is None:
                    missing.append(cid)
                    continue
                current = _campaign(row)
                _merge(current.props, patch)
                current.updated_at = stamp
                db.execute(
                    "UPDATE campaigns SET name = ?, props = ?, updated_at = ? WHERE id = ?",
                    (current.props.get("hs_name", ""), json.dumps(current.props), stamp, cid),
                )
                updated.append(current)
        return updated, missing

    def delete_campaigns(self, ids: Sequence[str]) -> int:
        deleted = 0
        with self._write() as db:
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                deleted += db.execute(
                    f"DELETE FROM campaigns WHERE id IN ({marks})", chunk
                ).rowcount
                db.execute(f"DELETE FROM campaign_assets WHERE campaign_id IN ({marks})", chunk)
        return deleted

    def campaign_assets(
        self, ids: Sequence[str], *, per_type: int
    ) -> dict[str, dict[str, AssetPage]]:
        """The first ``per_type`` asset ids per campaign and asset type, in id order."""
        out: dict[str, dict[str, AssetPage]] = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                "SELECT campaign_id, asset_type, asset_id FROM ("
                " SELECT *, ROW_NUMBER() OVER (PARTITION BY campaign_id, asset_type"
                " ORDER BY asset_id) AS n"
                f" FROM campaign_assets WHERE campaign_id IN ({marks})"
                ") WHERE n <= ? ORDER BY campaign_id, asset_type, asset_id",
                [*chunk, per_type + 1],
            )
            for r in rows:
                page = out.setdefault(r["campaign_id"], {}).setdefault(
                    r["asset_type"], AssetPage([], None)
                )
                if len(page.ids) < per_type:
                    page.ids.append(r["asset_id"])
                else:
                    page.next_after = page.ids[-1]
        return out

    def asset_page(
        self, campaign_id: str, asset_type: str, *, after: str | None, limit: int
    ) -> AssetPage:
        """Keyset page of one campaign's assets of one type: ids greater than ``after``."""
        rows = self._query(
            "SELECT asset_id FROM campaign_assets WHERE campaign_id = ? AND asset_type = ?"
            " AND asset_id > ? ORDER BY asset_id LIMIT ?",
            (campaign_id, asset_type, after if after is not None else "", limit + 1),
        )
        ids = [r["asset_id"] for r in rows[:limit]]
        return AssetPage(ids, ids[-1] if len(rows) > limit else None)

    def link_asset(self, campaign_id: str, asset_type: str, asset_id: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO campaign_assets (campaign_id, asset_type, asset_id)"
                " VALUES (?, ?, ?)",
                (campaign_id, asset_type, asset_id),
            )

    def unlink_asset(self, campaign_id: str, asset_type: str, asset_id: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM campaign_assets WHERE campaign_id = ? AND asset_type = ?"
                " AND asset_id = ?",
                (campaign_id, asset_type, asset_id),
            )

    # ---- marketing events ---------------------------------------------------------------

    def event_page(self, *, after: int | None, limit: int) -> tuple[list[EventRow], int | None]:
        rows = self._query(
            "SELECT * FROM events WHERE object_id > ? ORDER BY object_id LIMIT ?",
            (after if after is not None else -1, limit + 1),
        )
        items = [_event(r) for r in rows[:limit]]
        return items, (items[-1].object_id if len(rows) > limit else None)

    def event(self, object_id: int) -> EventRow | None:
        rows = self._query("SELECT * FROM events WHERE object_id = ?", (object_id,))
        return _event(rows[0]) if rows else None

    def events_by_ids(self, ids: Sequence[int]) -> dict[int, EventRow]:
        out: dict[int, EventRow] = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for r in self._query(f"SELECT * FROM events WHERE object_id IN ({marks})", chunk):
                out[r["object_id"]] = _event(r)
        return out

    def events_by_external_id(self, external_event_id: str) -> list[EventRow]:
        rows = self._query(
            "SELECT * FROM events WHERE external_event_id = ? ORDER BY object_id",
            (external_event_id,),
        )
        return [_event(r) for r in rows]

    def event_by_app_key(
        self, app_id: int, external_account_id: str, external_event_id: str
    ) -> EventRow | None:
        rows = self._query(
            "SELECT * FROM events WHERE app_id = ? AND external_account_id = ?"
            " AND external_event_id = ?",
            (app_id, external_account_id, external_event_id),
        )
        return _event(rows[0]) if rows else None

    def insert_events(self, events: Sequence[NewEvent]) -> list[EventRow]:
        stamp = now_ms()
        with self._write() as db:
            return [_insert_event(db, ev, stamp) for ev in events]

    def create_event(self, new: NewEvent) -> EventRow | None:
        """Insert ``new`` unless the app already has an event with its external ids (None).

        Check and insert share one transaction, so two processes on one file never both insert.
        """
        assert new.app_id is not None and new.external_account_id and new.external_event_id
        with self._write() as db:
            if _by_app_key(db, new) is not None:
                return None
            return _insert_event(db, new, now_ms())

    def upsert_events(
        self, items: Sequence[tuple[NewEvent, Mapping[str, Any], Mapping[str, str]]]
    ) -> list[EventRow]:
        """Per item, insert the event, or patch the app's event with its external ids with
        ``(fields, custom)`` (``""``/None removes): one transaction for the look-ups and the
        writes, so two processes upserting the same new event at once create it once."""
        stamp = now_ms()
        with self._write() as db:
            out = []
            for new, fields, custom in items:
                existing = _by_app_key(db, new)
                if existing is None:
                    out.append(_insert_event(db, new, stamp))
                else:
                    out.append(_patch_event(db, existing, fields, custom, stamp))
            return out

    def bulk_insert_events(self, rows: list[tuple[Any, ...]]) -> None:
        """Raw executemany for benchmarks: (app_id, app_name, acct, ext, fields, custom, t, t)."""
        with self._write() as db:
            db.executemany(
                "INSERT INTO events (app_id, app_name, external_account_id, external_event_id,"
                " fields, custom, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def bulk_insert_campaigns(self, rows: list[tuple[str, str, str, int, int]]) -> None:
        """Raw executemany for benchmarks: (id, name, props_json, created, updated)."""
        with self._write() as db:
            db.executemany(
                "INSERT INTO campaigns (id, name, props, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def update_events(
        self, updates: Sequence[tuple[int, Mapping[str, Any], Mapping[str, str]]]
    ) -> tuple[list[EventRow], list[int]]:
        """Patch fields (None removes) and named custom properties (``""`` removes)."""
        updated: list[EventRow] = []
        missing: list[int] = []
        stamp = now_ms()
        with self._write() as db:
            for oid, fields, custom in updates:
                row = db.execute("SELECT * FROM events WHERE object_id = ?", (oid,)).fetchone()
                if row is None:
                    missing.append(oid)
                    continue
                updated.append(_patch_event(db, _event(row), fields, custom, stamp))
        return updated, missing

    def delete_events(self, ids: Sequence[int]) -> list[int]:
        """Delete events and their campaign links; returns the ids that did not exist."""
        existing = set(self.events_by_ids(ids))
        with self._write() as db:
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM events WHERE object_id IN ({marks})", chunk)
                db.execute(
                    f"DELETE FROM campaign_assets WHERE asset_type = ? AND asset_id IN ({marks})",
                    [MARKETING_EVENT, *(str(i) for i in chunk)],
                )
        return [i for i in ids if i not in existing]

    def event_property_defs(self) -> list[str]:
        return [r[0] for r in self._query("SELECT name FROM event_property_defs ORDER BY name")]

    def define_event_properties(self, names: Iterable[str]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO event_property_defs (name) VALUES (?)",
                [(n,) for n in names],
            )

    def campaign_property_defs(self) -> list[str]:
        return [r[0] for r in self._query("SELECT name FROM campaign_property_defs ORDER BY name")]

    def define_campaign_properties(self, names: Iterable[str]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO campaign_property_defs (name) VALUES (?)",
                [(n,) for n in names],
            )

    # ---- the portal itself --------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM portal_meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO portal_meta (key, value) VALUES (?, ?)", (key, value)
            )
