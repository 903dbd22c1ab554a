"""Money commands: ``report`` (income, ``--receipts``, ``--billable``) and ``invoice``
(``add``, ``pay``, ``unpay``, ``list``, ``show``, ``delete``)."""

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
from creneau.interfaces.cli.parsing import parse_date, parse_money
from creneau.interfaces.cli.prompts import ask_yes_no, refuse_deletion
from creneau.interfaces.cli.state import CliState, state
from creneau.services import billable, exports, income, invoicing, mileage
from creneau.services.money_messages import day_text, money, say
from creneau.services.ports import ExportTable

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]
invoice_app = typer.Typer(
    help="Invoices and payments: add, pay, unpay, list, show, delete.", no_args_is_help=True
)


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
    """Add ``report`` and the ``invoice`` group to ``app``."""

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
            found = invoicing.receipts(services, request.period, client)
            if csv_path is not None:
                _export(st, exports.receipts_table(found), csv_path, excel_fr, lang)
            if as_json:
                out.print_json(invoicing.receipts_to_json(found))
            else:
                views.show_receipts(found)
        elif request.kind == "billable":
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

    @invoice_app.command("add")
    def invoice_add(
        ctx: typer.Context,
        client: Annotated[str, typer.Argument(help="Client id or unique part of the name.")],
        amount: Annotated[
            str | None,
            typer.Argument(help="Total in euros (default: what the --job jobs are worth)."),
        ] = None,
        number: Annotated[
            str, typer.Option("--number", help="The invoice number as printed (unique).")
        ] = "",
        on: Annotated[
            str | None, typer.Option("--on", help="Date of issue (default: today).")
        ] = None,
        jobs: Annotated[
            list[str] | None,
            typer.Option("--job", help="A job it bills (repeat for several)."),
        ] = None,
        notes: Annotated[str, typer.Option("--notes")] = "",
        as_json: JsonFlag = False,
    ) -> None:
        """Record an invoice sent to a client."""
        st = state(ctx)
        services = st.services()
        issued = parse_date(on, "--on") if on is not None else st.today()
        value = parse_money(amount, "AMOUNT") if amount is not None else None
        added = invoicing.add_invoice(
            services, client, number, issued, value, list(jobs or []), notes, today=st.today()
        )
        if as_json:
            out.print_json(invoicing.invoice_to_json(added))
            return
        lang = services.settings().language
        out.console.print(
            say(
                "invoice_added",
                lang,
                number=added.invoice.number,
                client=added.client.name,
                amount=money(added.invoice.amount, lang),
                day=day_text(added.invoice.issued_on, lang),
            ),
            markup=False,
        )

    @invoice_app.command("pay")
    def invoice_pay(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help="The invoice number.")],
        amount: Annotated[
            str | None, typer.Option("--amount", help="Euros received (default: the balance due).")
        ] = None,
        on: Annotated[
            str | None, typer.Option("--on", help="Date received (default: today).")
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Record a payment received for an invoice."""
        st = state(ctx)
        services = st.services()
        paid_on = parse_date(on, "--on") if on is not None else st.today()
        value = parse_money(amount, "--amount") if amount is not None else None
        after, payment = invoicing.pay_invoice(services, number, paid_on, value, today=st.today())
        if as_json:
            out.print_json(invoicing.invoice_to_json(after))
            return
        lang = services.settings().language
        out.console.print(
            say(
                "payment_added",
                lang,
                amount=money(payment.amount, lang),
                day=day_text(payment.paid_on, lang),
                number=after.invoice.number,
                left=_left(after, lang),
            ),
            markup=False,
        )

    @invoice_app.command("unpay")
    def invoice_unpay(
        ctx: typer.Context, number: Annotated[str, typer.Argument(help="The invoice number.")]
    ) -> None:
        """Remove the last payment recorded for an invoice (a mistake)."""
        services = state(ctx).services()
        after, payment = invoicing.unpay_invoice(services, number)
        lang = services.settings().language
        out.console.print(
            say(
                "payment_removed",
                lang,
                amount=money(payment.amount, lang),
                day=day_text(payment.paid_on, lang),
                number=after.invoice.number,
                left=_left(after, lang),
            ),
            markup=False,
        )

    @invoice_app.command("list")
    def invoice_list(
        ctx: typer.Context,
        client: Annotated[
            str | None, typer.Option("--client", help="Only this client's invoices.")
        ] = None,
        unpaid: Annotated[
            bool, typer.Option("--unpaid", help="Only invoices with a balance due.")
        ] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """List invoices with what was paid and the balance due."""
        services = state(ctx).services()
        states = invoicing.list_invoices(services, client, unpaid_only=unpaid)
        if as_json:
            out.print_json([invoicing.invoice_to_json(s) for s in states])
        else:
            views.show_invoices(states, services.settings().language)

    @invoice_app.command("show")
    def invoice_show(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help="The invoice number.")],
        as_json: JsonFlag = False,
    ) -> None:
        """Show an invoice, its jobs and its payments."""
        services = state(ctx).services()
        found = invoicing.get_invoice(services, number)
        if as_json:
            out.print_json(invoicing.invoice_to_json(found))
        else:
            views.show_invoice(found, services.settings().language)

    @invoice_app.command("delete")
    def invoice_delete(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help="The invoice number.")],
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    ) -> None:
        """Delete an invoice and its payments."""
        services = state(ctx).services()
        lang = services.settings().language
        found = invoicing.get_invoice(services, number)
        question = say(
            "delete_confirm",
            lang,
            number=found.invoice.number,
            client=found.client.name,
            amount=money(found.invoice.amount, lang),
            payments=len(found.payments),
        )
        if not yes and not ask_yes_no(question, lang):
            raise refuse_deletion(lang)
        gone = invoicing.delete_invoice(services, number)
        out.console.print(
            say("invoice_deleted", lang, number=gone.invoice.number, payments=len(gone.payments)),
            markup=False,
        )

    app.add_typer(invoice_app, name="invoice")


def _left(after: invoicing.InvoiceState, lang: str) -> str:
    if after.balance == 0:
        return say("paid_in_full", lang)
    return say("balance_left", lang, amount=money(after.balance, lang))
