"""schemathesis over the JSON API's OpenAPI schema: bounded examples, no server error
(5xx) and answers that match their documented schema."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from creneau.bootstrap import open_services
from creneau.interfaces.web.app import create_app
from creneau.services.catalog import add_client, add_job
from tests.conftest import SCENARIO_NOW


def small_app() -> FastAPI:
    """The app on a small folder (one client, one job) made at import (schemathesis reads
    the schema when the tests are collected): a plan takes milliseconds, so that the
    what-if questions the fuzzer manages to ask stay quick."""
    services = open_services(Path(tempfile.mkdtemp(prefix="creneau-api-")) / "data")
    client = add_client(services, name="Loire Conseil")
    add_job(
        services,
        client.id,
        title="Bilan",
        effort_minutes=180,
        received=date(2026, 11, 30),
        due=date(2026, 12, 11),
    )
    return create_app(services, clock=lambda: SCENARIO_NOW, hosts=["testserver"])


APP = small_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_answers_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


def test_the_schema_documents_the_api_only() -> None:
    paths = TestClient(APP).get("/openapi.json").json()["paths"]
    assert all(path.startswith("/api/") for path in paths)
