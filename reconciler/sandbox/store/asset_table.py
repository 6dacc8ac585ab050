"""Campaign <-> asset links (MARKETING_EVENT, FORM, ...), paged by asset id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reconciler.sandbox.store.db import Database, chunks

MARKETING_EVENT = "MARKETING_EVENT"
"""The asset type whose ids are marketing-event objectIds (kept in step with ``events``)."""


@dataclass
class AssetPage:
    """One page of a campaign's assets of one type, in ``asset_id`` order."""

    ids: list[str]
    next_after: str | None
    """The last id on this page when more follow (the keyset cursor), else None."""


class AssetTable(Database):
    """The links of campaigns to their assets."""

    def asset_link_count(self) -> int:
        """How many campaign-asset links exist (all campaigns, all types)."""
        count: int = self._query("SELECT COUNT(*) FROM campaign_assets")[0][0]
        return count

    def campaign_assets(
        self, ids: Sequence[str], *, per_type: int
    ) -> dict[str, dict[str, AssetPage]]:
        """The first ``per_type`` asset ids per campaign and asset type, in id order."""
        out: dict[str, dict[str, AssetPage]] = {}
        for chunk in chunks(list(ids)):
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
