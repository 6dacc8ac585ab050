"""Plain (unquoted) scalars: YAML 1.2 core schema rules, minus timestamps.

ruamel's own resolver would turn ``2026-03-01`` into a date and ``010`` into 8 behind the
user's back; here timestamps stay strings until the models parse them (so a missing offset is
caught) and text fields keep what was written.
"""

from __future__ import annotations

import re
from typing import Any

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}


def plain_scalar(text: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.2 core rules, except timestamps stay strings."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text and (text[0].isdigit() or text[0] in "+-."):
        if _INT_RE.fullmatch(text):
            return int(text)
        if text.startswith(("0o", "0x")):
            try:
                return int(text, 0)
            except ValueError:
                return text
        if _FLOAT_RE.fullmatch(text):
            return float(text)
        if text.lower() in _SPECIAL_FLOATS:
            return float(_SPECIAL_FLOATS[text.lower()])
    return text


def text_scalar(text: str) -> Any:
    """A plain scalar as written, for values HubSpot keeps as strings; null and booleans aside."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    return text
