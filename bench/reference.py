"""The bare-bones reference planner: the CPU floor our ``reconciler plan`` is measured against.

    python bench/reference.py MANIFEST_DIR --base-url URL [--token TOKEN]

The simplest correct planner for a portal whose manifests pin every event by objectId: the
standard library, a C YAML loader (PyYAML's ``CSafeLoader`` when installed, else ruamel.yaml's
C parser) and plain dicts. It reads the manifests, sends the requests our plan sends (account
info, then the campaign list with the managed properties and the event list, 100 a page, side
by side), diffs the fields each manifest item names (dates as dates, datetimes as instants,
numbers by value) and prints one block per changed object and a summary line, as our text plan
does. No validation beyond what the diff needs, no retries, no pacing, no links, no deletes:
anything outside that is refused, so a figure is never measured on data it gets wrong.
``bench/ratio.py`` runs it beside ours and checks both count the same changes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

API = "2026-09"
CAMPAIGNS = f"/marketing/campaigns/{API}"
EVENTS = f"/marketing/marketing-events/{API}"
EVENT_FIELDS = (
    "eventName",
    "eventOrganizer",
    "eventType",
    "eventDescription",
    "eventUrl",
    "startDateTime",
    "endDateTime",
    "eventCancelled",
)
DATETIMES = {"startDateTime", "endDateTime"}


def load_yaml(text: str) -> Any:
    """PyYAML's C loader when installed, else ruamel.yaml's C parser (safe loading)."""
    try:
        import yaml

        return yaml.load(text, Loader=yaml.CSafeLoader)
    except ImportError:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=False).load(text)


def scalar(value: Any) -> str:
    """A value as HubSpot sends it: a string, "" for empty, dates ISO, instants in UTC."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def instant(value: Any) -> str:
    """An instant as YYYY-MM-DDTHH:MM:SS[.fff]Z."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    utc = when.astimezone(UTC)
    ms = utc.microsecond // 1000
    base = utc.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{ms:03d}Z" if ms else f"{base}Z"


def same(before: str, after: str) -> bool:
    if before == after:
        return True
    try:
        return Decimal(before) == Decimal(after)
    except (InvalidOperation, ValueError):
        return False


def load(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every campaign and event item of the folder's YAML files, in file order."""
    campaigns: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        for item in data.get("campaigns") or []:
            if "state" in item or "marketingEvents" in item:
                sys.exit(f"{path}: the reference planner handles no deletes and no links")
            campaigns.append(item)
        for item in data.get("marketingEvents") or []:
            if "objectId" not in item or "state" in item:
                sys.exit(f"{path}: the reference planner needs every event pinned by objectId")
            events.append(item)
    return campaigns, events


