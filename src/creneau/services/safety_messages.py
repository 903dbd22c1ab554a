"""Words of ``backup``, ``restore``, ``export --all`` and ``import --all``, in French and
English."""

from __future__ import annotations

from typing import Any

_TEXTS: dict[str, dict[str, str]] = {
    "backup_made": {
        "en": "✓ Backup written: {path} ({size}).",
        "fr": "✓ Sauvegarde écrite : {path} ({size}).",
    },
    "backups_pruned": {
        "en": "{count} old backup(s) deleted (settings backup.keep and backup.retention_days).",
        "fr": "{count} ancienne(s) sauvegarde(s) supprimée(s) (réglages backup.keep et "
        "backup.retention_days).",
    },
    "backups_none": {"en": "No backup yet.", "fr": "Aucune sauvegarde pour l'instant."},
    "when": {"en": "When", "fr": "Quand"},
    "reason": {"en": "Why", "fr": "Pourquoi"},
    "size": {"en": "Size", "fr": "Taille"},
    "file": {"en": "File", "fr": "Fichier"},
    "restore_confirm": {
        "en": "Replace all your data with that of {path} (schema {revision})? "
        "Your current data is backed up first.",
        "fr": "Remplacer toutes vos données par celles de {path} (schéma {revision}) ? "
        "Vos données actuelles sont d'abord sauvegardées.",
    },
    "restored": {
        "en": "✓ Data restored from {path}; the data it replaced is in {backup}.",
        "fr": "✓ Données restaurées depuis {path} ; celles qu'elles remplacent sont dans {backup}.",
    },
    "import_all_confirm": {
        "en": "Replace all your data with the export {path}? Your current data is backed up first.",
        "fr": "Remplacer toutes vos données par l'export {path} ? "
        "Vos données actuelles sont d'abord sauvegardées.",
    },
    "imported_all": {
        "en": "✓ {rows} rows of {tables} tables imported from {path}; the data they replaced "
        "is in the newest backup (creneau backup --list).",
        "fr": "✓ {rows} lignes de {tables} tables importées depuis {path} ; les données "
        "remplacées sont dans la dernière sauvegarde (creneau backup --list).",
    },
    "exported_all": {
        "en": "✓ {path}: {rows} rows of {tables} tables written. It holds your clients' "
        "personal data: keep it safe.",
        "fr": "✓ {path} : {rows} lignes de {tables} tables écrites. Il contient les données "
        "personnelles de vos clients : gardez-le en lieu sûr.",
    },
}


def safety_text(key: str, language: str, **values: Any) -> str:
    """The text ``key`` in ``language`` (``fr`` or ``en``), with ``values`` filled in."""
    texts = _TEXTS[key]
    return texts.get(language, texts["en"]).format(**values)


def size_text(size_bytes: int, language: str) -> str:
    """``"12,3 Ko"`` / ``"12.3 kB"``: a file size in kilobytes or megabytes (powers of 1000)."""
    if size_bytes >= 1_000_000:
        number, unit = size_bytes / 1_000_000, ("Mo" if language == "fr" else "MB")
    else:
        number, unit = size_bytes / 1000, ("Ko" if language == "fr" else "kB")
    text = f"{number:.1f}"
    return f"{text.replace('.', ',') if language == 'fr' else text} {unit}"
