"""List pages parsed in one pass of pydantic's JSON parser give what ``json`` then the model
gives: the same page for any body it accepts, and the same error for any it refuses."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler.hubspot import answers
from reconciler.hubspot.answers import MalformedAnswerError, Page, RawPage
from reconciler.hubspot.campaigns import PublicCampaign

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(["id", "properties", "results", "paging", "total", "assets", "x", "next"])
BODIES = st.dictionaries(
    KEYS, JSON_VALUES | st.dictionaries(KEYS, JSON_VALUES, max_size=4), max_size=5
)


def _response(content: bytes) -> httpx.Response:
    request = httpx.Request("GET", "https://api.hubapi.com/marketing/campaigns/2026-09")
    return httpx.Response(200, content=content, request=request)


def _outcome(call: Any, response: httpx.Response, model: type[Any]) -> tuple[str, Any]:
    try:
        return "ok", repr(call(response, model).model_dump())  # repr: nan equals nan
    except MalformedAnswerError as exc:
        return "error", str(exc)


@pytest.mark.parametrize("model", [RawPage, Page[PublicCampaign]])
@given(body=BODIES)
def test_any_body_reads_the_same_as_the_long_way(model: type[Any], body: dict[str, Any]) -> None:
    response = _response(json.dumps(body).encode())
    assert _outcome(answers.parse_page, response, model) == _outcome(answers.parse, response, model)


@pytest.mark.parametrize(
    "content",
    [
        b'{"results": [{"id": "1", "properties": {"hs_name": "A"}}], "total": 1}',
        b'{"results": [{"id": "1"}], "paging": {"next": {"after": "2"}}}',
        b'{"results": [{"id": 1}]}',
        b'{"results": null}',
        b"[]",
        b"<html>login</html>",
        b'{"results": [], "total": 1e400}',
        b'{"results": [{"id": "\\ud800"}]}',
        b'\xef\xbb\xbf{"results": []}',
        b'{"results": [], "results": [{"id": "2"}]}',
        b'{"results": [{"id": "1", "properties": {"n": NaN}}]}',
        b"",
    ],
)
def test_odd_bodies_read_the_same_as_the_long_way(content: bytes) -> None:
    for model in (RawPage, Page[PublicCampaign]):
        response = _response(content)
        assert _outcome(answers.parse_page, response, model) == _outcome(
            answers.parse, response, model
        )
