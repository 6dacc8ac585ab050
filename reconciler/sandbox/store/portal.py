"""The sandbox portal's whole state: every table, plus what concerns the portal as a whole
(clearing it, counting, its size on disk, facts such as its portal id)."""

from __future__ import annotations

from pathlib import Path

from reconciler.sandbox.store.asset_table import AssetTable
from reconciler.sandbox.store.campaign_table import CampaignTable
from reconciler.sandbox.store.event_table import EventTable


class Store(CampaignTable, AssetTable, EventTable):
    """All reads and writes of the sandbox portal's state."""

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

    def size_bytes(self) -> int:
        """Database plus WAL file size on disk."""
        total = 0
        for suffix in ("", "-wal"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return total

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM portal_meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO portal_meta (key, value) VALUES (?, ?)", (key, value)
            )
