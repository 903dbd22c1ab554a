"""Words of the meeting and place commands (``meet``, ``place``), in French and English.

Dates and times are formatted per locale by Babel (CLDR patterns); durations as ``1h30``;
distances in kilometres with one decimal (a decimal comma in French).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from creneau.domain.durations import format_minutes
from creneau.services.messages import fill, format_moment

_TEXTS: dict[str, dict[str, str]] = {
    "in_person_why": {
        "en": "In person at {client}'s ({address}): {km} km, {drive} drive each way "
        "(your radius: {radius}).",
        "fr": "En personne chez {client} ({address}) : {km} km, {drive} de route par trajet "
        "(votre rayon : {radius}).",
    },
    "call_why": {
        "en": "A call instead of a visit: {client} is {km} km away, {drive} drive each way, "
        "beyond your radius of {radius}.",
        "fr": "Un appel plutôt qu'une visite : {client} est à {km} km, {drive} de route par "
        "trajet, au-delà de votre rayon de {radius}.",
    },
    "call_unknown": {
        "en": "A call: the place of {client} (or your home) is unknown; give its coordinates "
        "with 'creneau place set' or look it up with 'creneau place lookup'.",
        "fr": "Un appel : le lieu de {client} (ou votre domicile) est inconnu ; donnez ses "
        "coordonnées avec « creneau place set » ou cherchez-le avec « creneau place lookup ».",
    },
    "slot": {
        "en": "{n}. {start} – {end}{travel}: moves {moved} of planned work{jobs}",
        "fr": "{n}. {start} – {end}{travel} : déplace {moved} de travail prévu{jobs}",
    },
    "slot_travel": {
        "en": " (travel {a} – {b} and {c} – {d})",
        "fr": " (trajet {a} – {b} et {c} – {d})",
    },
    "no_slot": {
        "en": "No free slot of {minutes} in the next {days} days.",
        "fr": "Aucun créneau libre de {minutes} dans les {days} prochains jours.",
    },
    "book_hint": {
        "en": 'Book one with: creneau meet "{client}" --duration {minutes} --book N',
        "fr": 'Pour en réserver un : creneau meet "{client}" --duration {minutes} --book N',
    },
    "booked": {
        "en": "✓ Booked: “{title}” with {client}, {start} – {end} ({mode}).",
        "fr": "✓ Réservé : « {title} » avec {client}, {start} – {end} ({mode}).",
    },
    "invitation": {
        "en": "  Invitation to send: {path}",
        "fr": "  Invitation à envoyer : {path}",
    },
    "need_organizer": {
        "en": "set your e-mail address for invitations first: creneau settings set meet.email "
        "you@example.org",
        "fr": "indiquez d'abord votre adresse pour les invitations : creneau settings set "
        "meet.email vous@exemple.fr",
    },
    "need_email": {
        "en": "{client} has no e-mail address for the invitation: creneau client edit ... --email",
        "fr": "{client} n'a pas d'adresse e-mail pour l'invitation : creneau client edit ... "
        "--email",
    },
    "not_free": {
        "en": "{at} is not free (the meeting with {travel} min of travel each way): "
        "ask for proposals with 'creneau meet'",
        "fr": "{at} n'est pas libre (le rendez-vous avec {travel} min de trajet par trajet) : "
        "demandez des propositions avec « creneau meet »",
    },
    "default_title": {"en": "Meeting {at}", "fr": "Rendez-vous {at}"},
    "call_location": {"en": "Phone or video call", "fr": "Téléphone ou visio"},
    "in_person": {"en": "in person", "fr": "en personne"},
    "call": {"en": "call", "fr": "appel"},
    "place_line": {
        "en": "{who}: {lat}, {lon} ({source}) {label}",
        "fr": "{who} : {lat}, {lon} ({source}) {label}",
    },
    "place_unknown": {"en": "{who}: unknown", "fr": "{who} : inconnu"},
    "place_set": {
        "en": "✓ Place of {who}: {lat}, {lon} ({source}) {label}",
        "fr": "✓ Lieu de {who} : {lat}, {lon} ({source}) {label}",
    },
    "place_not_found": {
        "en": "No place found for {who} ({address}); nothing changed.",
        "fr": "Aucun lieu trouvé pour {who} ({address}) ; rien n'a changé.",
    },
    "home": {"en": "home", "fr": "domicile"},
    "mileage": {
        "en": "Mileage for visits: {km} km over {days} day(s); allowance {allowance} "
        "at {rate} €/km (setting mileage.rate).",
        "fr": "Kilomètres de visites : {km} km sur {days} jour(s) ; indemnités {allowance} "
        "à {rate} €/km (réglage mileage.rate).",
    },
    "no_mileage": {
        "en": "Mileage for visits: none this month.",
        "fr": "Kilomètres de visites : aucun ce mois-ci.",
    },
    "source_typed": {"en": "typed", "fr": "saisi"},
    "source_ban": {"en": "national address base", "fr": "Base Adresse Nationale"},
    "source_nominatim": {"en": "OpenStreetMap", "fr": "OpenStreetMap"},
    "source_town": {"en": "town centre, offline", "fr": "centre de la commune, hors ligne"},
}

_DURATIONS = {"minutes", "drive", "radius", "moved"}
"""Fields given in minutes, written as durations (``1h30``)."""


def _format(key: str, value: Any, language: str) -> str:
    if isinstance(value, datetime):
        if key in ("b", "c", "d", "end"):
            return format_moment(value, language, with_date=False)
        if key == "at" and value.hour == 0 and value.minute == 0:
            return value.strftime("%Y-%m-%d")
        return format_moment(value, language)
    if key in _DURATIONS and isinstance(value, int):
        return format_minutes(value)
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if language == "fr" else text
    return str(value)


def meet_text(key: str, language: str, **values: Any) -> str:
    """One sentence of the meeting and place commands in ``language`` (``fr`` or ``en``).

    Args:
        key: the text's key.
        language: ``"fr"`` or ``"en"`` (English when unknown).
        values: its fields: aware datetimes formatted by Babel (``b``, ``c``, ``d`` and
            ``end`` as times only); ``minutes``, ``drive``, ``radius``, ``moved`` are
            minutes (written ``1h30``); floats (km) get one decimal.
    """
    return fill(_TEXTS, key, language, values, _format)
