"""``--target``: plan only the objects named (by key as the plan prints it, or pinned id)."""

from __future__ import annotations

from reconciler.errors import PlanError
from reconciler.models import Campaign, DesiredState, MarketingEvent, Sourced, did_you_mean


def select_targets(desired: DesiredState, keys: list[str]) -> DesiredState:
    """Only the objects named by ``--target`` (key as the plan prints it, or a pinned id)."""
    if not keys:
        return desired
    wanted = set(keys)
    found: set[str] = set()

    def named(sourced: Sourced) -> bool:
        obj = sourced.obj
        ids = {obj.key}
        if isinstance(obj, Campaign) and obj.id:
            ids.add(obj.id)
        if isinstance(obj, MarketingEvent) and obj.objectId:
            ids.add(obj.objectId)
        hit = ids & wanted
        found.update(hit)
        return bool(hit)

    campaigns = [s for s in desired.campaigns if named(s)]
    events = [s for s in desired.events if named(s)]
    missing = sorted(wanted - found)
    if missing:
        known = [s.obj.key for s in desired.objects]
        raise PlanError([_unknown_target(key, known) for key in missing])
    return DesiredState(
        campaigns=campaigns,
        events=events,
        untargeted_events=[s for s in desired.events if s not in events],
    )


def _unknown_target(key: str, known: list[str]) -> str:
    campaign, arrow, member = key.partition(" -> ")
    if arrow and member.startswith("list "):
        return (
            f'--target "{key}" names an event list: target its event ("{campaign}"), whose '
            "lists come with it"
        )
    if arrow:
        return (
            f'--target "{key}" names a link: target its campaign ("{campaign}"), whose links '
            "come with it"
        )
    return f'--target "{key}" names no object in the manifests{did_you_mean(key, known)}'
