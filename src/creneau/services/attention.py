"""Client attention: when each client last got work, a meeting or call, or news.

A client with open work must not be forgotten: the setting ``plan.attention_days`` (N,
default 5) says that every such client gets attention at least every N working days.
Attention is any of:

- a block of the saved plan for one of the client's jobs that ended before "now" (the plan
  is recomputed at every change, so its past blocks are the work she did as planned);
- an event of her calendar that names the client (see :func:`name_keys`: "Point Loire
  Conseil" names "Cabinet d'expertise comptable Loire Conseil", "Appel Roche" names the
  private clients "M. et Mme Roche"), meetings and calls alike, past or planned;
- an update marked as sent (``creneau update CLIENT --sent``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from creneau.domain.models import BusyInterval, Client, ClientKind, ClientUpdate, SavedPlan
from creneau.domain.text import normalize

LOOK_BACK = timedelta(days=120)
"""How far back calendar events are searched for attention."""


SMALL_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "m"}
    | {"mme", "mr", "mrs", "ms", "sa", "sarl", "sas", "sasu", "eurl", "sci", "the", "of", "and"}
)
"""Words that name nobody on their own (articles, titles, legal forms)."""


def _words(text: str) -> list[str]:
    return normalize(text).replace("'", " ").replace("-", " ").replace(".", " ").split()


def name_keys(client: Client) -> list[str]:
    """The normalized phrases that name a client in an event summary.

    Its whole name; every tail of its name holding two or more words that are not small
    words (articles, titles, legal forms: "Fournil du Lac", not "du Lac"); and for a
    private person, the surname (the last word) alone ("Appel Roche" names "M. et Mme
    Roche"). Hyphens and dots count as spaces ("Bâti-Ouest" is "bati ouest").
    """
    words = _words(client.name)
    keys = {" ".join(words)}
    for k in range(len(words) - 1, 0, -1):
        tail = words[k:]
        if sum(1 for w in tail if w not in SMALL_WORDS) >= 2:
            keys.add(" ".join(tail))
    if client.kind is ClientKind.INDIVIDUAL and words and words[-1] not in SMALL_WORDS:
        keys.add(words[-1])
    return sorted(keys, key=len, reverse=True)


def event_client(summary: str, clients: Sequence[Client]) -> Client | None:
    """The client an event summary names (the longest match, see :func:`name_keys`).

    Args:
        summary: an event's title.
        clients: the clients to look for.

    Returns:
        The client, or None when no client is named.
    """
    text = " " + " ".join(_words(summary)) + " "
    best: tuple[int, Client] | None = None
    for client in clients:
        for key in name_keys(client):
            if f" {key} " in text and (best is None or len(key) > best[0]):
                best = (len(key), client)
                break
    return best[1] if best else None


def last_attention(
    now: datetime,
    clients: Sequence[Client],
    saved: SavedPlan | None,
    events: Iterable[BusyInterval],
    updates: Iterable[ClientUpdate],
) -> dict[str, datetime]:
    """For each client id with some attention before ``now``, its latest moment.

    Args:
        now: aware datetime.
        clients: every client.
        saved: the saved plan (its blocks that ended by ``now`` count), or None.
        events: her calendar's events around ``now`` (those that started by ``now`` count).
        updates: updates sent.

    Returns:
        Client id to the aware datetime of the latest attention (a block's or event's end
        when already over, else its start; an update's sending time).
    """
    last: dict[str, datetime] = {}

    def seen(client_id: str, moment: datetime) -> None:
        if moment <= now and (client_id not in last or moment > last[client_id]):
            last[client_id] = moment

    if saved is not None:
        for block in saved.blocks:
            if block.client_id and block.start < now:
                seen(block.client_id, min(block.end, now))
    for event in events:
        if event.start > now or event.start < now - LOOK_BACK:
            continue
        client = event_client(event.summary, clients)
        if client is not None:
            seen(client.id, min(event.end, now))
    for update in updates:
        seen(update.client_id, update.sent_at)
    return last
