"""End to end: ``report`` (income, ``--receipts``, ``--billable``, ``--csv``, ``--excel-fr``),
``invoice`` and ``job edit --rate`` on the real CLI.

The data folder is made by ``creneau demo`` (the bundled copy of the shared scenario) at
the scenario's now; the time entries and the delivery of
:mod:`tests.services.money_data` are then stored through the services (the commands that
log time belong to another part of issue 5). Every figure is worked out by hand in that
module; planned hours are checked against ``plan --json``, another command.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from creneau.bootstrap import open_services
from tests.conftest import PARIS, SCENARIO_NOW, run_cli, run_cli_on_terminal, run_json
from tests.services.money_data import (
    BATI,
    CARRE,
    DELIVERED,
    FOURNIL,
    KINE,
    MARAIS,
    TRANSCRIPTION,
    deliver,
    log_all,
)

pytestmark = pytest.mark.e2e

NOW = SCENARIO_NOW.isoformat()
NNBSP = "\u202f"  # French thousands separator (CLDR)
NBSP = "\xa0"  # before the euro sign in French
MENTION = "TVA non applicable, art. 293 B du CGI"


def cli(folder: Path, *args: str, check: bool = True) -> Any:
    return run_cli("--now", NOW, *args, data_dir=folder, check=check)


def cli_json(folder: Path, *args: str) -> Any:
    return run_json("--now", NOW, *args, data_dir=folder)


@pytest.fixture(scope="module")
def logged_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The demo with the entries logged, the archive job at 75 €/h (``job edit --rate``),
    the transcription delivered on 2 December; and the plan it shows (``plan --json``).
    Read only."""
    folder = tmp_path_factory.mktemp("money") / "data"
    cli(folder, "demo", "--json")
    ctx = open_services(folder)
    log_all(ctx)
    deliver(ctx, TRANSCRIPTION, DELIVERED)
    cli(folder, "job", "edit", "archivage", "--rate", "75")
    return folder, cli_json(folder, "plan", "--json")


