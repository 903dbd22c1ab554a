"""The scenario shipped inside the package is an unchanged copy of ../shared."""

from __future__ import annotations

import pytest

from creneau.services.demo import SCENARIO_FILES, scenario_file
from tests.conftest import SCENARIO


@pytest.mark.parametrize("name", [*SCENARIO_FILES, "README.md"])
def test_bundled_scenario_is_byte_for_byte_the_shared_one(name: str) -> None:
    assert scenario_file(name) == (SCENARIO / name).read_bytes()


def test_bundled_scenario_has_every_shared_file() -> None:
    shared = {p.name for p in SCENARIO.iterdir() if p.is_file()}
    assert shared <= {*SCENARIO_FILES, "README.md"}
