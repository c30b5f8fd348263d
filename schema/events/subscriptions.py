"""Live seat counts and status of an event."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from models.events import Event, EventStatus
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.events.types import EventUpdate
from services import live
from services.errors import DomainError, ErrorCode
from services.events.access import may_see
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
        key = decode_id(str(event_id), "Event", field="event_id")
        event = await Event.get_or_none(id=key)
        if event is None or not await may_see(await info.context.viewer(), event):
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
