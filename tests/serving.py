"""The real ``creneau serve`` in a subprocess on a free port of this computer, for the
end-to-end tests that drive it (a browser, or many clients at once)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

FAST_PLAN = {
    # a shorter plan search keeps each replan quick on CI's two cores
    "CRENEAU_PLAN_SEARCH_EFFORT": "200",
    "CRENEAU_PLAN_CPSAT_SECONDS": "0",
    # a change waits for its new plan (the page after it shows it, however slow CI is)
    "CRENEAU_WEB_REPLAN_WAIT": "600",
}
"""Environment settings of a quick plan search."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(folder: Path, now: str, *, startup_seconds: float = 60) -> Iterator[str]:
    """Run ``creneau --data-dir FOLDER --now NOW serve`` until the block ends.

    Args:
        folder: the data folder.
        now: the ``--now`` of the server (ISO 8601 with offset).
        startup_seconds: how long it may take to answer its first request.

    Yields:
        The server's address, ``http://127.0.0.1:PORT``.

    Raises:
        AssertionError: the server did not start (with its output).
    """
    port = free_port()
    env = {**os.environ, **FAST_PLAN}
    env.pop("CRENEAU_HOME", None)
    cmd = [
        sys.executable, "-m", "creneau", "--data-dir", str(folder), "--now", now,
        "serve", "--no-browser", "--port", str(port),
    ]  # fmt: skip
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                with urllib.request.urlopen(f"{url}/login", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise AssertionError(f"the server did not start:\n{output}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
