"""A client's personal data: everything held about it (export), and forgetting it.

The data: the "atelier" scenario with the time and money of
:mod:`tests.services.money_data` (figures worked out there by hand), and, for Éditions du
Marais, what the scenario lacks: a second job with a note, a pinned block, an update
sent, an invoice with a note, a note on a time entry, a place looked up, the lookups and
a drive cached. Every expected value below is read from those files or typed here.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import ClientKind, ClientUpdate, JobStatus, PinnedBlock
from creneau.domain.periods import parse_month, parse_quarter
from creneau.domain.places import Leg, Place, PlaceSource
from creneau.paths import database_path
from creneau.services import privacy_messages
from creneau.services.catalog import (
    add_job,
    edit_client,
    edit_job,
    find_client,
    find_job,
    set_setting,
)
from creneau.services.context import ServiceContext
from creneau.services.importing import import_file
from creneau.services.income import income_report
from creneau.services.invoicing import add_invoice, pay_invoice, receipts
from creneau.services.planning import replan
from creneau.services.privacy import export_client, forget_client
from creneau.services.timesheet import running_timer, start_timer
from tests.conftest import SCENARIO_NOW
from tests.services.atelier import load
from tests.services.money_data import (
    ARCHIVES,
    ARCHIVES_RATE,
    DELIVERED,
    INVOICES,
    MARAIS,
    PAYMENTS,
    TRANSCRIPTION,
    deliver,
    log_all,
    paris,
)

REVIEW = "Relecture du manuscrit de Mme Vidal"
REVIEW_NOTE = "Manuscrit « Les quais de Seine », envoyé par Mme Vidal"
ENTRY_NOTE = "Entretien n°3 avec M. Lefèvre"
UPDATE_TEXT = "Bonjour Mme Vidal, la transcription des entretiens avance bien."
INVOICE_NOTE = "Transcription des entretiens de M. Lefèvre"
MARAIS_PLACE = Place(48.85890, 2.36210, PlaceSource.BAN, "15 Rue de Turenne 75004 Paris")
PARIS_CENTRE = Place(48.85660, 2.35220, PlaceSource.TOWN, "Paris")
ADDRESS_QUERY = "addr|15 rue de turenne 75004 paris"  # the client file's address, folded
TOWN_QUERY = "town|75004|paris"
HOME = "47.47840,-0.56320"
MARAIS_DRIVE = f"osrm|http://localhost:5000|{HOME}|48.85890,2.36210"
BATI_DRIVE = f"osrm|http://localhost:5000|{HOME}|47.44560,-0.46560"


def _rest_of_marais(ctx: ServiceContext) -> None:
    """What the scenario lacks for Éditions du Marais (see the module's docstring)."""
    add_job(
        ctx,
        MARAIS,
        title=REVIEW,
        effort_minutes=180,
        received=date(2026, 11, 30),
        due=date(2027, 1, 15),
        notes=REVIEW_NOTE,
    )
    with ctx.uow() as uow:
        client = find_client(uow, MARAIS)
        review = find_job(uow, REVIEW)
        uow.pins.add(PinnedBlock(review.id, paris(12, 7, 9), paris(12, 7, 10)))
        uow.updates.add(ClientUpdate(client.id, paris(11, 27, 17), UPDATE_TEXT))
        transcription = find_job(uow, TRANSCRIPTION)
        (first, _second) = uow.time_entries.list(job_id=transcription.id)
        uow.time_entries.update(dataclasses.replace(first, note=ENTRY_NOTE))
        uow.places.set(f"client:{client.id}", MARAIS_PLACE, SCENARIO_NOW)
        uow.geocodes.put(ADDRESS_QUERY, MARAIS_PLACE, "ban", SCENARIO_NOW)
        uow.geocodes.put(TOWN_QUERY, PARIS_CENTRE, "town", SCENARIO_NOW)
        uow.travel.put(MARAIS_DRIVE, Leg(km=385.2, minutes=232, source="osrm"))
        uow.travel.put(BATI_DRIVE, Leg(km=10.1, minutes=17, source="osrm"))
    for number, client_name, amount, issued_on in INVOICES:
        jobs = [TRANSCRIPTION] if client_name == MARAIS else []
        notes = INVOICE_NOTE if client_name == MARAIS else ""
        add_invoice(ctx, client_name, number, issued_on, Decimal(amount), jobs, notes)
    for number, amount, paid_on in PAYMENTS:
        pay_invoice(ctx, number, paid_on, Decimal(amount))


def _prepare(ctx: ServiceContext) -> ServiceContext:
    """The scenario with the money data, the extra data of Éditions du Marais and a stored
    plan."""
    log_all(ctx)
    edit_job(ctx, ARCHIVES, {"hourly_rate": ARCHIVES_RATE})
    deliver(ctx, TRANSCRIPTION, DELIVERED)
    _rest_of_marais(ctx)
    replan(ctx, SCENARIO_NOW)
    return ctx


@pytest.fixture
def marais(atelier: ServiceContext) -> ServiceContext:
    """See :func:`_prepare`."""
    return _prepare(atelier)


@pytest.fixture(params=["OFF", "ON"])
def secure_delete(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Every SQLite connection opened during the test runs ``PRAGMA secure_delete`` with
    the parameter: SQLite's default is OFF (deleted text stays in the file), some builds
    (Debian's) turn it ON; forgetting must leave no trace either way. Yields the values
    each new connection got (to check that the setting took)."""
    seen: list[str] = []

    def set_it(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA secure_delete={request.param}")
        seen.append(str(dbapi_connection.execute("PRAGMA secure_delete").fetchone()[0]))

    sa.event.listen(sa.pool.Pool, "connect", set_it)
    try:
        yield seen
    finally:
        sa.event.remove(sa.pool.Pool, "connect", set_it)


# --------------------------------------------------------------------------- export


def test_the_export_holds_everything_about_the_client(marais: ServiceContext) -> None:
    doc = export_client(marais, "marais", SCENARIO_NOW)
    assert (doc["format"], doc["version"]) == ("creneau-client-export", 1)
    assert doc["exported_at"] == "2026-11-30T08:30:00+01:00"
    # clients.csv, the row of Éditions du Marais
    assert doc["client"] | {"id": None} == {
        "id": None,
        "name": MARAIS,
        "kind": "business",
        "address": "15 rue de Turenne",
        "postcode": "75004",
        "town": "Paris",
        "latitude": 48.8566,
        "longitude": 2.3522,
        "email": "manuscrits@editions-marais.example",
        "phone": "01 40 00 00 07",
        "hourly_rate_eur": "40",
        "importance": 3,
        "language": "fr",
        "first_contact": "2026-07-01",
        "notes": "Client à distance; transcriptions",
    }
    assert doc["place"] == {
        "latitude": 48.8589,
        "longitude": 2.3621,
        "source": "ban",
        "label": "15 Rue de Turenne 75004 Paris",
    }
    assert [(g["query"], g["found"]["source"]) for g in doc["geocode_cache"]] == [
        (ADDRESS_QUERY, "ban"),
        (TOWN_QUERY, "town"),
    ]
    assert doc["travel_cache"] == [
        {"key": MARAIS_DRIVE, "km": 385.2, "minutes": 232, "source": "osrm"}
    ]
    # jobs by due date: the transcription (23 December), then the review (15 January)
    transcription, review = doc["jobs"]
    assert (transcription["title"], review["title"]) == (TRANSCRIPTION, REVIEW)
    assert transcription["effort_minutes"] == 18 * 60
    assert transcription["spent_minutes"] == 240 + 200  # the two logged entries
    assert (transcription["price_eur"], transcription["status"]) == ("720", "done")
    assert transcription["done_on"] == "2026-12-02"
    assert (review["effort_minutes"], review["notes"]) == (180, REVIEW_NOTE)
    assert [(e["start"], e["end"], e["minutes"], e["note"]) for e in doc["time_entries"]] == [
        ("2026-11-30T13:30:00+01:00", "2026-11-30T17:30:00+01:00", 240, ENTRY_NOTE),
        ("2026-12-02T09:00:00+01:00", "2026-12-02T12:20:00+01:00", 200, ""),
    ]
    assert {e["job_id"] for e in doc["time_entries"]} == {transcription["id"]}
    assert doc["pinned_blocks"] == [
        {
            "job_id": review["id"],
            "start": "2026-12-07T09:00:00+01:00",
            "end": "2026-12-07T10:00:00+01:00",
        }
    ]
    assert doc["updates"] == [{"sent_at": "2026-11-27T17:00:00+01:00", "text": UPDATE_TEXT}]
    (invoice,) = doc["invoices"]
    assert [(p["paid_on"], p["amount_eur"]) for p in invoice.pop("payments")] == [
        ("2026-12-15", "300.00"),
        ("2026-12-31", "420.00"),
    ]
    assert invoice | {"id": None} == {
        "id": None,
        "number": "F-2026-042",
        "issued_on": "2026-12-02",
        "amount_eur": "720.00",
        "job_ids": [transcription["id"]],
        "notes": INVOICE_NOTE,
    }
    # the review's 3 h: 1 h pinned, so the stored plan places the other 2 h
    planned = doc["planned_blocks"]
    assert {b["job_id"] for b in planned} == {review["id"]}
    minutes = sum(
        (datetime.fromisoformat(b["end"]) - datetime.fromisoformat(b["start"])).seconds // 60
        for b in planned
    )
    assert minutes == 120
    assert doc["calendar_events"] == []  # the scenario's calendar never names the Marais


def test_the_export_lists_the_calendar_events_naming_the_client(
    marais: ServiceContext,
) -> None:
    import_file(marais, _calendar_naming_marais(), "perso.ics")
    doc = export_client(marais, "marais", SCENARIO_NOW)
    assert [(e["summary"], e["start"]) for e in doc["calendar_events"]] == [
        ("Appel Éditions du Marais", "2026-12-08T10:00:00+01:00"),
        ("Remise des épreuves", "2026-12-10T14:00:00+01:00"),
    ]


def _calendar_naming_marais() -> bytes:
    """Three events: one names the Marais, one is at its address, one is neither."""
    events = [
        ("u1", "20261208T100000", "20261208T103000", "Appel Éditions du Marais", ""),
        (
            "u2",
            "20261210T140000",
            "20261210T150000",
            "Remise des épreuves",
            "15 rue de Turenne\\, 75004 Paris",
        ),
        ("u3", "20261211T090000", "20261211T100000", "Appel Roche", ""),
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//privacy//FR"]
    for uid, start, end, summary, location in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20261120T080000Z",
            f"DTSTART;TZID=Europe/Paris:{start}",
            f"DTEND;TZID=Europe/Paris:{end}",
            f"SUMMARY:{summary}",
        ]
        lines += [f"LOCATION:{location}"] if location else []
        lines += ["END:VEVENT"]
    lines += ["END:VCALENDAR", ""]
    return "\r\n".join(lines).encode("utf-8")


def test_an_unknown_client_is_refused_and_nothing_changes(marais: ServiceContext) -> None:
    with pytest.raises(NotFoundError, match="Dupont"):
        export_client(marais, "Dupont", SCENARIO_NOW)
    with pytest.raises(NotFoundError, match="Dupont"):
        forget_client(marais, "Dupont", SCENARIO_NOW)
    with marais.uow() as uow:
        assert find_client(uow, "marais").email == "manuscrits@editions-marais.example"


# --------------------------------------------------------------------------- forget


def test_forget_keeps_the_reports_totals(marais: ServiceContext) -> None:
    def totals() -> list[tuple[int, Decimal]]:
        found = []
        for month in ("2026-11", "2026-12"):
            report = income_report(marais, parse_month(month), SCENARIO_NOW)
            found.append((report.total.minutes, report.total.income))
        return found

    # by hand in tests/services/money_data.py: November 525 min, 273.00 €; December
    # 350 min, 870.50 €; receipts of 2026-Q4 869.00 €
    assert totals() == [(525, Decimal("273.00")), (350, Decimal("870.50"))]
    assert receipts(marais, parse_quarter("2026-Q4")).total == Decimal("869.00")
    done = forget_client(marais, "marais", SCENARIO_NOW)
    assert totals() == [(525, Decimal("273.00")), (350, Decimal("870.50"))]
    assert receipts(marais, parse_quarter("2026-Q4")).total == Decimal("869.00")
    december = income_report(marais, parse_month("2026-12"), SCENARIO_NOW)
    (line,) = [x for x in december.lines if x.client.id == done.client.id]
    # the transcription: 200 min in December, its 720 € price delivered on 2 December
    assert (line.figures.minutes, line.figures.fixed_income) == (200, Decimal("720"))


def test_forget_erases_the_personal_data_and_keeps_the_numbers(marais: ServiceContext) -> None:
    with marais.uow() as uow:
        old = find_client(uow, "marais")
        old_jobs = {j.id for j in uow.jobs.list(old.id)}
        plan_before = uow.plans.latest()
    assert plan_before is not None
    done = forget_client(marais, "marais", SCENARIO_NOW)
    assert (done.former_name, done.jobs, done.entries, done.invoices) == (MARAIS, 2, 2, 1)
    with marais.uow() as uow:
        assert uow.clients.get(old.id) is None
        client = uow.clients.get(done.client.id)
        assert client is not None
        assert (client.name, client.id) == ("Client anonyme 1", done.client.id)
        assert client.id != old.id  # derived from the name: a hash of it
        assert (client.address, client.postcode, client.town) == ("", "", "")
        assert (client.email, client.phone, client.notes) == ("", "", "")
        assert (client.latitude, client.longitude) == (None, None)
        assert (client.kind, client.importance) == (ClientKind.BUSINESS, 3)
        assert (client.hourly_rate, client.first_contact) == (Decimal("40"), date(2026, 7, 1))
        transcription, review = uow.jobs.list(client.id)
        assert not old_jobs & {transcription.id, review.id}
        assert (transcription.title, review.title) == ("Travail 1", "Travail 2")
        assert (transcription.notes, review.notes) == ("", "")
        assert (transcription.effort_minutes, transcription.spent_minutes) == (1080, 440)
        assert (transcription.price, transcription.status) == (Decimal("720"), JobStatus.DONE)
        assert transcription.done_on == DELIVERED
        assert (review.effort_minutes, review.due) == (180, date(2027, 1, 15))
        entries = uow.time_entries.list(job_id=transcription.id)
        assert [(e.start, e.end, e.note) for e in entries] == [
            (paris(11, 30, 13, 30), paris(11, 30, 17, 30), ""),
            (paris(12, 2, 9), paris(12, 2, 12, 20), ""),
        ]
        assert uow.pins.list() == [PinnedBlock(review.id, paris(12, 7, 9), paris(12, 7, 10))]
        assert [(u.client_id, u.sent_at, u.text) for u in uow.updates.list()] == [
            (client.id, paris(11, 27, 17), "")
        ]
        invoice = uow.invoices.get_by_number("F-2026-042")
        assert invoice is not None
        assert (invoice.client_id, invoice.amount) == (client.id, Decimal("720.00"))
        assert (invoice.job_ids, invoice.notes, invoice.issued_on) == (
            (transcription.id,),
            "",
            date(2026, 12, 2),
        )
        paid = [(p.paid_on, p.amount) for p in uow.payments.list(invoice.id)]
        assert paid == [
            (date(2026, 12, 15), Decimal("300.00")),
            (date(2026, 12, 31), Decimal("420.00")),
        ]
        assert f"client:{old.id}" not in uow.places.all()
        assert uow.geocodes.get(ADDRESS_QUERY) == (False, None)
        assert uow.geocodes.get(TOWN_QUERY) == (False, None)
        assert list(uow.travel.all()) == [BATI_DRIVE]  # the Marais drive is gone
        plan = uow.plans.latest()
    # the stored plan kept its blocks, the Marais ones under the new ids
    assert plan is not None
    assert len(plan.blocks) == len(plan_before.blocks)
    assert not {b.job_id for b in plan.blocks} & old_jobs
    assert {b.id.removeprefix(review.id) for b in plan.blocks if b.job_id == review.id} == {
        b.id.removeprefix(b.job_id or "") for b in plan_before.blocks if b.job_id in old_jobs
    }


def test_forget_leaves_no_trace_in_the_database_file(
    secure_delete: list[str], tmp_path: Path
) -> None:
    marais = _prepare(load(tmp_path / "data"))
    assert set(secure_delete) == {"0"} or set(secure_delete) == {"1"}
    # she corrected the address once: the old one stays in the file's free space
    edit_client(marais, "marais", {"address": "22 rue Vieille-du-Temple"})
    edit_client(marais, "marais", {"address": "15 rue de Turenne"})
    with marais.uow() as uow:
        client = find_client(uow, "marais")
        old_ids = [client.id, *(j.id for j in uow.jobs.list(client.id))]
    secrets = [
        "marais",
        "turenne",
        "vieille-du-temple",
        "manuscrits@editions-marais.example",
        "01 40 00 00 07",
        "transcriptions",
        "entretiens",
        "vidal",
        "lefèvre",
        *old_ids,
    ]
    database = database_path(tmp_path / "data")  # the atelier fixture's folder

    def found() -> list[str]:
        text = b"".join(
            p.read_bytes() for p in (database, Path(f"{database}-wal")) if p.exists()
        ).lower()
        return [s for s in secrets if s.lower().encode("utf-8") in text]

    assert found() == secrets  # all there before: the search can see them
    done = forget_client(marais, "marais", SCENARIO_NOW)
    assert done.file_rewritten
    assert found() == []
    wal = Path(f"{database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    doc = export_client(marais, done.client.id, SCENARIO_NOW)
    text = str(doc).lower()
    assert [s for s in secrets if s.lower() in text] == []


def test_forget_says_which_calendar_events_still_name_the_client(
    marais: ServiceContext,
) -> None:
    import_file(marais, _calendar_naming_marais(), "perso.ics")
    done = forget_client(marais, "marais", SCENARIO_NOW)
    assert [e.summary for e in done.events] == ["Appel Éditions du Marais", "Remise des épreuves"]


def test_labels_are_numbered_in_her_language_and_forgetting_twice_is_refused(
    marais: ServiceContext,
) -> None:
    first = forget_client(marais, "marais", SCENARIO_NOW)
    set_setting(marais, "language", "en")
    second = forget_client(marais, "guérin", SCENARIO_NOW)
    assert (first.client.name, second.client.name) == ("Client anonyme 1", "Anonymous client 2")
    with marais.uow() as uow:
        # jobs.csv, M. Paul Guérin: the cancellation (due 2 December), then the filing
        # (15 December)
        titles = [j.title for j in uow.jobs.list(second.client.id)]
    assert titles == ["Job 1", "Job 2"]
    with pytest.raises(InputError, match="anonymous already"):
        forget_client(marais, "anonyme 1", SCENARIO_NOW)


def test_a_running_timer_keeps_running_on_the_anonymous_job(marais: ServiceContext) -> None:
    start_timer(marais, "Classement des papiers", SCENARIO_NOW, note="Chez M. Guérin")
    done = forget_client(marais, "guérin", SCENARIO_NOW)
    running = running_timer(marais)
    assert running is not None
    entry, job = running
    assert (job.client_id, job.title, entry.note) == (done.client.id, "Travail 2", "")
    assert entry.start == SCENARIO_NOW


# --------------------------------------------------------------------------- words


def test_every_text_has_both_languages_with_the_same_fields() -> None:
    for key, texts in privacy_messages._TEXTS.items():
        assert set(texts) == {"fr", "en"}, key
        fr, en = (set(re.findall(r"{(\w+)}", texts[lang])) for lang in ("fr", "en"))
        assert fr == en, key


@pytest.mark.parametrize(
    ("name", "anonymous"),
    [
        ("Client anonyme 3", True),
        ("Anonymous client 12", True),
        ("Client anonyme", False),
        ("Client anonyme 3 bis", False),
        ("Atelier Client anonyme 3", False),
    ],
)
def test_anonymous_labels_in_either_language(name: str, anonymous: bool) -> None:
    assert privacy_messages.is_anonymous(name) is anonymous
