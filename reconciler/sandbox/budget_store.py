"""Campaign budget and spend items in the sandbox's SQLite file.

One table holds both lists (``kind`` is ``budget`` or ``spend``); an item's id is a number
(HubSpot's ``budgetId``/``spendId`` are int64 path parameters) that stays unique across both
lists and all campaigns. Amounts are kept as decimal text so that totals add up exactly; the
trigger deletes a campaign's items with the campaign.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from reconciler.sandbox import extension
from reconciler.sandbox.store import Store, now_ms

BudgetKind = Literal["budget", "spend"]
KINDS: tuple[BudgetKind, ...] = ("budget", "spend")
ITEM_ID_BASE = 30_000_000
"""Item id = base + row sequence: numeric like HubSpot's, stable per row."""

DDL = """
CREATE TABLE IF NOT EXISTS campaign_budget_items (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    amount TEXT NOT NULL,
    item_order INTEGER NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS budget_items_by_campaign ON campaign_budget_items (campaign_id, kind);
CREATE TRIGGER IF NOT EXISTS budget_items_follow_campaigns AFTER DELETE ON campaigns
BEGIN
    DELETE FROM campaign_budget_items WHERE campaign_id = OLD.id;
END;
"""


@dataclass(frozen=True)
class ItemInput:
    """A checked ``PublicBudgetItemInput`` (or spend input)."""

    name: str
    amount: Decimal
    order: int
    description: str | None


@dataclass(frozen=True)
class BudgetItem:
    id: str
    kind: BudgetKind
    name: str
    amount: Decimal
    order: int
    description: str | None
    created_at: int
    updated_at: int


def _item(row: sqlite3.Row) -> BudgetItem:
    return BudgetItem(
        id=str(ITEM_ID_BASE + row["seq"]),
        kind=row["kind"],
        name=row["name"],
        amount=Decimal(row["amount"]),
        order=row["item_order"],
        description=row["description"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _seq(item_id: str) -> int | None:
    """The row sequence an item id names, or None when it cannot name one."""
    if not (item_id.isascii() and item_id.isdigit() and len(item_id) < 19):
        return None
    seq = int(item_id) - ITEM_ID_BASE
    return seq if seq > 0 and str(int(item_id)) == item_id else None


def items(store: Store, campaign_id: str) -> list[BudgetItem]:
    """Every budget and spend item of one campaign, in id (creation) order."""
    extension.ensure(store, DDL)
    rows = extension.query(
        store,
        "SELECT * FROM campaign_budget_items WHERE campaign_id = ? ORDER BY seq",
        (campaign_id,),
    )
    return [_item(r) for r in rows]


def item(store: Store, campaign_id: str, kind: BudgetKind, item_id: str) -> BudgetItem | None:
    extension.ensure(store, DDL)
    seq = _seq(item_id)
    if seq is None:
        return None
    rows = extension.query(
        store,
        "SELECT * FROM campaign_budget_items WHERE seq = ? AND campaign_id = ? AND kind = ?",
        (seq, campaign_id, kind),
    )
    return _item(rows[0]) if rows else None


def add(store: Store, campaign_id: str, kind: BudgetKind, new: ItemInput) -> BudgetItem:
    extension.ensure(store, DDL)
    stamp = now_ms()
    with extension.write(store) as db:
        cur = db.execute(
            "INSERT INTO campaign_budget_items (campaign_id, kind, name, amount, item_order,"
            " description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                campaign_id,
                kind,
                new.name,
                str(new.amount),
                new.order,
                new.description,
                stamp,
                stamp,
            ),
        )
        row = db.execute(
            "SELECT * FROM campaign_budget_items WHERE seq = ?", (cur.lastrowid,)
        ).fetchone()
    return _item(row)


def replace(
    store: Store, campaign_id: str, kind: BudgetKind, item_id: str, new: ItemInput
) -> BudgetItem | None:
    """Replace an item's fields (a PUT: a description not sent is removed); None if unknown."""
    extension.ensure(store, DDL)
    seq = _seq(item_id)
    if seq is None:
        return None
    with extension.write(store) as db:
        cur = db.execute(
            "UPDATE campaign_budget_items SET name = ?, amount = ?, item_order = ?,"
            " description = ?, updated_at = ? WHERE seq = ? AND campaign_id = ? AND kind = ?",
            (
                new.name,
                str(new.amount),
                new.order,
                new.description,
                now_ms(),
                seq,
                campaign_id,
                kind,
            ),
        )
        if cur.rowcount == 0:
            return None
        row = db.execute("SELECT * FROM campaign_budget_items WHERE seq = ?", (seq,)).fetchone()
    return _item(row)


def remove(store: Store, campaign_id: str, kind: BudgetKind, item_id: str) -> bool:
    """Delete one item; False when the campaign has no such item."""
    extension.ensure(store, DDL)
    seq = _seq(item_id)
    if seq is None:
        return False
    with extension.write(store) as db:
        cur = db.execute(
            "DELETE FROM campaign_budget_items WHERE seq = ? AND campaign_id = ? AND kind = ?",
            (seq, campaign_id, kind),
        )
    return cur.rowcount > 0


def count(store: Store) -> int:
    """How many budget and spend items the portal holds (all campaigns)."""
    extension.ensure(store, DDL)
    total: int = extension.query(store, "SELECT COUNT(*) FROM campaign_budget_items")[0][0]
    return total
