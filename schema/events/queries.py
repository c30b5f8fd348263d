"""Event queries: one event by id, the event list, the events the viewer can join now, and a
circle's event insights."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from schema.circles.args import After, First, page
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import decode_id, key_of
from schema.core.pagination import Connection, to_connection
from schema.events.enums import EventStatusEnum
from schema.events.feedback_types import CircleEventInsights, EventFunnelType, FeedbackSummaryType
from schema.events.types import EventNode
from services.events import feedback, listing
from services.events.listing import EventFilter


@strawberry.input(description="Narrows the list of events; all given conditions must hold.")
class EventFilterInput:
    circle_id: relay.GlobalID | None = strawberry.field(default=None, description="One circle.")
    city: str | None = strawberry.field(default=None, description="Meeting city, e.g. 阿拉善.")
    starts_after: datetime | None = strawberry.field(
        default=None, description="Starting at or after this instant."
    )
    starts_before: datetime | None = strawberry.field(
        default=None, description="Starting before this instant."
    )
    min_difficulty: int | None = strawberry.field(
        default=None, description="Route difficulty at least (1-5)."
    )
    max_difficulty: int | None = strawberry.field(
        default=None, description="Route difficulty at most (1-5)."
    )
    status: EventStatusEnum | None = strawberry.field(
        default=None, description="Only this status (drafts are never listed)."
    )

    def to_filter(self) -> EventFilter:
        circle_id = None
        if self.circle_id is not None:
            circle_id = decode_id(self.circle_id, CircleNode, field="circle_id")
        return EventFilter(
            circle_id=circle_id,
            city=self.city,
            starts_after=self.starts_after,
            starts_before=self.starts_before,
            min_difficulty=self.min_difficulty,
            max_difficulty=self.max_difficulty,
            status=self.status,
        )


@strawberry.type
class EventQueries:
    @strawberry.field(
        description="Events (drafts excluded; those of invite-only circles for their members "
        "only), soonest first, keyset-paginated."
    )
    async def events(
        self,
        info: Info,
        filter: Annotated[
            EventFilterInput | None,
            strawberry.argument(description="Narrow the list; every visible event when omitted."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[EventNode]:
        result = await listing.list_events(
            actor=await info.context.viewer(),
            event_filter=filter.to_filter() if filter is not None else EventFilter(),
            args=page(first, after),
        )
        return to_connection(result, EventNode.from_model)

    @strawberry.field(
        description="Upcoming published events the viewer may sign up for right now (every "
        "requirement met with one of their vehicles, not registered yet), soonest first. Full "
        "events are listed too, with `signUpWaitlists` true: signing up joins their waitlist."
    )
    async def events_i_can_join(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[EventNode]:
        viewer = await info.context.require_viewer()
        result = await listing.joinable_events(member_id=viewer.id, args=page(first, after))
        return to_connection(result, EventNode.from_model)

    @strawberry.field(
        description="Feedback and funnel over every event of a circle (its owner and "
        "moderators); null for anyone else."
    )
    async def circle_event_insights(
        self,
        info: Info,
        circle_id: Annotated[
            relay.GlobalID, strawberry.argument(description="The circle whose events to sum up.")
        ],
    ) -> CircleEventInsights | None:
        viewer = await info.context.require_viewer()
        insights = await feedback.circle_insights(
            actor=viewer, circle_id=decode_id(circle_id, CircleNode, field="circle_id")
        )
        if insights is None:
            return None
        return CircleEventInsights(
            feedback_summary=FeedbackSummaryType.from_summary(insights.feedback_summary),
            funnel=EventFunnelType.from_funnel(insights.funnel),
        )

    @strawberry.field(description="An event by its global ID (drafts for organizers only).")
    async def event(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The event's global ID.")],
    ) -> EventNode | None:
        key = key_of(id, EventNode)
        if key is None:
            return None
        return (await EventNode.resolve_nodes(info=info, node_ids=[str(key)]))[0]
