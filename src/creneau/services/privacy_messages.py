"""Words of ``client export`` and ``client forget``, and the anonymous labels that replace
a forgotten client's name and job titles, in French and English."""

from __future__ import annotations

import re
from typing import Any

_TEXTS: dict[str, dict[str, str]] = {
    "anonymous_client": {"en": "Anonymous client {n}", "fr": "Client anonyme {n}"},
    "anonymous_job": {"en": "Job {n}", "fr": "Travail {n}"},
    "quoted": {"en": "“{text}”", "fr": "« {text} »"},
    "exported": {
        "en": "✓ {path}: everything Créneau holds about {client} ({jobs} job(s), {entries} time "
        "entries, {invoices} invoice(s)), readable by you alone.",
        "fr": "✓ {path} : tout ce que Créneau garde sur {client} ({jobs} travail(aux), "
        "{entries} saisie(s) de temps, {invoices} facture(s)), lisible par vous seule.",
    },
    "forget_confirm": {
        "en": "Erase the personal data of {client} for good (name, contact details, address, "
        "notes, the titles of its {jobs} job(s))? Its hours and amounts stay, anonymous.",
        "fr": "Effacer pour de bon les données personnelles de {client} (nom, coordonnées, "
        "adresse, notes, intitulés de ses {jobs} travail(aux)) ? Ses heures et montants restent, "
        "anonymes.",
    },
    "forgotten": {
        "en": "✓ {client} is now “{label}” ({id}): name, contact details, address, notes, "
        "job titles and texts erased; {jobs} job(s), {entries} time entries and "
        "{invoices} invoice(s) kept with their hours and amounts.",
        "fr": "✓ {client} est maintenant « {label} » ({id}) : nom, coordonnées, adresse, "
        "notes, intitulés et textes effacés ; {jobs} travail(aux), {entries} saisie(s) de temps et "
        "{invoices} facture(s) gardés avec leurs heures et montants.",
    },
    "backups_keep": {
        "en": "Backups made before keep these data until they are deleted, {days} days after "
        "they were made (backup.retention_days).",
        "fr": "Les sauvegardes faites avant gardent ces données jusqu'à leur suppression, "
        "{days} jours après leur création (backup.retention_days).",
    },
    "file_busy": {
        "en": "Another Créneau program has the database open: the erased text may stay in its "
        "files until that program closes (the next client forget rewrites them).",
        "fr": "Un autre programme Créneau a la base ouverte : le texte effacé peut rester dans "
        "ses fichiers jusqu'à sa fermeture (le prochain « client forget » les réécrit).",
    },
    "calendar_mentions": {
        "en": "{count} event(s) of your calendar still name this client or its address "
        "({examples}): they come from your calendar app; erase or rename them there, then "
        "import or sync again.",
        "fr": "{count} événement(s) de votre agenda nomment encore ce client ou son adresse "
        "({examples}) : ils viennent de votre application d'agenda ; effacez-les ou "
        "renommez-les là, puis importez ou synchronisez à nouveau.",
    },
}


def privacy_text(key: str, language: str, **values: Any) -> str:
    """The text ``key`` in ``language`` (``fr`` or ``en``), with ``values`` filled in."""
    texts = _TEXTS[key]
    return texts.get(language, texts["fr"]).format(**values)


def _label_pattern(key: str) -> re.Pattern[str]:
    """The labels of ``key`` in every language, any number."""
    choices = "|".join(re.escape(t).replace(r"\{n\}", r"\d+") for t in _TEXTS[key].values())
    return re.compile(f"(?:{choices})")


_ANONYMOUS_CLIENT = _label_pattern("anonymous_client")


def anonymous_labels(n: int) -> tuple[str, ...]:
    """The anonymous client label number ``n`` in every language."""
    return tuple(t.format(n=n) for t in _TEXTS["anonymous_client"].values())


def is_anonymous(name: str) -> bool:
    """Whether ``name`` is an anonymous client label, in any language
    (``Client anonyme 3``, ``Anonymous client 3``)."""
    return _ANONYMOUS_CLIENT.fullmatch(name) is not None
