"""CPU of ``reconciler plan`` against the bare-bones reference planner, side by side, and the
start-up import time.

    python bench/ratio.py [--objects 10000] [--rounds 5] [--hubspot-like] [--out bench/results.md]

The sandbox (its own process) holds ``--objects`` / 2 campaigns and as many events; 100
manifest files name all of them pinned (campaigns by id, events by objectId, as ``import`` and
``pin`` write them), each with its dates, names and other fields, and one changed field per
object. Each round runs ``python -m reconciler plan`` and ``python bench/reference.py`` as
child processes (process start to exit) on the same files and portal, alternating which goes
first, and takes their CPU (user + sys) from ``getrusage`` (``reconciler`` byte-compiled
first, as an installed copy is: see ``compile_package``); the ratio is quoted as the median
of the rounds. Both must count the same changes. By default the portal answers at once and
without rate limit (CPU does not depend on latency); ``--hubspot-like`` adds 150 ms and 190
requests per 10 s. The section it writes replaces the one in ``--out`` (``bench/run.py``
writes it too, with ``--ratio``).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from pin import replace_section
from portal import Portal, sandbox_process, seed

import reconciler
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient

FILES = 100
TARGET = 1.5
TITLE = "## CPU against the reference planner"
REFERENCE = Path(__file__).parent / "reference.py"
SUMMARY = re.compile(r"^Plan: (\d+) to create, (\d+) to update, (\d+) to delete", re.M)


def write_manifests(portal: Portal, folder: Path) -> int:
    """Every object pinned, as ``import`` writes it, with one changed field each."""
    with HubSpotClient(portal.base_url, "bench") as client:
        props = ["hs_name", "hs_start_date", "hs_end_date", "hs_notes", "hs_audience"]
        campaigns = campaigns_api.list_campaigns(client, props)
        events = events_api.list_events(client)
    parts: list[list[str]] = [[] for _ in range(FILES)]
    for i, c in enumerate(campaigns):
        p = c.properties
        parts[i % FILES].append(
            f"  # campaign {i}\n  - name: {json.dumps(p['hs_name'])}\n    id: {c.id}\n"
            f"    properties:\n      hs_start_date: {p['hs_start_date']}\n"
            f"      hs_end_date: {p['hs_end_date']}\n      hs_notes: {json.dumps(p['hs_notes'])}\n"
            "      hs_audience: Changed audience   # was Bulk audience\n"
        )
    event_parts: list[list[str]] = [[] for _ in range(FILES)]
    for i, e in enumerate(events):
        custom = {x.name: x.value for x in e.customProperties}
        event_parts[i % FILES].append(
            f'  - objectId: "{e.objectId}"\n    eventName: {json.dumps(e.eventName)}\n'
            f"    eventOrganizer: Changed Org\n    eventType: {e.eventType}\n"
            f"    startDateTime: {e.startDateTime}\n    endDateTime: {e.endDateTime}\n"
            f"    eventCancelled: {str(e.eventCancelled).lower()}\n"
            + "".join(f"    customProperties:\n      {k}: {v}\n" for k, v in custom.items())
        )
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(FILES):
        text = f"# part {n}\ncampaigns:\n{''.join(parts[n])}" if parts[n] else ""
        text += f"marketingEvents:\n{''.join(event_parts[n])}" if event_parts[n] else ""
        (folder / f"part-{n:03d}.yaml").write_text(text, encoding="utf-8")
    return len(campaigns) + len(events)


@contextmanager
def prepared(objects: int, hubspot_like: bool = False) -> Iterator[tuple[Portal, Path]]:
    """A seeded sandbox process and the manifests folder for it."""
    with sandbox_process() as portal, tempfile.TemporaryDirectory(prefix="bench-ratio-") as tmp:
        seed(portal, objects // 2, objects - objects // 2)
        folder = Path(tmp) / "manifests"
        write_manifests(portal, folder)
        if hubspot_like:
            portal.hubspot_like()
        yield portal, folder


def child(argv: list[str], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """One child process, start to exit: CPU (user + sys), wall, its plan's counts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = SUMMARY.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return {
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "user_s": after.ru_utime - before.ru_utime,
        "wall_s": wall,
        "counts": tuple(int(g) for g in match.groups()),
    }


def plan_env(portal: Portal) -> dict[str, str]:
    return {
        **os.environ,
        "HUBSPOT_ACCESS_TOKEN": "bench",
        "HUBSPOT_BASE_URL": portal.base_url,
        "NO_COLOR": "1",
    }


