"""HubSpot's limits as plain numbers, defined once.

A leaf module (it imports nothing) so that the plan's cost model can take its rate defaults
from here without the planner importing the client; ``batching`` applies the batch limits.
"""

from __future__ import annotations

CAMPAIGN_BATCH_LIMIT = 50
"""Inputs per campaigns ``batch/*`` request."""
DEFAULT_EVENT_BATCH_SIZE = 100
MAX_EVENT_BATCH_SIZE = 100
"""HubSpot's usual batch limit; marketing events answer 400 to more inputs than this."""
LINK_BATCH_LIMIT = 1
"""A campaign-event link has no batch form: one request each."""

DEFAULT_RATE_LIMIT = 190
"""Requests per rate window when the portal's headers say nothing else (HubSpot's default)."""
DEFAULT_RATE_INTERVAL_MS = 10_000
"""HubSpot's default rate window."""
