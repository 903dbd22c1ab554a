"""SQL repositories of places and of the geocoding and routing caches (see
:mod:`creneau.services.ports`): ``places``, ``geocode_cache`` and ``travel_cache``.

Each works inside the transaction of the connection it is given and never commits.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from creneau.adapters.store.tables import geocode_cache, places, travel_cache
from creneau.domain.places import Leg, Place, PlaceSource


class SqlPlaceRepository:
    """Places she corrected or looked up, by key (``home``, ``client:<id>``)
    (implements ``PlaceRepository``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def all(self) -> dict[str, Place]:
        """Every stored place, by key."""
        rows = self._connection.execute(sa.select(places)).mappings()
        return {
            r["key"]: Place(r["latitude"], r["longitude"], PlaceSource(r["source"]), r["label"])
            for r in rows
        }

    def set(self, key: str, place: Place, at: datetime) -> None:
        """Store (or replace) the place of ``key``, changed at ``at`` (aware)."""
        self._connection.execute(sa.delete(places).where(places.c.key == key))
        self._connection.execute(
            sa.insert(places).values(
                key=key,
                latitude=place.latitude,
                longitude=place.longitude,
                source=place.source.value,
                label=place.label,
                updated_at=at.isoformat(),
            )
        )

    def delete(self, key: str) -> bool:
        """Forget the place of ``key``; True when one was stored."""
        result = self._connection.execute(sa.delete(places).where(places.c.key == key))
        return bool(result.rowcount)


class SqlGeocodeCache:
    """Geocoder answers by normalised query (implements ``GeocodeCache``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def get(self, query: str) -> tuple[bool, Place | None]:
        """``(known, place)``: whether ``query`` was asked before, and its answer (None:
        nothing was found)."""
        row = (
            self._connection.execute(sa.select(geocode_cache).where(geocode_cache.c.query == query))
            .mappings()
            .first()
        )
        if row is None:
            return False, None
        if row["latitude"] is None:
            return True, None
        return True, Place(
            row["latitude"], row["longitude"], PlaceSource(row["source"]), row["label"]
        )

    def put(self, query: str, place: Place | None, source: str, at: datetime) -> None:
        """Store the answer to ``query`` (None: nothing found by ``source``) at ``at``."""
        self._connection.execute(sa.delete(geocode_cache).where(geocode_cache.c.query == query))
        self._connection.execute(
            sa.insert(geocode_cache).values(
                query=query,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                source=place.source.value if place else source,
                label=place.label if place else "",
                fetched_at=at.isoformat(),
            )
        )

    def delete(self, query: str) -> bool:
        """Forget the answer to ``query``; True when one was stored."""
        statement = sa.delete(geocode_cache).where(geocode_cache.c.query == query)
        return bool(self._connection.execute(statement).rowcount)


class SqlTravelCache:
    """Routing-server answers by key (implements ``TravelCache``).

    Args:
        connection: a connection inside the unit of work's transaction.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def get(self, key: str) -> Leg | None:
        """The stored leg of ``key``, or None."""
        row = (
            self._connection.execute(sa.select(travel_cache).where(travel_cache.c.key == key))
            .mappings()
            .first()
        )
        if row is None:
            return None
        return Leg(km=row["km"], minutes=row["minutes"], source=row["source"])

    def put(self, key: str, leg: Leg) -> None:
        """Store the leg of ``key``."""
        self._connection.execute(sa.delete(travel_cache).where(travel_cache.c.key == key))
        self._connection.execute(
            sa.insert(travel_cache).values(
                key=key, km=leg.km, minutes=leg.minutes, source=leg.source
            )
        )

    def all(self) -> dict[str, Leg]:
        """Every stored leg, by key."""
        rows = self._connection.execute(sa.select(travel_cache)).mappings()
        return {r["key"]: Leg(km=r["km"], minutes=r["minutes"], source=r["source"]) for r in rows}

    def delete(self, key: str) -> bool:
        """Forget the leg of ``key``; True when one was stored."""
        statement = sa.delete(travel_cache).where(travel_cache.c.key == key)
        return bool(self._connection.execute(statement).rowcount)
