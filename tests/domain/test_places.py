"""Travel rules and the chaining of visits, with values worked out by hand."""

from __future__ import annotations

import pytest

from creneau.domain.places import (
    Drive,
    Leg,
    MeetingMode,
    Place,
    SpeedBand,
    Stop,
    TravelRules,
    Visit,
    chain_visits,
    parse_speed_bands,
)

RULES = TravelRules()  # documented defaults: detour 1.3; 10 km at 30, to 30 km at 60, then 80


@pytest.mark.parametrize(
    ("road_km", "minutes"),
    [
        (5, 10.0),  # 5 km at 30 km/h
        (10, 20.0),  # the whole first band
        (25, 35.0),  # 10 km at 30 (20 min) + 15 km at 60 (15 min)
        (50, 55.0),  # 20 min + 20 km at 60 (20 min) + 20 km at 80 (15 min)
    ],
)
def test_drive_minutes_band_by_band(road_km: float, minutes: float) -> None:
    assert RULES.drive_minutes(road_km) == pytest.approx(minutes)


def test_estimate_rounds_up_to_the_minute() -> None:
    # Angers -> Saumur: 42.946 km in a straight line (law of cosines, R = 6371.0088 km),
    # x 1.3 = 55.83 km of road; 20 + 20 + 25.83 / 80 x 60 = 59.37 -> 60 minutes
    leg = RULES.estimate(42.946)
    assert leg == Leg(km=55.8, minutes=60)


def test_speed_bands_parse_and_refuse() -> None:
    assert parse_speed_bands("10:30, 30:60, 80") == RULES.bands
    assert parse_speed_bands("90") == (SpeedBand(None, 90),)
    for bad in ("", "10:30", "30:60, 10:30, 80", "10:x, 80", "10:30, 80, 90"):
        with pytest.raises(ValueError):  # noqa: PT011 - each names its own reason
            parse_speed_bands(bad)


def test_a_call_has_no_travel() -> None:
    with pytest.raises(ValueError, match="travel_minutes"):
        Visit(MeetingMode.CALL, travel_minutes=10)


HOME = Place(0.0, 0.0, label="home")
A = Place(0.0, 1.0, label="A")
B = Place(0.0, 2.0, label="B")
# a hand-made road table: home-A 20 min, home-B 25 min, A-B 10 min (km = minutes / 2)
TABLE = {
    frozenset(("home", "A")): 20,
    frozenset(("home", "B")): 25,
    frozenset(("A", "B")): 10,
}


def leg(origin: Place, target: Place) -> Leg:
    minutes = TABLE[frozenset((origin.label, target.label))]
    return Leg(km=minutes / 2, minutes=minutes)


def test_two_visits_close_in_time_are_chained() -> None:
    # A 10:00-11:00, B 11:30-12:30: going home between would leave 30 - 20 - 25 < 0 min
    stops = [Stop("b", B, 690, 750), Stop("a", A, 600, 660)]
    drives = chain_visits(HOME, stops, leg, min_home_minutes=60)
    assert drives == [
        Drive("home", "a", 580, 600, 10.0),
        Drive("a", "b", 660, 670, 5.0),
        Drive("b", "home", 750, 775, 12.5),
    ]
    # 27.5 km instead of 2 x 10 + 2 x 12.5 = 45 km through home
    assert sum(d.km for d in drives) == 27.5


def test_visits_far_apart_in_time_go_home_between() -> None:
    # A 09:00-10:00, B 15:00-16:00: 5 hours between, time at home is worth it
    stops = [Stop("a", A, 540, 600), Stop("b", B, 900, 960)]
    drives = chain_visits(HOME, stops, leg, min_home_minutes=60)
    assert [(d.origin, d.target) for d in drives] == [
        ("home", "a"),
        ("a", "home"),
        ("home", "b"),
        ("b", "home"),
    ]
    assert sum(d.km for d in drives) == 45.0


def test_a_direct_drive_that_does_not_fit_the_gap_is_not_chained() -> None:
    stops = [Stop("a", A, 600, 660), Stop("b", B, 665, 725)]  # 5 minutes for a 10-minute drive
    drives = chain_visits(HOME, stops, leg, min_home_minutes=60)
    assert ("a", "b") not in [(d.origin, d.target) for d in drives]
