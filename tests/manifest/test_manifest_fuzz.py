"""Any mutation of a valid manifest gives exit 0 or a clean error, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from manifest_helpers import Write, run_validate

EXAMPLES = Path(__file__).resolve().parents[2] / "manifests"
VALID = b"".join(sorted(p.read_bytes() for p in EXAMPLES.glob("*.yaml")))
LINES = VALID.splitlines(keepends=True)

# Values of every YAML shape, including the ones we refuse.
ODD_VALUES = [
    b"[1, 2]",
    b"{a: 1}",
    b"~",
    b"''",
    b'""',
    b"yes",
    b"010",
    b"1.10",
    b"-.inf",
    b".nan",
    b"2026-01-01",
    b"2026-03-10T16:00:00",
    b"12:30:00",
    b"0x1F",
    b"&a x",
    b"*a",
    b"!!int 3",
    b"!!binary aGk=",
    b"|\n  block\n",
    b"- item",
    b"true",
    b"99999999999999999999999",
    b"0001-01-01T00:00:00+01:00",
    b"\t",
    b"\xff\xfe",
    b"\x00",
    b"'unterminated",
    b"[",
    b"}",
    b"? complex",
    b"%YAML 1.1",
    b"---",
    b"...",
    b"#",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
]


def _mutate(lines: list[bytes], index: int, how: str, value: bytes) -> bytes:
    line = lines[index % len(lines)]
    out = list(lines)
    i = index % len(lines)
    if how == "drop":
        del out[i]
    elif how == "duplicate":
        out.insert(i, line)
    elif how == "value" and b":" in line:
        key = line.split(b":", 1)[0]
        out[i] = key + b": " + value + b"\n"
    elif how == "indent":
        out[i] = b"  " + line
    elif how == "dedent":
        out[i] = line.lstrip()
    else:
        out[i] = value + line
    return b"".join(out)


mutation = st.tuples(
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(["drop", "duplicate", "value", "indent", "dedent", "insert"]),
    st.one_of(st.sampled_from(ODD_VALUES), st.binary(max_size=8)),
)


@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_line_mutations_never_crash(write: Write, mutations: list[tuple[int, str, bytes]]) -> None:
    text = VALID
    for index, how, value in mutations:
        text = _mutate(text.splitlines(keepends=True) or [b""], index, how, value)
    write("m.yaml", text)
    assert run_validate("m.yaml").exit_code in (0, 1)


@given(cut=st.integers(min_value=0, max_value=len(VALID)), garbage=st.binary(max_size=16))
def test_truncated_or_garbled_text_never_crashes(write: Write, cut: int, garbage: bytes) -> None:
    write("m.yaml", VALID[:cut] + garbage)
    assert run_validate("m.yaml").exit_code in (0, 1)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["2026-03-10T16:00:00Z", "2026-03-10", "present", "absent", ""]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
CAMPAIGN_KEYS = ["name", "id", "state", "properties", "nmae"]
EVENT_KEYS = [
    "externalAccountId",
    "externalEventId",
    "objectId",
    "state",
    "eventName",
    "eventOrganizer",
    "eventType",
    "eventDescription",
    "eventUrl",
    "startDateTime",
    "endDateTime",
    "eventCancelled",
    "customProperties",
]
PROPERTY_KEYS = ["hs_start_date", "hs_end_date", "hs_notes", "hs_owner", "hs_name", "region"]


def _objects(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    nested = st.dictionaries(st.sampled_from(PROPERTY_KEYS), values, max_size=3)
    return st.dictionaries(st.sampled_from(keys), st.one_of(values, nested), max_size=6)


documents = st.one_of(
    values,
    st.fixed_dictionaries(
        {},
        optional={
            "campaigns": st.one_of(st.lists(_objects(CAMPAIGN_KEYS), max_size=3), values),
            "marketingEvents": st.one_of(st.lists(_objects(EVENT_KEYS), max_size=3), values),
            "other": values,
        },
    ),
)


@given(document=documents)
def test_any_shape_of_data_never_crashes(write: Write, document: object) -> None:
    from io import StringIO

    from ruamel.yaml import YAML

    out = StringIO()
    YAML(typ="safe", pure=True).dump(document, out)
    write("m.yaml", out.getvalue())
    assert run_validate("m.yaml").exit_code in (0, 1)
