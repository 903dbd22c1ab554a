"""Invoice commands: ``invoice`` (``add``, ``pay``, ``unpay``, ``list``, ``show``,
``delete``): what was invoiced and paid."""

from __future__ import annotations

from typing import Annotated

import typer

from creneau.domain.models import Payment
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli import money_views as views
from creneau.interfaces.cli.parsing import parse_date, parse_money
from creneau.interfaces.cli.prompts import ask_yes_no, refuse_deletion
from creneau.interfaces.cli.state import state
from creneau.services import invoicing
from creneau.services.money_messages import day_text, money, say

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]
invoice_app = typer.Typer(
    help="Invoices and payments: add, pay, unpay, list, show, delete.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the ``invoice`` group to ``app``."""

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
        out.console.print(_payment_line("payment_added", after, payment, lang), markup=False)

    @invoice_app.command("unpay")
    def invoice_unpay(
        ctx: typer.Context, number: Annotated[str, typer.Argument(help="The invoice number.")]
    ) -> None:
        """Remove the last payment recorded for an invoice (a mistake)."""
        services = state(ctx).services()
        after, payment = invoicing.unpay_invoice(services, number)
        lang = services.settings().language
        out.console.print(_payment_line("payment_removed", after, payment, lang), markup=False)

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


def _payment_line(key: str, after: invoicing.InvoiceState, payment: Payment, lang: str) -> str:
    """The line said when ``payment`` was added to or removed from an invoice (now
    ``after``): the amount, the day, the invoice number and what is left to pay."""
    return say(
        key,
        lang,
        amount=money(payment.amount, lang),
        day=day_text(payment.paid_on, lang),
        number=after.invoice.number,
        left=_left(after, lang),
    )


def _left(after: invoicing.InvoiceState, lang: str) -> str:
    if after.balance == 0:
        return say("paid_in_full", lang)
    return say("balance_left", lang, amount=money(after.balance, lang))
