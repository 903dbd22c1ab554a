"""schemathesis over the JSON API's OpenAPI schema: bounded examples and every check of
schemathesis that applies (its default set: no server error, status codes, content types,
headers and bodies that match the schema, missing required parameters refused, schema-valid
data accepted, undeclared methods answered 405 with ``Allow``...).

One check is waived on one operation: ``/api/what-if`` refuses (400) a schema-valid
question whose effort is not a positive duration (``0``, ``1m1m``) or whose due date is
not from today to a year ahead; the schema cannot say either (the durations' grammar, a
range that moves with today), so schema-valid data may be rightly refused there."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

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
def test_the_api_passes_every_check_that_applies(case: schemathesis.Case) -> None:
    waived = [positive_data_acceptance] if case.path == "/api/what-if" else []
    case.call_and_validate(excluded_checks=waived)


def test_the_schema_documents_the_api_only() -> None:
    paths = TestClient(APP).get("/openapi.json").json()["paths"]
    assert all(path.startswith("/api/") for path in paths)
