"""Places and travel for the plan and the meeting proposals.

A place is found, without ever going online, from (in this order) coordinates typed in
(a client's ``latitude``/``longitude``, the ``home.*`` settings), a place she set or looked
up (``creneau place``), the cache of earlier lookups, then the town's centre from data
shipped in a package (cached too). Online lookups happen only when she asks for one
(:mod:`creneau.services.place_lookup`).

Travel time is the great-circle distance times the detour factor at the speed of each
distance band (settings ``travel.detour``, ``travel.speeds``), or the routing server's
answer when one is set (``routing.*``, cached; the estimate stands in when it does not
answer). A meeting is held in person when the one-way drive takes at most ``meet.radius``
minutes, as a call otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from creneau.domain.errors import ServiceUnavailable
from creneau.domain.models import BusyInterval, Client, Job, JobKind, PinnedBlock
from creneau.domain.places import Leg, MeetingMode, Place, PlaceSource, TravelRules, Visit
from creneau.domain.text import normalize
from creneau.services.context import ServiceContext
from creneau.services.place_ports import RouterConfig
from creneau.settings import Settings

HOME = "home"
"""Key of her home among the stored places."""

AWAY_KM = 1.0
"""An event whose place is at least this far from home (road km) gets travel time."""

_POSTCODE_TOWN = re.compile(r"(?:^|[\s,;])(\d{5})\s+([^\d,;]+?)\s*(?:[,;]|$)")


def client_key(client_id: str) -> str:
    """Key of a client's place among the stored places."""
    return f"client:{client_id}"


def point_text(place: Place) -> str:
    """A place's coordinates as written in the travel cache's keys (``47.50660,-0.58960``:
    degrees to five decimals, about a metre)."""
    return f"{place.latitude:.5f},{place.longitude:.5f}"


def address_query(address: str) -> str:
    """The geocode cache's key of a postal address in one line (see
    :func:`postal_address`)."""
    return f"addr|{normalize(address.replace(',', ' '))}"


def town_query(town: str, postcode: str) -> str:
    """The geocode cache's key of a town's centre (``commune|``: an answer of the rule that
    never takes a namesake far from the department, see
    :class:`~creneau.services.place_ports.TownGazetteer`)."""
    return f"commune|{postcode.strip()}|{normalize(town)}"


def legacy_town_query(town: str, postcode: str) -> str:
    """The key older versions cached a town's centre under (``town|``): such an answer may
    be a namesake's far away, so it is never read, only erased with the client's data."""
    return f"town|{postcode.strip()}|{normalize(town)}"


def postal_address(client: Client) -> str:
    """A client's address in one line: ``street, postcode town``."""
    town = " ".join(x for x in (client.postcode, client.town) if x)
    return ", ".join(x for x in (client.address, town) if x)


def postcode_and_town(text: str) -> tuple[str, str] | None:
    """The French postcode and town of an address in one line (``..., 49800 Trélazé``),
    or None when it has none."""
    match = _POSTCODE_TOWN.search(text.strip())
    if match is None:
        return None
    return match.group(1), match.group(2).strip()


