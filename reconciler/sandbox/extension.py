"""Tables that hang on the portal's core tables, kept in step by SQLite triggers.

Budget and spend items, contact lists and event <-> list associations live in tables of their
own (``budget_store``, ``lists_store``); each module declares its DDL and calls
``ensure(store, ddl)`` before it reads or writes. The triggers in that DDL delete what hangs on
a campaign or an event when the campaign or event row goes (HubSpot's archive removes what
hangs on it), whatever path deleted the row: a single delete, a batch archive or ``clear``.
This module is the one place that reaches into ``Store``'s transaction helpers.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from reconciler.sandbox.store import Store

_installed: weakref.WeakKeyDictionary[Store, set[str]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def ensure(store: Store, ddl: str) -> None:
    """Run ``ddl`` (idempotent ``CREATE ... IF NOT EXISTS``) once per store."""
    with _lock:
        done = _installed.setdefault(store, set())
        if ddl in done:
            return
        with write(store) as db:
            _run_script(db, ddl)
        done.add(ddl)


def _run_script(db: sqlite3.Connection, ddl: str) -> None:
    """``executescript`` would COMMIT the open transaction: run the statements one by one."""
    for statement in _statements(ddl):
        db.execute(statement)


def _statements(ddl: str) -> Iterator[str]:
    """``ddl`` split into statements; a trigger's body (``BEGIN ... END;``) stays whole."""
    buffer = ""
    for line in ddl.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


@contextmanager
def write(store: Store) -> Iterator[sqlite3.Connection]:
    """One IMMEDIATE transaction on the store's connection."""
    with store._write() as db:
        yield db


def query(store: Store, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
    return store._query(sql, params)
