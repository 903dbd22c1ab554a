"""The money report: ``report`` (income, ``--receipts``, ``--billable``, ``--csv``); the
invoices are in :mod:`creneau.interfaces.cli.invoice_commands`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from creneau.domain.errors import InputError
from creneau.domain.periods import Period, month_of, parse_month, parse_quarter, quarter_of, span
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli import money_views as views
from creneau.interfaces.cli.parsing import parse_date
from creneau.interfaces.cli.state import CliState, state
from creneau.services import exports, income, mileage
from creneau.services.money_messages import say
from creneau.services.ports import ExportTable

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What ``creneau report`` was asked: the kind of report and its period.

    Args:
        kind: ``"income"``, ``"receipts"`` or ``"billable"``.
        period: the local dates covered.
    """

    kind: str
    period: Period


def report_request(
    today: date,
    *,
    month: str | None,
    quarter: str | None,
    receipts: bool,
    billable: bool,
    first: str | None,
    last: str | None,
) -> ReportRequest:
    """Check the options of ``creneau report`` together and work out the period.

    Args:
        today: the local date of "now" (the default month or quarter holds it).
        month, quarter, first, last: the options as typed (``--month``, ``--quarter``,
            ``--from``, ``--to``), or None.
        receipts, billable: the ``--receipts`` and ``--billable`` flags.

    Raises:
        InputError: naming the option: a bad month, quarter or date, a range ending before
            it starts, or options that do not go together.
    """
    if receipts and billable:
        raise InputError("choose --receipts or --billable, not both", field="--billable")
    if quarter is not None and not receipts:
        raise InputError(
            "--quarter goes with --receipts (the income report takes --month)", field="--quarter"
        )
    if not billable:
        for option, value in (("--from", first), ("--to", last)):
            if value is not None:
                raise InputError(f"{option} goes with --billable", field=option)
    if receipts:
        if month is not None and quarter is not None:
            raise InputError("give --quarter or --month, not both", field="--month")
        if month is not None:
            return ReportRequest("receipts", parse_month(month))
        period = parse_quarter(quarter) if quarter is not None else quarter_of(today)
        return ReportRequest("receipts", period)
    if billable:
        if first is None and last is None:
            return ReportRequest(
                "billable", parse_month(month) if month is not None else month_of(today)
            )
        if month is not None:
            raise InputError("give --month or --from/--to, not both", field="--month")
        if first is None or last is None:
            missing = "--from" if first is None else "--to"
            raise InputError(f"give {missing} too (e.g. 2026-11-30)", field=missing)
        return ReportRequest(
            "billable", span(parse_date(first, "--from"), parse_date(last, "--to"))
        )
    return ReportRequest("income", parse_month(month) if month is not None else month_of(today))


def _export(st: CliState, table: ExportTable, path: Path, excel_fr: bool, lang: str) -> None:
    exports.write_table(st.services(), table, str(path), excel_fr=excel_fr)
    out.err_console.print(say("written", lang, path=str(path)), markup=False)


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""

    @app.command("report")
    def report_command(
        ctx: typer.Context,
        month: Annotated[
            str | None, typer.Option("--month", help="The month: 2026-12 (default: this month).")
        ] = None,
        client: Annotated[
            str | None, typer.Option("--client", help="Only this client (id or name).")
        ] = None,
        csv_path: Annotated[
            Path | None, typer.Option("--csv", help="Also write it to this CSV file.")
        ] = None,
        excel_fr: Annotated[
            bool,
            typer.Option("--excel-fr", help="CSV for French Excel: ';', decimal comma, BOM."),
        ] = False,
        receipts_flag: Annotated[
            bool, typer.Option("--receipts", help="Receipts by date of payment, month by month.")
        ] = False,
        quarter: Annotated[
            str | None,
            typer.Option("--quarter", help="With --receipts: 2026-Q4 (default: this quarter)."),
        ] = None,
        billable_flag: Annotated[
            bool, typer.Option("--billable", help="Time and prices to invoice, per client.")
        ] = False,
        first: Annotated[
            str | None, typer.Option("--from", help="With --billable: first day, 2026-11-01.")
        ] = None,
        last: Annotated[
            str | None, typer.Option("--to", help="With --billable: last day, 2026-11-30.")
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Hours, income and effective rate per client for a month; or --receipts by
        quarter, or --billable time and prices over --from/--to."""
        if excel_fr and csv_path is None:
            raise InputError("--excel-fr goes with --csv FILE", field="--excel-fr")
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        now = st.now(settings.tz)
        request = report_request(
            now.date(),
            month=month,
            quarter=quarter,
            receipts=receipts_flag,
            billable=billable_flag,
            first=first,
            last=last,
        )
        lang = settings.language
        if request.kind == "receipts":
            from creneau.services import invoicing  # loaded by --receipts only

            found = invoicing.receipts(services, request.period, client)
            if csv_path is not None:
                _export(st, exports.receipts_table(found), csv_path, excel_fr, lang)
            if as_json:
                out.print_json(invoicing.receipts_to_json(found))
            else:
                views.show_receipts(found)
        elif request.kind == "billable":
            from creneau.services import billable  # loaded by --billable only

            due = billable.billable(services, request.period, now, client)
            if csv_path is not None:
                _export(st, exports.billable_table(due), csv_path, excel_fr, lang)
            if as_json:
                out.print_json(billable.billable_to_json(due))
            else:
                views.show_billable(due)
        else:
            made = income.income_report(services, request.period, now, client)
            if csv_path is not None:
                _export(st, exports.income_table(made), csv_path, excel_fr, lang)
            driven = mileage.mileage(services, request.period, now) if client is None else None
            if as_json:
                data = income.income_to_json(made)
                data["mileage"] = mileage.mileage_to_json(driven) if driven else None
                out.print_json(data)
            else:
                views.show_income(made, driven)
