"""Fixtures of the service tests: a data folder loaded with the shared scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from creneau.services.context import ServiceContext
from tests.services.atelier import load


@pytest.fixture
def atelier(tmp_path: Path) -> ServiceContext:
    """A fresh data folder with the "atelier" scenario (rules, clients, jobs, calendar)."""
    return load(tmp_path / "data")