def compile_package() -> None:
    """Byte-compile ``reconciler`` as an installed copy is: ``pip install`` (the action's way)
    compiles every module, but where ``PYTHONDONTWRITEBYTECODE`` is set, as on the machine
    these figures come from, an editable checkout compiles its ~90 modules again on every
    run (~0.09 s of CPU that no installed copy pays). The reference is one script whose
    imports (json, http.client, PyYAML) come compiled already."""
    compileall.compile_dir(Path(reconciler.__file__).parent, quiet=1)


def measure(objects: int, rounds: int, hubspot_like: bool = False) -> dict[str, Any]:
    compile_package()
    ours_argv = [sys.executable, "-m", "reconciler", "plan", "manifests"]
    with prepared(objects, hubspot_like) as (portal, folder):
        ref_argv = [sys.executable, str(REFERENCE), "manifests", "--base-url", portal.base_url]
        env = plan_env(portal)
        rows = []
        for r in range(rounds):
            order = [("ours", ours_argv), ("reference", ref_argv)]
            runs = {}
            for name, argv in order if r % 2 == 0 else order[::-1]:
                if hubspot_like:
                    portal.rested()
                runs[name] = child(argv, folder.parent, env)
            if runs["ours"]["counts"] != runs["reference"]["counts"]:
                raise RuntimeError(f"the plans differ: {runs}")
            rows.append(runs)
    ratios = [r["ours"]["cpu_s"] / r["reference"]["cpu_s"] for r in rows]
    return {
        "objects": objects,
        "rounds": rows,
        "ratios": ratios,
        "ratio": statistics.median(ratios),
        "ours_cpu_s": statistics.median(r["ours"]["cpu_s"] for r in rows),
        "reference_cpu_s": statistics.median(r["reference"]["cpu_s"] for r in rows),
        "changes": rows[0]["ours"]["counts"],
    }


def import_time(argv: tuple[str, ...] = ("--help",), top: int = 8) -> dict[str, Any]:
    """``python -X importtime -m reconciler --help``: its CPU, and the packages whose own
    module code took longest (self time summed per top-level package: everything is imported
    under ``reconciler.cli``, so cumulative times would name only that)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reconciler", *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    per_package: dict[str, int] = {}
    modules = 0
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", line)
        if m:
            modules += 1
            package = m[2].split(".")[0]
            per_package[package] = per_package.get(package, 0) + int(m[1])
    ranked = sorted(((us, name) for name, us in per_package.items()), reverse=True)
    return {
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "imports_s": sum(per_package.values()) / 1e6,
        "modules": modules,
        "top": ranked[:top],
    }


def section(r: dict[str, Any], imp: dict[str, Any]) -> str:
    met = "met" if r["ratio"] <= TARGET else "not met"
    lines = [
        TITLE,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores shared with other "
        f"work, Python {platform.python_version()}. `python bench/ratio.py --objects "
        f"{r['objects']} --rounds {len(r['rounds'])}`: {r['objects']:,} objects, all pinned, "
        f"every object changed ({r['changes'][1]:,} updates in both plans). CPU = user + sys "
        "of the whole process, start to exit, with `reconciler` byte-compiled as an installed "
        "copy is.",
        "",
        "| round | ours CPU s | reference CPU s | ratio | ours wall s | reference wall s |",
        "|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(r["rounds"], 1):
        o, ref = row["ours"], row["reference"]
        lines.append(
            f"| {i} | {o['cpu_s']:.2f} | {ref['cpu_s']:.2f} | {o['cpu_s'] / ref['cpu_s']:.2f}x "
            f"| {o['wall_s']:.1f} | {ref['wall_s']:.1f} |"
        )
    lines += [
        "",
        f"Median: ours {r['ours_cpu_s']:.2f} s, reference {r['reference_cpu_s']:.2f} s, ratio "
        f"{r['ratio']:.2f}x against a target of {TARGET}x: {met}.",
        "",
        f"Start-up, `python -X importtime -m reconciler --help`: {imp['cpu_s']:.2f} s CPU for "
        f"the whole run, {imp['modules']} modules imported in {imp['imports_s']:.2f} s of wall "
        "clock; the largest importers, module code per top-level package: "
        + ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in imp["top"])
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--hubspot-like", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.md")
    args = parser.parse_args(argv)
    text = section(measure(args.objects, args.rounds, args.hubspot_like), import_time())
    print(text)
    replace_section(args.out, text, TITLE)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
