"""Campaign rows: one JSON object of properties per row (only non-empty values are kept, so a
``""`` reset is a key removal); ``hs_name`` is mirrored in an indexed column for sorting. Lists
page by keyset (``(sort value, id) > cursor``), never by OFFSET, so a page costs the same at
row 100,000 as at row 1.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from reconciler.sandbox.store.db import Database, chunks, merge, now_ms

CAMPAIGN_SEQ_BASE = 20_000_000
"""``hs_object_id`` = base + row sequence: numeric like HubSpot's CRM id, stable per row."""

SortKey = Literal["hs_name", "createdAt", "updatedAt"]
_SORT_COLUMNS: dict[str, str] = {
    "hs_name": "name",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
}


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


def _campaign(row: sqlite3.Row) -> CampaignRow:
    return CampaignRow(
        id=row["id"],
        seq=row["seq"],
        props=json.loads(row["props"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class CampaignTable(Database):
    """Campaigns and the custom campaign properties the portal defines."""

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
        for chunk in chunks(list(ids)):
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
                merge(current.props, patch)
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
            for chunk in chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                deleted += db.execute(
                    f"DELETE FROM campaigns WHERE id IN ({marks})", chunk
                ).rowcount
                db.execute(f"DELETE FROM campaign_assets WHERE campaign_id IN ({marks})", chunk)
        return deleted

    def campaign_property_defs(self) -> list[str]:
        return [r[0] for r in self._query("SELECT name FROM campaign_property_defs ORDER BY name")]

    def define_campaign_properties(self, names: Iterable[str]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO campaign_property_defs (name) VALUES (?)",
                [(n,) for n in names],
            )
