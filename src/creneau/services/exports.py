"""The money reports as tables for a spreadsheet (``report ... --csv FILE``), and writing them.

Service layer: builds :class:`~creneau.services.ports.ExportTable` values (column names in
the interface language, amounts and hours as exact decimals, dates as dates) and hands
them to the :class:`~creneau.services.ports.TableWriter` port, which picks the file's
dialect. Every table ends with the ``vat.mention`` setting (when not empty).

Layouts (one row per line; a ``Total`` row closes each group):

- income report: ``month, client, hours done, income, effective rate, planned hours``;
  the month's clients and their total, then the imported lines (month ``imported``) and
  their total;
- receipts: ``month, date, invoice, client, amount``; each month's payments then its
  total (an empty month has its total only), then the period's total (over two months
  or more);
- billable: ``client, job, kind, hours, rate, amount, delivered, invoiced``; each client's
  jobs then its total, then the grand total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from creneau.domain.errors import CreneauError
from creneau.domain.money import cents, hours
from creneau.services.context import ServiceContext
from creneau.services.income import Figures, IncomeReport
from creneau.services.money_messages import say
from creneau.services.ports import Cell, ExportTable

if TYPE_CHECKING:  # their services load with the reports that need them
    from creneau.services.billable import BillableReport
    from creneau.services.invoicing import ReceiptsReport


def _figures(month: str, name: str, figures: Figures, *, planned: bool) -> tuple[Cell, ...]:
    return (
        month,
        name,
        hours(figures.minutes),
        cents(figures.income),
        figures.effective_rate,
        hours(figures.planned_minutes) if planned else None,
    )


def income_table(report: IncomeReport) -> ExportTable:
    """The income report as a table (see the module docstring)."""
    lang = report.language
    header = tuple(
        f"{say(key, lang)}{unit}"
        for key, unit in (
            ("month", ""),
            ("client", ""),
            ("hours_done", ""),
            ("income", " (€)"),
            ("effective_rate", " (€/h)"),
            ("planned", " (h)"),
        )
    )
    month = report.period.label
    total = say("total", lang)
    rows = [_figures(month, line.client.name, line.figures, planned=True) for line in report.lines]
    rows.append(_figures(month, total, report.total, planned=True))
    if report.imported:
        imported = say("imported", lang)
        rows += [
            _figures(imported, line.client.name, line.figures, planned=False)
            for line in report.imported
        ]
        rows.append(_figures(imported, total, report.imported_total, planned=False))
    return ExportTable(header, tuple(rows), report.vat_mention)


def receipts_table(report: ReceiptsReport) -> ExportTable:
    """The receipts as a table (see the module docstring)."""
    lang = report.language
    header = (
        say("month", lang),
        say("date", lang),
        say("invoice", lang),
        say("client", lang),
        f"{say('amount', lang)} (€)",
    )
    total = say("total", lang)
    rows: list[tuple[Cell, ...]] = []
    for month in report.months:
        for receipt in month.receipts:
            rows.append(
                (
                    month.month.label,
                    receipt.payment.paid_on,
                    receipt.invoice.number,
                    receipt.client.name,
                    cents(receipt.payment.amount),
                )
            )
        rows.append((month.month.label, None, None, total, cents(month.total)))
    if len(report.months) > 1:
        rows.append((report.period.label, None, None, total, cents(report.total)))
    return ExportTable(header, tuple(rows), report.vat_mention)


def billable_table(report: BillableReport) -> ExportTable:
    """What to invoice as a table (see the module docstring)."""
    lang = report.language
    header = (
        say("client", lang),
        say("job", lang),
        say("kind", lang),
        say("hours", lang),
        f"{say('rate', lang)} (€/h)",
        f"{say('amount', lang)} (€)",
        say("delivered", lang),
        say("invoiced", lang),
    )
    total = say("total", lang)
    rows: list[tuple[Cell, ...]] = []
    for client in report.clients:
        for line in client.lines:
            rows.append(
                (
                    client.client.name,
                    line.job.title,
                    say("fixed" if line.fixed else "hourly", lang),
                    hours(line.minutes),
                    None if line.rate is None else cents(line.rate),
                    None if line.amount is None else cents(line.amount),
                    line.job.done_on if line.fixed else None,
                    ", ".join(line.invoices),
                )
            )
        rows.append(
            (
                client.client.name,
                total,
                None,
                hours(client.minutes),
                None,
                cents(client.amount),
                None,
                "",
            )
        )
    rows.append((total, None, None, hours(report.minutes), None, cents(report.amount), None, ""))
    return ExportTable(header, tuple(rows), report.vat_mention)


def write_table(ctx: ServiceContext, table: ExportTable, path: str, *, excel_fr: bool) -> None:
    """Write an exported table to ``path`` (atomically; see the ``TableWriter`` port).

    Args:
        ctx: the service context (its ``tables`` writer).
        table: from :func:`income_table`, :func:`receipts_table` or :func:`billable_table`.
        path: the file to write.
        excel_fr: French Excel's dialect (``;``, decimal comma, UTF-8 with BOM).

    Raises:
        InputError: the file cannot be written (field ``--csv``).
        CreneauError: no writer is wired in this context.
    """
    if ctx.tables is None:
        raise CreneauError("files cannot be written here")
    ctx.tables.write(path, table, excel_fr=excel_fr)
