"""Her clients' personal data (RGPD): everything held about one client, and forgetting it.

- :func:`export_client` gathers everything Créneau holds about a client, as a documented
  JSON document (right of access and to portability, RGPD art. 15 and 20): the client,
  its jobs, their time entries and pinned blocks, the updates sent to it, its invoices with
  their jobs and payments, its stored place and the cached lookups and drives of its
  address, its blocks in the stored plan, and the events of her calendar that name it.
- :func:`forget_client` erases the client's personal data in one transaction (right to
  erasure, art. 17) and keeps what her accounts need, anonymous (art. 17(3)(b): invoices
  and receipts are kept for ten years, Code de commerce art. L123-22): the client gets an
  anonymous label ("Client anonyme 3"), its jobs neutral titles ("Travail 1"); contact
  details, address, coordinates and every free text are emptied; its place and the
  cached lookups and drives of its address are deleted. Ids derived from the old name
  and titles (:func:`~creneau.domain.text.stable_id`) are replaced by ids derived from the
  labels, so that no hash of the name is left either. Hours, dates, statuses, rates,
  prices, invoice numbers and amounts stay as they were. The database file is then
  rewritten so that the erased text leaves it (``PrivacyAdapters.erase_freed_space``).

Events of her calendar are hers, imported from her calendar app: forgetting a client does
not change them, but says which ones still name it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from creneau.domain.errors import InputError
from creneau.domain.models import (
    Block,
    BusyInterval,
    Client,
    ClientUpdate,
    Invoice,
    Job,
    Payment,
    PinnedBlock,
    SavedPlan,
    TimeEntry,
)
from creneau.domain.places import Leg, Place
from creneau.domain.text import normalize, stable_id
from creneau.services.attention import event_client
from creneau.services.catalog import find_client
from creneau.services.context import ServiceContext
from creneau.services.places import (
    address_query,
    client_key,
    legacy_town_query,
    point_text,
    postal_address,
    town_query,
)
from creneau.services.ports import UnitOfWork
from creneau.services.privacy_messages import anonymous_labels, is_anonymous, privacy_text
from creneau.services.timesheet import entry_id

EXPORT_FORMAT = "creneau-client-export"
"""The ``format`` field of a client export."""

EXPORT_VERSION = 1
"""The ``version`` field of a client export: raised when a field changes meaning or goes
away (adding a field keeps the version)."""

CALENDAR_REACH = timedelta(days=366)
"""Her calendar is searched for events naming a client this far before and after now."""


@dataclass(frozen=True, slots=True)
class ClientData:
    """Everything stored about one client.

    Args:
        client: the client.
        jobs: its jobs, by due date.
        entries: the time entries of its jobs, by start.
        pins: the pinned blocks of its jobs, by start.
        updates: the updates sent to it, oldest first.
        invoices: its invoices, by date of issue.
        payments: the payments of those invoices, by invoice id.
        place: its stored place (set by hand or looked up), or None.
        lookups: the cached geocoder answers for its address and town, by query (None:
            nothing was found).
        drives: the cached routing answers to or from its coordinates, by key.
        blocks: its blocks in the stored plan, by start.
        events: the events of her calendar that name it or its address (within
            :data:`CALENDAR_REACH` of now).
    """

    client: Client
    jobs: tuple[Job, ...]
    entries: tuple[TimeEntry, ...]
    pins: tuple[PinnedBlock, ...]
    updates: tuple[ClientUpdate, ...]
    invoices: tuple[Invoice, ...]
    payments: dict[str, tuple[Payment, ...]]
    place: Place | None
    lookups: dict[str, Place | None]
    drives: dict[str, Leg]
    blocks: tuple[Block, ...]
    events: tuple[BusyInterval, ...]


def _queries(client: Client) -> list[str]:
    """The geocode cache's keys of the client's address and town."""
    queries = []
    if postal_address(client):
        queries.append(address_query(postal_address(client)))
    if client.town.strip():
        queries.append(town_query(client.town, client.postcode))
        queries.append(legacy_town_query(client.town, client.postcode))
    return queries


def _gather(
    ctx: ServiceContext, uow: UnitOfWork, client: Client, now: datetime, tz: ZoneInfo
) -> ClientData:
    """Read everything stored about ``client`` inside the unit of work ``uow``."""
    jobs = tuple(uow.jobs.list(client.id))
    job_ids = {job.id for job in jobs}
    invoices = tuple(
        invoice
        for invoice in uow.invoices.list()
        if invoice.client_id == client.id or job_ids.intersection(invoice.job_ids)
    )
    place = uow.places.all().get(client_key(client.id))
    lookups: dict[str, Place | None] = {}
    for query in _queries(client):
        known, answer = uow.geocodes.get(query)
        if known:
            lookups[query] = answer
    points = {point_text(p) for p in (place, *lookups.values()) if p is not None}
    if client.latitude is not None and client.longitude is not None:
        points.add(point_text(Place(client.latitude, client.longitude)))
    drives = {
        key: leg
        for key, leg in uow.travel.all().items()
        if points.intersection(key.split("|")[-2:])
    }
    saved = uow.plans.latest()
    blocks = tuple(b for b in saved.blocks if b.job_id in job_ids) if saved else ()
    return ClientData(
        client=client,
        jobs=jobs,
        entries=tuple(e for e in uow.time_entries.list() if e.job_id in job_ids),
        pins=tuple(p for p in uow.pins.list() if p.job_id in job_ids),
        updates=tuple(uow.updates.list(client.id)),
        invoices=invoices,
        payments={i.id: tuple(uow.payments.list(i.id)) for i in invoices},
        place=place,
        lookups=lookups,
        drives=drives,
        blocks=blocks,
        events=_calendar_mentions(ctx, uow, client, now, tz),
    )


def _calendar_mentions(
    ctx: ServiceContext, uow: UnitOfWork, client: Client, now: datetime, tz: ZoneInfo
) -> tuple[BusyInterval, ...]:
    """Events of her calendar within :data:`CALENDAR_REACH` of ``now`` whose title names
    ``client`` (as client attention reads it) or whose location holds its street address."""
    records = uow.calendar.list()
    if not records:
        return ()
    clients = uow.clients.list()
    street = normalize(client.address.replace(",", " "))
    found = []
    busy = ctx.calendar.busy_between(records, now - CALENDAR_REACH, now + CALENDAR_REACH, tz)
    for event in busy:
        named = event_client(event.summary, clients)
        located = bool(street) and street in normalize(event.location.replace(",", " "))
        if (named is not None and named.id == client.id) or located:
            found.append(event)
    return tuple(found)


def client_data(ctx: ServiceContext, query: str, now: datetime) -> ClientData:
    """Everything stored about one client.

    Args:
        ctx: the service context.
        query: the client (id or unique part of the name).
        now: aware datetime (the calendar is searched around it).

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one client.
    """
    tz = ctx.settings().tz
    with ctx.uow(read_only=True) as uow:
        return _gather(ctx, uow, find_client(uow, query), now, tz)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _moment(value: datetime | None, tz: ZoneInfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat()


def _place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "latitude": place.latitude,
        "longitude": place.longitude,
        "source": place.source.value,
        "label": place.label,
    }


def export_to_json(data: ClientData, now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """The client export document (version :data:`EXPORT_VERSION`; the README's "Her
    clients' personal data" section documents every field).

    Times are ISO 8601 in her zone with their UTC offset; durations are whole minutes;
    amounts are the exact decimal text of euros (``"123.45"``); dates are ``YYYY-MM-DD``.

    Args:
        data: what is stored about the client.
        now: when the export is made (aware).
        tz: her zone.
    """
    client = data.client
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _moment(now, tz),
        "timezone": str(tz),
        "client": {
            "id": client.id,
            "name": client.name,
            "kind": client.kind.value,
            "address": client.address,
            "postcode": client.postcode,
            "town": client.town,
            "latitude": client.latitude,
            "longitude": client.longitude,
            "email": client.email,
            "phone": client.phone,
            "hourly_rate_eur": _money(client.hourly_rate),
            "importance": client.importance,
            "language": client.language,
            "first_contact": client.first_contact.isoformat() if client.first_contact else None,
            "notes": client.notes,
        },
        "place": _place(data.place),
        "geocode_cache": [
            {"query": query, "found": _place(place)} for query, place in data.lookups.items()
        ],
        "travel_cache": [
            {"key": key, "km": leg.km, "minutes": leg.minutes, "source": leg.source}
            for key, leg in sorted(data.drives.items())
        ],
        "jobs": [_job(job) for job in data.jobs],
        "time_entries": [
            {
                "id": e.id,
                "job_id": e.job_id,
                "start": _moment(e.start, tz),
                "end": _moment(e.end, tz),
                "minutes": e.minutes,
                "note": e.note,
                "source": e.source,
            }
            for e in data.entries
        ],
        "pinned_blocks": [
            {"job_id": p.job_id, "start": _moment(p.start, tz), "end": _moment(p.end, tz)}
            for p in data.pins
        ],
        "updates": [{"sent_at": _moment(u.sent_at, tz), "text": u.text} for u in data.updates],
        "invoices": [
            {
                "id": i.id,
                "number": i.number,
                "issued_on": i.issued_on.isoformat(),
                "amount_eur": _money(i.amount),
                "job_ids": list(i.job_ids),
                "notes": i.notes,
                "payments": [
                    {"id": p.id, "paid_on": p.paid_on.isoformat(), "amount_eur": _money(p.amount)}
                    for p in data.payments[i.id]
                ],
            }
            for i in data.invoices
        ],
        "planned_blocks": [
            {
                "id": b.id,
                "job_id": b.job_id,
                "kind": b.kind.value,
                "start": _moment(b.start, tz),
                "end": _moment(b.end, tz),
            }
            for b in data.blocks
        ],
        "calendar_events": [
            {
                "source": e.source,
                "uid": e.uid,
                "summary": e.summary,
                "location": e.location,
                "start": _moment(e.start, tz),
                "end": _moment(e.end, tz),
            }
            for e in data.events
        ],
    }


def _job(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "title": job.title,
        "kind": job.kind.value,
        "tags": list(job.tags),
        "effort_minutes": job.effort_minutes,
        "spent_minutes": job.spent_minutes,
        "remaining_minutes": job.remaining_minutes,
        "received": job.received.isoformat(),
        "due": job.due.isoformat(),
        "deadline": job.deadline.value,
        "status": job.status.value,
        "price_eur": _money(job.price),
        "hourly_rate_eur": _money(job.hourly_rate),
        "notes": job.notes,
        "after_id": job.after_id,
        "done_on": job.done_on.isoformat() if job.done_on else None,
    }


def export_client(ctx: ServiceContext, query: str, now: datetime) -> dict[str, Any]:
    """The export document of one client (see :func:`export_to_json`).

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one client.
    """
    tz = ctx.settings().tz
    return export_to_json(client_data(ctx, query, now), now, tz)


def export_bytes(document: dict[str, Any]) -> bytes:
    """The export document as a file: UTF-8 JSON, indented by two spaces, keys in the
    documented order, ending with a new line."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_export(
    ctx: ServiceContext, document: dict[str, Any], path: str, *, force: bool = False
) -> None:
    """Write an export document to ``path`` at once, readable by her alone (mode 0600).

    Raises:
        InputError: naming ``--output``: the file exists and ``force`` is False, its
            folder does not exist, it cannot be written, or no file can be written here.
    """
    if ctx.privacy is None:
        raise InputError("no file can be written here", field="--output")
    ctx.privacy.write_private(path, export_bytes(document), "--output", replace=force)


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What forgetting a client did.

    Args:
        former_name: the name it had (to tell her which client it was).
        client: the anonymous client now stored.
        jobs, entries, invoices: how many of its jobs, time entries and invoices were kept,
            anonymous.
        events: events of her calendar that still name it (see :func:`client_data`).
        file_rewritten: the database file and its log hold no erased text any more;
            False when another program held the database open (see
            ``PrivacyAdapters.erase_freed_space``) or the file cannot be rewritten here.
    """

    former_name: str
    client: Client
    jobs: int
    entries: int
    invoices: int
    events: tuple[BusyInterval, ...]
    file_rewritten: bool


def _label(clients: list[Client], language: str) -> str:
    """The first anonymous label whose number no client's name uses, in any language."""
    names = {normalize(c.name) for c in clients}
    n = 1
    while any(normalize(label) in names for label in anonymous_labels(n)):
        n += 1
    return privacy_text("anonymous_client", language, n=n)


