"""Per-portal values in manifests: one set of manifests, several portals.

Where a value must differ between portals, the manifest says so at the value itself, as a
mapping from portal name (of ``reconciler.yaml``) to value::

    - name: Spring Launch 2026
      id: {staging: 4f1c2d3e-..., production: 9dbec438-...}   # each portal's own GUID
      properties:
        hs_notes:
          staging: "[staging] launch copy"
          production: Launch copy
        hs_audience: Developers                              # the same everywhere

A portal the mapping does not name does not manage that field (for ``id``/``objectId``: the
object is matched by its natural key there). A key that is no portal's name is an error with
"did you mean". Without ``reconciler.yaml`` a mapping where a value belongs stays an error.

An object that only some portals hold says which (after octoDNS's per-record ``included``)::

    - name: Q3 Nurture
      id: {staging: 7a7a7a7a-...}
      portals: [staging]          # production neither creates, updates, deletes nor counts it

A portal the list leaves out does not see the object at all: not its identity (no "declared
twice" with another portal's object of that name), not its values, not its links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reconciler.models import did_you_mean

NESTED = ("properties", "customProperties", "assets")
"""Maps whose values may each be per-portal (``assets``: each type's ids, which differ between
portals: ``FORM: {staging: [...], production: [...]}``)."""
PORTALS = "portals"
"""The key of an object that names the portals managing it (absent: every portal)."""
ITEM_LISTS = ("marketingEvents",)
"""Lists of references, not values: left as written."""

Report = Callable[[str, str], None]
"""(dotted field path, message) -> records a problem at that field."""


@dataclass(frozen=True)
class PortalChoice:
    """The portals ``reconciler.yaml`` names, and the one being planned."""

    names: tuple[str, ...]
    current: str


def resolve(data: dict[str, Any], choice: PortalChoice | None, report: Report) -> bool:
    """Replace every per-portal mapping in one object's raw data by the current portal's value
    (or drop the field where that portal has none); in place. False when the object's
    ``portals`` leaves the current portal out: it is not this portal's to plan or count."""
    managed = managed_here(data.pop(PORTALS), choice, report) if PORTALS in data else True
    if choice is None or not managed:
        return managed
    for key in list(data):
        value = data[key]
        if key in ITEM_LISTS:
            continue
        if key in NESTED and isinstance(value, dict):
            for name in list(value):
                _pick(value, name, f"{key}.{name}", choice, report)
        else:
            _pick(data, key, key, choice, report)
    return True


def managed_here(value: Any, choice: PortalChoice | None, report: Report) -> bool:
    """Whether an object's ``portals`` list names the current portal; a list that is not one
    of reconciler.yaml's names is reported (and the object kept, so its other mistakes show)."""
    if choice is None:
        report(
            PORTALS,
            f"`{PORTALS}` names the portals of reconciler.yaml that manage this object, and no "
            "reconciler.yaml was found here or in a parent folder: remove the key or add the file",
        )
        return True
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        report(
            PORTALS,
            f"`{PORTALS}` must be a list of portal names of reconciler.yaml "
            f"(e.g. [{choice.names[0]}]); its portals: {', '.join(choice.names)}",
        )
        return True
    unknown = _unknown_names(value, choice)
    if unknown:
        report(PORTALS, f"`{PORTALS}` names {unknown}")
        return True
    return choice.current in value


def _unknown_names(names: Iterable[Any], choice: PortalChoice) -> str | None:
    """ "'x', which reconciler.yaml does not (did you mean ...); its portals: a, b", for the
    names that are not reconciler.yaml's portals, or None when all are."""
    unknown = [str(name) for name in names if name not in choice.names]
    if not unknown:
        return None
    hint = did_you_mean(unknown[0], list(choice.names))
    return (
        f"{', '.join(repr(u) for u in unknown)}, which reconciler.yaml does not{hint}; "
        f"its portals: {', '.join(choice.names)}"
    )


def _pick(
    holder: dict[str, Any], key: str, path: str, choice: PortalChoice, report: Report
) -> None:
    value = holder[key]
    if not isinstance(value, dict) or not value:
        return
    unknown = _unknown_names(value, choice)
    if unknown:
        report(path, f"a per-portal value names {unknown}")
        del holder[key]
        return
    if choice.current in value:
        holder[key] = value[choice.current]
    else:
        del holder[key]
