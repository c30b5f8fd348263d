"""Live seat counts and status of an event."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry import relay

from models.events import Event, EventStatus
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.events.enums import EventStatusEnum
from schema.events.types import EventNode
from services import live
from services.errors import NotFound
from services.events.access import may_see
from services.events.live import event_topic, from_message


@strawberry.type(description="Live figures of an event, sent whenever they change.")
class EventUpdate:
    seats_taken: int = strawberry.field(description="Seats held now.")
    capacity: int = strawberry.field(description="Vehicle slots now.")
    waitlist_length: int = strawberry.field(description="Registrations waiting now.")
    status: EventStatusEnum = strawberry.field(description="The event's status now.")
    event_id: strawberry.Private[int]

    @strawberry.field(
        description="The event as stored now (null once the subscriber may no longer see it)."
    )
    async def event(self, info: Info) -> EventNode | None:
        row = await Event.get_or_none(id=self.event_id)
        if row is None or not await may_see(await info.context.viewer(), row):
            return None
        return EventNode.from_model(row)


@strawberry.type
class EventSubscriptions:
    @strawberry.subscription(
        description="Seat counts, waitlist length and status of an event whenever they change, "
        "from any API process. Delivery is at most once: after (re)subscribing, re-read the "
        "event."
    )
    async def event_updates(
        self,
        info: Info,
        event_id: Annotated[
            relay.GlobalID, strawberry.argument(description="The event to follow.")
        ],
    ) -> AsyncGenerator[EventUpdate, None]:
        key = decode_id(event_id, EventNode, field="event_id")
        event = await Event.get_or_none(id=key)
        if event is None or not await may_see(await info.context.viewer(), event):
            raise NotFound(field="event_id")
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
