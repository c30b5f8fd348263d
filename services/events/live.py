"""Live seat counts and status of events, published after commit on the event's topic so a
subscriber on any API process sees changes made on another. Best effort, like every live
message: a client that (re)subscribes re-reads the event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services import live
from services.core.sql import Sql
from services.events.seats import Counters, counters

MESSAGE_TYPE = "event"


def event_topic(event_id: int) -> str:
    return live.topic("event", event_id)


def to_message(counters: Counters) -> dict[str, Any]:
    return {
        "type": MESSAGE_TYPE,
        "eventId": counters.event_id,
        "seatsTaken": counters.seats_taken,
        "capacity": counters.capacity,
        "waitlistLength": counters.waitlist_length,
        "status": counters.status,
    }


def from_message(message: dict[str, Any]) -> Counters | None:
    if message.get("type") != MESSAGE_TYPE:
        return None
    return Counters(
        event_id=int(message["eventId"]),
        seats_taken=int(message["seatsTaken"]),
        capacity=int(message["capacity"]),
        waitlist_length=int(message["waitlistLength"]),
        status=str(message["status"]),
    )


async def publish_counters(counters: Iterable[Counters]) -> None:
    """Announce figures already read (e.g. RETURNING of the committed UPDATE)."""
    await live.publish_many((event_topic(c.event_id), to_message(c)) for c in counters)


async def publish_events(event_ids: Iterable[int]) -> None:
    """Read the committed figures of the events and announce them (one query)."""
    wanted = sorted(set(event_ids))
    if wanted:
        await publish_counters(await counters(Sql(), wanted))