class Portal:
    """One keep-alive connection per thread; pages walked by cursor."""

    def __init__(self, base_url: str, token: str) -> None:
        parts = urlsplit(base_url)
        self.https = parts.scheme == "https"
        self.host = parts.netloc
        self.prefix = parts.path.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.local = threading.local()

    def get(self, path: str) -> Any:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = self.local.conn = kind(self.host, timeout=60)
        conn.request("GET", self.prefix + path, headers=self.headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"GET {path}: HTTP {response.status}: {body[:200]!r}")
        return json.loads(body)

    def pages(self, path: str, query: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        after = ""
        while True:
            data = self.get(f"{path}?limit=100{query}{after}")
            items += data.get("results", [])
            cursor = ((data.get("paging") or {}).get("next") or {}).get("after")
            if not cursor:
                return items
            after = f"&after={quote(cursor)}"


def read(portal: Portal, campaigns: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """Account info, then both lists side by side (as our plan reads them)."""
    portal.get(f"/account-info/{API}/details")
    names = sorted({name for c in campaigns for name in c.get("properties") or {}})
    query = "".join(f"&properties={quote(n)}" for n in ["hs_name", *names])
    found: dict[str, list[Any]] = {}
    threads = [
        threading.Thread(target=lambda: found.update(c=portal.pages(CAMPAIGNS, query))),
        threading.Thread(target=lambda: found.update(e=portal.pages(EVENTS, ""))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return found["c"], found["e"]


def plan(
    campaigns: list[dict[str, Any]],
    events: list[dict[str, Any]],
    live_c: list[dict[str, Any]],
    live_e: list[dict[str, Any]],
) -> tuple[list[str], dict[str, int]]:
    """Output lines and counts: one block per object to create or update."""
    out: list[str] = []
    counts = {"create": 0, "update": 0, "unchanged": 0}
    by_id = {c["id"]: c for c in live_c}
    by_name: dict[str, list[Any]] = {}
    for c in live_c:
        by_name.setdefault(c["properties"].get("hs_name") or "", []).append(c)
    for item in campaigns:
        name = str(item["name"])
        want = {k: scalar(v) for k, v in (item.get("properties") or {}).items()}
        live = by_id.get(str(item["id"])) if "id" in item else None
        if live is None and "id" not in item:
            named = by_name.get(name, [])
            if len(named) > 1:
                sys.exit(f'campaign "{name}": {len(named)} live campaigns have that name')
            live = named[0] if named else None
        if live is None:
            want["hs_name"] = name
            block = [f"+ create campaign {json.dumps(name)}"]
            block += [f"    + {k}: {json.dumps(v)}" for k, v in want.items()]
            counts["create"] += 1
        else:
            have = live["properties"]
            if (have.get("hs_name") or "") != name:
                want = {"hs_name": name, **want}
            block = [
                f"    ~ {k}: {json.dumps(have.get(k) or '')} -> {json.dumps(v)}"
                for k, v in want.items()
                if not same(have.get(k) or "", v)
            ]
            if block:
                block.insert(0, f"~ update campaign {json.dumps(name)} (id {live['id']})")
                counts["update"] += 1
            else:
                counts["unchanged"] += 1
        out += [*block, ""] if block else []
    out += plan_events(events, live_e, counts)
    return out, counts


def plan_events(
    events: list[dict[str, Any]], live_e: list[dict[str, Any]], counts: dict[str, int]
) -> list[str]:
    out: list[str] = []
    by_id = {str(e["objectId"]): e for e in live_e}
    for item in events:
        oid = str(item["objectId"])
        live = by_id.get(oid)
        if live is None:
            sys.exit(f"marketing event {oid}: not on the portal (the reference creates none)")
        custom = {p["name"]: p.get("value") or "" for p in live.get("customProperties") or []}
        block = []
        for key in EVENT_FIELDS:
            if key not in item:
                continue
            value = item[key]
            want: object
            have: object
            if key in DATETIMES:
                want, have = instant(value), instant(live[key]) if live.get(key) else ""
            elif key == "eventCancelled":
                want, have = value, bool(live.get(key))
            else:
                want, have = scalar(value), live.get(key) or ""
            if want != have:
                block.append(f"    ~ {key}: {json.dumps(have)} -> {json.dumps(want)}")
        for name, value in (item.get("customProperties") or {}).items():
            if not same(custom.get(name, ""), scalar(value)):
                block.append(
                    f"    ~ customProperties.{name}: {json.dumps(custom.get(name, ''))} "
                    f"-> {json.dumps(scalar(value))}"
                )
        if block:
            out += [f'~ update marketing event "{oid}"', *block, ""]
            counts["update"] += 1
        else:
            counts["unchanged"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", default="bench")
    args = parser.parse_args(argv)
    campaigns, events = load(args.folder)
    live_c, live_e = read(Portal(args.base_url, args.token), campaigns)
    lines, counts = plan(campaigns, events, live_c, live_e)
    lines.append(
        f"Plan: {counts['create']} to create, {counts['update']} to update, 0 to delete, "
        f"{counts['unchanged']} unchanged."
    )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
