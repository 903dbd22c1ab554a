"""Text helpers: accent- and case-insensitive matching, stable identifiers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Fold case and strip accents and surrounding blanks, for matching names.

    Kept for the last 16,384 texts (lists of thousands of jobs are sorted by it again and
    again).

    >>> normalize("  Éditions du MARAIS ")
    'editions du marais'
    """
    if text.isascii():  # no accent to strip (NFKD leaves ASCII as it is)
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.strip())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for file names.

    >>> slug("M. et Mme Roche")
    'm-et-mme-roche'
    >>> slug("Domaine viticole des Coteaux (Saumur)")
    'domaine-viticole-des-coteaux-saumur'
    """
    words = re.split(r"[^0-9a-z]+", normalize(text).encode("ascii", "ignore").decode())
    return "-".join(w for w in words if w)


def stable_id(prefix: str, key: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A short identifier derived from ``key``, unique among ``taken``.

    Args:
        prefix: one letter, ``"c"`` for clients and ``"j"`` for jobs.
        key: what the id derives from (normalized name, or client id + title).
        taken: identifiers already in use.

    Returns:
        ``prefix`` + 5 hexadecimal digits of SHA-1 of the normalized key, lengthened
        until it is not in ``taken``. The same key always gives the same id, so a demo or a
        re-import is reproducible; once given, an id is stored and never recomputed.
    """
    digest = hashlib.sha1(normalize(key).encode("utf-8")).hexdigest()
    for length in range(5, len(digest) + 1):
        candidate = prefix + digest[:length]
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{prefix}{digest}{counter}" in taken:
        counter += 1
    return f"{prefix}{digest}{counter}"