@dataclass
class PlaceFinder:
    """Finds places offline for one use case (see the module's docstring).

    Args:
        ctx: the service context (its ``places`` adapters for the town fallback).
        settings: her settings (home).
        clients: every client.
        stored: the places she set or looked up, by key.
        cached: earlier answers of lookups, read on demand through ``ctx``.
    """

    ctx: ServiceContext
    settings: Settings
    clients: Sequence[Client]
    stored: dict[str, Place]
    new_answers: dict[str, Place | None] = field(default_factory=dict)

    def home(self) -> Place | None:
        """Her home: the ``home.*`` settings, a stored place, else her address's town."""
        lat, lon = self.settings.values["home.latitude"], self.settings.values["home.longitude"]
        if lat is not None and lon is not None:
            return Place(lat, lon, PlaceSource.TYPED, self.settings.values["home.address"])
        if HOME in self.stored:
            return self.stored[HOME]
        return self._town_of(self.settings.values["home.address"])

    def client(self, client: Client) -> Place | None:
        """A client's place: typed coordinates, a stored place, else its town's centre."""
        if client.latitude is not None and client.longitude is not None:
            return Place(
                client.latitude, client.longitude, PlaceSource.TYPED, postal_address(client)
            )
        key = client_key(client.id)
        if key in self.stored:
            return self.stored[key]
        if client.town:
            return self._town(client.town, client.postcode)
        return self._town_of(postal_address(client))

    def location(self, text: str) -> Place | None:
        """The place of an event's LOCATION: a client whose address it is, an earlier
        lookup of that text, else the town of its postcode; None when unknown."""
        wanted = normalize(text.replace(",", " "))
        if not wanted:
            return None
        for client in self.clients:
            address = normalize(postal_address(client).replace(",", " "))
            if address and (address == wanted or (client.address and address in wanted)):
                return self.client(client)
        known, place = self._cached(address_query(text))
        if known and place is not None:
            return place
        return self._town_of(text)

    def _town_of(self, text: str) -> Place | None:
        found = postcode_and_town(text)
        return self._town(found[1], found[0]) if found else None

    def _cached(self, query: str) -> tuple[bool, Place | None]:
        if query in self.new_answers:
            return True, self.new_answers[query]
        with self.ctx.uow() as uow:
            return uow.geocodes.get(query)

    def _town(self, town: str, postcode: str) -> Place | None:
        query = town_query(town, postcode)
        known, place = self._cached(query)
        if known or self.ctx.places is None:
            return place
        place = self.ctx.places.towns().town(town, postcode, self._near(postcode))
        self.new_answers[query] = place
        return place

    def _near(self, postcode: str) -> list[Place]:
        """Places known in the postcode's department (its first two digits): clients'
        typed coordinates and the places she set or looked up, and her home's."""
        department = postcode.strip()[:2]
        near = [
            Place(c.latitude, c.longitude)
            for c in self.clients
            if c.latitude is not None
            and c.longitude is not None
            and c.postcode.strip()[:2] == department
        ]
        near += [
            self.stored[client_key(c.id)]
            for c in self.clients
            if client_key(c.id) in self.stored and c.postcode.strip()[:2] == department
        ]
        lat, lon = self.settings.values["home.latitude"], self.settings.values["home.longitude"]
        home = postcode_and_town(self.settings.values["home.address"])
        if home and home[0][:2] == department:
            if lat is not None and lon is not None:
                near.append(Place(lat, lon))
            elif HOME in self.stored:
                near.append(self.stored[HOME])
        return near

    def save(self, at: datetime) -> None:
        """Store the new answers in the lookup cache (one transaction)."""
        if not self.new_answers:
            return
        with self.ctx.uow() as uow:
            for query, place in self.new_answers.items():
                uow.geocodes.put(query, place, PlaceSource.TOWN.value, at)
        self.new_answers.clear()


def finder(ctx: ServiceContext, settings: Settings, clients: Sequence[Client]) -> PlaceFinder:
    """A :class:`PlaceFinder` over the stored places (one read)."""
    with ctx.uow() as uow:
        stored = uow.places.all()
    return PlaceFinder(ctx, settings, clients, stored)


class TravelTimes:
    """Drives between places for one use case: the routing server's answer when one is
    set (cached; a server that cannot be reached is not asked again in the same use case,
    one that finds no route for a trip leaves that trip to the estimate), else the estimate
    of :class:`~creneau.domain.places.TravelRules`.

    Args:
        ctx: the service context (adapters, caches).
        settings: her settings (``travel.*``, ``routing.*``).
    """

    def __init__(self, ctx: ServiceContext, settings: Settings) -> None:
        self._ctx = ctx
        self.rules: TravelRules = settings.travel_rules()
        engine = settings.values["routing.engine"]
        self._router_config = (
            RouterConfig(
                engine, settings.values["routing.url"], ctx.secret("routing.key", settings)
            )
            if engine and settings.values["routing.url"]
            else None
        )
        self.failure: ServiceUnavailable | None = None
        self._memo: dict[tuple[float, float, float, float], Leg] = {}

    def leg(self, origin: Place, target: Place) -> Leg:
        """The drive from ``origin`` to ``target`` (km, whole minutes, source)."""
        key = (origin.latitude, origin.longitude, target.latitude, target.longitude)
        if key not in self._memo:
            self._memo[key] = self._leg(origin, target)
        return self._memo[key]

    def _leg(self, origin: Place, target: Place) -> Leg:
        adapters = self._ctx.places
        config = self._router_config
        if adapters is not None and config is not None and self.failure is None:
            cache_key = f"{config.engine}|{config.url}|{point_text(origin)}|{point_text(target)}"
            with self._ctx.uow() as uow:
                cached = uow.travel.get(cache_key)
            if cached is not None:
                return cached
            try:
                leg = adapters.router(config).route(origin, target)
            except ServiceUnavailable as exc:
                if not exc.answered:  # unreachable: not asked again in this use case
                    self.failure = exc
            else:
                with self._ctx.uow() as uow:
                    uow.travel.put(cache_key, leg)
                return leg
        if adapters is None:
            return self.rules.estimate(0.0)
        return self.rules.estimate(adapters.great_circle_km(origin, target))


