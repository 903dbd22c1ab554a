"""Words of the time commands (timer, logs, entries, estimates), in French and English.

Dates and times are formatted per locale by Babel (CLDR patterns); durations as ``2h30``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from creneau.domain.durations import format_minutes
from creneau.services.messages import fill, format_long_date, format_moment

_TEXTS: dict[str, dict[str, str]] = {
    "started": {
        "en": "▶ Timer started on “{job}” ({client}) at {at}.",
        "fr": "▶ Chronomètre lancé sur « {job} » ({client}) à {at}.",
    },
    "already": {
        "en": "The timer already runs on “{job}”, since {since}.",
        "fr": "Le chronomètre tourne déjà sur « {job} », depuis {since}.",
    },
    "stopped": {
        "en": "■ Stopped: “{job}”, {minutes} counted ({span}).",
        "fr": "■ Arrêté : « {job} », {minutes} comptées ({span}).",
    },
    "logged": {
        "en": "✓ Logged: {minutes} on “{job}”, {span}.",
        "fr": "✓ Noté : {minutes} sur « {job} », {span}.",
    },
    "edited": {
        "en": "✓ Entry {id} changed: “{job}”, {span} ({minutes}).",
        "fr": "✓ Entrée {id} modifiée : « {job} », {span} ({minutes}).",
    },
    "edited_running": {
        "en": "✓ Entry {id} changed: “{job}”, running since {since}.",
        "fr": "✓ Entrée {id} modifiée : « {job} », en cours depuis {since}.",
    },
    "deleted": {
        "en": "✓ Entry {id} deleted: {minutes} taken off “{job}”.",
        "fr": "✓ Entrée {id} supprimée : {minutes} retirées de « {job} ».",
    },
    "progress": {
        "en": "  Time spent: {spent} of {effort} estimated; work left: {left}.",
        "fr": "  Temps passé : {spent} sur {effort} estimées ; travail restant : {left}.",
    },
    "progress_closed": {
        "en": "  Time spent: {spent} of {effort} estimated ({status}).",
        "fr": "  Temps passé : {spent} sur {effort} estimées ({status}).",
    },
    "no_entries": {"en": "No time entries.", "fr": "Aucune entrée de temps."},
    "running": {"en": "running", "fr": "en cours"},
    "total": {"en": "Total: {minutes}", "fr": "Total : {minutes}"},
    "why_midnight": {"en": "over midnight", "fr": "au-delà de minuit"},
    "why_long": {"en": "over 10 hours", "fr": "plus de 10 heures"},
    "timer_question": {
        "en": "The timer on “{job}” has run since {start} ({why}): {minutes}. Count it all?",
        "fr": "Le chronomètre de « {job} » tourne depuis {start} ({why}) : {minutes}. "
        "Tout compter ?",
    },
    "ask_end": {
        "en": "Real end (HH:MM) or time worked (e.g. 1h30)",
        "fr": "Heure de fin réelle (HH:MM) ou temps travaillé (ex. 1h30)",
    },
    "refuse_timer": {
        "en": "the timer on “{job}” has run since {start} ({why}): {minutes}. Confirm with "
        "--yes, or give the real end with --end HH:MM or the time worked with --duration 1h30",
        "fr": "le chronomètre de « {job} » tourne depuis {start} ({why}) : {minutes}. "
        "Confirmez avec --yes, ou donnez la vraie fin avec --end HH:MM ou le temps travaillé "
        "avec --duration 1h30",
    },
    "refuse_timer_start": {
        "en": "the timer on “{job}” has run since {start} ({why}): {minutes}. Stop it first "
        "with 'creneau stop --yes', or 'creneau stop --end HH:MM' or "
        "'creneau stop --duration 1h30'",
        "fr": "le chronomètre de « {job} » tourne depuis {start} ({why}) : {minutes}. "
        "Arrêtez-le d'abord avec « creneau stop --yes », ou « creneau stop --end HH:MM » ou "
        "« creneau stop --duration 1h30 »",
    },
    "overrun": {
        "en": "“{job}” has used its whole estimate ({spent} spent of {effort}) and is not done",
        "fr": "« {job} » a utilisé toute son estimation ({spent} passées sur {effort}) et "
        "n'est pas terminé",
    },
    "overrun_re_estimate": {
        "en": "“{job}” has used the work left you gave ({spent} spent of {effort} "
        "estimated) and is not done",
        "fr": "« {job} » a utilisé le travail restant que vous aviez donné ({spent} passées "
        "sur {effort} estimées) et n'est pas terminé",
    },
    "refuse_overrun": {
        "en": "{overrun}: give the work left with --remaining (e.g. --remaining 2h), or mark "
        "it done with 'creneau job done'",
        "fr": "{overrun} : donnez le travail restant avec --remaining (ex. --remaining 2h), ou "
        "marquez-le terminé avec « creneau job done »",
    },
    "refuse_overrun_stop": {
        "en": "{overrun}: give the work left with --remaining (e.g. --remaining 2h), or, "
        "when it is finished, stop with --done",
        "fr": "{overrun} : donnez le travail restant avec --remaining (ex. --remaining 2h), ou, "
        "s'il est terminé, arrêtez avec --done",
    },
    "refuse_overrun_start": {
        "en": "{overrun}: stop the timer first with 'creneau stop --remaining 2h' (the work "
        "left), or mark it done",
        "fr": "{overrun} : arrêtez d'abord le chronomètre avec « creneau stop --remaining 2h » "
        "(le travail restant), ou marquez-le terminé",
    },
    "ask_left": {"en": "Work left (e.g. 2h)", "fr": "Travail restant (ex. 2h)"},
    "ask_left_or_done": {
        "en": "Work left (e.g. 2h; 0 if it is finished)",
        "fr": "Travail restant (ex. 2h ; 0 s'il est terminé)",
    },
    "yes_no_hint": {"en": "[y/N]", "fr": "[o/N]"},
    "confirm_with_yes": {
        "en": "{question} Nobody can answer here (no terminal): add --yes to confirm",
        "fr": "{question} Personne ne peut répondre ici (pas de terminal) : ajoutez --yes "
        "pour confirmer",
    },
    "left_zero": {
        "en": "more than 0, please; if it is finished, mark it done ('creneau job done')",
        "fr": "plus de 0, s'il vous plaît ; s'il est fini, marquez-le terminé "
        "(« creneau job done »)",
    },
    "yes_no_again": {"en": "Answer y (yes) or n (no).", "fr": "Répondez o (oui) ou n (non)."},
    "nothing_deleted": {"en": "Nothing was deleted.", "fr": "Rien n'a été supprimé."},
    "nothing_changed": {"en": "Nothing was changed.", "fr": "Rien n'a été modifié."},
    "client_delete_confirm": {
        "en": "Delete {client}, its {jobs} job(s) and their {entries} time entries?",
        "fr": "Supprimer {client}, ses {jobs} travail(aux) et leurs {entries} saisies de temps ?",
    },
    "estimates_title": {
        "en": "Your estimates (actual / estimate over finished jobs)",
        "fr": "Vos estimations (réel / estimé sur les travaux terminés)",
    },
    "estimates_none": {
        "en": "No finished job with time spent yet: estimates are taken as they are.",
        "fr": "Aucun travail terminé avec du temps passé : les estimations sont prises "
        "telles quelles.",
    },
    "overall": {
        "en": "Overall: {jobs} finished jobs, mean ratio {ratio}, factor {factor} "
        "(90 %: {factor_90}).",
        "fr": "Ensemble : {jobs} travaux terminés, rapport moyen {ratio}, facteur {factor} "
        "(90 % : {factor_90}).",
    },
    "per_client": {"en": "Per client", "fr": "Par client"},
    "per_tag": {"en": "Per tag", "fr": "Par étiquette"},
    "calibrated_on": {
        "en": "The planner uses calibrated efforts (plan.calibrated_efforts = true).",
        "fr": "Le planificateur utilise les efforts calibrés (plan.calibrated_efforts = true).",
    },
    "calibrated_off": {
        "en": "The planner uses your estimates as they are (plan.calibrated_efforts = false); "
        "promises add the factor.",
        "fr": "Le planificateur prend vos estimations telles quelles "
        "(plan.calibrated_efforts = false) ; les promesses ajoutent le facteur.",
    },
}

_COLUMNS: dict[str, dict[str, str]] = {
    "id": {"en": "id", "fr": "id"},
    "day": {"en": "day", "fr": "jour"},
    "time": {"en": "time", "fr": "heures"},
    "duration": {"en": "duration", "fr": "durée"},
    "job": {"en": "job", "fr": "travail"},
    "client": {"en": "client", "fr": "client"},
    "source": {"en": "source", "fr": "source"},
    "note": {"en": "note", "fr": "note"},
    "name": {"en": "name", "fr": "nom"},
    "tag": {"en": "tag", "fr": "étiquette"},
    "jobs": {"en": "jobs", "fr": "travaux"},
    "ratio": {"en": "mean ratio", "fr": "rapport moyen"},
    "credibility": {"en": "credibility", "fr": "crédibilité"},
    "factor": {"en": "factor", "fr": "facteur"},
    "timer": {"en": "timer", "fr": "chrono"},
    "log": {"en": "log", "fr": "saisie"},
}

_DURATIONS = {"minutes", "spent", "effort", "left"}
"""Fields given in minutes, written as durations (``2h30``)."""


def _format(key: str, value: Any, language: str) -> str:
    if isinstance(value, datetime):
        return format_moment(value, language)
    if isinstance(value, date):
        return format_long_date(value, language)
    if key in _DURATIONS and isinstance(value, int):
        return format_minutes(value)
    if isinstance(value, float):
        text = f"{value:.3f}"
        return text.replace(".", ",") if language == "fr" else text
    return str(value)


def tell(key: str, language: str, **values: Any) -> str:
    """One sentence of the time commands in ``language`` (``"fr"`` or ``"en"``).

    Args:
        key: the text's key.
        language: ``"fr"`` or ``"en"`` (English when unknown).
        values: its fields: aware datetimes and dates are formatted by Babel; ``minutes``,
            ``spent``, ``effort`` and ``left`` are minutes (written ``2h30``); floats get
            three decimals (a decimal comma in French).
    """
    return fill(_TEXTS, key, language, values, _format)


def column(key: str, language: str) -> str:
    """A table heading of the time commands."""
    entry = _COLUMNS[key]
    return entry.get(language, entry["en"])


def number(value: float, language: str) -> str:
    """A ratio or factor with three decimals (a decimal comma in French)."""
    return _format("", value, language)
