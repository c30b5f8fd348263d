"""The viewer's private calendar feed: rotating its URL."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.payload import Payload
from schema.core.runner import run
from services.events import calendar


@strawberry.type(description="Result of rotating the private calendar feed.")
class CalendarFeedPayload(Payload):
    url: str | None = strawberry.field(
        default=None, description="The new private feed URL; the previous one no longer works."
    )


@strawberry.type
class CalendarMutations:
    @strawberry.mutation(
        description="Give the viewer's private calendar feed a new URL; every earlier URL "
        "stops working at once."
    )
    async def rotate_calendar_feed(self, info: Info) -> CalendarFeedPayload:
        return await run(info, CalendarFeedPayload, calendar.rotate_feed_url)