@dataclass(frozen=True, slots=True)
class MeetingPlace:
    """Why a meeting is in person or a call.

    Args:
        visit: the mode and one-way drive the planner uses.
        place: the client's place, or None when unknown.
        leg: the one-way drive from home, or None when a place is unknown.
        radius_minutes: her radius.
    """

    visit: Visit
    place: Place | None
    leg: Leg | None
    radius_minutes: int

    @property
    def reason(self) -> str:
        """``within_radius``, ``beyond_radius`` or ``unknown_place``."""
        if self.leg is None:
            return "unknown_place"
        return "within_radius" if self.visit.mode is MeetingMode.IN_PERSON else "beyond_radius"


def meeting_place(
    client: Client, places: PlaceFinder, travel: TravelTimes, home: Place | None
) -> MeetingPlace:
    """In person or a call for a meeting with ``client`` (see the module's docstring)."""
    radius = travel.rules.radius_minutes
    place = places.client(client)
    if place is None or home is None:
        return MeetingPlace(Visit(MeetingMode.CALL), place, None, radius)
    leg = travel.leg(home, place)
    if leg.minutes <= radius:
        return MeetingPlace(Visit(MeetingMode.IN_PERSON, leg.minutes, leg.km), place, leg, radius)
    return MeetingPlace(Visit(MeetingMode.CALL, 0, leg.km), place, leg, radius)


def meeting_visits(
    jobs: Iterable[Job],
    clients: Sequence[Client],
    places: PlaceFinder,
    travel: TravelTimes,
) -> dict[str, MeetingPlace]:
    """For every open meeting job id, how it is held (see :func:`meeting_place`)."""
    by_id = {c.id: c for c in clients}
    home = places.home()
    answers: dict[str, MeetingPlace] = {}
    per_client: dict[str, MeetingPlace] = {}
    for job in jobs:
        if job.kind is not JobKind.MEETING or not job.status.is_pending:
            continue
        if job.client_id not in per_client:
            per_client[job.client_id] = meeting_place(by_id[job.client_id], places, travel, home)
        answers[job.id] = per_client[job.client_id]
    return answers


def _round_up(minutes: int, step: int) -> int:
    return -(-minutes // step) * step


def travel_around(
    busy: Sequence[BusyInterval],
    pins: Sequence[PinnedBlock],
    visits: dict[str, MeetingPlace],
    places: PlaceFinder,
    travel: TravelTimes,
    step: int,
) -> list[BusyInterval]:
    """Travel time around her located events and pinned in-person meetings.

    An event whose LOCATION resolves to a place at least :data:`AWAY_KM` from home, and
    a pinned meeting held in person, get the drive there before and back after, each
    rounded up to the grid (``step`` minutes), as busy intervals marked ``travel`` with
    the drive's ``km``.
    All-day events (a day or longer) get none.
    """
    home = places.home()
    if home is None:
        return []
    added: list[BusyInterval] = []

    def around(
        start: datetime, end: datetime, minutes: int, km: float, summary: str, **kw: str
    ) -> None:
        gap = timedelta(minutes=_round_up(minutes, step))
        for a, b in ((start - gap, start), (end, end + gap)):
            added.append(BusyInterval(start=a, end=b, summary=summary, travel=True, km=km, **kw))

    for event in busy:
        if not event.location or event.travel or event.end - event.start >= timedelta(days=1):
            continue
        place = places.location(event.location)
        if place is None:
            continue
        leg = travel.leg(home, place)
        if leg.km >= AWAY_KM and leg.minutes > 0:
            around(
                event.start,
                event.end,
                leg.minutes,
                leg.km,
                event.summary,
                uid=event.uid,
                source=event.source,
                location=event.location,
            )
    for pin in pins:
        visit = visits.get(pin.job_id)
        if visit is not None and visit.visit.mode is MeetingMode.IN_PERSON:
            around(
                pin.start,
                pin.end,
                visit.visit.travel_minutes,
                visit.visit.km,
                "",
                uid=f"pin-{pin.job_id}",
            )
    return added