@pytest.fixture
def data(logged_dir: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    """A fresh copy of the logged folder, for commands that store something."""
    return Path(shutil.copytree(logged_dir[0], tmp_path / "data"))


def planned_hours(plan: dict[str, Any], month: int) -> dict[str, float]:
    """Hours of the plan's work and meeting blocks per client, in a month of 2026 (Paris)."""
    minutes: dict[str, float] = defaultdict(float)
    for block in plan["blocks"]:
        start = datetime.fromisoformat(block["start"]).astimezone(PARIS)
        if block["kind"] in ("work", "meeting") and start.month == month and start.year == 2026:
            end = datetime.fromisoformat(block["end"])
            minutes[block["client"]] += (end - start).total_seconds() / 60
    return {client: round(m / 60, 2) for client, m in minutes.items()}


def rows(text: str, title: str) -> dict[str, list[str]]:
    """The rows of the table after the line holding ``title``, by their first cell."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if title in line)
    found: dict[str, list[str]] = {}
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            found[cells[0]] = cells[1:]
    return found


def test_november_in_french(logged_dir: tuple[Path, dict[str, Any]]) -> None:
    folder, _plan = logged_dir
    result = cli(folder, "report")  # the month of --now: November 2026
    month = rows(result.stdout, "Revenus, novembre 2026")
    assert month[CARRE][:3] == ["2,25 h", f"85,50{NBSP}€", f"38,00{NBSP}€/h"]
    assert month[BATI][:3] == ["2,5 h", f"187,50{NBSP}€", f"75,00{NBSP}€/h"]
    assert month[MARAIS][:3] == ["4 h", f"0,00{NBSP}€", f"0,00{NBSP}€/h"]
    assert month["Total"][:3] == ["8,75 h", f"273,00{NBSP}€", f"31,20{NBSP}€/h"]
    imported = rows(result.stdout, "Temps et prix importés sans date")
    assert imported[BATI] == ["14 h", f"1{NNBSP}050,00{NBSP}€", f"75,00{NBSP}€/h"]
    assert imported["Total"] == ["24 h", f"1{NNBSP}375,00{NBSP}€", f"57,29{NBSP}€/h"]
    returning = rows(result.stdout, "Clients fidèles (travaux reçus)")
    assert returning[FOURNIL] == ["0", "0", "0", "3", "3", "oui", "de retour"]
    # the physiotherapists were first met in June (clients.csv): back in November
    assert returning[KINE][-2:] == ["oui", "de retour"]
    assert returning["Menuiserie Cholet Bois"][-2:] == ["non", "nouveau"]  # met 2026-11-27
    assert result.stdout.rstrip().endswith(MENTION)


def test_december_in_english(logged_dir: tuple[Path, dict[str, Any]]) -> None:
    folder, _plan = logged_dir
    result = cli(folder, "--lang", "en", "report", "--month", "2026-12")
    month = rows(result.stdout, "Income, December 2026")
    assert month[CARRE][:3] == ["1 h", "€38.00", "€38.00/h"]
    assert month[MARAIS][:3] == ["3.33 h", "€720.00", "€216.00/h"]
    assert month[BATI][:3] == ["1.5 h", "€112.50", "€75.00/h"]
    assert month["Total"][:3] == ["5.83 h", "€870.50", "€149.23/h"]
    assert (
        f"{MARAIS} — {TRANSCRIPTION}: €720.00, delivered 2 December 2026; 7.33 h spent, "
        "€98.18/h" in result.stdout
    )
    imported = rows(result.stdout, "Imported time and prices without a date")
    assert imported["Total"] == ["24 h", "€1,375.00", "€57.29/h"]


def test_json_planned_versus_done(logged_dir: tuple[Path, dict[str, Any]]) -> None:
    folder, plan = logged_dir
    for month, number in (("2026-11", 11), ("2026-12", 12)):
        data = cli_json(folder, "report", "--month", month, "--json")
        planned = planned_hours(plan, number)
        lines = {line["name"]: line for line in data["clients"]}
        assert {name: line["planned_hours"] for name, line in lines.items()} == {
            name: planned.get(name, 0.0) for name in lines
        }
        assert set(planned) <= set(lines)  # every client planned in the month is listed
        assert data["plan_computed_at"] == NOW
    november = cli_json(folder, "report", "--json")
    lines = {line["name"]: line for line in november["clients"]}
    assert (lines[CARRE]["hours"], lines[CARRE]["income_eur"]) == (2.25, 85.5)
    assert november["total"]["income_eur"] == 273.0
    assert november["imported"]["income_eur"] == 1375.0


def test_report_csv_for_french_excel(
    logged_dir: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, plan = logged_dir
    target = tmp_path / "décembre.csv"
    result = cli(folder, "report", "--month", "2026-12", "--client", "marais", "--csv",
                 str(target), "--excel-fr")  # fmt: skip
    assert f"Fichier écrit : {target}" in result.stderr
    planned = f"{planned_hours(plan, 12).get(MARAIS, 0.0):.2f}".replace(".", ",")
    expected = (
        "\ufeffMois;Client;Heures faites;Revenus (€);Taux effectif (€/h);Prévu (h)\r\n"
        f"2026-12;{MARAIS};3,33;720,00;216,00;{planned}\r\n"
        f"2026-12;Total;3,33;720,00;216,00;{planned}\r\n"
        f"{MENTION}\r\n"
    )
    assert target.read_bytes() == expected.encode("utf-8")
    assert target.read_bytes()[:3] == b"\xef\xbb\xbf"


def test_billable_csv_both_dialects(
    logged_dir: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _plan = logged_dir
    excel, plain = tmp_path / "excel.csv", tmp_path / "plain.csv"
    day = ("report", "--billable", "--from", "2026-12-01", "--to", "2026-12-01")
    cli(folder, *day, "--csv", str(excel), "--excel-fr")
    cli(folder, "--lang", "en", *day, "--csv", str(plain))
    permit = "Mise en forme du dossier de permis de construire"
    archives = "Archivage et numérisation des factures 2015-2025"
    assert (
        excel.read_bytes()
        == (
            "\ufeffClient;Travail;Type;Heures;Taux (€/h);Montant (€);Livré le;Déjà facturé\r\n"
            f"{CARRE};{permit};à l'heure;1,00;38,00;38,00;;\r\n"
            f"{CARRE};Total;;1,00;;38,00;;\r\n"
            f"{BATI};{archives};à l'heure;1,50;75,00;112,50;;\r\n"
            f"{BATI};Total;;1,50;;112,50;;\r\n"
            "Total;;;2,50;;150,50;;\r\n"
            f"{MENTION}\r\n"
        ).encode()
    )
    assert (
        plain.read_bytes()
        == (
            "Client,Job,Kind,Hours,Rate (€/h),Amount (€),Delivered,Invoiced\r\n"
            f"{CARRE},{permit},hourly,1.00,38.00,38.00,,\r\n"
            f"{CARRE},Total,,1.00,,38.00,,\r\n"
            f"{BATI},{archives},hourly,1.50,75.00,112.50,,\r\n"
            f"{BATI},Total,,1.50,,112.50,,\r\n"
            "Total,,,2.50,,150.50,,\r\n"
            f'"{MENTION}"\r\n'
        ).encode()
    )


def test_billable_over_a_period(logged_dir: tuple[Path, dict[str, Any]]) -> None:
    folder, _plan = logged_dir
    data = cli_json(folder, "report", "--billable", "--from", "2026-11-25", "--to",
                    "2026-12-05", "--json")  # fmt: skip
    assert (data["hours"], data["amount_eur"]) == (14.58, 1143.5)
    assert [(c["name"], c["amount_eur"]) for c in data["clients"]] == [
        (CARRE, 123.5),
        (MARAIS, 720.0),
        (BATI, 300.0),
    ]
    text = cli(folder, "report", "--billable", "--from", "2026-11-25", "--to", "2026-12-05")
    assert "À facturer, du 25 novembre 2026 au 5 décembre 2026" in text.stdout
    assert f"1{NNBSP}143,50{NBSP}€" in text.stdout


def test_invoices_payments_and_receipts_by_quarter(data: Path, tmp_path: Path) -> None:
    # recorded in January 2027, once every invoice was sent and paid (no date after "now")
    def sent(folder: Path, *args: str) -> Any:
        return run_cli("--now", "2027-01-10T09:00:00+01:00", *args, data_dir=folder)

    sent(data, "invoice", "add", "fournil", "144", "--number", "F-2026-040", "--on", "2026-09-25")
    sent(data, "invoice", "add", "kiné", "105,00", "--number", "F-2026-041", "--on",
        "2026-11-05")  # fmt: skip
    # no amount: the transcription's fixed price
    added = sent(data, "invoice", "add", "marais", "--number", "F-2026-042", "--on", "2026-12-02",
                "--job", "transcription")  # fmt: skip
    assert f"Facture F-2026-042 enregistrée : {MARAIS}, 720,00{NBSP}€" in added.stdout
    sent(data, "invoice", "add", "carré", "123.45", "--number", "F-2026-043", "--on",
        "2026-12-20")  # fmt: skip
    for number, amount, day in (
        ("F-2026-040", "100", "2026-09-30"),
        ("F-2026-040", None, "2026-10-02"),  # the balance: 44
        ("F-2026-041", None, "2026-11-20"),
        ("F-2026-042", "300", "2026-12-15"),
        ("F-2026-042", "420.00", "2026-12-31"),
        ("F-2026-043", None, "2027-01-05"),
    ):
        extra = ("--amount", amount) if amount else ()
        sent(data, "invoice", "pay", number, "--on", day, *extra)
    quarter = cli_json(data, "report", "--receipts", "--quarter", "2026-Q4", "--json")
    assert [(m["month"], m["total_eur"]) for m in quarter["months"]] == [
        ("2026-10", 44.0),
        ("2026-11", 105.0),
        ("2026-12", 720.0),
    ]
    assert quarter["total_eur"] == 869.0
    text = cli(data, "report", "--receipts", "--quarter", "2026-Q4").stdout
    table = rows(text, "Encaissements, 4e trimestre 2026")
    assert table["4e trimestre 2026"][-2:] == ["Total", f"869,00{NBSP}€"]
    target = tmp_path / "urssaf.csv"
    cli(data, "report", "--receipts", "--quarter", "2026-T4", "--csv", str(target), "--excel-fr")
    assert (
        target.read_bytes()
        == (
            "\ufeffMois;Date;Facture;Client;Montant (€)\r\n"
            f"2026-10;2026-10-02;F-2026-040;{FOURNIL};44,00\r\n"
            "2026-10;;;Total;44,00\r\n"
            f"2026-11;2026-11-20;F-2026-041;{KINE};105,00\r\n"
            "2026-11;;;Total;105,00\r\n"
            f"2026-12;2026-12-15;F-2026-042;{MARAIS};300,00\r\n"
            f"2026-12;2026-12-31;F-2026-042;{MARAIS};420,00\r\n"
            "2026-12;;;Total;720,00\r\n"
            "2026-Q4;;;Total;869,00\r\n"
            f"{MENTION}\r\n"
        ).encode()
    )
    listed = {i["number"]: i for i in cli_json(data, "invoice", "list", "--json")}
    assert [(n, i["balance_eur"], i["status"]) for n, i in listed.items()] == [
        ("F-2026-040", 0.0, "paid"),
        ("F-2026-041", 0.0, "paid"),
        ("F-2026-042", 0.0, "paid"),
        ("F-2026-043", 0.0, "paid"),
    ]
    # the mention is a setting; empty: no footer line
    cli(data, "settings", "set", "vat.mention", "")
    cli(data, "report", "--receipts", "--month", "2026-11", "--csv", str(target))
    assert (
        target.read_bytes()
        == (
            "Mois,Date,Facture,Client,Montant (€)\r\n"
            f"2026-11,2026-11-20,F-2026-041,{KINE},105.00\r\n"
            "2026-11,,,Total,105.00\r\n"
        ).encode()
    )  # one month: no second total


def test_unpay_and_delete(data: Path) -> None:
    cli(data, "invoice", "add", "kiné", "105", "--number", "F-1", "--on", "2026-11-05")
    cli(data, "invoice", "pay", "F-1", "--amount", "5", "--on", "2026-11-06")
    cli(data, "invoice", "pay", "F-1", "--on", "2026-11-07")
    removed = cli(data, "--lang", "en", "invoice", "unpay", "F-1")
    assert "Payment of €100.00 of 7 November 2026 removed from invoice F-1" in removed.stdout
    assert "€100.00 still due" in removed.stdout
    shown = cli_json(data, "invoice", "show", "F-1", "--json")
    assert (shown["paid_eur"], shown["balance_eur"], shown["status"]) == (5.0, 100.0, "partly_paid")
    # on a terminal it asks first, in French: "non" keeps it, "o" (oui) deletes it
    kept = run_cli_on_terminal("invoice", "delete", "F-1", data_dir=data, answers="non\n")
    assert kept.returncode == 1
    assert "[o/N]" in kept.stdout and "Rien n'a été supprimé." in kept.stderr
    assert "Aborted" not in kept.stdout + kept.stderr
    assert [i["number"] for i in cli_json(data, "invoice", "list", "--json")] == ["F-1"]
    gone = run_cli_on_terminal("invoice", "delete", "F-1", data_dir=data, answers="peut-être\no\n")
    assert gone.returncode == 0, gone.stderr
    assert "Répondez o (oui) ou n (non)." in gone.stderr
    assert "Facture F-1 supprimée, avec 1 paiement(s)." in gone.stdout
    assert cli_json(data, "invoice", "list", "--json") == []


def test_job_rate_option(logged_dir: tuple[Path, dict[str, Any]], data: Path) -> None:
    assert cli_json(logged_dir[0], "job", "show", "archivage", "--json")["hourly_rate_eur"] == 75.0
    bad = cli(data, "job", "edit", "archivage", "--rate", "-3", check=False)
    assert bad.returncode == 2
    assert "field '--rate': must not be negative" in bad.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("report", "--month", "2026-13"), 2, "field '--month': not a month: '2026-13'"),
        (("report", "--receipts", "--quarter", "2026-Q5"), 2,
         "field '--quarter': not a quarter: '2026-Q5'"),
        (("report", "--quarter", "2026-Q4"), 2,
         "field '--quarter': --quarter goes with --receipts"),
        (("report", "--excel-fr"), 2, "field '--excel-fr': --excel-fr goes with --csv"),
        (("report", "--billable", "--from", "2026-12-05", "--to", "2026-12-01"), 2,
         "field '--to': 2026-12-01 is before --from 2026-12-05"),
        (("report", "--billable", "--from", "2026-12-05"), 2, "field '--to': give --to too"),
        (("report", "--billable", "--from", "5/12/2026", "--to", "2026-12-06"), 2,
         "field '--from': not a date: '5/12/2026'"),
        (("report", "--receipts", "--billable"), 2, "choose --receipts or --billable"),
        (("report", "--client", "personne"), 3, "no client matches 'personne'"),
        (("report", "--csv", "/nonexistent-folder/r.csv"), 2, "no folder '/nonexistent-folder'"),
        (("invoice", "pay", "F-9999"), 3, "no invoice matches 'F-9999'"),
        (("invoice", "show", "F-9999"), 3, "no invoice matches 'F-9999'"),
        (("invoice", "add", "kiné", "--number", "F-1", "--", "-5"), 2,
         "field 'AMOUNT': must not be negative: '-5'"),
        (("invoice", "add", "kiné", "--number", "F-1"), 2,
         "field 'AMOUNT': give the AMOUNT, or the jobs it bills with --job"),
        (("invoice", "add", "kiné", "12"), 2, "field '--number': give the invoice number"),
        (("invoice", "add", "kiné", "12,345", "--number", "F-1"), 2,
         "field 'AMOUNT': give whole cents"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_clearly(
    logged_dir: tuple[Path, dict[str, Any]], args: tuple[str, ...], code: int, message: str
) -> None:
    result = cli(logged_dir[0], *args, check=False)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert cli_json(logged_dir[0], "invoice", "list", "--json") == []  # nothing stored


def test_payments_refused_store_nothing(data: Path) -> None:
    cli(data, "invoice", "add", "kiné", "105", "--number", "F-1", "--on", "2026-11-05")
    for extra, message in (
        (("--amount", "105.01"), "field '--amount': 105.01 € is more than the balance due on "
         "invoice F-1 (105.00 €)"),
        (("--amount", "-5"), "field '--amount': must not be negative: '-5'"),
        (("--amount", "0"), "field '--amount': must be more than 0: 0"),
        (("--on", "2026-11-31"), "field '--on': not a date: '2026-11-31'"),
    ):  # fmt: skip
        result = cli(data, "invoice", "pay", "F-1", *extra, check=False)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
    assert cli_json(data, "invoice", "show", "F-1", "--json")["payments"] == []
    cli(data, "invoice", "pay", "F-1", "--on", "2026-11-20")
    again = cli(data, "invoice", "pay", "F-1", check=False)
    assert again.returncode == 2
    assert "invoice F-1 is paid in full already" in again.stderr


@pytest.mark.parametrize(("month", "loaded"), [("2026-11", False), ("2026-12", True)])
def test_a_month_without_visits_loads_no_calendar_or_place_library(
    logged_dir: tuple[Path, dict[str, Any]], month: str, loaded: bool
) -> None:
    """What keeps ``report --month`` quick: November has no located event and no meeting,
    so neither icalendar (expansion) nor geographiclib (distances) is imported; December
    has the visits of the scenario (Trélazé on the 3rd), which need both; geopy (its
    geocoders) never."""
    code = (
        "import sys\n"
        "from creneau.interfaces.cli.launch import main\n"
        f"sys.argv = ['creneau', '--data-dir', {str(logged_dir[0])!r}, '--now', {NOW!r},"
        f" 'report', '--month', {month!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'icalendar', 'geographiclib', 'geopy'}),"
        " file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    expected = "['geographiclib', 'icalendar']" if loaded else "[]"
    assert result.stderr.strip().splitlines()[-1] == expected
