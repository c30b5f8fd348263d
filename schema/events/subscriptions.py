"""Live seat counts and status of an event."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.relay import GlobalID

from api.context import Info
from models.events import Event, EventStatus
from schema.events.types import EventUpdate
from services import live
from services.errors import DomainError, ErrorCode
from services.events.access import is_organizer
from services.events.live import event_topic, from_message


@strawberry.type
class EventSubscriptions:
    @strawberry.subscription(
        description="Seat counts, waitlist length and status of an event whenever they change, "
        "from any API process. Delivery is at most once: after (re)subscribing, re-read the "
        "event."
    )
    async def event_updates(
        self, info: Info, event_id: strawberry.ID
    ) -> AsyncGenerator[EventUpdate, None]:
        try:
            global_id = GlobalID.from_id(str(event_id))
            if global_id.type_name != "Event":
                raise ValueError(event_id)
            key = int(global_id.node_id)
        except ValueError as exc:
            raise DomainError(ErrorCode.NOT_FOUND, field=["eventId"]) from exc
        event = await Event.get_or_none(id=key)
        if event is None or not await _visible(info, event):
            raise DomainError(ErrorCode.NOT_FOUND, field=["eventId"])
        async for message in live.subscribe(event_topic(key)):
            counters = from_message(message)
            if counters is not None:
                yield EventUpdate(
                    seats_taken=counters.seats_taken,
                    capacity=counters.capacity,
                    waitlist_length=counters.waitlist_length,
                    status=EventStatus(counters.status),
                    event_id=counters.event_id,
                )


async def _visible(info: Info, event: Event) -> bool:
    """A DRAFT event streams to its organizers only, as ``event(id)`` shows it (NOT_FOUND to
    everyone else, so a subscription does not reveal that the draft exists)."""
    if event.status != EventStatus.DRAFT:
        return True
    viewer = await info.context.viewer()
    return viewer is not None and await is_organizer(viewer, event)
