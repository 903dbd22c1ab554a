"""Benchmark: how fast the web app's pages render with the scenario loaded.

Usage: ``python bench/web.py [--repeat 15] [--json bench/results/web.json]``

The bundled scenario is loaded into a temporary data folder (as ``creneau demo`` does) and
the app is made on it with the clock at the scenario's "now". The first request computes
and stores the plan (``first_page``: what she waits for once after a start or a change).
Then every page is requested ``--repeat`` times through an in-process HTTP client
(Starlette's TestClient: routing, session cookie, template rendering, no network), and
the median time of each is reported, with, as the same-run baseline, ``static``: a small
static file (``/static/app.js``) through the same client, which costs the client and
routing alone.

The issue's target: every page under 150 ms median with the scenario loaded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from creneau.bootstrap import open_services
from creneau.interfaces.web.app import create_app
from creneau.services.demo import SCENARIO_NOW, load_demo

PAGES = (
    "/",
    "/week",
    "/week?start=2026-12-07",
    "/clients",
    "/jobs",
    "/jobs/new",
    "/settings",
    "/import",
    "/reports",
    "/api/plan",
    "/api/today",
)
TARGET_MS = 150.0


def _timed(client: TestClient, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed


def measure(repeat: int) -> dict[str, Any]:
    """Load the scenario, then time the first page and every page (milliseconds)."""
    with tempfile.TemporaryDirectory(prefix="creneau-bench-web-") as tmp:
        services = open_services(Path(tmp) / "data")
        load_demo(services)
        app = create_app(services, clock=lambda: SCENARIO_NOW, hosts=["testserver"])
        with TestClient(app) as client:
            first = _timed(client, "/")
            pages: dict[str, float] = {}
            for path in ("/static/app.js", *PAGES):
                _timed(client, path)  # warm: templates compiled, caches filled
                pages[path] = statistics.median(_timed(client, path) for _ in range(repeat))
    static = pages.pop("/static/app.js")
    slowest = max(pages, key=lambda p: pages[p])
    return {
        "repeat": repeat,
        "first_page_ms": round(first, 1),
        "static_ms": round(static, 2),
        "pages_ms": {p: round(ms, 2) for p, ms in pages.items()},
        "slowest": slowest,
        "slowest_ms": round(pages[slowest], 2),
        "slowest_over_static": round(pages[slowest] / static, 1),
        "target_ms": TARGET_MS,
        "all_under_target": all(ms < TARGET_MS for ms in pages.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", default="bench/results/web.json")
    args = parser.parse_args()
    results = measure(args.repeat)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for path, ms in results["pages_ms"].items():
        print(f"{path:28} {ms:8.1f} ms")
    print(f"{'(static baseline)':28} {results['static_ms']:8.1f} ms")
    print(f"first page (plan computed): {results['first_page_ms']:.0f} ms")
    print(f"all under {TARGET_MS:.0f} ms: {results['all_under_target']}")


if __name__ == "__main__":
    main()