def client_to_forget(ctx: ServiceContext, query: str) -> tuple[Client, int]:
    """The client that :func:`forget_client` would anonymise, and its number of jobs
    (to ask her first).

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one client.
        InputError: the client is already anonymous (field ``CLIENT``).
    """
    with ctx.uow(read_only=True) as uow:
        client = _forgettable(uow, query)
        return client, len(uow.jobs.list(client.id))


def _forgettable(uow: UnitOfWork, query: str) -> Client:
    client = find_client(uow, query)
    if is_anonymous(client.name):
        raise InputError(f"{client.name} is anonymous already", field="CLIENT")
    return client


def forget_client(ctx: ServiceContext, query: str, now: datetime) -> Forgotten:
    """Erase a client's personal data and keep its hours and amounts, anonymous (see the
    module's docstring), in one transaction; then rewrite the database file.

    The stored plan keeps its blocks, moved to the new ids: replan afterwards
    (:func:`creneau.services.planning.after_change`).

    Args:
        ctx: the service context.
        query: the client (id or unique part of the name).
        now: aware datetime (her calendar is searched around it).

    Returns:
        What was done.

    Raises:
        NotFoundError, AmbiguousError: ``query`` does not name one client.
        InputError: the client is already anonymous (field ``CLIENT``).
    """
    settings = ctx.settings()
    with ctx.uow() as uow:
        client = _forgettable(uow, query)
        data = _gather(ctx, uow, client, now, settings.tz)
        anonymous = _erase(uow, data, settings.language)
    rewritten = ctx.privacy.erase_freed_space() if ctx.privacy is not None else False
    return Forgotten(
        former_name=client.name,
        client=anonymous,
        jobs=len(data.jobs),
        entries=len(data.entries),
        invoices=len(data.invoices),
        events=data.events,
        file_rewritten=rewritten,
    )


