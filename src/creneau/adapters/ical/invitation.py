"""Meeting invitations as iCalendar files she can send (implements ``InvitationWriter``).

An iTIP request (RFC 5546 §3.2.2, METHOD:REQUEST): one VEVENT with UID, DTSTAMP,
DTSTART, DTEND, SUMMARY, LOCATION, ORGANIZER and one ATTENDEE (ROLE=REQ-PARTICIPANT,
PARTSTAT=NEEDS-ACTION, RSVP=TRUE, RFC 5545 §3.8.4.1), SEQUENCE 0 and STATUS:CONFIRMED.
Times are written in UTC (RFC 5545 §3.3.5 form #2), so no VTIMEZONE is needed.
"""

from __future__ import annotations

from datetime import UTC

from icalendar import Calendar, Event, vCalAddress, vText

from creneau.adapters.files import write_atomically
from creneau.services.place_ports import Invitation

PRODID = "-//Creneau//meeting invitation//FR"


def invitation_bytes(invitation: Invitation) -> bytes:
    """The invitation as an iCalendar stream (CRLF line ends, folded lines).

    Args:
        invitation: the meeting, her and the client.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", invitation.uid)
    event.add("dtstamp", invitation.stamp.astimezone(UTC))
    event.add("dtstart", invitation.start.astimezone(UTC))
    event.add("dtend", invitation.end.astimezone(UTC))
    event.add("summary", invitation.summary)
    event.add("location", invitation.location)
    if invitation.description:
        event.add("description", invitation.description)
    organizer = vCalAddress(f"mailto:{invitation.organizer_email}")
    if invitation.organizer_name:
        organizer.params["cn"] = vText(invitation.organizer_name)
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{invitation.attendee_email}")
    attendee.params["cn"] = vText(invitation.attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee, encode=False)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


class ICalendarInvitationWriter:
    """Writes invitations with icalendar, atomically (implements ``InvitationWriter``)."""

    def write(self, path: str, invitation: Invitation) -> None:
        """Write ``invitation`` to ``path``.

        Raises:
            InputError: naming ``--ics``, when the file cannot be written.
        """
        write_atomically(path, invitation_bytes(invitation), "--ics")
