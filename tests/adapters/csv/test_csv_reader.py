"""CsvSpreadsheetReader on valid files: the "atelier" scenario and the accepted variants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.csv.reader import CsvSpreadsheetReader
from creneau.domain.errors import ImportFailed, InputError
from creneau.domain.models import ClientKind, Deadline, JobKind, JobStatus
from creneau.domain.text import stable_id
from creneau.services.ports import ClientRow, JobRow, SpreadsheetReader

SCENARIO = Path(__file__).resolve().parents[3] / ".." / "shared" / "scenarios" / "atelier"
PARIS = ZoneInfo("Europe/Paris")
JOBS_HEADER = (
    "client,title,kind,estimate_hours,received,due,deadline,status,spent_hours,price_eur,notes"
)


@pytest.fixture
def reader() -> CsvSpreadsheetReader:
    return CsvSpreadsheetReader()


@pytest.fixture
def clients(reader: CsvSpreadsheetReader) -> dict[str, ClientRow]:
    rows = reader.read_clients((SCENARIO / "clients.csv").read_bytes(), "clients.csv")
    return {row.client.name: row for row in rows}


@pytest.fixture
def jobs(reader: CsvSpreadsheetReader) -> dict[tuple[str, str], JobRow]:
    rows = reader.read_jobs((SCENARIO / "jobs.csv").read_bytes(), "jobs.csv", PARIS)
    return {(row.client_name, row.title): row for row in rows}


def test_reader_satisfies_the_port(reader: CsvSpreadsheetReader) -> None:
    port: SpreadsheetReader = reader
    assert port.kind_of(b"name\nX\n", "x.csv") == "clients"


# --- the scenario files ------------------------------------------------------------------


def test_kind_of_scenario_files(reader: CsvSpreadsheetReader) -> None:
    assert reader.kind_of((SCENARIO / "clients.csv").read_bytes(), "clients.csv") == "clients"
    assert reader.kind_of((SCENARIO / "jobs.csv").read_bytes(), "jobs.csv") == "jobs"


def test_scenario_has_12_clients_in_file_order(reader: CsvSpreadsheetReader) -> None:
    rows = reader.read_clients((SCENARIO / "clients.csv").read_bytes(), "clients.csv")
    assert len(rows) == 12
    assert [row.line for row in rows] == list(range(2, 14))
    assert rows[0].client.name == "Boulangerie Fournil du Lac"
    assert rows[-1].client.name == "Menuiserie Cholet Bois"


def test_scenario_business_client(clients: dict[str, ClientRow]) -> None:
    row = clients["SARL Bâti-Ouest"]
    client = row.client
    assert row.line == 3
    assert client.id == stable_id("c", "SARL Bâti-Ouest")
    assert client.kind is ClientKind.BUSINESS
    assert (client.address, client.postcode, client.town) == (
        "4 allée des Artisans",
        "49800",
        "Trélazé",
    )
    assert (client.latitude, client.longitude) == (47.4456, -0.4656)
    assert client.email == "secretariat@bati-ouest.example"
    assert client.phone == "02 41 00 00 02"
    assert client.hourly_rate == Decimal("35")
    assert client.importance == 4
    assert client.first_contact == date(2026, 5, 18)
    assert client.language == "fr"
    assert client.notes == "Gros chantier d'archivage en cours"


def test_scenario_private_clients_without_coordinates(clients: dict[str, ClientRow]) -> None:
    for name in ("Mme Hélène Baudry", "M. Paul Guérin"):
        client = clients[name].client
        assert client.kind is ClientKind.INDIVIDUAL
        assert client.latitude is None
        assert client.longitude is None
        assert client.hourly_rate == Decimal("28")
        assert client.importance == 2
    roche = clients["M. et Mme Roche"].client
    assert roche.kind is ClientKind.INDIVIDUAL
    assert (roche.latitude, roche.longitude) == (47.4747, -0.6331)
    assert roche.phone == ""
    assert roche.importance == 1


def test_scenario_other_client_values(clients: dict[str, ClientRow]) -> None:
    association = clients["Association Sport et Loisirs Ponts-de-Cé"].client
    assert association.phone == ""
    assert association.notes == "Bénévoles; lettre d'information"
    assert association.hourly_rate == Decimal("25")
    loire = clients["Cabinet d'expertise comptable Loire Conseil"].client
    assert loire.importance == 5
    assert loire.first_contact == date(2026, 1, 15)
    marais = clients["Éditions du Marais"].client
    assert (marais.postcode, marais.town) == ("75004", "Paris")
    assert marais.hourly_rate == Decimal("40")


def test_scenario_client_ids_are_distinct(clients: dict[str, ClientRow]) -> None:
    ids = {row.client.id for row in clients.values()}
    assert len(ids) == 12
    assert all(client_id.startswith("c") for client_id in ids)


def test_scenario_has_22_jobs(reader: CsvSpreadsheetReader) -> None:
    rows = reader.read_jobs((SCENARIO / "jobs.csv").read_bytes(), "jobs.csv", PARIS)
    assert len(rows) == 22
    assert [row.line for row in rows] == list(range(2, 24))
    assert sum(row.status is JobStatus.DONE for row in rows) == 2
    assert sum(row.kind is JobKind.MEETING for row in rows) == 2


def test_scenario_big_job_in_progress(jobs: dict[tuple[str, str], JobRow]) -> None:
    row = jobs["SARL Bâti-Ouest", "Archivage et numérisation des factures 2015-2025"]
    assert row.line == 2
    assert row.kind is JobKind.WORK
    assert row.effort_minutes == 2160
    assert row.spent_minutes == 840
    assert row.received == date(2026, 11, 9)
    assert row.due == date(2026, 12, 18)
    assert type(row.due) is date
    assert row.deadline is Deadline.HARD
    assert row.status is JobStatus.IN_PROGRESS
    assert row.price is None
    assert row.tags == ()
    assert row.notes == "Gros travail en cours; lots de 2 h minimum"


def test_scenario_due_date_time_is_aware_in_the_user_zone(
    jobs: dict[tuple[str, str], JobRow],
) -> None:
    permit = jobs[
        "Atelier d'architecture Carré Bleu", "Mise en forme du dossier de permis de construire"
    ]
    assert permit.due == datetime(2026, 12, 4, 12, 0, tzinfo=PARIS)
    assert isinstance(permit.due, datetime)
    assert permit.due.utcoffset() == timedelta(hours=1)
    assert permit.due.isoformat() == "2026-12-04T12:00:00+01:00"
    assert permit.effort_minutes == 480
    assert permit.spent_minutes == 120
    assert permit.status is JobStatus.IN_PROGRESS


def test_scenario_small_jobs_fixed_prices_and_meetings(
    jobs: dict[tuple[str, str], JobRow],
) -> None:
    reminder = jobs["Boulangerie Fournil du Lac", "Relance de trois factures impayées"]
    assert reminder.effort_minutes == 45
    assert reminder.deadline is Deadline.SOFT
    assert reminder.notes == ""
    transcription = jobs["Éditions du Marais", "Transcription d'entretiens (6 heures d'audio)"]
    assert transcription.price == Decimal("720")
    assert transcription.effort_minutes == 18 * 60
    newsletter = jobs[
        "Association Sport et Loisirs Ponts-de-Cé", "Lettre d'information de décembre"
    ]
    assert newsletter.price == Decimal("90")
    discovery = jobs["Domaine viticole des Coteaux", "Rendez-vous de découverte"]
    assert discovery.kind is JobKind.MEETING
    assert discovery.effort_minutes == 90
    delivered = jobs["Boulangerie Fournil du Lac", "Saisie comptable d'octobre"]
    assert delivered.status is JobStatus.DONE
    assert delivered.spent_minutes == 270


def test_scenario_jobs_make_valid_domain_jobs(jobs: dict[tuple[str, str], JobRow]) -> None:
    for row in jobs.values():
        job = row.to_job("j1", "c1")
        assert job.title == row.title


# --- kind_of ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("name,kind,town", "clients"),
        ("Name;Town", "clients"),
        ("client,title,due", "jobs"),
        ("name,client,title", "jobs"),
    ],
)
def test_kind_of_by_header(reader: CsvSpreadsheetReader, header: str, kind: str) -> None:
    assert reader.kind_of(f"{header}\n".encode(), "f.csv") == kind


def test_kind_of_unknown_header_names_file_and_expected_columns(
    reader: CsvSpreadsheetReader,
) -> None:
    with pytest.raises(InputError) as caught:
        reader.kind_of(b"foo,bar\n1,2\n", "mystery.csv")
    error = caught.value
    assert error.file == "mystery.csv"
    assert error.line == 1
    for column in ("'name'", "'client'", "'title'", "foo"):
        assert column in error.message


def test_kind_of_empty_file(reader: CsvSpreadsheetReader) -> None:
    with pytest.raises(InputError, match="empty") as caught:
        reader.kind_of(b"", "empty.csv")
    assert caught.value.file == "empty.csv"


# --- accepted variants --------------------------------------------------------------------


def test_french_excel_file_semicolons_decimal_commas_and_bom(
    reader: CsvSpreadsheetReader,
) -> None:
    data = (
        "\ufeffclient;title;kind;estimate_hours;received;due;deadline;status;spent_hours;"
        "price_eur;notes\r\n"
        "Éditions du Marais;Relecture;work;0,75;2026-11-30;2026-12-02;soft;en cours;0,5;"
        "120,50;Virgule, pas de guillemets\r\n"
    ).encode()
    assert reader.kind_of(data, "jobs.csv") == "jobs"
    [row] = reader.read_jobs(data, "jobs.csv", PARIS)
    assert row.client_name == "Éditions du Marais"
    assert row.effort_minutes == 45
    assert row.spent_minutes == 30
    assert row.price == Decimal("120.50")
    assert row.status is JobStatus.IN_PROGRESS
    assert row.notes == "Virgule, pas de guillemets"


def test_french_clients_file_with_bom_and_decimal_comma_coordinates(
    reader: CsvSpreadsheetReader,
) -> None:
    data = (
        "\ufeffName;Kind;Latitude;Longitude;Hourly rate EUR;Importance;Language;Colonne perso\r\n"
        "Mme Durand;Particulier;47,4739;-0,5517;28,5;;EN;peu importe\r\n"
        "Garage Martin;PROFESSIONNEL;;;;5;;\r\n"
        "Sans type;;;;;;;\r\n"
    ).encode()
    rows = reader.read_clients(data, "clients.csv")
    durand, garage, untyped = (row.client for row in rows)
    assert durand.kind is ClientKind.INDIVIDUAL
    assert (durand.latitude, durand.longitude) == (47.4739, -0.5517)
    assert durand.hourly_rate == Decimal("28.5")
    assert durand.importance == 3
    assert durand.language == "en"
    assert garage.kind is ClientKind.BUSINESS
    assert garage.importance == 5
    assert garage.hourly_rate is None
    assert garage.language == "fr"
    assert untyped.kind is ClientKind.BUSINESS
    assert [row.line for row in rows] == [2, 3, 4]


def test_only_name_column_is_needed_for_clients(reader: CsvSpreadsheetReader) -> None:
    [row] = reader.read_clients(b"name\nSolo\n", "c.csv")
    assert row.client.name == "Solo"
    assert row.client.id == stable_id("c", "Solo")
    assert row.client.first_contact is None


def test_job_defaults_and_unknown_columns(reader: CsvSpreadsheetReader) -> None:
    data = (
        b"client,title,estimate_hours,received,due,colour,language\n"
        b"A,B,2,2026-12-01,2026-12-01,red,en\n"
    )
    [row] = reader.read_jobs(data, "jobs.csv", PARIS)
    assert row.kind is JobKind.WORK
    assert row.deadline is Deadline.SOFT
    assert row.status is JobStatus.TODO
    assert row.spent_minutes == 0
    assert row.price is None
    assert row.tags == ()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("todo", JobStatus.TODO),
        ("À faire", JobStatus.TODO),
        ("In progress", JobStatus.IN_PROGRESS),
        ("IN_PROGRESS", JobStatus.IN_PROGRESS),
        ("waiting", JobStatus.WAITING),
        ("Terminé", JobStatus.DONE),
        ("cancelled", JobStatus.CANCELLED),
        ("annulé", JobStatus.CANCELLED),
    ],
)
def test_status_spellings(reader: CsvSpreadsheetReader, status: str, expected: JobStatus) -> None:
    data = f"{JOBS_HEADER}\nA,B,work,1,2026-12-01,2026-12-02,hard,{status},,,\n".encode()
    [row] = reader.read_jobs(data, "jobs.csv", PARIS)
    assert row.status is expected


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-12-04T12:00", datetime(2026, 12, 4, 12, 0, tzinfo=PARIS)),
        ("2026-12-04 12:00", datetime(2026, 12, 4, 12, 0, tzinfo=PARIS)),
        ("2027-07-04T12:00", datetime(2027, 7, 4, 12, 0, tzinfo=PARIS)),  # summer time
        ("2026-12-04T12:00+05:00", datetime(2026, 12, 4, 8, 0, tzinfo=PARIS)),
        ("2026-12-04T11:00Z", datetime(2026, 12, 4, 12, 0, tzinfo=PARIS)),
    ],
)
def test_due_date_times(reader: CsvSpreadsheetReader, due: str, expected: datetime) -> None:
    data = f"{JOBS_HEADER}\nA,B,work,1,2026-12-01,{due},hard,todo,,,\n".encode()
    [row] = reader.read_jobs(data, "jobs.csv", PARIS)
    assert isinstance(row.due, datetime)
    assert row.due == expected  # the same instant


def test_explicit_offset_is_kept(reader: CsvSpreadsheetReader) -> None:
    data = f"{JOBS_HEADER}\nA,B,work,1,2026-12-01,2026-12-04T12:00+05:00,hard,todo,,,\n".encode()
    [row] = reader.read_jobs(data, "jobs.csv", PARIS)
    assert isinstance(row.due, datetime)
    assert row.due.utcoffset() == timedelta(hours=5)


@pytest.mark.parametrize(
    ("delimiter", "cell", "expected"),
    [
        (",", "urgent;compta", ("urgent", "compta")),
        (";", "urgent, compta", ("urgent", "compta")),
        (",", '"urgent, compta ; urgent"', ("urgent", "compta")),
        (",", "", ()),
    ],
)
def test_tags(
    reader: CsvSpreadsheetReader, delimiter: str, cell: str, expected: tuple[str, ...]
) -> None:
    header = delimiter.join(("client", "title", "estimate_hours", "received", "due", "tags"))
    row_cells = delimiter.join(("A", "B", "1", "2026-12-01", "2026-12-02", cell))
    [row] = reader.read_jobs(f"{header}\n{row_cells}\n".encode(), "jobs.csv", PARIS)
    assert row.tags == expected


def test_blank_lines_are_skipped_and_lines_stay_physical(reader: CsvSpreadsheetReader) -> None:
    data = (
        f"{JOBS_HEADER}\n"
        "\n"
        'A,B,work,1,2026-12-01,2026-12-02,hard,todo,,,"two\nlines"\n'
        ",,,,,,,,,,\n"
        "A,C,work,1,2026-12-01,2026-12-02,hard,todo,,,\n"
    ).encode()
    rows = reader.read_jobs(data, "jobs.csv", PARIS)
    assert [(row.title, row.line) for row in rows] == [("B", 3), ("C", 6)]
    assert rows[0].notes == "two\nlines"


def test_trailing_empty_cells_are_accepted(reader: CsvSpreadsheetReader) -> None:
    [row] = reader.read_clients(b"name;town\nSolo;Angers;;;\n", "c.csv")
    assert row.client.town == "Angers"


def test_header_only_gives_no_rows(reader: CsvSpreadsheetReader) -> None:
    assert reader.read_jobs(f"{JOBS_HEADER}\n".encode(), "jobs.csv", PARIS) == []
    assert reader.read_clients(b"name\n", "clients.csv") == []


# --- the job's own hourly rate (optional column) ----------------------------------------


def test_job_hourly_rate_column(reader: CsvSpreadsheetReader) -> None:
    data = (
        b"client;title;estimate_hours;received;due;hourly_rate_eur\n"
        b"Loire Conseil;Urgence;2;2026-11-30;2026-12-01;47,50\n"
        b"Loire Conseil;Normal;2;2026-11-30;2026-12-01;\n"
    )
    rows = reader.read_jobs(data, "jobs.csv", PARIS)
    assert [row.hourly_rate for row in rows] == [Decimal("47.50"), None]
    assert rows[0].to_job("j1", "c1").hourly_rate == Decimal("47.50")


def test_files_without_the_rate_column_still_import(
    jobs: dict[tuple[str, str], JobRow],
) -> None:
    assert all(row.hourly_rate is None for row in jobs.values())


def test_a_negative_job_rate_names_its_line_and_column(reader: CsvSpreadsheetReader) -> None:
    data = (
        b"client,title,estimate_hours,received,due,hourly_rate_eur\n"
        b"Loire Conseil,Urgence,2,2026-11-30,2026-12-01,-40\n"
    )
    with pytest.raises(ImportFailed) as caught:
        reader.read_jobs(data, "jobs.csv", PARIS)
    [error] = caught.value.errors
    assert (error.line, error.field) == (2, "hourly_rate_eur")
