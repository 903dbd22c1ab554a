"""Shared fixtures: paths to the shared scenario, a fixed clock, the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
SCENARIO = SHARED / "scenarios" / "atelier"
PARIS = ZoneInfo("Europe/Paris")
SCENARIO_NOW = datetime(2026, 11, 30, 8, 30, tzinfo=PARIS)

# Secrets set by the tests go to each data folder's private file, never to the keyring of
# the machine running them (tests of the keyring path install their own backend).
os.environ.setdefault("CRENEAU_NO_KEYRING", "1")

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def scenario_dir() -> Path:
    """The shared scenario folder (read-only)."""
    assert SCENARIO.is_dir(), f"missing shared scenario at {SCENARIO}"
    return SCENARIO


def run_cli(
    *args: str, data_dir: Path | None = None, check: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``creneau`` CLI in a subprocess (in the folder ``cwd``, when given)
    and return its result."""
    cmd = [sys.executable, "-m", "creneau"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    cmd += list(args)
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("CRENEAU_HOME", None)
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=cwd)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {result.returncode}\nstdout:\n{result.stdout}\n"
            f"stderr:\n{result.stderr}"
        )
    return result


def run_json(*args: str, data_dir: Path | None = None) -> Any:
    """Run the CLI and parse its standard output as JSON."""
    return json.loads(run_cli(*args, data_dir=data_dir).stdout)


def load_bench_module(name: str) -> Any:
    """A module of ``bench/`` (not a package), loaded by path and registered under
    ``bench_<name>`` (dataclasses need their module registered)."""
    import importlib.util

    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def run_cli_on_terminal(
    *args: str, data_dir: Path | None = None, answers: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI with a terminal as standard input (a pseudo-terminal, so that it
    asks its questions), typing ``answers`` (lines ending in a newline); standard output
    and error are captured as by :func:`run_cli` (POSIX only)."""
    cmd = [sys.executable, "-m", "creneau"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    cmd += list(args)
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("CRENEAU_HOME", None)
    keyboard, terminal = os.openpty()  # what we type goes in; the program reads its terminal
    try:
        process = subprocess.Popen(
            cmd, stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
    finally:
        os.close(terminal)
    try:
        os.write(keyboard, answers.encode("utf-8"))
        stdout, stderr = process.communicate(timeout=300)
    finally:
        process.kill()
        os.close(keyboard)
    return subprocess.CompletedProcess(cmd, process.returncode, stdout, stderr)
