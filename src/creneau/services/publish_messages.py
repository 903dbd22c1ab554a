"""Words of the published plan and of ``export``, ``sync`` and ``busy``, in French and English."""

from __future__ import annotations

from typing import Any

_TEXTS: dict[str, dict[str, str]] = {
    "calendar_name": {"en": "Créneau plan", "fr": "Planning Créneau"},
    "description": {
        "en": "Due {due} ({deadline}). Status: {status}.",
        "fr": "Échéance {due} ({deadline}). Statut : {status}.",
    },
    "todo_description": {
        "en": "{deadline} deadline; {left} of work left.",
        "fr": "Échéance {deadline} ; {left} de travail restant.",
    },
    "hard": {"en": "hard", "fr": "ferme"},
    "soft": {"en": "soft", "fr": "souple"},
    "todo": {"en": "to do", "fr": "à faire"},
    "in_progress": {"en": "in progress", "fr": "en cours"},
    "waiting": {"en": "waiting", "fr": "en attente"},
    "done": {"en": "done", "fr": "terminé"},
    "cancelled": {"en": "cancelled", "fr": "annulé"},
    "exported": {
        "en": "✓ {path}: {events} blocks and {todos} open jobs written.",
        "fr": "✓ {path} : {events} créneaux et {todos} travaux ouverts écrits.",
    },
    "synced": {
        "en": "✓ CalDAV: {created} blocks created, {updated} moved, {deleted} removed, "
        "{kept} unchanged; {busy} busy events read from {calendars} calendar(s).",
        "fr": "✓ CalDAV : {created} créneaux créés, {updated} déplacés, {deleted} supprimés, "
        "{kept} inchangés ; {busy} événements occupés lus dans {calendars} agenda(s).",
    },
    "busy_none": {"en": "Nothing busy in this window.", "fr": "Rien d'occupé sur cette période."},
}


def publish_text(key: str, language: str, **values: Any) -> str:
    """The text ``key`` in ``language`` (``fr`` or ``en``), with ``values`` filled in."""
    texts = _TEXTS[key]
    return texts.get(language, texts["fr"]).format(**values)
