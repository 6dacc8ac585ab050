"""Identity look-ups of a plan before and after ``reconciler pin``, at a realistic size.

    python bench/pin.py [--objects 10000] [--matched 3000] [--out bench/results.md]

The sandbox (its own process, 150 ms latency, 190 requests per 10 s) holds ``--objects`` / 2
campaigns and as many events. Hand-written manifests (100 files, a comment on each item) name
every campaign by name and every event: ``--matched`` of them by external ids, the rest pinned
by objectId; every object changed. The real CLI runs in a child process, as a user runs it:
``plan --format json``, ``pin``, ``plan --format json``, each starting with an empty rate window.
Requests and identity look-ups (``/identifiers``, by-external-id GETs) are counted from the
sandbox's request log. The section it writes replaces the one in ``--out`` (``bench/run.py``
writes it too, with ``--pin``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from portal import LATENCY_MS, RATE_LIMIT, WINDOW_S, Portal, rate_floor_s, sandbox_process, seed

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient

FILES = 100
TITLE = "## Identity look-ups before and after `reconciler pin`"


def write_manifests(portal: Portal, folder: Path, matched: int) -> tuple[int, int]:
    """Every campaign by name; the first ``matched`` events by external ids, the rest pinned."""
    with HubSpotClient(portal.base_url, "bench") as client:
        campaigns = campaigns_api.list_campaigns(client, ["hs_name"])
        events = events_api.list_events(client)
    parts: list[list[str]] = [[] for _ in range(FILES)]
    event_parts: list[list[str]] = [[] for _ in range(FILES)]
    for i, c in enumerate(campaigns):
        parts[i % FILES].append(
            f"  # campaign {i}\n  - name: {json.dumps(c.properties['hs_name'])}\n"
            "    properties:\n      hs_audience: Changed audience   # was Bulk audience\n"
        )
    for i, e in enumerate(events):
        identity = (
            f"  - externalAccountId: bulk-acct\n    externalEventId: {e.externalEventId}\n"
            if i < matched
            else f'  - objectId: "{e.objectId}"\n'
        )
        event_parts[i % FILES].append(
            f"  # event {i}\n{identity}    eventOrganizer: 'Changed Org'\n"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(FILES):
        text = f"# part {n}: written by hand\n"
        text += "campaigns:\n" + "".join(parts[n]) if parts[n] else ""
        text += "marketingEvents:\n" + "".join(event_parts[n]) if event_parts[n] else ""
        (folder / f"part-{n:03d}.yaml").write_text(text, encoding="utf-8")
    return len(campaigns), len(events)


def cli(portal: Portal, workdir: Path, *args: str) -> dict[str, Any]:
    """One ``reconciler`` run in a child process: wall, CPU, requests and look-ups it sent."""
    env = {
        **os.environ,
        "HUBSPOT_ACCESS_TOKEN": "bench",
        "HUBSPOT_BASE_URL": portal.base_url,
        "NO_COLOR": "1",
    }
    portal.control.clear_requests()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "reconciler", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.monotonic() - started
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"reconciler {' '.join(args)} failed:\n{done.stderr}")
    log = portal.control.requests()
    return {
        "wall_s": wall,
        "cpu_s": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
        "requests": len(log),
        "lookups": sum(  # /identifiers and by-external-id GETs, whatever the API version
            r.method == "GET" and (r.path.endswith("/identifiers") or "/events/" in r.path)
            for r in log
        ),
        "writes": sum(r.is_write for r in log),
        "http_429": sum(r.status == 429 for r in log),
        "stdout": done.stdout,
    }


def changes(plan_stdout: str) -> list[dict[str, Any]]:
    """The plan's changes without ``source`` (pinning adds lines, so later objects move)."""
    return [
        {k: v for k, v in c.items() if k != "source"} for c in json.loads(plan_stdout)["changes"]
    ]


def measure(objects: int, matched: int) -> dict[str, Any]:
    with sandbox_process() as portal, tempfile.TemporaryDirectory(prefix="bench-pin-") as tmp:
        seed(portal, objects // 2, objects - objects // 2)
        work = Path(tmp)
        nc, ne = write_manifests(portal, work / "manifests", matched)
        portal.hubspot_like()
        before = cli(portal, work, "plan", "--format", "json")
        portal.rested()
        pin = cli(portal, work, "pin")
        portal.rested()
        after = cli(portal, work, "plan", "--format", "json")
        pinned = next(
            line
            for line in pin["stdout"].splitlines()
            if line.startswith("Pinned ") and "No write" in line
        )
        return {
            "objects": objects,
            "campaigns": nc,
            "events": ne,
            "matched": matched,
            "before": {k: v for k, v in before.items() if k != "stdout"},
            "pin": {k: v for k, v in pin.items() if k != "stdout"},
            "after": {k: v for k, v in after.items() if k != "stdout"},
            "pin_summary": pinned,
            "same_changes": changes(before["stdout"]) == changes(after["stdout"]),
            "changes": len(changes(after["stdout"])),
        }


def section(r: dict[str, Any]) -> str:
    """The results.md section: one row per run, against what the rate limit makes of it."""
    b, p, a = r["before"], r["pin"], r["after"]
    budget = b["lookups"] * WINDOW_S / RATE_LIMIT
    lines = [
        TITLE,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores (shared with other work), "
        f"Python {platform.python_version()}; sandbox latency {LATENCY_MS} ms, rate limit {RATE_LIMIT} "
        f"per {WINDOW_S:g} s. {r['objects']:,} objects ({r['campaigns']:,} campaigns by name, "
        f"{r['events']:,} events: {r['matched']:,} by external ids, the rest pinned by objectId), "
        f"{FILES} hand-written files, every object changed. `python bench/pin.py --objects "
        f"{r['objects']} --matched {r['matched']}`.",
        "",
        "| run | requests | identity look-ups | wall s | CPU s | writes | 429s |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in (("plan before pin", b), ("pin", p), ("plan after pin", a)):
        lines.append(
            f"| {name} | {row['requests']:,} | {row['lookups']:,} | {row['wall_s']:.1f} "
            f"| {row['cpu_s']:.2f} | {row['writes']} | {row['http_429']} |"
        )
    lines += [
        "",
        f"Before pinning, the look-ups use {budget:.0f} s of the rate limit on every plan (rate "
        f"floor of the whole plan {rate_floor_s(b['requests']):.0f} s); `pin` pays that once and "
        f"sends no write. After it the plan sends {a['lookups']} look-ups and "
        f"{a['requests']:,} requests ({b['requests'] / max(1, a['requests']):.0f}x fewer), with "
        f"the same {r['changes']:,} changes: {'yes' if r['same_changes'] else 'NO'}. "
        f'pin printed: "{r["pin_summary"]}" Its CPU beyond the plan\'s is the round trip '
        "(ruamel.yaml, pure Python) of the files it edits, paid once.",
    ]
    return "\n".join(lines) + "\n"


def replace_section(path: Path, text: str, title: str = TITLE) -> None:
    """Put ``text`` in place of the old section (or at the end), keeping the rest of the file."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head, found, rest = old.partition(title)
    tail = ""
    if found:
        after = rest.find("\n## ")
        tail = rest[after + 1 :] if after >= 0 else ""
    path.write_text(
        head.rstrip("\n") + "\n\n" + text + ("\n" + tail if tail else ""), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=10_000, help="half campaigns, half events")
    parser.add_argument("--matched", type=int, default=3_000, help="events named by external ids")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.md")
    args = parser.parse_args(argv)
    row = measure(args.objects, args.matched)
    text = section(row)
    print(text)
    replace_section(args.out, text)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