def _erase(uow: UnitOfWork, data: ClientData, language: str) -> Client:
    """Replace the client and its jobs by anonymous copies under new ids, move everything
    that refers to them, and delete the originals and the cached places (inside ``uow``)."""
    old = data.client
    clients = uow.clients.list()
    label = _label(clients, language)
    anonymous = Client(
        id=stable_id("c", label, {c.id for c in clients}),
        name=label,
        kind=old.kind,
        hourly_rate=old.hourly_rate,
        importance=old.importance,
        language=old.language,
        first_contact=old.first_contact,
    )
    uow.clients.add(anonymous)
    taken = {job.id for job in uow.jobs.list()}
    new_ids: dict[str, str] = {}
    titles: dict[str, str] = {}
    for n, job in enumerate(data.jobs, start=1):
        titles[job.id] = privacy_text("anonymous_job", language, n=n)
        new_ids[job.id] = stable_id("j", f"{anonymous.id} {titles[job.id]}", taken)
        taken.add(new_ids[job.id])
    for job in data.jobs:
        after = new_ids.get(job.after_id or "", job.after_id)
        uow.jobs.add(
            dataclasses.replace(
                job,
                id=new_ids[job.id],
                client_id=anonymous.id,
                title=titles[job.id],
                notes="",
                after_id=after,
            )
        )
    for job in uow.jobs.list():  # another client's job waiting for one of these
        if job.client_id != old.id and job.after_id in new_ids:
            uow.jobs.update(dataclasses.replace(job, after_id=new_ids[job.after_id]))
    _move_time(uow, data, new_ids)
    for invoice in data.invoices:
        own = invoice.client_id == old.id
        uow.invoices.update(
            dataclasses.replace(
                invoice,
                client_id=anonymous.id if own else invoice.client_id,
                job_ids=tuple(new_ids.get(j, j) for j in invoice.job_ids),
                notes="" if own else invoice.notes,
            )
        )
    uow.updates.delete(old.id)
    for update in data.updates:
        uow.updates.add(dataclasses.replace(update, client_id=anonymous.id, text=""))
    saved = uow.plans.latest()
    if saved is not None:
        uow.plans.save(_moved_plan(saved, new_ids, anonymous.id))
    _forget_places(uow, data)
    for job in data.jobs:
        uow.jobs.delete(job.id)
    uow.clients.delete(old.id)
    return anonymous


