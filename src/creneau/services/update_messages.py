"""Words of the status updates to clients and of the morning brief, in French and English.

Dates are formatted per locale with Babel (CLDR patterns): "mercredi 2 décembre" /
"Wednesday 2 December" (the year is added when it is not the current one). French is the
default; an unknown language falls back to English.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime

_TEXTS: dict[str, dict[str, str]] = {
    # status update to a client
    "subject": {
        "fr": "Point sur vos dossiers – {day}",
        "en": "Update on your work – {day}",
    },
    "greeting": {"fr": "Bonjour,", "en": "Hello,"},
    "intro": {
        "fr": "Voici un point sur l'avancement de vos dossiers.",
        "en": "Here is an update on the work I am doing for you.",
    },
    "finished_since": {
        "fr": "Terminé depuis mon message du {day} :",
        "en": "Finished since my message of {day}:",
    },
    "finished_recently": {"fr": "Terminé récemment :", "en": "Recently finished:"},
    "worked_since": {
        "fr": "Avancé depuis mon message du {day} :",
        "en": "Worked on since my message of {day}:",
    },
    "worked_recently": {"fr": "Avancé ces derniers jours :", "en": "Worked on lately:"},
    "worked_line": {"fr": "{title} ({time} de travail)", "en": "{title} ({time} of work)"},
    "open_heading": {
        "fr": "Vos dossiers en cours et leur date de livraison prévue :",
        "en": "Your open jobs and their expected delivery dates:",
    },
    "on_time": {
        "fr": "{title} : livraison prévue le {finish}.",
        "en": "{title}: expected delivery on {finish}.",
    },
    "late": {
        "fr": "{title} : je ne pourrai pas tenir la date du {due} ; "
        "nouvelle date de livraison prévue : le {finish}.",
        "en": "{title}: I will not be able to keep the date of {due}; "
        "new expected delivery date: {finish}.",
    },
    "unplaced": {
        "fr": "{title} : je ne peux pas encore vous donner de date de livraison ; "
        "je reviens vers vous très rapidement.",
        "en": "{title}: I cannot give you a delivery date yet; I will come back to you very soon.",
    },
    "meeting": {
        "fr": "{title} : je vous propose le {start}, si cela vous convient.",
        "en": "{title}: I suggest {start}, if that suits you.",
    },
    "meeting_late": {
        "fr": "{title} : je n'ai pas pu le placer avant le {due} ; je vous propose "
        "le {start}, si cela vous convient.",
        "en": "{title}: I could not fit it in before {due}; I suggest {start}, if that suits you.",
    },
    "finishing": {
        "fr": "{title} : en cours de finalisation.",
        "en": "{title}: being finalised.",
    },
    "waiting": {
        "fr": "{title} : en attente d'éléments de votre part ; je m'y remets dès réception.",
        "en": "{title}: waiting for your input; I will resume as soon as I receive it.",
    },
    "no_open": {
        "fr": "Je n'ai plus de dossier en cours pour vous pour le moment.",
        "en": "I have no open work for you at the moment.",
    },
    "apology": {
        "fr": "Je vous prie de m'excuser pour ce retard.",
        "en": "I apologise for the delay.",
    },
    "closing": {
        "fr": "Je reste à votre disposition pour toute question.",
        "en": "Please do not hesitate to contact me with any questions.",
    },
    "sign_off": {"fr": "Bien cordialement,", "en": "Kind regards,"},
    # morning brief (in her interface language)
    "brief_subject": {
        "fr": "Créneau : votre journée du {day}",
        "en": "Créneau: your day, {day}",
    },
    "brief_today": {"fr": "Aujourd'hui, {day}", "en": "Today, {day}"},
    "brief_no_blocks": {
        "fr": "Rien de prévu aujourd'hui.",
        "en": "Nothing planned today.",
    },
    "brief_busy": {"fr": "occupé", "en": "busy"},
    "brief_risks": {"fr": "À surveiller", "en": "At risk"},
    "brief_no_risks": {
        "fr": "Toutes les échéances sont tenues avec de la marge.",
        "en": "Every deadline is met with room to spare.",
    },
    "brief_late": {
        "fr": "{client} – {title} : en retard (échéance {due}) : {reason}",
        "en": "{client} – {title}: late (due {due}): {reason}",
    },
    "brief_tight": {
        "fr": "{client} – {title} : marge de {slack} seulement avant l'échéance ({due})",
        "en": "{client} – {title}: only {slack} to spare before it is due ({due})",
    },
    "brief_news": {"fr": "Clients à qui donner des nouvelles", "en": "Clients owed news"},
    "brief_no_news": {
        "fr": "Chaque client a eu de vos nouvelles récemment.",
        "en": "Every client has heard from you recently.",
    },
    "brief_news_line": {
        "fr": "{client} : {days} jours ouvrés depuis {last}",
        "en": "{client}: {days} working days since {last}",
    },
    "last_attention": {"fr": "le {day}", "en": "{day}"},
    "never_since": {
        "fr": "l'arrivée du travail le {day} (aucun contact)",
        "en": "the work came in on {day} (no contact yet)",
    },
    # attention listing
    "attention_none": {
        "fr": "Aucun client n'attend de vos nouvelles depuis plus de {days} jours ouvrés.",
        "en": "No client has waited more than {days} working days for news.",
    },
    "attention_off": {
        "fr": "La règle d'attention est désactivée (plan.attention_days = 0).",
        "en": "The attention rule is off (plan.attention_days = 0).",
    },
    "neglected": {"fr": "à relancer", "en": "neglected"},
    "waiting_status": {"fr": "en attente du client", "en": "waiting for the client"},
    "never_from": {
        "fr": "jamais (travail reçu le {day})",
        "en": "never (work received {day})",
    },
}


def text(key: str, language: str, **values: str) -> str:
    """The text ``key`` in ``language`` (``"fr"`` or ``"en"``), with ``values`` filled in.

    Raises:
        KeyError: ``key`` is unknown, or a value it needs is missing.
    """
    entry = _TEXTS[key]
    return entry.get(language, entry["en"]).format(**values)


def format_date(moment: datetime, language: str, *, today: datetime | None = None) -> str:
    """``"mercredi 2 décembre"`` / ``"Wednesday 2 December"`` (Babel, CLDR).

    Args:
        moment: aware datetime, shown in its own zone.
        language: ``"fr"`` or ``"en"``.
        today: when given and in another year than ``moment``, the year is added.
    """
    pattern = "EEEE d MMMM"
    if today is not None and today.astimezone(moment.tzinfo).year != moment.year:
        pattern += " y"
    return str(format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=language))


def format_date_time(moment: datetime, language: str, *, today: datetime | None = None) -> str:
    """``"lundi 7 décembre à 10:00"`` / ``"Monday 7 December at 10:00"``."""
    day = format_date(moment, language, today=today)
    clock = str(format_datetime(moment, "HH:mm", tzinfo=moment.tzinfo, locale=language))
    return f"{day} à {clock}" if language == "fr" else f"{day} at {clock}"


def format_work(minutes: int, language: str) -> str:
    """A duration for a client: ``"2 h 30"``, ``"3 h"``, ``"45 min"`` (``"2 h 30 min"`` in
    English)."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest:02d}" if language == "fr" else f"{hours} h {rest:02d} min"
