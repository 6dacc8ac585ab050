"""The portal's contact lists and their associations with marketing events, in SQLite.

Lists are only what the event associations need: an id, a name and a processing type
(``MANUAL`` for static lists, ``DYNAMIC`` for active ones); tests and the demo portal define
them through the control API. An association is (event objectId, listId); the trigger deletes
an event's associations with the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reconciler.sandbox import extension
from reconciler.sandbox.store import Store, now_ms

DDL = """
CREATE TABLE IF NOT EXISTS portal_lists (
    list_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    processing_type TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS event_lists (
    object_id INTEGER NOT NULL,
    list_id TEXT NOT NULL,
    PRIMARY KEY (object_id, list_id)
);
CREATE TRIGGER IF NOT EXISTS event_lists_follow_events AFTER DELETE ON events
BEGIN
    DELETE FROM event_lists WHERE object_id = OLD.object_id;
END;
"""
PROCESSING_TYPES = ("MANUAL", "DYNAMIC", "SNAPSHOT")

DEMO_LISTS = (
    ("501", "Webinar registrants", "MANUAL"),
    ("502", "Roadshow invitees", "MANUAL"),
    ("503", "Newsletter subscribers", "DYNAMIC"),
)


@dataclass(frozen=True)
class PortalList:
    list_id: str
    name: str
    processing_type: str
    created_at: int


def define(store: Store, lists: Iterable[tuple[str, str, str]]) -> None:
    """Create or rename lists: ``(listId, name, processingType)``."""
    extension.ensure(store, DDL)
    stamp = now_ms()
    with extension.write(store) as db:
        db.executemany(
            "INSERT INTO portal_lists (list_id, name, processing_type, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (list_id) DO UPDATE"
            " SET name = excluded.name, processing_type = excluded.processing_type",
            [(i, n, t, stamp) for i, n, t in lists],
        )


def all_lists(store: Store) -> list[PortalList]:
    extension.ensure(store, DDL)
    rows = extension.query(store, "SELECT * FROM portal_lists ORDER BY list_id")
    return [
        PortalList(r["list_id"], r["name"], r["processing_type"], r["created_at"]) for r in rows
    ]


def exists(store: Store, list_id: str) -> bool:
    extension.ensure(store, DDL)
    return bool(extension.query(store, "SELECT 1 FROM portal_lists WHERE list_id = ?", (list_id,)))


def lists_of(store: Store, object_id: int) -> list[PortalList]:
    """The lists associated with one event, in list id order."""
    extension.ensure(store, DDL)
    rows = extension.query(
        store,
        "SELECT l.* FROM event_lists a JOIN portal_lists l ON l.list_id = a.list_id"
        " WHERE a.object_id = ? ORDER BY l.list_id",
        (object_id,),
    )
    return [
        PortalList(r["list_id"], r["name"], r["processing_type"], r["created_at"]) for r in rows
    ]


def associate(store: Store, object_id: int, list_id: str) -> None:
    extension.ensure(store, DDL)
    with extension.write(store) as db:
        db.execute(
            "INSERT OR IGNORE INTO event_lists (object_id, list_id) VALUES (?, ?)",
            (object_id, list_id),
        )


def disassociate(store: Store, object_id: int, list_id: str) -> None:
    extension.ensure(store, DDL)
    with extension.write(store) as db:
        db.execute(
            "DELETE FROM event_lists WHERE object_id = ? AND list_id = ?", (object_id, list_id)
        )


def association_count(store: Store) -> int:
    """How many event <-> list associations exist (all events)."""
    extension.ensure(store, DDL)
    total: int = extension.query(store, "SELECT COUNT(*) FROM event_lists")[0][0]
    return total


def reset(store: Store, *, demo: bool) -> None:
    """Forget every list and association; with ``demo`` define the demo portal's lists."""
    extension.ensure(store, DDL)
    with extension.write(store) as db:
        db.execute("DELETE FROM event_lists")
        db.execute("DELETE FROM portal_lists")
    if demo:
        define(store, DEMO_LISTS)
