"""Driving distance and time from a routing server through routingpy (implements the
``Router`` port): OSRM, Valhalla, OpenRouteService or GraphHopper, one client library
for all four."""

from __future__ import annotations

import math
from typing import Any

from routingpy import ORS, OSRM, Graphhopper, Valhalla
from routingpy.exceptions import RouterApiError, RouterError

from creneau.domain.errors import ServiceUnavailable
from creneau.domain.places import Leg, Place
from creneau.services.place_ports import RouterConfig

_OPTIONS: dict[str, dict[str, Any]] = {"osrm": {"geometries": "geojson", "overview": "false"}}
"""Per-engine request options: OSRM's route as GeoJSON, simplified away (only the
distance and duration are used)."""

_PROFILES = {"osrm": "driving", "valhalla": "auto", "ors": "driving-car", "graphhopper": "car"}


def _client(config: RouterConfig) -> Any:
    url = config.url.rstrip("/")
    timeout = math.ceil(config.timeout)
    if config.engine == "osrm":
        return OSRM(base_url=url, timeout=timeout, retry_timeout=timeout)
    if config.engine == "valhalla":
        return Valhalla(base_url=url, api_key=config.key or None, timeout=timeout)
    if config.engine == "ors":
        return ORS(api_key=config.key or None, base_url=url, timeout=timeout)
    return Graphhopper(api_key=config.key or None, base_url=url, timeout=timeout)


class RoutingpyRouter:
    """The ``Router`` port over routingpy.

    Args:
        config: the engine, its address and key.
    """

    def __init__(self, config: RouterConfig) -> None:
        self._config = config
        self._client = _client(config)

    def route(self, origin: Place, target: Place) -> Leg:
        """The drive from ``origin`` to ``target``: the server's distance (metres → km, one
        decimal) and duration (seconds → minutes, rounded up).

        Raises:
            ServiceUnavailable: naming the engine and its address, when the server cannot
                be reached, times out or finds no route.
        """
        engine = self._config.engine
        locations = [[origin.longitude, origin.latitude], [target.longitude, target.latitude]]
        try:
            answer = self._client.directions(
                locations=locations, profile=_PROFILES[engine], **_OPTIONS.get(engine, {})
            )
        except (RouterError, OSError, ValueError, KeyError) as exc:
            raise ServiceUnavailable(
                f"the routing server ({engine}, {self._config.url}) did not answer: "
                f"{exc or type(exc).__name__}",
                service=engine,
                detail=str(exc),
                answered=isinstance(exc, RouterApiError),
            ) from exc
        return Leg(
            km=round(answer.distance / 1000, 1),
            minutes=math.ceil(answer.duration / 60 - 1e-9),
            source=engine,
        )
