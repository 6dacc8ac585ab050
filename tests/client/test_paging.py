"""Cursor paging, followed in one place: every page once, and never a loop."""

from __future__ import annotations

import pytest

from reconciler.hubspot.errors import HubSpotError
from reconciler.hubspot.paging import follow


def test_follows_the_cursor_to_the_last_page() -> None:
    pages = {None: ("a", "2"), "2": ("b", "3"), "3": ("c", None)}
    asked: list[str | None] = []

    def fetch(after: str | None) -> tuple[str, str | None]:
        asked.append(after)
        return pages[after]

    assert list(follow(fetch, "GET /list")) == ["a", "b", "c"]
    assert asked == [None, "2", "3"]


def test_starts_from_a_given_cursor() -> None:
    pages: dict[str | None, tuple[str, str | None]] = {"2": ("b", None)}
    assert list(follow(lambda after: pages[after], "GET /list", after="2")) == ["b"]


def test_a_repeated_cursor_stops_with_an_error_naming_the_endpoint() -> None:
    pages = {None: ("a", "2"), "2": ("b", "3"), "3": ("c", "2")}
    read: list[str] = []
    with pytest.raises(HubSpotError, match=r"GET /list: HubSpot repeated the paging cursor '2'"):
        for page in follow(lambda after: pages[after], "GET /list"):
            read.append(page)
    assert read == ["a", "b", "c"]
