"""Marketing event rows: fields and custom properties as JSON, the creating app and the external
ids in columns (an app's external ids are unique), paged by objectId."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.sandbox.store.asset_table import MARKETING_EVENT
from reconciler.sandbox.store.db import Database, chunks, merge, now_ms


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
    merge(ev.fields, fields)
    merge(ev.custom, custom)
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


class EventTable(Database):
    """Marketing events and the custom event properties the portal defines."""

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
        for chunk in chunks(list(ids)):
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
            for chunk in chunks(list(ids)):
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
