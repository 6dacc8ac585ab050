"""Load + validate time and peak memory for large manifest trees (10,000 and 100,000 objects).

Usage: python bench/manifests.py [--sizes 10000 100000] [--files 100]

Each size is written to a temp folder (half campaigns, half events, spread over ``--files``
files, ~10 fields per object) and loaded in a fresh child process, so that the peak RSS it
reports belongs to that load alone. Targets (issue 3): 10,000 objects < 3 s, 100,000 < 30 s
on 2 cores, peak < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_S = {10_000: 3.0, 100_000: 30.0}
TARGET_MB = 500.0


def _campaign(i: int) -> str:
    return (
        f"  - name: Bench campaign {i:06d}\n"
        f"    id: 00000000-0000-4000-8000-{i:012d}\n"
        "    properties:\n"
        "      hs_start_date: 2026-03-01\n"
        "      hs_end_date: 2026-04-30\n"
        '      hs_notes: ""\n'
        "      hs_audience: Developers\n"
        "      hs_campaign_status: planned\n"
        "      hs_currency_code: USD\n"
    )


def _event(i: int) -> str:
    return (
        "  - externalAccountId: acct-1\n"
        f"    externalEventId: bench-{i:06d}\n"
        f"    eventName: Bench event {i:06d}\n"
        "    eventOrganizer: Example Inc\n"
        "    eventType: WEBINAR\n"
        '    eventDescription: ""\n'
        "    eventUrl: https://example.com/webinar\n"
        "    startDateTime: 2026-03-10T17:00:00+01:00\n"
        "    endDateTime: 2026-03-10T17:00:00Z\n"
        "    eventCancelled: false\n"
        "    customProperties:\n"
        "      region: EMEA\n"
        "      track: product\n"
    )


def write_tree(folder: Path, objects: int, files: int) -> int:
    """Write ``objects`` objects over ``files`` files; returns the bytes written."""
    per_file = -(-objects // files)
    written = 0
    for f in range(files):
        start, stop = f * per_file, min((f + 1) * per_file, objects)
        if start >= stop:
            break
        half = start + (stop - start) // 2
        text = (
            "# yaml-language-server: $schema=../schemas/manifest.schema.json\ncampaigns:\n"
            + "".join(_campaign(i) for i in range(start, half))
            + "marketingEvents:\n"
            + "".join(_event(i) for i in range(half, stop))
        )
        (folder / f"bench-{f:03d}.yaml").write_text(text, encoding="utf-8")
        written += len(text)
    return written


def measure(folder: Path) -> dict[str, float]:
    """In this process: load and validate the folder once; time and peak RSS."""
    from reconciler.manifest import load_manifests

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    cpu = time.process_time()
    desired = load_manifests([folder])
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "objects": desired.object_count,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mb": peak,
        "baseline_mb": baseline,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0

    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="reconciler-bench-") as tmp:
            folder = Path(tmp)
            size_mb = write_tree(folder, size, args.files) / 1e6
            child = subprocess.run(
                [sys.executable, __file__, "--measure", str(folder)],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:
                print(child.stdout + child.stderr, file=sys.stderr)
                return 1
            result = json.loads(child.stdout)
            assert result["objects"] == size, result
            rows.append((size, size_mb, result))

    print(
        f"{'objects':>9} {'files':>5} {'YAML MB':>7} {'wall s':>7} {'cpu s':>6} "
        f"{'obj/s':>8} {'peak MB':>8} {'base MB':>8}  target"
    )
    ok = True
    for size, size_mb, r in rows:
        target = TARGETS_S.get(size)
        met = (target is None or r["wall_s"] < target) and r["peak_mb"] < TARGET_MB
        ok = ok and met
        goal = f"< {target:g} s, < {TARGET_MB:g} MB" if target else f"< {TARGET_MB:g} MB"
        print(
            f"{size:>9,} {args.files:>5} {size_mb:>7.1f} {r['wall_s']:>7.2f} {r['cpu_s']:>6.2f} "
            f"{size / r['wall_s']:>8,.0f} {r['peak_mb']:>8.0f} {r['baseline_mb']:>8.0f}  "
            f"{goal}: {'met' if met else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
