"""Meetings and places: ``meet`` (propose slots, book one) and ``place`` (list, set,
look up, forget)."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from creneau.domain.errors import InputError
from creneau.domain.places import MeetingMode, PlaceSource
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.parsing import parse_effort
from creneau.interfaces.cli.prompts import ask_yes_no
from creneau.interfaces.cli.state import state
from creneau.services.meet_messages import meet_text
from creneau.services.meetings import (
    Booking,
    MeetProposal,
    Slot,
    book_meeting,
    invitation_path,
    propose_meeting,
)
from creneau.services.place_lookup import (
    PlaceRow,
    forget_place,
    list_places,
    lookup_place,
    set_place,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]
place_app = typer.Typer(help="Where you and your clients are: coordinates and their source.")


def parse_within(text: str, language: str = "fr") -> int:
    """Days to look ahead: ``2w`` (weeks; ``2sem``), ``10d`` (``10j``) or a bare number of
    days.

    Raises:
        InputError: naming ``--within``, for anything else (in ``language``).
    """
    match = re.fullmatch(r"\s*(\d{1,3})\s*(w|wk|sem|s|d|j)?\s*", text.lower())
    if match is None:
        raise InputError(meet_text("bad_within", language, text=text), field="--within")
    value = int(match.group(1))
    return value * 7 if match.group(2) in ("w", "wk", "sem", "s") else value


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _slot_json(slot: Slot) -> dict[str, Any]:
    return {
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "travel_before": (
            {"start": _iso(slot.travel_before[0]), "end": _iso(slot.travel_before[1])}
            if slot.travel_before
            else None
        ),
        "travel_after": (
            {"start": _iso(slot.travel_after[0]), "end": _iso(slot.travel_after[1])}
            if slot.travel_after
            else None
        ),
        "moved_hours": round(slot.moved_minutes / 60, 2),
        "moved_jobs": list(slot.moved_jobs),
    }


def proposal_to_json(proposal: MeetProposal) -> dict[str, Any]:
    """The proposal in the stable JSON schema of ``creneau meet --json`` (see the README)."""
    leg, place = proposal.leg, proposal.place
    return {
        "client": proposal.client.name,
        "mode": proposal.mode.value,
        "reason_code": proposal.meeting.reason,
        "distance_km": leg.km if leg else None,
        "drive_minutes": leg.minutes if leg else None,
        "travel_source": leg.source if leg else None,
        "radius_minutes": proposal.meeting.radius_minutes,
        "place": (
            {
                "latitude": place.latitude,
                "longitude": place.longitude,
                "source": place.source.value,
                "label": place.label,
            }
            if place
            else None
        ),
        "duration_minutes": proposal.duration_minutes,
        "travel_minutes": proposal.travel_minutes,
        "slots": [_slot_json(s) for s in proposal.slots],
    }


def _why(proposal: MeetProposal, lang: str) -> str:
    leg, client, place = proposal.leg, proposal.client, proposal.place
    if leg is None:
        if place is not None:  # her home is the unknown place
            return meet_text("call_home_unknown", lang)
        if client.town:
            return meet_text(
                "call_town_missing",
                lang,
                client=client.name,
                town=client.town,
                postcode=client.postcode,
            )
        return meet_text("call_unknown", lang, client=client.name)
    key = "in_person_why" if proposal.mode is MeetingMode.IN_PERSON else "call_why"
    address = place.label if place else ""
    text = meet_text(
        key,
        lang,
        client=client.name,
        address=address,
        km=leg.km,
        drive=leg.minutes,
        radius=proposal.meeting.radius_minutes,
    )
    if place is not None and place.source is PlaceSource.TOWN:
        town = client.town or place.label
        text += " " + meet_text("town_centre", lang, town=town, who=client.name)
    return text


def _show_proposal(proposal: MeetProposal, lang: str, within: int) -> None:
    style = "bold green" if proposal.mode is MeetingMode.IN_PERSON else "bold yellow"
    out.console.print(Text(_why(proposal, lang), style=style))
    if not proposal.slots:
        out.console.print(
            meet_text("no_slot", lang, minutes=proposal.duration_minutes, days=within)
        )
        return
    for n, slot in enumerate(proposal.slots, start=1):
        travel = ""
        if slot.travel_before and slot.travel_after:
            a, b = slot.travel_before
            c, d = slot.travel_after
            travel = meet_text("slot_travel", lang, a=a.strftime("%H:%M"), b=b, c=c, d=d)
        names = [proposal.titles.get(j, j) for j in slot.moved_jobs]
        line = meet_text(
            "slot",
            lang,
            n=n,
            start=slot.start,
            end=slot.end,
            travel=travel,
            moved=slot.moved_minutes,
            jobs=f" ({', '.join(names)})" if names else "",
        )
        out.console.print(line, markup=False)
    out.console.print(
        Text(
            meet_text(
                "book_hint", lang, client=proposal.client.name, minutes=proposal.duration_minutes
            ),
            style="dim",
        )
    )


def _show_booking(booking: Booking, lang: str) -> None:
    mode = meet_text(
        "in_person" if booking.proposal.mode is MeetingMode.IN_PERSON else "call", lang
    )
    out.console.print(
        meet_text(
            "booked",
            lang,
            title=booking.job.title,
            client=booking.proposal.client.name,
            start=booking.slot.start,
            end=booking.slot.end,
            mode=mode,
        ),
        markup=False,
    )
    out.console.print(_why(booking.proposal, lang), markup=False)
    out.console.print(meet_text("invitation", lang, path=booking.invitation_path), markup=False)


def _place_json(row: PlaceRow) -> dict[str, Any]:
    place = row.place
    return {
        "who": row.who,
        "client_id": row.client.id if row.client else None,
        "address": row.address,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "source": place.source.value if place else None,
        "label": place.label if place else None,
    }


def _place_line(row: PlaceRow, lang: str, key: str = "place_line") -> str:
    who = meet_text("home", lang) if row.client is None else row.who
    if row.place is None:
        if row.address.strip():
            return meet_text("place_unknown_hint", lang, who=who)
        return meet_text("place_unknown", lang, who=who)
    return meet_text(
        key,
        lang,
        who=who,
        lat=f"{row.place.latitude:.5f}",
        lon=f"{row.place.longitude:.5f}",
        source=meet_text(f"source_{row.place.source.value}", lang),
        label=row.place.label,
    )


def register(app: typer.Typer) -> None:
    """Add ``meet`` and the ``place`` group to ``app``."""

    @app.command("meet")
    def meet(
        ctx: typer.Context,
        client: Annotated[str, typer.Argument(help="The client (id or part of the name).")],
        duration: Annotated[str, typer.Option("--duration", help="Length, e.g. 1h, 90m.")],
        within: Annotated[str, typer.Option("--within", help="Look ahead, e.g. 2w, 10d.")] = "2w",
        book: Annotated[
            int | None, typer.Option("--book", help="Book proposal N (1 to 3).", min=1, max=3)
        ] = None,
        at: Annotated[
            str | None, typer.Option("--at", help="Book this start (2026-12-03T14:00).")
        ] = None,
        ics: Annotated[
            Path | None,
            typer.Option(
                "--ics",
                help="Invitation file (default: rendez-vous-<client>-<date>-<time>.ics here).",
            ),
        ] = None,
        title: Annotated[str | None, typer.Option("--title", help="The meeting's title.")] = None,
        job: Annotated[
            str | None,
            typer.Option("--job", help="The client's meeting job to book (default: its only one)."),
        ] = None,
        yes: Annotated[
            bool, typer.Option("--yes", "-y", help="Replace an existing invitation file.")
        ] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Propose three slots for a meeting that move the least planned work; book one.

        In person with travel when the client is within your radius (meet.radius), a call
        otherwise (the reason says the distance and drive time). Booking pins the client's
        open meeting job (--job when it has several), or a new one.
        """
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        lang = settings.language
        now = st.now(settings.tz)
        if book is not None and at is not None:
            raise InputError(meet_text("book_and_at", lang), field="--book")
        minutes = parse_effort(duration, "--duration")
        days = parse_within(within, lang)
        start: datetime | None = None
        if at is not None:
            try:
                start = datetime.fromisoformat(at.strip())
            except ValueError as exc:
                raise InputError(meet_text("bad_at", lang, text=at), field="--at") from exc
            start = start.replace(tzinfo=settings.tz) if start.tzinfo is None else start
        if start is None:
            proposal = propose_meeting(
                services, now, client, minutes, within_days=days, job_query=job
            )
            if book is None:
                if as_json:
                    out.print_json(proposal_to_json(proposal))
                else:
                    _show_proposal(proposal, lang, days)
                return
            if not proposal.slots:
                raise InputError(meet_text("no_proposal", lang, days=days), field="--book")
            if book > len(proposal.slots):
                raise InputError(
                    meet_text("too_few_proposals", lang, count=len(proposal.slots)),
                    field="--book",
                )
            start = proposal.slots[book - 1].start
        path = str(ics) if ics else invitation_path(services, client, start)
        if not yes and os.path.lexists(path):
            if not ask_yes_no(meet_text("ics_replace", lang, path=path), lang):
                out.err_console.print(meet_text("nothing_booked", lang), markup=False)
                raise typer.Exit(1)
            yes = True
        booking = book_meeting(
            services,
            now,
            client,
            start,
            minutes,
            path,
            title=title,
            job_query=job,
            replace_file=yes,
        )
        if as_json:
            data = proposal_to_json(booking.proposal)
            data["booked"] = {
                "job_id": booking.job.id,
                "title": booking.job.title,
                "ics": booking.invitation_path,
                "reused": booking.reused,
            }
            out.print_json(data)
        else:
            _show_booking(booking, lang)

    @place_app.command("list")
    def place_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """Your home and every client, with coordinates and where they come from."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        rows = list_places(services, st.now(settings.tz))
        if as_json:
            out.print_json([_place_json(r) for r in rows])
            return
        for row in rows:
            out.console.print(_place_line(row, settings.language), markup=False)

    @place_app.command("set", context_settings={"ignore_unknown_options": True})
    def place_set(
        ctx: typer.Context,
        who: Annotated[str, typer.Argument(help="home, or a client.")],
        latitude: Annotated[float, typer.Argument(help="Latitude (WGS84 degrees).")],
        longitude: Annotated[float, typer.Argument(help="Longitude (WGS84 degrees).")],
    ) -> None:
        """Correct a place by hand (source: typed)."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        row = set_place(services, who, latitude, longitude, st.now(settings.tz))
        _told_set(row, settings.language)

    @place_app.command("lookup")
    def place_lookup(
        ctx: typer.Context, who: Annotated[str, typer.Argument(help="home, or a client.")]
    ) -> None:
        """Look an address up online (BAN in France, Nominatim elsewhere) and keep it."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        row = lookup_place(services, who, st.now(settings.tz))
        if row.place is None:
            out.console.print(
                meet_text("place_not_found", settings.language, who=row.who, address=row.address),
                markup=False,
            )
            return
        _told_set(row, settings.language)

    @place_app.command("forget")
    def place_forget(
        ctx: typer.Context, who: Annotated[str, typer.Argument(help="home, or a client.")]
    ) -> None:
        """Forget a looked-up place (the town centre is used again)."""
        services = state(ctx).services()
        forget_place(services, who)

    app.add_typer(place_app, name="place")


def _told_set(row: PlaceRow, lang: str) -> None:
    out.console.print(_place_line(row, lang, "place_set"), markup=False)
