"""Words and numbers of the money reports, in French and English.

Amounts, hours and period names are formatted per locale by Babel (CLDR): French
``1 234,50 €`` (a narrow no-break space between thousands, a no-break space before the
sign), English ``€1,234.50``; decimal hours ``14,5 h`` / ``14.5 h``; ``novembre 2026`` /
``November 2026``, ``4e trimestre 2026`` / ``4th quarter 2026``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from creneau.domain.money import hours
from creneau.domain.periods import Period, month_of, quarter_of

_TEXTS: dict[str, dict[str, str]] = {
    "report_title": {"en": "Income, {period}", "fr": "Revenus, {period}"},
    "client": {"en": "Client", "fr": "Client"},
    "hours_done": {"en": "Hours done", "fr": "Heures faites"},
    "income": {"en": "Income", "fr": "Revenus"},
    "effective_rate": {"en": "Effective rate", "fr": "Taux effectif"},
    "planned": {"en": "Planned", "fr": "Prévu"},
    "total": {"en": "Total", "fr": "Total"},
    "nothing_done": {
        "en": "Nothing done, earned or planned in this period.",
        "fr": "Rien de fait, gagné ni prévu sur cette période.",
    },
    "imported_title": {
        "en": "Imported time and prices without a date (in no month)",
        "fr": "Temps et prix importés sans date (hors mois)",
    },
    "imported": {"en": "imported", "fr": "importé"},
    "fixed_title": {"en": "Fixed prices delivered", "fr": "Forfaits livrés"},
    "fixed_line": {
        "en": "{client} — {title}: {price}, delivered {day}; {hours} spent, {rate}",
        "fr": "{client} — {title} : {price}, livré le {day} ; {hours} passées, {rate}",
    },
    "no_time": {"en": "no time recorded", "fr": "aucun temps enregistré"},
    "plan_note": {
        "en": "Planned: the stored plan, computed {moment} (nothing before that is planned).",
        "fr": "Prévu : le plan enregistré, calculé le {moment} (rien n'est prévu avant).",
    },
    "no_plan": {
        "en": "Planned: no plan computed yet (run 'creneau plan').",
        "fr": "Prévu : aucun plan calculé pour l'instant (lancez « creneau plan »).",
    },
    "unrated": {
        "en": "No hourly rate for: {jobs} (their time has no income; set one with "
        "'job edit --rate' or 'client edit --rate').",
        "fr": "Pas de taux horaire pour : {jobs} (leur temps ne rapporte rien ici ; "
        "fixez-en un avec « job edit --rate » ou « client edit --rate »).",
    },
    "returning_title": {
        "en": "Returning clients (jobs received)",
        "fr": "Clients fidèles (travaux reçus)",
    },
    "returning": {"en": "Returning", "fr": "Fidèle"},
    "this_month": {"en": "This month", "fr": "Ce mois-ci"},
    "status_new": {"en": "new", "fr": "nouveau"},
    "status_returning": {"en": "back", "fr": "de retour"},
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
    "returning_summary": {
        "en": "Returning clients (known over two months or more: first contact, jobs "
        "received): {count} of {clients}.",
        "fr": "Clients fidèles (connus sur deux mois ou plus : premier contact, travaux "
        "reçus) : {count} sur {clients}.",
    },
    "receipts_title": {"en": "Receipts, {period}", "fr": "Encaissements, {period}"},
    "receipts_note": {
        "en": "By date of payment: what a micro-entrepreneur declares to the Urssaf.",
        "fr": "Par date d'encaissement : ce qu'un micro-entrepreneur déclare à l'Urssaf.",
    },
    "month": {"en": "Month", "fr": "Mois"},
    "date": {"en": "Date", "fr": "Date"},
    "invoice": {"en": "Invoice", "fr": "Facture"},
    "amount": {"en": "Amount", "fr": "Montant"},
    "no_receipt": {"en": "no receipt", "fr": "aucun encaissement"},
    "billable_title": {
        "en": "To invoice, {first} to {last}",
        "fr": "À facturer, du {first} au {last}",
    },
    "nothing_billable": {
        "en": "Nothing to invoice in this period.",
        "fr": "Rien à facturer sur cette période.",
    },
    "job": {"en": "Job", "fr": "Travail"},
    "kind": {"en": "Kind", "fr": "Type"},
    "hourly": {"en": "hourly", "fr": "à l'heure"},
    "fixed": {"en": "fixed price", "fr": "forfait"},
    "hours": {"en": "Hours", "fr": "Heures"},
    "rate": {"en": "Rate", "fr": "Taux"},
    "delivered": {"en": "Delivered", "fr": "Livré le"},
    "invoiced": {"en": "Invoiced", "fr": "Déjà facturé"},
    "no_rate": {"en": "no rate", "fr": "pas de taux"},
    "written": {"en": "Written: {path}", "fr": "Fichier écrit : {path}"},
    "invoice_added": {
        "en": "Invoice {number} recorded: {client}, {amount}, {day}.",
        "fr": "Facture {number} enregistrée : {client}, {amount}, {day}.",
    },
    "payment_added": {
        "en": "Payment of {amount} recorded on {day} for invoice {number}; {left}.",
        "fr": "Paiement de {amount} enregistré le {day} pour la facture {number} ; {left}.",
    },
    "payment_removed": {
        "en": "Payment of {amount} of {day} removed from invoice {number}; {left}.",
        "fr": "Paiement de {amount} du {day} retiré de la facture {number} ; {left}.",
    },
    "balance_left": {"en": "{amount} still due", "fr": "reste dû : {amount}"},
    "paid_in_full": {"en": "paid in full", "fr": "payée en totalité"},
    "invoice_deleted": {
        "en": "Invoice {number} deleted, with {payments} payment(s).",
        "fr": "Facture {number} supprimée, avec {payments} paiement(s).",
    },
    "delete_confirm": {
        "en": "Delete invoice {number} ({client}, {amount}) and its {payments} payment(s)?",
        "fr": "Supprimer la facture {number} ({client}, {amount}) et ses {payments} paiement(s) ?",
    },
    "no_invoice": {"en": "No invoice recorded.", "fr": "Aucune facture enregistrée."},
    "issued": {"en": "Issued", "fr": "Émise le"},
    "paid": {"en": "Paid", "fr": "Payé"},
    "balance": {"en": "Due", "fr": "Reste dû"},
    "status": {"en": "Status", "fr": "État"},
    "status_paid": {"en": "paid", "fr": "payée"},
    "status_partly_paid": {"en": "partly paid", "fr": "payée en partie"},
    "status_unpaid": {"en": "unpaid", "fr": "non payée"},
    "jobs_billed": {"en": "Jobs", "fr": "Travaux"},
    "payments": {"en": "Payments", "fr": "Paiements"},
    "notes": {"en": "Notes", "fr": "Notes"},
}


def say(key: str, language: str, **values: Any) -> str:
    """One text in ``language`` (``"fr"`` or ``"en"``; English when unknown), with its
    ``{fields}`` filled from ``values`` as they are (format them first)."""
    entry = _TEXTS[key]
    return entry.get(language, entry["en"]).format(**values)


def money(amount: Decimal, language: str) -> str:
    """``1 234,50 €`` / ``€1,234.50`` (Babel, CLDR currency pattern)."""
    return str(format_currency(amount, "EUR", locale=language))


def rate(amount: Decimal | None, language: str) -> str:
    """An hourly rate: ``35,00 €/h`` / ``€35.00/h``; ``—`` when unknown."""
    return "—" if amount is None else f"{money(amount, language)}/h"


def hours_text(minutes: int, language: str) -> str:
    """Decimal hours: ``14,5 h`` / ``14.5 h`` (to the hundredth; thousands grouped)."""
    return f"{format_decimal(hours(minutes), format='#,##0.##', locale=language)} h"


def day_text(day: date, language: str) -> str:
    """``30 novembre 2026`` / ``30 November 2026``."""
    return str(format_date(day, "d MMMM y", locale=language))


def period_text(period: Period, language: str) -> str:
    """A month (``novembre 2026``), a quarter (``4e trimestre 2026``) or a span of days."""
    if period == month_of(period.first):
        return str(format_date(period.first, "LLLL y", locale=language))
    if period == quarter_of(period.first):
        return str(format_date(period.first, "QQQQ y", locale=language))
    return f"{day_text(period.first, language)} – {day_text(period.last, language)}"
