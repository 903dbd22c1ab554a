"""Words for people, in French and English: plan reasons and CLI/web labels.

Dates and times are formatted per locale with Babel (CLDR patterns). French is the default.
Babel's date module is imported with the first date formatted: commands that print no
date (``client list``) do not pay for it (about 0.02 s).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from creneau.domain.durations import format_minutes

LANGUAGES = ("fr", "en")

_REASONS: dict[str, dict[str, str]] = {
    "due_passed": {
        "en": "was due {due}, which is past; {work} of work left",
        "fr": "était dû {due}, c'est passé ; {work} de travail restant",
    },
    "not_enough_time": {
        "en": "{work} of work left, {available} available before {due}",
        "fr": "{work} de travail restant, {available} disponibles avant {due}",
    },
    "capacity_taken": {
        "en": "{work} of work left; of the {available} available before {due}, "
        "{taken} go to other jobs ({others})",
        "fr": "{work} de travail restant ; sur les {available} disponibles avant {due}, "
        "{taken} vont à d'autres travaux ({others})",
    },
    "meeting_no_slot": {
        "en": "no free stretch of {work} for the meeting before {due}",
        "fr": "aucun créneau libre de {work} pour le rendez-vous avant {due}",
    },
    "beyond_horizon": {
        "en": "{work} of work does not fit before the end of the planned period",
        "fr": "{work} de travail ne tiennent pas avant la fin de la période planifiée",
    },
}

_LABELS: dict[str, dict[str, str]] = {
    "late": {"en": "late", "fr": "en retard"},
    "at_risk": {"en": "At risk", "fr": "Promesses en danger"},
    "all_kept": {"en": "Every deadline is met.", "fr": "Toutes les échéances sont tenues."},
    "hard": {"en": "hard", "fr": "ferme"},
    "soft": {"en": "soft", "fr": "souple"},
    "busy": {"en": "busy", "fr": "occupé"},
    "meeting": {"en": "meeting", "fr": "rendez-vous"},
    "now": {"en": "Now", "fr": "Maintenant"},
    "next": {"en": "Next", "fr": "Ensuite"},
    "until": {"en": "until", "fr": "jusqu'à"},
    "nothing_now": {
        "en": "Nothing planned right now.",
        "fr": "Rien de prévu en ce moment.",
    },
    "nothing_planned": {"en": "Nothing left to plan.", "fr": "Plus rien à planifier."},
    "due": {"en": "due", "fr": "échéance"},
    "finish": {"en": "finish", "fr": "fin prévue"},
    "slack": {"en": "slack", "fr": "marge"},
    "unplaced": {"en": "not placed", "fr": "non placé"},
    "status_todo": {"en": "to do", "fr": "à faire"},
    "status_in_progress": {"en": "in progress", "fr": "en cours"},
    "status_waiting": {"en": "waiting", "fr": "en attente"},
    "status_done": {"en": "done", "fr": "terminé"},
    "status_cancelled": {"en": "cancelled", "fr": "annulé"},
    "updated": {"en": "updated", "fr": "mis à jour"},
    "pacing_dropped": {
        "en": "In this plan, some jobs in progress or some clients go longer without a block "
        "than your rules say (pacing, client attention): other deadlines come first.",
        "fr": "Dans ce plan, certains travaux en cours ou certains clients restent plus "
        "longtemps sans créneau que vos règles ne le prévoient (avancement, attention "
        "client) : d'autres échéances passent avant.",
    },
}


def label(key: str, language: str) -> str:
    """A short interface word in ``language`` (``"fr"`` or ``"en"``)."""
    entry = _LABELS[key]
    return entry.get(language, entry["en"])


def format_moment(moment: datetime, language: str, *, with_date: bool = True) -> str:
    """``"vendredi 4 décembre 12:00"`` / ``"Friday 4 December 12:00"`` (Babel, CLDR)."""
    from babel.dates import format_datetime

    pattern = "EEEE d MMMM HH:mm" if with_date else "HH:mm"
    return str(format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=language))


def format_day(moment: datetime, language: str) -> str:
    """``"lundi 30 novembre 2026"`` / ``"Monday 30 November 2026"``."""
    from babel.dates import format_datetime

    return str(format_datetime(moment, "EEEE d MMMM y", tzinfo=moment.tzinfo, locale=language))


def format_long_date(day: date, language: str) -> str:
    """``"lundi 30 novembre 2026"`` / ``"Monday 30 November 2026"`` for a date."""
    from babel.dates import format_date

    return str(format_date(day, "EEEE d MMMM y", locale=language))


def reason_text(
    code: str,
    args: Mapping[str, str],
    language: str,
    job_titles: Mapping[str, str],
) -> str:
    """Render a planner reason in plain words.

    Args:
        code: a reason code of :mod:`creneau.planning.result`.
        args: its arguments (``due`` ISO datetime, ``*_minutes`` integers as text,
            ``others`` comma-separated job ids).
        language: ``"fr"`` or ``"en"``.
        job_titles: job titles by id, to name the other jobs.

    Returns:
        A sentence, e.g. "14h of work left, 9h available before Friday 4 December 12:00".
    """
    template = _REASONS[code].get(language, _REASONS[code]["en"])
    values: dict[str, str] = {}
    for key, value in args.items():
        if key == "due":
            values["due"] = format_moment(datetime.fromisoformat(value), language)
        elif key.endswith("_minutes"):
            values[key.removesuffix("_minutes")] = format_minutes(int(value))
        elif key == "others":
            names = [job_titles.get(k, k) for k in value.split(",") if k]
            values["others"] = ", ".join(names)
    values.setdefault("others", "")
    return template.format(**values)


def fill(
    texts: Mapping[str, Mapping[str, str]],
    key: str,
    language: str,
    values: Mapping[str, Any],
    format_value: Callable[[str, Any, str], str],
) -> str:
    """The template ``texts[key]`` in ``language`` (English when unknown), each field
    written by ``format_value(name, value, language)``."""
    entry = texts[key]
    template = entry.get(language, entry["en"])
    return template.format(**{k: format_value(k, v, language) for k, v in values.items()})
