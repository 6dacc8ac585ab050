"""The sandbox portal's own speed: list-page and batch-update latency (p50/p99) with N campaigns
and N events in the database, and the database size.

    python bench/sandbox.py [--objects 10000] [--rounds 100]

The sandbox runs as ``reconciler sandbox serve`` in a child process (no latency, no rate limit)
so that its CPU does not share the client's interpreter; times are client-side wall times
over keep-alive HTTP on loopback. Every list page is walked, so the last pages (the keyset
cursor at the far end) are in the figures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from reconciler.sandbox.control import SandboxControl

C = "/marketing/v3/campaigns"
E = "/marketing/v3/marketing-events"
SERVE = [sys.executable, "-m", "reconciler", "sandbox", "serve"]
PROPS = "hs_name,hs_start_date,hs_end_date,hs_notes,hs_audience"


def start(db: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*SERVE, "--port", "0", "--rate-limit", "0", "--db", str(db)],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    match = re.search(r"http://\S+:\d+", proc.stderr.readline())
    if not match:
        proc.kill()
        raise SystemExit("the sandbox did not start")
    return proc, match.group(0)


def timed(samples: list[float], call: Callable[[], httpx.Response]) -> httpx.Response:
    started = time.perf_counter()
    response = call()
    samples.append((time.perf_counter() - started) * 1000)
    if response.status_code >= 300 and response.status_code != 204:
        raise SystemExit(f"unexpected {response.status_code}: {response.text[:300]}")
    return response


def walk(
    api: httpx.Client, path: str, params: dict[str, str | int]
) -> tuple[list[float], list[str]]:
    samples: list[float] = []
    ids: list[str] = []
    query = dict(params)
    while True:
        body = timed(samples, lambda: api.get(path, params=query)).json()
        ids.extend(r.get("objectId") or r["id"] for r in body["results"])
        nxt = body.get("paging", {}).get("next")
        if not nxt:
            return samples, ids
        query["after"] = nxt["after"]


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(label: str, samples: list[float]) -> str:
    return (
        f"{label:<40} n={len(samples):>5}  p50={pct(samples, 0.50):7.2f} ms"
        f"  p99={pct(samples, 0.99):7.2f} ms  mean={statistics.fmean(samples):7.2f} ms"
    )


def update_campaigns(api: httpx.Client, ids: list[str], r: int) -> httpx.Response:
    """One campaigns batch/update of round ``r`` (the body is built inside the timing)."""
    return api.post(
        f"{C}/batch/update",
        json={"inputs": [{"id": i, "properties": {"hs_notes": f"r{r}"}} for i in ids]},
    )


def update_events(api: httpx.Client, ids: list[str], r: int) -> httpx.Response:
    """One events batch/update of round ``r`` (the body is built inside the timing)."""
    return api.post(
        f"{E}/batch/update",
        json={
            "inputs": [
                {
                    "objectId": o,
                    "eventDescription": f"r{r}",
                    "customProperties": [{"name": "track", "value": f"t{r}"}],
                }
                for o in ids
            ]
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000, help="campaigns and events each")
    parser.add_argument("--rounds", type=int, default=100, help="batch updates of each kind")
    args = parser.parse_args()
    n = args.objects
    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as tmp:
        proc, url = start(Path(tmp) / "bench.db")
        try:
            with (
                SandboxControl(url, timeout=600) as control,
                httpx.Client(base_url=url, timeout=60) as api,
            ):
                control.reset("empty")
                control.define_event_properties("region", "track")
                started = time.perf_counter()
                for offset in range(0, n, 50_000):
                    chunk = min(50_000, n - offset)
                    control.seed_bulk(campaigns=chunk, events=chunk)
                seed_s = time.perf_counter() - started
                stats = control.stats()
                print(
                    f"sandbox at {url}: {stats['campaigns']:,} campaigns, {stats['events']:,} events"
                )
                print(f"bulk seed: {seed_s:.2f} s")

                list_c, cids = walk(api, C, {"limit": 100, "properties": PROPS})
                list_e, oids = walk(api, E + "/", {"limit": 100})
                print(line("campaigns list page (100, 5 props)", list_c))
                print(line("events list page (100)", list_e))

                upd_c: list[float] = []
                upd_e: list[float] = []
                for r in range(args.rounds):
                    batch = cids[(r * 50) % len(cids) :][:50]
                    timed(upd_c, partial(update_campaigns, api, batch, r))
                    ebatch = oids[(r * 100) % len(oids) :][:100]
                    timed(upd_e, partial(update_events, api, ebatch, r))
                print(line("campaigns batch/update (50)", upd_c))
                print(line("events batch/update (100)", upd_e))
                size = control.stats()["db_bytes"]
                print(f"database size: {size / 1e6:.1f} MB ({size:,} bytes, with WAL)")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
