"""Text views of the money reports and invoices (Rich tables), in the interface language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel.dates import format_date
from rich.table import Table
from rich.text import Text

from creneau.domain.periods import parse_quarter
from creneau.interfaces.cli.formatters import console
from creneau.services.income import Figures, IncomeReport
from creneau.services.meet_messages import meet_text
from creneau.services.messages import format_moment
from creneau.services.mileage import MileageReport
from creneau.services.money_messages import (
    day_text,
    hours_text,
    money,
    period_text,
    rate,
    say,
)

if TYPE_CHECKING:  # the receipts' and billable time's services load with those reports
    from creneau.services.billable import BillableReport
    from creneau.services.invoicing import InvoiceState, ReceiptsReport


def _heading(text: str) -> None:
    console.print(Text(text, style="bold"))


def _mention(text: str) -> None:
    if text:
        console.print()
        console.print(Text(text, style="dim"))


def _figure_cells(figures: Figures, lang: str, *, planned: bool = True) -> list[str]:
    cells = [
        hours_text(figures.minutes, lang),
        money(figures.income, lang),
        rate(figures.effective_rate, lang),
    ]
    if planned:
        cells.append(hours_text(figures.planned_minutes, lang))
    return cells


def show_income(report: IncomeReport, mileage: MileageReport | None = None) -> None:
    """The income report: the month's table, the imported line, fixed prices delivered,
    the plan's note, clients without a rate, returning clients, and the kilometres driven
    for visits (``mileage``, when given)."""
    lang = report.language
    _heading(say("report_title", lang, period=period_text(report.period, lang)))
    if report.lines:
        table = Table()
        table.add_column(say("client", lang))
        for key in ("hours_done", "income", "effective_rate", "planned"):
            table.add_column(say(key, lang), justify="right")
        for line in report.lines:
            table.add_row(Text(line.client.name), *_figure_cells(line.figures, lang))
        table.add_section()
        table.add_row(Text(say("total", lang), style="bold"), *_figure_cells(report.total, lang))
        console.print(table)
    else:
        console.print(say("nothing_done", lang))
    if report.imported:
        console.print()
        _heading(say("imported_title", lang))
        table = Table()
        table.add_column(say("client", lang))
        for key in ("hours", "income", "effective_rate"):
            table.add_column(say(key, lang), justify="right")
        for line in report.imported:
            table.add_row(Text(line.client.name), *_figure_cells(line.figures, lang, planned=False))
        table.add_section()
        table.add_row(
            Text(say("total", lang), style="bold"),
            *_figure_cells(report.imported_total, lang, planned=False),
        )
        console.print(table)
    if report.fixed_jobs:
        console.print()
        _heading(say("fixed_title", lang))
        for fixed in report.fixed_jobs:
            assert fixed.job.done_on is not None
            console.print(
                "  "
                + say(
                    "fixed_line",
                    lang,
                    client=fixed.client.name,
                    title=fixed.job.title,
                    price=money(fixed.price, lang),
                    day=day_text(fixed.job.done_on, lang),
                    hours=hours_text(fixed.minutes, lang),
                    rate=(
                        rate(fixed.effective_rate, lang)
                        if fixed.effective_rate is not None
                        else say("no_time", lang)
                    ),
                ),
                markup=False,
            )
    console.print()
    if report.plan_computed_at is not None:
        moment = format_moment(report.plan_computed_at.astimezone(report.now.tzinfo), lang)
        console.print(Text(say("plan_note", lang, moment=moment), style="dim"))
    else:
        console.print(Text(say("no_plan", lang), style="dim"))
    if report.unrated_jobs:
        names = ", ".join(f"{client.name} — {job.title}" for job, client in report.unrated_jobs)
        console.print(Text(say("unrated", lang, jobs=names), style="yellow"))
    _show_history(report)
    if mileage is not None:
        show_mileage(mileage, report.language)
    _mention(report.vat_mention)


def _show_history(report: IncomeReport) -> None:
    if not report.history:
        return
    lang = report.language
    console.print()
    _heading(say("returning_title", lang))
    table = Table()
    table.add_column(say("client", lang))
    for label, _count in report.history[0].by_quarter:
        quarter = parse_quarter(label)
        table.add_column(str(format_date(quarter.first, "QQQ y", locale=lang)), justify="right")
    table.add_column(say("total", lang), justify="right")
    table.add_column(say("returning", lang))
    table.add_column(say("this_month", lang))
    for item in report.history:
        status = item.status(report.period)
        table.add_row(
            Text(item.client.name),
            *(str(count) for _label, count in item.by_quarter),
            str(item.jobs),
            say("yes" if item.returning else "no", lang),
            say(f"status_{status}", lang) if status is not None else "",
        )
    console.print(table)
    count = sum(item.returning for item in report.history)
    console.print(
        say("returning_summary", lang, count=count, clients=len(report.history)), markup=False
    )


def show_receipts(report: ReceiptsReport) -> None:
    """Receipts month by month, each payment then the month's total, then the period's."""
    lang = report.language
    _heading(say("receipts_title", lang, period=period_text(report.period, lang)))
    console.print(Text(say("receipts_note", lang), style="dim"))
    table = Table()
    for key in ("month", "date", "invoice", "client"):
        table.add_column(say(key, lang))
    table.add_column(say("amount", lang), justify="right")
    for month in report.months:
        name = period_text(month.month, lang)
        for receipt in month.receipts:
            table.add_row(
                name,
                day_text(receipt.payment.paid_on, lang),
                Text(receipt.invoice.number),
                Text(receipt.client.name),
                money(receipt.payment.amount, lang),
            )
        table.add_row(
            Text(name, style="bold"),
            "" if month.receipts else say("no_receipt", lang),
            "",
            Text(say("total", lang), style="bold"),
            Text(money(month.total, lang), style="bold"),
        )
        table.add_section()
    if len(report.months) > 1:
        table.add_row(
            Text(period_text(report.period, lang), style="bold"),
            "",
            "",
            Text(say("total", lang), style="bold"),
            Text(money(report.total, lang), style="bold"),
        )
    console.print(table)
    _mention(report.vat_mention)


def show_billable(report: BillableReport) -> None:
    """What to invoice, client by client, job by job."""
    lang = report.language
    _heading(
        say(
            "billable_title",
            lang,
            first=day_text(report.period.first, lang),
            last=day_text(report.period.last, lang),
        )
    )
    if not report.clients:
        console.print(say("nothing_billable", lang))
        _mention(report.vat_mention)
        return
    table = Table()
    for key in ("client", "job", "kind"):
        table.add_column(say(key, lang))
    for key in ("hours", "rate", "amount"):
        table.add_column(say(key, lang), justify="right")
    table.add_column(say("delivered", lang))
    table.add_column(say("invoiced", lang))
    for client in report.clients:
        for line in client.lines:
            table.add_row(
                Text(client.client.name),
                Text(line.job.title),
                say("fixed" if line.fixed else "hourly", lang),
                hours_text(line.minutes, lang),
                rate(line.rate, lang) if not line.fixed else "",
                money(line.amount, lang) if line.amount is not None else say("no_rate", lang),
                day_text(line.job.done_on, lang) if line.fixed and line.job.done_on else "",
                Text(", ".join(line.invoices)),
            )
        table.add_row(
            Text(client.client.name, style="bold"),
            Text(say("total", lang), style="bold"),
            "",
            hours_text(client.minutes, lang),
            "",
            Text(money(client.amount, lang), style="bold"),
            "",
            "",
        )
        table.add_section()
    table.add_row(
        Text(say("total", lang), style="bold"),
        "",
        "",
        hours_text(report.minutes, lang),
        "",
        Text(money(report.amount, lang), style="bold"),
        "",
        "",
    )
    console.print(table)
    _mention(report.vat_mention)


def show_invoices(states: list[InvoiceState], lang: str) -> None:
    """A table of invoices with what was paid and what is still due."""
    if not states:
        console.print(say("no_invoice", lang))
        return
    table = Table()
    for key in ("invoice", "issued", "client"):
        table.add_column(say(key, lang))
    for key in ("amount", "paid", "balance"):
        table.add_column(say(key, lang), justify="right")
    table.add_column(say("status", lang))
    for state in states:
        table.add_row(
            Text(state.invoice.number),
            day_text(state.invoice.issued_on, lang),
            Text(state.client.name),
            money(state.invoice.amount, lang),
            money(state.paid, lang),
            money(state.balance, lang),
            say(f"status_{state.status}", lang),
        )
    console.print(table)


def show_invoice(state: InvoiceState, lang: str) -> None:
    """One invoice: its figures, jobs and payments."""
    show_invoices([state], lang)
    if state.jobs:
        console.print(f"{say('jobs_billed', lang)}:", markup=False)
        for job in state.jobs:
            console.print(f"  {job.id}  {job.title}", markup=False)
    if state.payments:
        console.print(f"{say('payments', lang)}:", markup=False)
        for payment in state.payments:
            console.print(
                f"  {day_text(payment.paid_on, lang)}  {money(payment.amount, lang)}",
                markup=False,
            )
    if state.invoice.notes:
        console.print(f"{say('notes', lang)}: {state.invoice.notes}", markup=False)


def show_mileage(report: MileageReport, lang: str) -> None:
    """The month's kilometres driven for visits and the allowance they are worth."""
    if not report.days:
        console.print(Text(meet_text("no_mileage", lang), style="dim"))
        return
    line = meet_text(
        "mileage",
        lang,
        km=report.km,
        days=len(report.days),
        allowance=money(report.allowance, lang),
        rate=str(report.rate).replace(".", "," if lang == "fr" else "."),
    )
    console.print(Text(line))
