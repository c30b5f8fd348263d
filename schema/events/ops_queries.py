"""Event lists (all events, the events the viewer can join) and a circle's event insights."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.circles.args import After, First, page
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, to_connection
from schema.events.ops_types import CircleEventInsights, EventFunnelType, FeedbackSummaryType
from schema.events.types import EventNode, EventStatusEnum
from services.events import feedback, listing
from services.events.listing import EventFilter


@strawberry.input(description="Narrows the list of events; all given conditions must hold.")
class EventFilterInput:
    circle_id: strawberry.ID | None = strawberry.field(default=None, description="One circle.")
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
    status: EventStatusEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only this status (drafts are never listed)."
    )


def _filter(given: EventFilterInput | None) -> EventFilter:
    if given is None:
        return EventFilter()
    circle_id = (
        decode_id(str(given.circle_id), "Circle", field="circle_id")
        if given.circle_id is not None
        else None
    )
    return EventFilter(
        circle_id=circle_id,
        city=given.city,
        starts_after=given.starts_after,
        starts_before=given.starts_before,
        min_difficulty=given.min_difficulty,
        max_difficulty=given.max_difficulty,
        status=given.status,
    )


@strawberry.type
class EventOpsQueries:
    @strawberry.field(
        description="Events (drafts excluded; those of invite-only circles for their members "
        "only), soonest first, keyset-paginated."
    )
    async def events(
        self,
        info: Info,
        filter: EventFilterInput | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[EventNode]:
        result = await listing.list_events(
            actor=await info.context.viewer(), event_filter=_filter(filter), args=page(first, after)
        )
        return to_connection(result, EventNode.from_model)

    @strawberry.field(
        description="Upcoming published events the viewer may sign up for right now (every "
        "requirement met with one of their vehicles, not registered yet), soonest first."
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
        self, info: Info, circle_id: strawberry.ID
    ) -> CircleEventInsights | None:
        from services.errors import DomainError

        viewer = await info.context.require_viewer()
        key = decode_id(str(circle_id), "Circle", field="circle_id")
        try:
            summary = await feedback.circle_feedback_summary(actor=viewer, circle_id=key)
            funnel = await feedback.circle_funnel(actor=viewer, circle_id=key)
        except DomainError:
            return None
        return CircleEventInsights(
            feedback_summary=FeedbackSummaryType.from_summary(summary),
            funnel=EventFunnelType.from_funnel(funnel),
        )
