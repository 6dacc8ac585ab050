"""The sandbox portal's state in SQLite: ``Store`` and the rows it reads and writes.

``db`` holds the tables and the connection; ``campaign_table``, ``asset_table`` and
``event_table`` the reads and writes of each; ``portal`` puts them together as ``Store``.
"""

from reconciler.sandbox.store.asset_table import MARKETING_EVENT, AssetPage
from reconciler.sandbox.store.campaign_table import CAMPAIGN_SEQ_BASE, CampaignRow, SortKey
from reconciler.sandbox.store.db import now_ms
from reconciler.sandbox.store.event_table import EventRow, NewEvent
from reconciler.sandbox.store.portal import Store

__all__ = [
    "CAMPAIGN_SEQ_BASE",
    "MARKETING_EVENT",
    "AssetPage",
    "CampaignRow",
    "EventRow",
    "NewEvent",
    "SortKey",
    "Store",
    "now_ms",
]
