"""Ports of places and travel: storage of places and caches, the geocoders, the offline
town lookup and the routing server (Protocols implemented in ``creneau.adapters``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from creneau.domain.places import Leg, Place


class PlaceRepository(Protocol):
    """Places she corrected or looked up, by key: ``home`` or ``client:<client id>``."""

    def all(self) -> dict[str, Place]:
        """Every stored place, by key."""
        ...

    def set(self, key: str, place: Place, at: datetime) -> None:
        """Store or replace the place of ``key`` (``at``: aware, when)."""
        ...

    def delete(self, key: str) -> bool:
        """Forget the place of ``key``; True when one was stored."""
        ...


class GeocodeCache(Protocol):
    """Answers of the geocoders and of the offline town lookup, by normalised query."""

    def get(self, query: str) -> tuple[bool, Place | None]:
        """``(known, place)``: whether the query was answered before, and the answer."""
        ...

    def put(self, query: str, place: Place | None, source: str, at: datetime) -> None:
        """Store an answer (None: ``source`` found nothing) at ``at`` (aware)."""
        ...

    def delete(self, query: str) -> bool:
        """Forget the answer to ``query``; True when one was stored."""
        ...


class TravelCache(Protocol):
    """Routing-server answers by key (engine and both ends' rounded coordinates)."""

    def get(self, key: str) -> Leg | None:
        """The stored leg, or None."""
        ...

    def put(self, key: str, leg: Leg) -> None:
        """Store a leg."""
        ...

    def all(self) -> dict[str, Leg]:
        """Every stored leg, by key."""
        ...

    def delete(self, key: str) -> bool:
        """Forget the leg of ``key``; True when one was stored."""
        ...


@dataclass(frozen=True, slots=True)
class GeocoderConfig:
    """Where the online geocoders are.

    Args:
        ban_url: the national address base's service, ``scheme://domain[/path]``
            (``https://data.geopf.fr/geocodage`` since 2026).
        nominatim_url: Nominatim's, ``scheme://domain``.
        timeout: seconds to wait for an answer.
    """

    ban_url: str
    nominatim_url: str
    timeout: float


class Geocoder(Protocol):
    """Looks addresses up online."""

    def lookup(self, address: str, *, france: bool) -> Place | None:
        """The place of a postal address (BAN when ``france``, else Nominatim), or None
        when the service knows no such address.

        Raises:
            ServiceUnavailable: the service cannot be reached, timed out or refused.
        """
        ...


class TownGazetteer(Protocol):
    """Finds a town's centre offline, from data shipped in a package."""

    def town(self, name: str, postcode: str, near: Sequence[Place]) -> Place | None:
        """The centre of the town ``name`` (case and accents ignored): among towns of that
        name within about 100 km of the known places of the postcode's department
        (``near``), the nearest; None when no town has that name, none lies near those
        places, or (none known) several towns share the name: a namesake is never
        guessed."""
        ...


@dataclass(frozen=True, slots=True)
class RouterConfig:
    """A routing server.

    Args:
        engine: ``osrm``, ``valhalla``, ``ors`` or ``graphhopper``.
        url: its base address.
        key: its API key (empty: none).
        timeout: seconds to wait for an answer.
    """

    engine: str
    url: str
    key: str = ""
    timeout: float = 10.0


class Router(Protocol):
    """Asks a routing server for driving distance and time."""

    def route(self, origin: Place, target: Place) -> Leg:
        """The drive from ``origin`` to ``target`` (``source`` is the engine's name).

        Raises:
            ServiceUnavailable: the server cannot be reached or found no route.
        """
        ...


class PlaceAdapters(Protocol):
    """What the place services need from outside, made on demand (the libraries load
    only when a lookup needs them)."""

    def geocoder(self, config: GeocoderConfig) -> Geocoder:
        """An online geocoder."""
        ...

    def towns(self) -> TownGazetteer:
        """The offline town lookup."""
        ...

    def router(self, config: RouterConfig) -> Router:
        """A routing-server client."""
        ...

    def great_circle_km(self, origin: Place, target: Place) -> float:
        """The great-circle distance in kilometres."""
        ...


@dataclass(frozen=True, slots=True)
class Invitation:
    """A meeting invitation to send to a client (an iTIP REQUEST, RFC 5546 §3.2.2).

    Args:
        uid: the event's globally unique id.
        stamp: when the invitation is made (aware; DTSTAMP).
        start, end: the meeting (aware).
        summary: its title.
        location: the client's address for a visit, or how the call is held.
        description: free text (the meeting's mode, her phone...).
        organizer_name, organizer_email: her (ORGANIZER).
        attendee_name, attendee_email: the client (ATTENDEE).
    """

    uid: str
    stamp: datetime
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    organizer_name: str
    organizer_email: str
    attendee_name: str
    attendee_email: str


class InvitationWriter(Protocol):
    """Writes meeting invitations as iCalendar files."""

    def write(self, path: str, invitation: Invitation) -> None:
        """Write ``invitation`` to ``path`` atomically.

        Raises:
            InputError: naming ``--ics``, when the file cannot be written.
        """
        ...
