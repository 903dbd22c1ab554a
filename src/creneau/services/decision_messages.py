"""Words of the what-if, promise and risk answers, in French and English.

Dates and times are formatted per locale by Babel (CLDR patterns); durations as ``2h30``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from creneau.domain.durations import format_minutes
from creneau.services.messages import format_long_date, format_moment

_TEXTS: dict[str, dict[str, str]] = {
    "whatif_title": {"en": "New job (what-if)", "fr": "Nouveau travail (simulation)"},
    "promise_title": {"en": "New job", "fr": "Nouveau travail"},
    "moment": {"en": "{moment}", "fr": "{moment}"},
    "whatif_yes": {"en": "Yes: done {done}; {rest}.", "fr": "Oui : terminé {done} ; {rest}."},
    "nothing_moves": {"en": "nothing else moves", "fr": "rien d'autre ne bouge"},
    "nothing_moves_much": {
        "en": "nothing else moves by more than half a day",
        "fr": "rien d'autre ne bouge de plus d'une demi-journée",
    },
    "others_move": {
        "en": "{count} other jobs move, the most by {most} of working time",
        "fr": "{count} autres travaux bougent, le plus de {most} de temps de travail",
    },
    "other_moves": {
        "en": "one other job moves, by {most} of working time",
        "fr": "un autre travail bouge, de {most} de temps de travail",
    },
    "one_late": {
        "en": "; a soft target becomes late: {jobs}",
        "fr": " ; un objectif souple passe en retard : {jobs}",
    },
    "some_late": {
        "en": "; {count} soft targets become late: {jobs}",
        "fr": " ; {count} objectifs souples passent en retard : {jobs}",
    },
    "whatif_no": {"en": "No: {earliest}; {keep}.", "fr": "Non : {earliest} ; {keep}."},
    "whatif_earliest": {
        "en": "done {moment} at the earliest without breaking another promise",
        "fr": "au plus tôt {moment} sans manquer une autre promesse",
    },
    "whatif_no_room": {
        "en": "it does not fit in the planned period without breaking another promise",
        "fr": "il ne tient pas dans la période planifiée sans manquer une autre promesse",
    },
    "whatif_would_break": {
        "en": "keeping the wanted date would break: {jobs}",
        "fr": "tenir la date voulue ferait manquer : {jobs}",
    },
    "whatif_unreachable": {
        "en": "the wanted date cannot be kept even by breaking other promises",
        "fr": "la date voulue est intenable même en manquant d'autres promesses",
    },
    "whatif_soft_only": {
        "en": "keeping the wanted date would only delay soft targets",
        "fr": "tenir la date voulue ne retarderait que des objectifs souples",
    },
    "promise_answer": {
        "en": "You can promise {day} ({work} of work with your usual margin); "
        "for 90% confidence, {day_90}.",
        "fr": "Vous pouvez promettre le {day} ({work} de travail avec votre marge "
        "habituelle) ; pour une confiance de 90 %, le {day_90}.",
    },
    "promise_answer_no_90": {
        "en": "You can promise {day} ({work} of work with your usual margin).",
        "fr": "Vous pouvez promettre le {day} ({work} de travail avec votre marge habituelle).",
    },
    "promise_none": {
        "en": "No date within the planned period keeps every other promise.",
        "fr": "Aucune date de la période planifiée ne tient toutes les autres promesses.",
    },
    "late_no_reason": {"en": "late", "fr": "en retard"},
    "tight": {
        "en": "only {slack} of free working time left before its due time",
        "fr": "plus que {slack} de temps de travail libre avant l'échéance",
    },
    "opt_extend": {
        "en": "Ask {client} for {days} more working days, until {day}: done {finish}, "
        "on time{margin}.",
        "fr": "Demander {days} jours ouvrés de plus à {client}, jusqu'au {day} : "
        "terminé {finish}, à temps{margin}.",
    },
    "opt_extend_one": {
        "en": "Ask {client} for one more working day, until {day}: done {finish}, on time{margin}.",
        "fr": "Demander un jour ouvré de plus à {client}, jusqu'au {day} : "
        "terminé {finish}, à temps{margin}.",
    },
    "margin_then": {"en": " with {slack} of margin", "fr": " avec {slack} de marge"},
    "opt_move": {
        "en": "Do “{other}” ({client}) after it: done {finish}, {on_time}; “{other}” "
        "then ends {other_after} instead of {other_before}{other_late}.",
        "fr": "Faire « {other} » ({client}) après : terminé {finish}, {on_time} ; "
        "« {other} » finit alors {other_after} au lieu de {other_before}{other_late}.",
    },
    "opt_extra": {
        "en": "Work one more hour on each of the {days} working days until {until}: done "
        "{finish}, {on_time}.",
        "fr": "Travailler une heure de plus chacun des {days} jours ouvrés jusqu'au {until} : "
        "terminé {finish}, {on_time}.",
    },
    "on_time": {"en": "on time", "fr": "à temps"},
    "still_late": {"en": "still late", "fr": "encore en retard"},
    "then_late": {"en": " (then late)", "fr": " (alors en retard)"},
    "never": {"en": "not within the planned period", "fr": "hors de la période planifiée"},
    "replanned": {
        "en": "Plan updated: {kept} blocks kept in place; {late}.",
        "fr": "Plan mis à jour : {kept} créneaux gardés à leur place ; {late}.",
    },
    "none_late": {"en": "nothing late", "fr": "rien en retard"},
    "late_count": {
        "en": "{late} late, {hard} of them with a hard deadline",
        "fr": "{late} en retard, dont {hard} à échéance ferme",
    },
    "pinned": {"en": "pinned", "fr": "épinglé"},
    "unpinned": {"en": "unpinned", "fr": "désépinglé"},
    "not_waiting": {
        "en": "was not waiting: nothing to resume",
        "fr": "n'était pas en attente : rien à reprendre",
    },
    "moves_title": {"en": "What moves (planned finish):", "fr": "Ce qui bouge (fin prévue) :"},
    "moves_title_safe": {
        "en": "Taking it for its earliest safe finish, what moves (planned finish):",
        "fr": "En l'acceptant pour sa fin au plus tôt, ce qui bouge (fin prévue) :",
    },
    "then_one_late": {
        "en": "Taken for its earliest safe finish, a soft target becomes late: {jobs}.",
        "fr": "Accepté pour sa fin au plus tôt, un objectif souple passe en retard : {jobs}.",
    },
    "then_some_late": {
        "en": "Taken for its earliest safe finish, {count} soft targets become late: {jobs}.",
        "fr": "Accepté pour sa fin au plus tôt, {count} objectifs souples passent en retard : "
        "{jobs}.",
    },
    "no_risk": {
        "en": "No promise at risk: every job is on time with some margin.",
        "fr": "Aucune promesse en danger : tout est à temps, avec de la marge.",
    },
    "risks_title": {"en": "At risk", "fr": "Promesses en danger"},
    "hard": {"en": "hard", "fr": "ferme"},
    "soft": {"en": "soft", "fr": "souple"},
}

_DURATIONS = {"work", "slack", "most"}
"""Fields given in minutes, written as durations (``2h30``)."""


def _format(key: str, value: Any, language: str) -> str:
    if isinstance(value, bool):
        if key == "on_time":
            return say("on_time" if value else "still_late", language)
        if key == "other_late":
            return say("then_late", language) if value else ""
        return str(value)
    if value is None:
        return say("never", language)
    if isinstance(value, datetime):
        return format_moment(value, language)
    if isinstance(value, date):
        return format_long_date(value, language)
    if key in _DURATIONS and isinstance(value, int):
        return format_minutes(value)
    return str(value)


def say(key: str, language: str, **values: Any) -> str:
    """One sentence or fragment in ``language`` (``"fr"`` or ``"en"``).

    Args:
        key: the text's key.
        language: ``"fr"`` or ``"en"`` (English when unknown).
        values: its fields: datetimes (aware) and dates are formatted by Babel, durations
            (``work``, ``slack``, ``most``) are minutes, booleans ``on_time`` and
            ``other_late`` become words; None means "not within the planned period".
    """
    entry = _TEXTS[key]
    template = entry.get(language, entry["en"])
    return template.format(**{k: _format(k, v, language) for k, v in values.items()})
