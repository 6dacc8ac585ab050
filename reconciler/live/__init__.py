"""Portal -> LiveState: read only what the manifests manage, in the fewest requests.

Campaigns: the list endpoint (100 a page, only the managed property names plus ``hs_name``),
or ``batch/read`` (50 a request) when every managed campaign is pinned by id and that takes
fewer requests. Events: the list endpoint (100 a page); the list omits ``externalAccountId``,
so where live events share a manifest's ``externalEventId`` one ``/identifiers`` look-up per
distinct id tells their accounts, and the by-external-id GET settles events too new for
``/identifiers``. These identity look-ups are counted: they are the one read cost that grows
with the number of unpinned events, and ``reconciler pin`` removes it. A campaign's link that
names an event the manifests declare pinned needs none (the planner resolves it through that
event). Campaigns and events are read side by side.

``import`` reads the whole portal through the same readers (``read_portal``).

- ``progress``: the progress hook; ``convert``: answers -> live models;
- ``campaigns`` and ``events``: one kind's reads; ``read``: both kinds side by side.
"""

from reconciler.live.campaigns import managed_campaign_properties
from reconciler.live.convert import (
    LIVE_EVENT_FIELDS,
    live_event_from_answer,
    to_live_campaign,
    to_live_campaign_validated,
    to_live_event,
    to_live_event_validated,
)
from reconciler.live.progress import Progress
from reconciler.live.read import PortalRead, ReadResult, read_live, read_portal

__all__ = [
    "LIVE_EVENT_FIELDS",
    "PortalRead",
    "Progress",
    "ReadResult",
    "live_event_from_answer",
    "managed_campaign_properties",
    "read_live",
    "read_portal",
    "to_live_campaign",
    "to_live_campaign_validated",
    "to_live_event",
    "to_live_event_validated",
]
