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
        "fr": "En personne chez {client} ({address}) : {km} km, {drive} de route à l'aller "
        "comme au retour (votre rayon : {radius}).",
    },
    "call_why": {
        "en": "A call instead of a visit: {client} is {km} km away, {drive} drive each way, "
        "beyond your radius of {radius}.",
        "fr": "Un appel plutôt qu'une visite : {client} est à {km} km, {drive} de route à "
        "l'aller comme au retour, au-delà de votre rayon de {radius}.",
    },
    "town_centre": {
        "en": "Position: the town centre ({town}, from offline data), not the address; correct "
        "it with 'creneau place set \"{who}\" LAT LON' or look the address up with "
        "'creneau place lookup \"{who}\"'.",
        "fr": "Position : centre de la commune ({town}, d'après les données hors ligne), pas "
        'l\'adresse ; corrigez-la avec « creneau place set "{who}" LAT LON » ou cherchez '
        'l\'adresse avec « creneau place lookup "{who}" ».',
    },
    "call_unknown": {
        "en": "A call: the place of {client} is unknown; give its coordinates with "
        "'creneau place set \"{client}\" LAT LON' or look it up with "
        "'creneau place lookup \"{client}\"'.",
        "fr": "Un appel : le lieu de {client} est inconnu ; donnez ses coordonnées avec "
        '« creneau place set "{client}" LAT LON » ou cherchez-le avec '
        '« creneau place lookup "{client}" ».',
    },
    "call_town_missing": {
        "en": "A call: the town of {client} ({postcode} {town}) cannot be placed offline (not in "
        "the town data, only namesakes far from your places in its department, or "
        "namesakes and no known place there to choose from); give its coordinates with "
        "'creneau place set \"{client}\" LAT LON' or look the address up with 'creneau "
        'place lookup "{client}"\'.',
        "fr": "Un appel : la commune de {client} ({postcode} {town}) ne peut pas être située "
        "hors ligne (absente des données des communes, seulement des homonymes loin de vos "
        "lieux de son département, ou des homonymes sans lieu connu là-bas pour choisir) ; "
        'donnez ses coordonnées avec « creneau place set "{client}" LAT LON » ou cherchez '
        'l\'adresse avec « creneau place lookup "{client}" ».',
    },
    "call_home_unknown": {
        "en": "A call: your home's place is unknown; give it with 'creneau place set home "
        "LAT LON' (or the settings home.latitude and home.longitude).",
        "fr": "Un appel : le lieu de votre domicile est inconnu ; donnez-le avec « creneau "
        "place set domicile LAT LON » (ou les réglages home.latitude et home.longitude).",
    },
    "place_unknown_hint": {
        "en": "{who}: unknown (its town cannot be placed offline): give it with creneau place "
        'set "{who}" LAT LON, or look it up with creneau place lookup "{who}"',
        "fr": "{who} : inconnu (sa commune ne peut pas être située hors ligne) : donnez-le avec "
        'creneau place set "{who}" LAT LON, ou cherchez-le avec creneau place lookup '
        '"{who}"',
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
        "en": "{at} is not free (the meeting with {travel} of travel each way): "
        "ask for proposals with 'creneau meet'",
        "fr": "{at} n'est pas libre (le rendez-vous avec {travel} de route à l'aller et au "
        "retour) : demandez des propositions avec « creneau meet »",
    },
    "not_free_call": {
        "en": "{at} is not free: ask for proposals with 'creneau meet'",
        "fr": "{at} n'est pas libre : demandez des propositions avec « creneau meet »",
    },
    "bad_within": {
        "en": "'{text}' is not a span like 2w or 10d",
        "fr": "« {text} » n'est pas une durée comme 2w (2 semaines) ou 10d (10 jours)",
    },
    "bad_at": {
        "en": "not a date-time: '{text}' (write 2026-12-03T14:00)",
        "fr": "ce n'est pas une date et heure : « {text} » (écrivez 2026-12-03T14:00)",
    },
    "book_and_at": {
        "en": "give either --book N (a proposal) or --at START (a time of your choice), not both",
        "fr": "donnez soit --book N (une proposition), soit --at DÉBUT (une heure de votre "
        "choix), pas les deux",
    },
    "too_few_proposals": {
        "en": "there are only {count} proposal(s): choose --book 1 to {count}",
        "fr": "il n'y a que {count} proposition(s) : choisissez --book 1 à {count}",
    },
    "no_proposal": {
        "en": "there is no proposal to book (no free slot in the next {days} days)",
        "fr": "aucune proposition à réserver (aucun créneau libre dans les {days} prochains jours)",
    },
    "bad_duration": {
        "en": "a meeting lasts from 1 minute to 12 hours",
        "fr": "un rendez-vous dure de 1 minute à 12 heures",
    },
    "bad_days": {
        "en": "look from 1 to 366 days ahead",
        "fr": "regardez de 1 à 366 jours à l'avance",
    },
    "need_zone": {
        "en": "give the start with its time zone",
        "fr": "donnez le début avec son fuseau horaire",
    },
    "off_grid": {
        "en": "{clock} is not on the {step}-minute grid (setting plan.granularity)",
        "fr": "{clock} n'est pas sur la grille de {step} minutes (réglage plan.granularity)",
    },
    "in_the_past": {"en": "{at} is in the past", "fr": "{at} est passé"},
    "title_taken": {
        "en": "{client} has a job '{title}' already",
        "fr": "{client} a déjà un travail « {title} »",
    },
    "no_files": {
        "en": "no file can be written here",
        "fr": "aucun fichier ne peut être écrit ici",
    },
    "ics_exists": {
        "en": "the file {path} exists already: give another --ics file, or --yes to replace it",
        "fr": "le fichier {path} existe déjà : donnez un autre fichier --ics, ou --yes pour le "
        "remplacer",
    },
    "ics_replace": {
        "en": "The file {path} exists already. Replace it?",
        "fr": "Le fichier {path} existe déjà. Le remplacer ?",
    },
    "nothing_booked": {
        "en": "Nothing booked, no file written.",
        "fr": "Rien n'est réservé, aucun fichier écrit.",
    },
    "already_booked": {
        "en": "{client} already has a meeting booked: '{title}' on {day} at {clock}. "
        "To move it, add --job {job}; for another meeting, give it a --title",
        "fr": "{client} a déjà un rendez-vous réservé : « {title} » le {day} à {clock}. "
        "Pour le déplacer, ajoutez --job {job} ; pour un autre rendez-vous, donnez-lui un "
        "--title",
    },
    "several_meetings": {
        "en": "{client} has several open meetings ({titles}): say which one with --job",
        "fr": "{client} a plusieurs rendez-vous ouverts ({titles}) : dites lequel avec --job",
    },
    "not_a_meeting": {
        "en": "'{title}' is not an open meeting of {client}",
        "fr": "« {title} » n'est pas un rendez-vous ouvert de {client}",
    },
    "no_address": {
        "en": "{who} has no address to look up",
        "fr": "{who} n'a pas d'adresse à chercher",
    },
    "no_lookup": {
        "en": "no address lookup is available here",
        "fr": "aucune recherche d'adresse n'est possible ici",
    },
    "lookup_failed": {
        "en": "the address lookup ({service}, {url}) did not answer: {detail}; nothing changed",
        "fr": "la recherche d'adresse ({service}, {url}) n'a pas répondu : {detail} ; rien "
        "n'a changé",
    },
    "bad_coordinate": {
        "en": "{name} must be from {low} to {high}, got {value}",
        "fr": "la {name} doit être comprise entre {low} et {high}, pas {value}",
    },
    "latitude": {"en": "latitude", "fr": "latitude"},
    "longitude": {"en": "longitude", "fr": "longitude"},
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

_DURATIONS = {"minutes", "drive", "radius", "moved", "travel"}
"""Fields given in minutes, written as durations (``1h30``, ``45 min``)."""


def format_duration(minutes: int) -> str:
    """A duration for people: ``1h30``, ``2h``, or ``45 min`` under an hour (never the
    terse ``45m`` of the command line)."""
    return format_minutes(minutes) if abs(minutes) >= 60 else f"{minutes} min"


def _format(key: str, value: Any, language: str) -> str:
    if isinstance(value, datetime):
        if key in ("b", "c", "d", "end"):
            return format_moment(value, language, with_date=False)
        if key == "at" and value.hour == 0 and value.minute == 0:
            return value.strftime("%Y-%m-%d")
        return format_moment(value, language)
    if key in _DURATIONS and isinstance(value, int):
        return format_duration(value)
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
            ``end`` as times only); ``minutes``, ``drive``, ``radius``, ``moved``,
            ``travel`` are minutes (written ``1h30``, ``45 min``); floats (km) get one
            decimal.
    """
    return fill(_TEXTS, key, language, values, _format)
