"""Time and money on the "atelier" scenario: a few logged entries, a job rate, a delivery
and some invoices, with every figure of the reports worked out by hand below.

Entries are stored through the unit of work (the commands that create them belong to
another part of issue 5) and, by the shared rule, each also adds its minutes to the job's
``spent_minutes`` (all the time spent = imported + entries).

From ``jobs.csv`` and ``clients.csv``:

- Carré Bleu, "Mise en forme du dossier de permis de construire": hourly, client rate
  38 €/h, 2 h spent (imported, undated).
- SARL Bâti-Ouest, "Archivage et numérisation…": hourly, client rate 35 €/h, overridden
  here by a job rate of 75 €/h; 14 h spent (imported).
- Éditions du Marais, "Transcription d'entretiens…": fixed price 720 €, nothing spent.
- Kiné, "Comptes rendus de novembre (lot 2)": done, 3.5 h spent (imported), 30 €/h.
- Fournil du Lac, "Saisie comptable d'octobre": done, 4.5 h spent (imported), 32 €/h.

Entries (Paris time, UTC+1 in November and December):

====================  ==========================  =========  ======  ==============
job                   from - to                   minutes    month   worth
====================  ==========================  =========  ======  ==============
Carré Bleu permis     Mon 30 Nov 09:30 - 11:45    135        Nov     135 x 38/60 = 85.50
Carré Bleu permis     Tue 1 Dec 14:00 - 15:00     60         Dec     38.00
Transcription         Mon 30 Nov 13:30 - 17:30    240        Nov     (fixed price)
Transcription         Wed 2 Dec 09:00 - 12:20     200        Dec     (fixed price)
Bâti-Ouest archives   Fri 27 Nov 14:00 - 16:30    150        Nov     150 x 75/60 = 187.50
Bâti-Ouest archives   30 Nov 23:15Z - 1 Dec 00:45Z 90        Dec     90 x 75/60 = 112.50
====================  ==========================  =========  ======  ==============

The last one starts on 30 November in UTC but at 00:15 on 1 December in Paris: by the
local date of its start it is December work. The transcription is delivered on
2 December (``done_on``): its 720 € count in December.

November: 135 + 240 + 150 = 525 min = 8.75 h; 85.50 + 0 + 187.50 = 273.00 €;
273 / 8.75 = 31.20 €/h. Éditions: 4 h, 0 € (not delivered yet), 0.00 €/h.

December: 60 + 200 + 90 = 350 min = 5.83 h; 38.00 + 720.00 + 112.50 = 870.50 €;
870.50 x 60 / 350 = 149.228… = 149.23 €/h. Éditions: 200 min, 720 €, 216.00 €/h.
The transcription delivered: 720 € for 440 min = 7.33 h, 720 x 60 / 440 = 98.18 €/h.

Imported (undated) line: Carré Bleu 2 h (spent 120 + 195 logged, less the 195 of its
entries) x 38 = 76.00; Bâti-Ouest 14 h x 75 = 1,050.00; Kiné 3.5 h x 30 = 105.00; Fournil
4.5 h x 32 = 144.00; in all 24 h, 1,375.00 €, 1375 / 24 = 57.2916… = 57.29 €/h.

Billable from 25 November to 5 December: Carré Bleu 195 min x 38 = 123.50; Bâti-Ouest
240 min x 75 = 300.00; the transcription delivered, 720.00 (7.33 h spent); 875 min =
14.58 h, 1,143.50 €. On 1 December alone: Carré Bleu 1 h, 38.00; Bâti-Ouest 1.5 h,
112.50; 2.5 h, 150.50 €.

Receipts (invoices of :data:`INVOICES`, payments of :data:`PAYMENTS`): Q4 2026 is
October 44.00 (the 100.00 of 30 September is Q3), November 105.00, December 300.00 +
420.00 = 720.00, total 869.00 (the 123.45 of 5 January 2027 is Q1 2027).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from creneau.domain.models import JobStatus, TimeEntry
from creneau.services.catalog import edit_job, find_job
from creneau.services.context import ServiceContext
from tests.conftest import PARIS

CARRE = "Atelier d'architecture Carré Bleu"
BATI = "SARL Bâti-Ouest"
MARAIS = "Éditions du Marais"
KINE = "Cabinet de kinésithérapie des Lices"
FOURNIL = "Boulangerie Fournil du Lac"
PERMIT = "Mise en forme du dossier de permis de construire"
ARCHIVES = "Archivage et numérisation des factures 2015-2025"
TRANSCRIPTION = "Transcription d'entretiens (6 heures d'audio)"


def paris(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


ENTRIES: list[tuple[str, datetime, datetime]] = [
    (PERMIT, paris(11, 30, 9, 30), paris(11, 30, 11, 45)),
    (PERMIT, paris(12, 1, 14), paris(12, 1, 15)),
    (TRANSCRIPTION, paris(11, 30, 13, 30), paris(11, 30, 17, 30)),
    (TRANSCRIPTION, paris(12, 2, 9), paris(12, 2, 12, 20)),
    (ARCHIVES, paris(11, 27, 14), paris(11, 27, 16, 30)),
    (
        ARCHIVES,
        datetime(2026, 11, 30, 23, 15, tzinfo=UTC),
        datetime(2026, 12, 1, 0, 45, tzinfo=UTC),
    ),
]
"""The logged entries: (job title, start, end)."""

ARCHIVES_RATE = Decimal("75")
DELIVERED = date(2026, 12, 2)

INVOICES: list[tuple[str, str, str, date]] = [
    # (number, client, amount, issued on)
    ("F-2026-040", FOURNIL, "144.00", date(2026, 9, 25)),
    ("F-2026-041", KINE, "105.00", date(2026, 11, 5)),
    ("F-2026-042", MARAIS, "720.00", date(2026, 12, 2)),
    ("F-2026-043", CARRE, "123.45", date(2026, 12, 20)),
]
PAYMENTS: list[tuple[str, str, date]] = [
    # (invoice number, amount, paid on)
    ("F-2026-040", "100.00", date(2026, 9, 30)),
    ("F-2026-040", "44.00", date(2026, 10, 2)),
    ("F-2026-041", "105.00", date(2026, 11, 20)),
    ("F-2026-042", "300.00", date(2026, 12, 15)),
    ("F-2026-042", "420.00", date(2026, 12, 31)),
    ("F-2026-043", "123.45", date(2027, 1, 5)),
]


def log(ctx: ServiceContext, title: str, start: datetime, end: datetime, entry_id: str) -> None:
    """Store a finished time entry and add its minutes to the job's time spent."""
    with ctx.uow() as uow:
        job = find_job(uow, title)
        entry = TimeEntry(id=entry_id, job_id=job.id, start=start, end=end, source="log")
        uow.time_entries.add(entry)
        job = uow.jobs.get(job.id)
        assert job is not None
        uow.jobs.update(replace(job, spent_minutes=job.spent_minutes + entry.minutes))


def log_all(ctx: ServiceContext) -> None:
    """Every entry of :data:`ENTRIES`."""
    for number, (title, start, end) in enumerate(ENTRIES, start=1):
        log(ctx, title, start, end, f"e{number}")


def deliver(ctx: ServiceContext, title: str, day: date) -> None:
    """Mark a job done, delivered on ``day``."""
    edit_job(ctx, title, {"status": JobStatus.DONE, "done_on": day})
