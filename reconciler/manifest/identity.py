"""The same object declared twice: each later copy is an error naming both places."""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.errors import Problem
from reconciler.kinds import KindName
from reconciler.manifest.raw import RawObject
from reconciler.manifest.shapes import SHAPES
from reconciler.models import Location


@dataclass(frozen=True, slots=True)
class Identity:
    """The handles under which one object must be unique, taken from what was written."""

    kind: KindName
    handles: tuple[tuple[str, str], ...]
    location: Location
    label: str


def identity(raw: RawObject, location: Location) -> Identity:
    """From the raw data, so that a copy with other mistakes still counts as a duplicate."""
    shape = SHAPES[raw.kind]
    return Identity(raw.kind, shape.handles(shape.spec, raw.data), location, raw.label())


def report_duplicates(kind: KindName, identities: list[Identity], problems: list[Problem]) -> None:
    """Each later copy of an object is an error naming both places (once per pair)."""
    noun = SHAPES[kind].spec.label
    first: dict[tuple[str, str], Identity] = {}
    for one in identities:
        reported: set[int] = set()
        for handle in one.handles:
            other = first.setdefault(handle, one)
            if other is one or id(other) in reported:
                continue
            reported.add(id(other))
            problems.append(
                Problem(
                    f"declared twice: this {noun} and the one at {other.location} have "
                    f"{handle[1]}; keep only one",
                    one.location,
                    one.label,
                    related=(other.location,),
                )
            )
