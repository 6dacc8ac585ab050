"""Saved plans: the JSON plan plus what apply needs, and the check that nothing moved since.

A saved plan records, for every object it changes, the live values of its managed fields as
read (``file``). Apply refuses it when the target differs or when any such object moved: what
to read again comes from ``scope``, the per-kind checks from ``moved``.
"""

from reconciler.saved.file import api_version_for, check_target, dump, load
from reconciler.saved.moved import MOVED, moved_objects
from reconciler.saved.scope import ASK, desired_for

__all__ = [
    "ASK",
    "MOVED",
    "api_version_for",
    "check_target",
    "desired_for",
    "dump",
    "load",
    "moved_objects",
]
