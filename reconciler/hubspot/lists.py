"""Marketing event <-> contact list associations, by the event's objectId: read an event's
lists, associate or disassociate one list.

HubSpot's specs ask for ``crm.objects.marketing_events.write`` on the read too (the notes
call it odd; the scope message names it so a 403 says what to grant).
"""

from __future__ import annotations

from pydantic import ConfigDict

from reconciler.hubspot import answers
from reconciler.hubspot.answers import Page
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paging import follow
from reconciler.model_base import Model

WRITE = "crm.objects.marketing_events.write"


class PublicList(Model):
    """``PublicList``: what the reconciler uses of it is the id and the name."""

    model_config = ConfigDict(extra="allow")

    listId: str
    name: str | None = None
    processingType: str | None = None
    objectTypeId: str | None = None


def event_lists(client: HubSpotClient, object_id: str) -> list[PublicList]:
    """Every list associated with one event (a page with ``total``; further pages followed
    should HubSpot ever send a cursor)."""
    path = client.paths.event_lists(object_id)

    def fetch(cursor: str | None) -> tuple[list[PublicList], str | None]:
        params = {"after": cursor} if cursor else None
        response = client.request("GET", path, scope=WRITE, params=params)
        page = answers.parse(response, Page[PublicList])
        return page.results, page.after

    return [item for page in follow(fetch, f"GET {path}") for item in page]


def associate_list(client: HubSpotClient, object_id: str, list_id: str) -> None:
    """Associate a list with an event (204; idempotent)."""
    client.request("PUT", client.paths.event_list(object_id, list_id), scope=WRITE)


def disassociate_list(client: HubSpotClient, object_id: str, list_id: str) -> None:
    """Remove the association (204; idempotent)."""
    client.request("DELETE", client.paths.event_list(object_id, list_id), scope=WRITE)
