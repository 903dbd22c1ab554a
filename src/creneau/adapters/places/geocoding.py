"""Online address lookup through geopy: the French national address base (BAN) for French
addresses, OpenStreetMap's Nominatim elsewhere (implements the ``Geocoder`` port).

The BAN's service moved to ``data.geopf.fr/geocodage`` at the start of 2026; geopy's
``BANFrance`` takes it as its ``domain`` (the default setting ``geocode.ban``).
Nominatim's usage policy asks for an identifying user agent and at most one request a
second: lookups here are one address at a time, asked for by her, and cached.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.geocoders import BANFrance, Nominatim

from creneau.domain.errors import ServiceUnavailable
from creneau.domain.places import Place, PlaceSource
from creneau.services.place_ports import GeocoderConfig

USER_AGENT = "creneau-planner/0.1 (local-first planner)"


def _scheme_domain(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme or "https", (parts.netloc + parts.path).strip("/")


class GeopyGeocoder:
    """The ``Geocoder`` port over geopy's ``BANFrance`` and ``Nominatim``.

    Args:
        config: the services' addresses and the time-out.
    """

    def __init__(self, config: GeocoderConfig) -> None:
        scheme, domain = _scheme_domain(config.ban_url)
        self._ban = BANFrance(
            domain=domain, scheme=scheme, timeout=config.timeout, user_agent=USER_AGENT
        )
        scheme, domain = _scheme_domain(config.nominatim_url)
        self._osm = Nominatim(
            domain=domain, scheme=scheme, timeout=config.timeout, user_agent=USER_AGENT
        )
        self._config = config

    def lookup(self, address: str, *, france: bool) -> Place | None:
        """The place of ``address``, or None when the service found nothing.

        Args:
            address: a postal address in one line.
            france: ask the BAN (else Nominatim).

        Raises:
            ServiceUnavailable: naming the service and its address, when it cannot be
                reached, times out or answers with an error.
        """
        service, name, source = (
            (self._ban, "BAN", PlaceSource.BAN)
            if france
            else (self._osm, "Nominatim", PlaceSource.NOMINATIM)
        )
        url = self._config.ban_url if france else self._config.nominatim_url
        try:
            found = service.geocode(address, exactly_one=True)
        except GeopyError as exc:
            raise ServiceUnavailable(
                f"the address lookup ({name}, {url}) did not answer: {exc or type(exc).__name__}",
                service=name,
                detail=str(exc),
            ) from exc
        if found is None:
            return None
        return Place(float(found.latitude), float(found.longitude), source, str(found.address))
