"""CsvSpreadsheetReader on bad files: every problem named by file, line and column."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.csv.reader import CsvSpreadsheetReader
from creneau.domain.errors import ImportFailed, InputError

PARIS = ZoneInfo("Europe/Paris")
JOBS_HEADER = (
    "client,title,kind,estimate_hours,received,due,deadline,status,spent_hours,price_eur,notes"
)
GOOD_JOB = "A,Good job,work,1,2026-12-01,2026-12-02,hard,todo,0,,"
CLIENTS_HEADER = "name,kind,latitude,longitude,hourly_rate_eur,importance,first_contact"
GOOD_CLIENT = "Good client,professionnel,47.47,-0.55,30,3,2026-01-01"


@pytest.fixture
def reader() -> CsvSpreadsheetReader:
    return CsvSpreadsheetReader()


def job_errors(reader: CsvSpreadsheetReader, *rows: str) -> list[InputError]:
    """The errors of a jobs file made of the header, a good row, then ``rows``."""
    data = "\n".join((JOBS_HEADER, GOOD_JOB, *rows, "")).encode()
    with pytest.raises(ImportFailed) as caught:
        reader.read_jobs(data, "jobs.csv", PARIS)
    assert caught.value.file == "jobs.csv"
    assert all(error.file == "jobs.csv" for error in caught.value.errors)
    return caught.value.errors


def client_errors(reader: CsvSpreadsheetReader, *rows: str) -> list[InputError]:
    """The errors of a clients file made of the header, a good row, then ``rows``."""
    data = "\n".join((CLIENTS_HEADER, GOOD_CLIENT, *rows, "")).encode()
    with pytest.raises(ImportFailed) as caught:
        reader.read_clients(data, "clients.csv")
    assert caught.value.file == "clients.csv"
    assert all(error.file == "clients.csv" for error in caught.value.errors)
    return caught.value.errors


def where(errors: list[InputError]) -> list[tuple[int | None, str | None]]:
    return [(error.line, error.field) for error in errors]


# --- jobs: one test per kind of problem ---------------------------------------------------


def test_missing_client(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, ",Orphan,work,1,2026-12-01,2026-12-02,hard,todo,0,,")
    assert where([error]) == [(3, "client")]
    assert "empty" in error.message


def test_missing_title(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(reader, "A,,work,1,2026-12-01,2026-12-02,hard,todo,0,,")
    assert where(errors) == [(3, "title")]


def test_non_numeric_effort(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "A,B,work,abc,2026-12-01,2026-12-02,hard,todo,0,,")
    assert where([error]) == [(3, "estimate_hours")]
    assert error.value == "abc"
    assert str(error) == (
        "jobs.csv, line 3, field 'estimate_hours': not a duration: 'abc' "
        "(write 1h30, 90m, 1.5 or 1,5)"
    )


def test_negative_effort(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "A,B,work,-2,2026-12-01,2026-12-02,hard,todo,0,,")
    assert where([error]) == [(3, "estimate_hours")]
    assert "negative" in error.message


@pytest.mark.parametrize("effort", ["0", "0,0", "0.001"])
def test_zero_effort(reader: CsvSpreadsheetReader, effort: str) -> None:
    [error] = job_errors(reader, f'A,B,work,"{effort}",2026-12-01,2026-12-02,hard,todo,0,,')
    assert where([error]) == [(3, "estimate_hours")]
    assert "more than zero" in error.message


def test_empty_effort(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "A,B,work,,2026-12-01,2026-12-02,hard,todo,0,,")
    assert where([error]) == [(3, "estimate_hours")]


def test_negative_spent_time(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(reader, "A,B,work,1,2026-12-01,2026-12-02,hard,todo,-1,,")
    assert where(errors) == [(3, "spent_hours")]


def test_due_before_received(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "A,B,work,1,2026-12-10,2026-12-02,hard,todo,0,,")
    assert where([error]) == [(3, "due")]
    assert error.message == "'2026-12-02' is before the received date 2026-12-10"


def test_due_date_time_before_received(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(reader, "A,B,work,1,2026-12-10,2026-12-09T18:00,hard,todo,0,,")
    assert where(errors) == [(3, "due")]


def test_unknown_status(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "A,B,work,1,2026-12-01,2026-12-02,hard,someday,0,,")
    assert where([error]) == [(3, "status")]
    assert error.value == "someday"
    assert error.message == (
        "unknown value 'someday' (expected todo/à faire, in_progress/en cours, "
        "waiting/en attente, done/terminé, cancelled/annulé)"
    )


def test_unknown_kind_and_deadline(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(reader, "A,B,holiday,1,2026-12-01,2026-12-02,firm,todo,0,,")
    assert where(errors) == [(3, "kind"), (3, "deadline")]


@pytest.mark.parametrize(
    ("received", "due", "column"),
    [
        ("2026-02-30", "2026-12-02", "received"),
        ("2026-12-01", "2026-13-01", "due"),
        ("2026-12-01", "2026-12-32T10:00", "due"),
        ("2026-12-01", "2026-12-02T25:00", "due"),
    ],
)
def test_impossible_date(
    reader: CsvSpreadsheetReader, received: str, due: str, column: str
) -> None:
    [error] = job_errors(reader, f"A,B,work,1,{received},{due},hard,todo,0,,")
    assert where([error]) == [(3, column)]
    assert error.message.startswith("no such date")


@pytest.mark.parametrize("received", ["01/12/2026", "2026-12", "tomorrow", "20261201"])
def test_date_not_iso(reader: CsvSpreadsheetReader, received: str) -> None:
    [error] = job_errors(reader, f"A,B,work,1,{received},2026-12-02,hard,todo,0,,")
    assert where([error]) == [(3, "received")]
    assert "YYYY-MM-DD" in error.message


def test_missing_received_and_due(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(reader, "A,B,work,1,,,hard,todo,0,,")
    assert where(errors) == [(3, "received"), (3, "due")]


def test_local_time_that_does_not_exist(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "A,B,work,1,2026-03-01,2026-03-29T02:30,hard,todo,0,,")
    assert where([error]) == [(3, "due")]
    assert "Europe/Paris" in error.message


def test_bad_price(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(
        reader,
        "A,B,work,1,2026-12-01,2026-12-02,hard,todo,0,cheap,",
        "A,C,work,1,2026-12-01,2026-12-02,hard,todo,0,-5,",
    )
    assert where(errors) == [(3, "price_eur"), (4, "price_eur")]


@pytest.mark.parametrize(
    "row",
    [
        "A,B,work,1,2026-12-01,2026-12-02,hard,todo",
        "A,B,work,1,2026-12-01,2026-12-02,hard,todo,0,,notes,surplus",
    ],
)
def test_wrong_number_of_cells(reader: CsvSpreadsheetReader, row: str) -> None:
    [error] = job_errors(reader, row)
    assert where([error]) == [(3, None)]
    assert "the header has 11 columns" in error.message


def test_duplicated_job(reader: CsvSpreadsheetReader) -> None:
    [error] = job_errors(reader, "a, GOOD JOB ,work,2,2026-12-01,2026-12-03,soft,todo,0,,")
    assert where([error]) == [(3, "title")]
    assert "line 2" in error.message


def test_missing_required_column(reader: CsvSpreadsheetReader) -> None:
    data = b"client,title,received\nA,B,2026-12-01\n"
    with pytest.raises(ImportFailed) as caught:
        reader.read_jobs(data, "jobs.csv", PARIS)
    assert where(caught.value.errors) == [(1, "estimate_hours"), (1, "due")]
    assert "required column 'estimate_hours' is missing" in str(caught.value)


# --- clients ------------------------------------------------------------------------------


def test_missing_client_name(reader: CsvSpreadsheetReader) -> None:
    errors = client_errors(reader, ",particulier,,,28,2,")
    assert where(errors) == [(3, "name")]


@pytest.mark.parametrize("importance", ["7", "0", "-1", "high", "2.5"])
def test_importance_out_of_range(reader: CsvSpreadsheetReader, importance: str) -> None:
    [error] = client_errors(reader, f"Other,professionnel,,,,{importance},")
    assert where([error]) == [(3, "importance")]
    assert error.message == f"must be a whole number from 1 to 5: '{importance}'"


def test_unknown_client_kind(reader: CsvSpreadsheetReader) -> None:
    [error] = client_errors(reader, "Other,association,,,,,")
    assert where([error]) == [(3, "kind")]
    assert "business" in error.message


def test_bad_coordinates(reader: CsvSpreadsheetReader) -> None:
    errors = client_errors(
        reader,
        "Nowhere,professionnel,95,0,,,",
        "Half,professionnel,47.4,,,,",
        "Words,professionnel,north,west,,,",
    )
    assert where(errors) == [
        (3, "latitude"),
        (4, "longitude"),
        (5, "latitude"),
        (5, "longitude"),
    ]


def test_impossible_first_contact(reader: CsvSpreadsheetReader) -> None:
    errors = client_errors(reader, "Other,professionnel,,,,,2026-02-30")
    assert where(errors) == [(3, "first_contact")]


def test_negative_hourly_rate(reader: CsvSpreadsheetReader) -> None:
    errors = client_errors(reader, "Other,professionnel,,,-30,,")
    assert where(errors) == [(3, "hourly_rate_eur")]


def test_duplicated_client_name(reader: CsvSpreadsheetReader) -> None:
    [error] = client_errors(reader, "good  CLIENT,particulier,,,,,")
    assert where([error]) == [(3, "name")]
    assert "already appears on line 2" in error.message


def test_client_row_with_too_few_cells(reader: CsvSpreadsheetReader) -> None:
    errors = client_errors(reader, "Other,professionnel")
    assert where(errors) == [(3, None)]


def test_clients_file_without_name_column(reader: CsvSpreadsheetReader) -> None:
    with pytest.raises(ImportFailed) as caught:
        reader.read_clients(b"client,title\nA,B\n", "jobs.csv")
    assert where(caught.value.errors) == [(1, "name")]


# --- the file as a whole ------------------------------------------------------------------


def test_every_error_of_a_file_is_listed_in_file_order(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(
        reader,
        ",No client,work,1,2026-12-01,2026-12-02,hard,todo,0,,",
        "A,Bad effort,work,abc,2026-12-01,2026-12-02,hard,todo,0,,",
        "A,Short row,work",
        "A,Late,work,1,2026-12-10,2026-12-02,hard,todo,0,,",
        "A,Odd status,work,1,2026-12-01,2026-12-02,hard,soon,0,,",
        "A,Good job,work,1,2026-12-01,2026-12-02,hard,todo,0,,",
        "A,Two problems,work,-1,2026-02-30,2026-12-02,hard,todo,0,,",
    )
    assert where(errors) == [
        (3, "client"),
        (4, "estimate_hours"),
        (5, None),
        (6, "due"),
        (7, "status"),
        (8, "title"),
        (9, "estimate_hours"),
        (9, "received"),
    ]


def test_import_failed_message_lists_each_error(reader: CsvSpreadsheetReader) -> None:
    data = f"{JOBS_HEADER}\nA,B,work,abc,2026-12-01,2026-12-02,hard,todo,0,,\n".encode()
    with pytest.raises(ImportFailed) as caught:
        reader.read_jobs(data, "jobs.csv", PARIS)
    assert str(caught.value).splitlines() == [
        "jobs.csv: 1 error, nothing was imported",
        "  jobs.csv, line 2, field 'estimate_hours': not a duration: 'abc' "
        "(write 1h30, 90m, 1.5 or 1,5)",
    ]


def test_lines_are_physical_after_a_multi_line_cell(reader: CsvSpreadsheetReader) -> None:
    errors = job_errors(
        reader,
        'A,Notes,work,1,2026-12-01,2026-12-02,hard,todo,0,,"first\nsecond\nthird"',
        "A,After,work,zero,2026-12-01,2026-12-02,hard,todo,0,,",
    )
    assert where(errors) == [(6, "estimate_hours")]


def test_not_utf8_names_the_file(reader: CsvSpreadsheetReader) -> None:
    data = "name;town\nMme Hélène Baudry;Avrillé\n".encode("cp1252")
    with pytest.raises(ImportFailed) as caught:
        reader.read_clients(data, "clients.csv")
    [error] = caught.value.errors
    assert (error.file, error.line) == ("clients.csv", 2)
    assert "not UTF-8" in error.message
    with pytest.raises(InputError, match="not UTF-8") as direct:
        reader.kind_of(data, "clients.csv")
    assert direct.value.file == "clients.csv"


def test_utf16_is_refused(reader: CsvSpreadsheetReader) -> None:
    with pytest.raises(InputError, match="UTF-16"):
        reader.kind_of("name\nX\n".encode("utf-16"), "clients.csv")


def test_duplicated_column(reader: CsvSpreadsheetReader) -> None:
    with pytest.raises(ImportFailed) as caught:
        reader.read_clients(b"name,town,Town\nX,A,B\n", "clients.csv")
    assert where(caught.value.errors) == [(1, "town")]
