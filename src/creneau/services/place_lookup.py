"""Use cases of places: list them with their source, set one by hand, look one up online,
forget a correction.

``who`` names her home (``home``, ``domicile``) or a client (id or unique part of its
name). Online lookups ask the French national address base (BAN) for a French address
(a 5-digit postcode) and Nominatim for any other, through the ``Geocoder`` port; the
answer is cached and stored as the place, with its source. A service that does not answer
raises :class:`~creneau.domain.errors.ServiceUnavailable` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from creneau.domain.errors import InputError, ServiceUnavailable
from creneau.domain.models import Client
from creneau.domain.places import Place, PlaceSource
from creneau.domain.text import normalize
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext
from creneau.services.meet_messages import meet_text
from creneau.services.place_ports import GeocoderConfig
from creneau.services.places import (
    HOME,
    address_query,
    client_key,
    finder,
    postal_address,
    postcode_and_town,
)

_HOME_WORDS = ("home", "domicile", "maison")


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One place as listed.

    Args:
        who: ``home`` or the client's name.
        client: the client, or None for her home.
        address: the postal address.
        place: where it is, or None when unknown.
    """

    who: str
    client: Client | None
    address: str
    place: Place | None


def _who(ctx: ServiceContext, who: str) -> Client | None:
    if normalize(who) in _HOME_WORDS:
        return None
    with ctx.uow() as uow:
        return find_client(uow, who)


def list_places(ctx: ServiceContext, now: datetime) -> list[PlaceRow]:
    """Her home and every client, with the place found offline and its source.

    Args:
        ctx: the service context.
        now: aware datetime (when new town answers are cached).
    """
    settings = ctx.settings()
    with ctx.uow() as uow:
        clients = uow.clients.list()
    places = finder(ctx, settings, clients)
    rows = [PlaceRow(HOME, None, settings.values["home.address"], places.home())]
    rows += [PlaceRow(c.name, c, postal_address(c), places.client(c)) for c in clients]
    places.save(now)
    return rows


def set_place(
    ctx: ServiceContext, who: str, latitude: float, longitude: float, now: datetime
) -> PlaceRow:
    """Set a place by hand (source ``typed``): her home's settings, or a client's
    coordinates.

    Raises:
        InputError: a coordinate out of range (in her language).
        NotFoundError, AmbiguousError: ``who`` names no single client.
    """
    language = ctx.settings().language
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if not -limit <= value <= limit:
            raise InputError(
                meet_text(
                    "bad_coordinate",
                    language,
                    name=meet_text(name, language),
                    low=str(-limit),
                    high=str(limit),
                    value=str(value),
                ),
                field=name.upper(),
            )
    place = Place(latitude, longitude, PlaceSource.TYPED)
    client = _who(ctx, who)
    with ctx.uow() as uow:
        if client is None:
            uow.settings.set("home.latitude", repr(latitude))
            uow.settings.set("home.longitude", repr(longitude))
            uow.places.delete(HOME)
            address = uow.settings.all().get("home.address", "")
            return PlaceRow(HOME, None, address, place)
        uow.clients.update(replace(client, latitude=latitude, longitude=longitude))
        uow.places.delete(client_key(client.id))
    return PlaceRow(client.name, client, postal_address(client), place)


def lookup_place(ctx: ServiceContext, who: str, now: datetime) -> PlaceRow:
    """Look a place up online and store it (source ``ban`` or ``nominatim``).

    Args:
        ctx: the service context.
        who: ``home`` or a client.
        now: aware datetime (when it was looked up).

    Returns:
        The row with the place found, or with None when the service knows no such
        address (nothing is stored then).

    Raises:
        InputError: no address to look up.
        ServiceUnavailable: the service did not answer; nothing was changed.
        NotFoundError, AmbiguousError: ``who`` names no single client.
    """
    settings = ctx.settings()
    language = settings.language
    client = _who(ctx, who)
    address = settings.values["home.address"] if client is None else postal_address(client)
    name = HOME if client is None else client.name
    if not address.strip():
        who_text = meet_text("home", language) if client is None else name
        raise InputError(meet_text("no_address", language, who=who_text), field="address")
    if ctx.places is None:
        raise InputError(meet_text("no_lookup", language), field="address")
    config = GeocoderConfig(
        ban_url=settings.values["geocode.ban"],
        nominatim_url=settings.values["geocode.nominatim"],
        timeout=settings.values["geocode.timeout"],
    )
    france = postcode_and_town(address) is not None
    try:
        place = ctx.places.geocoder(config).lookup(address, france=france)
    except ServiceUnavailable as exc:
        url = config.ban_url if france else config.nominatim_url
        raise ServiceUnavailable(
            meet_text(
                "lookup_failed",
                language,
                service=exc.service,
                url=url,
                detail=exc.detail or exc.service,
            ),
            service=exc.service,
            detail=exc.detail,
            answered=exc.answered,
        ) from exc
    if place is None:
        return PlaceRow(name, client, address, None)
    key = HOME if client is None else client_key(client.id)
    with ctx.uow() as uow:
        uow.places.set(key, place, now)
        uow.geocodes.put(address_query(address), place, place.source.value, now)
        if client is not None and client.latitude is not None:
            # a looked-up place replaces typed coordinates only because she asked for it
            uow.clients.update(replace(client, latitude=None, longitude=None))
        if client is None and settings.values["home.latitude"] is not None:
            uow.settings.unset("home.latitude")
            uow.settings.unset("home.longitude")
    return PlaceRow(name, client, address, place)


def forget_place(ctx: ServiceContext, who: str) -> bool:
    """Forget a looked-up place (the offline town centre is used again); True when one
    was stored.

    Raises:
        NotFoundError, AmbiguousError: ``who`` names no single client.
    """
    client = _who(ctx, who)
    with ctx.uow() as uow:
        return uow.places.delete(HOME if client is None else client_key(client.id))
