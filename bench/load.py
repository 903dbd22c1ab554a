"""Load benchmark of the web app: 20 concurrent clients for 60 s on a database of 2,000 jobs.

Usage: ``python bench/load.py [--jobs 2000] [--users 20] [--seconds 60]
[--json bench/results/load.json]`` (needs the ``bench`` extra: ``pip install -e '.[bench]'``
for locust).

1. A data folder is filled with :func:`workloads.generate` (2,000 jobs over 26 weeks, 500
   clients, her usual hours), and one plan is timed through the services (the baseline: a
   replan after a write costs about that much).
2. The real ``creneau serve`` starts on a free port of 127.0.0.1 (``--now`` the workload's
   "now", the default settings: ``web.replan_wait`` = 2 s), and each page read is opened
   once (the first plan, the first read of every job and every client's figures: a
   server's start, timed apart as ``first_page_seconds`` and ``warm_up_seconds``).
3. locust (headless, as a library, in a child process: it patches the standard library with
   gevent) runs ``--users`` clients, each waiting 0.5 to 1.5 s between requests: 90 % page
   reads (Today, Week, Jobs, Clients, a client's page, the JSON plan) and 10 % writes that
   trigger a replan (a new job, posted with the session's CSRF token).

It writes per kind (read, write) the number of requests, the errors (a status other than
200 for a read and 303 for a write, or no answer) and the 50th, 95th and 99th percentiles
of the latency in milliseconds, with the replan baseline, the machine's load average
before and after, and the targets (reads' p95 under 200 ms, no error).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

NOW = "2026-11-30T08:30+01:00"
READS = ["/", "/week", "/jobs", "/clients", "/clients/c0001", "/api/plan"]
"""The pages read, in turn (the client page: one of the workload's clients)."""


def build(folder: Path, jobs: int) -> float:
    """Fill ``folder`` with a workload of ``jobs`` jobs; return one plan's time in seconds."""
    from creneau.bootstrap import open_services
    from creneau.services.catalog import set_setting
    from creneau.services.planning import compute_plan
    from workloads import NOW as WORKLOAD_NOW
    from workloads import generate

    work = generate(jobs, weeks=26)
    ctx = open_services(folder)
    set_setting(ctx, "hours.wed", "09:00-12:30")  # the workload's week
    with ctx.uow() as uow:
        for client in work.clients:
            uow.clients.add(client)
        for job in work.jobs:
            uow.jobs.add(job)
    started = time.perf_counter()
    compute_plan(ctx, WORKLOAD_NOW)
    return time.perf_counter() - started


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50, p95 and p99 of ``values`` (milliseconds), None when there are none."""
    if len(values) < 2:
        only = values[0] if values else None
        return {"p50_ms": only, "p95_ms": only, "p99_ms": only}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
    }


def drive(url: str, users: int, seconds: float, out: Path) -> None:
    """The child process: locust's users against ``url``; the timings to ``out``."""
    import gevent
    from locust import HttpUser, between, events, task
    from locust.env import Environment

    timings: dict[str, list[float]] = {"read": [], "write": []}
    by_name: dict[str, list[float]] = {}
    errors: dict[str, list[str]] = {"read": [], "write": []}

    class Her(HttpUser):
        host = url
        wait_time = between(0.5, 1.5)

        def on_start(self) -> None:
            self.turn = 0
            self.added = 0
            self.token = ""
            marker = 'name="csrf_token" value="'
            for _ in range(10):  # her browser opens the form (tries again when refused)
                page = self.client.get("/jobs/new", name="setup")
                if marker in page.text:
                    start = page.text.index(marker) + len(marker)
                    self.token = page.text[start : page.text.index('"', start)]
                    return
                print(f"setup: {page.status_code} {page.text[:200]!r}", flush=True)
                gevent.sleep(1)

        @task(9)
        def read(self) -> None:
            path = READS[self.turn % len(READS)]
            self.turn += 1
            with self.client.get(path, name=f"read {path}", catch_response=True) as answer:
                if answer.status_code != 200:
                    answer.failure(f"{answer.status_code}")

        @task(1)
        def write(self) -> None:
            self.added += 1
            form = {
                "csrf_token": self.token,
                "client": "c0002",
                "title": f"Load {id(self)}-{self.added}",
                "effort": "1h",
                "due": "2027-01-29",
            }
            with self.client.post(
                "/jobs", data=form, name="write /jobs", allow_redirects=False, catch_response=True
            ) as answer:
                if answer.status_code != 303:
                    answer.failure(f"{answer.status_code}")

    @events.request.add_listener
    def record(name: str, response_time: float, exception: Any, response: Any, **_: Any) -> None:
        kind = name.split(" ")[0]
        if kind not in timings:
            return
        timings[kind].append(response_time)
        by_name.setdefault(name, []).append(response_time)
        status = getattr(response, "status_code", None)
        expected = 200 if kind == "read" else 303
        if exception is not None or status != expected:
            errors[kind].append(f"{name}: {status} {exception or ''}".strip())

    env = Environment(user_classes=[Her], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    print(f"locust: {env.stats.total.num_requests} requests", flush=True)
    out.write_text(json.dumps({"timings": timings, "errors": errors, "by_name": by_name}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "load.json")
    parser.add_argument("--drive", help=argparse.SUPPRESS)  # the child process: its URL
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        drive(args.drive, args.users, args.seconds, args.out)
        return

    folder = Path(tempfile.mkdtemp(prefix="creneau-load-")) / "data"
    built = time.perf_counter()
    plan_seconds = build(folder, args.jobs)
    print(f"{args.jobs} jobs stored in {time.perf_counter() - built:.1f} s; "
          f"one plan {plan_seconds:.1f} s", flush=True)  # fmt: skip
    port = free_port()
    server_log = folder.parent / "server.log"  # a file: a full pipe would stop the server
    env = {**os.environ}
    env.pop("CRENEAU_HOME", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "creneau", "--data-dir", str(folder), "--now", NOW,
         "serve", "--no-browser", "--port", str(port)],
        env=env, stdout=server_log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    load_before = os.getloadavg()
    try:
        _wait_for(url, server)
        warm = time.perf_counter()
        _get(f"{url}/")  # the first page computes the first plan
        first_page = time.perf_counter() - warm
        for path in READS:  # each list's first read (every job, every client's figures)
            _get(f"{url}{path}")
        warm_up = time.perf_counter() - warm
        timings_file = folder.parent / "timings.json"
        subprocess.run(
            [sys.executable, __file__, "--drive", url, "--users", str(args.users),
             "--seconds", str(args.seconds), "--out", str(timings_file)],
            check=True, timeout=args.seconds + 300,
        )  # fmt: skip
        found = json.loads(timings_file.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = os.getloadavg()
    kinds: dict[str, Any] = {}
    for kind in ("read", "write"):
        values = found["timings"][kind]
        kinds[kind] = {
            "requests": len(values),
            "errors": len(found["errors"][kind]),
            "error_samples": found["errors"][kind][:5],
            **percentiles(values),
        }
    kinds["by_request"] = {
        name: {"requests": len(values), **percentiles(values)}
        for name, values in sorted(found["by_name"].items())
    }
    logged = server_log.read_text(errors="replace").splitlines()
    kinds["server_errors"] = [line for line in logged if "Error" in line][:10]
    p95 = kinds["read"]["p95_ms"]
    result = {
        "command": " ".join(["python", "bench/load.py", *sys.argv[1:]]),
        "jobs": args.jobs,
        "users": args.users,
        "seconds": args.seconds,
        "plan_seconds_baseline": round(plan_seconds, 2),
        "first_page_seconds": round(first_page, 2),
        "warm_up_seconds": round(warm_up, 2),
        **kinds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
        "checks": {
            "reads_p95_under_200_ms": p95 is not None and p95 < 200,
            "no_errors": kinds["read"]["errors"] == 0 and kinds["write"]["errors"] == 0,
        },
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def _get(url: str) -> None:
    import urllib.request

    with urllib.request.urlopen(url, timeout=600) as answer:
        answer.read()


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(f"{url}/login")
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.3)


if __name__ == "__main__":
    main()