def _move_time(uow: UnitOfWork, data: ClientData, new_ids: dict[str, str]) -> None:
    """Time entries (new ids, notes emptied) and pinned blocks to the new job ids."""
    for entry in data.entries:  # all deleted first: one of them may be a running timer
        uow.time_entries.delete(entry.id)
    taken = {e.id for e in uow.time_entries.list()}
    for entry in data.entries:
        job_id = new_ids[entry.job_id]
        new_id = entry_id(job_id, entry.start, taken)
        taken.add(new_id)
        uow.time_entries.add(dataclasses.replace(entry, id=new_id, job_id=job_id, note=""))
    for pin in data.pins:
        uow.pins.delete(pin)
        uow.pins.add(dataclasses.replace(pin, job_id=new_ids[pin.job_id]))


def _moved_plan(saved: SavedPlan, new_ids: dict[str, str], client_id: str) -> SavedPlan:
    """The stored plan with the client's blocks under the new job ids (a block's id begins
    with its job's id), so that the next replan keeps them where they are."""

    def moved(block: Block) -> Block:
        if block.job_id not in new_ids:
            return block
        new_job = new_ids[block.job_id]
        rest = block.id.removeprefix(block.job_id)
        return dataclasses.replace(block, id=new_job + rest, job_id=new_job, client_id=client_id)

    return SavedPlan(
        computed_at=saved.computed_at,
        order=tuple(new_ids.get(job_id, job_id) for job_id in saved.order),
        blocks=tuple(moved(block) for block in saved.blocks),
    )


def _forget_places(uow: UnitOfWork, data: ClientData) -> None:
    """Delete the client's stored place, the cached lookups of its address and town, and
    the cached drives to or from its coordinates."""
    uow.places.delete(client_key(data.client.id))
    for query in _queries(data.client):
        uow.geocodes.delete(query)
    for key in data.drives:
        uow.travel.delete(key)
