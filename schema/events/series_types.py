"""``EventSeries``: a recurring event, its upcoming occurrences and whether the viewer follows
it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import relay

from models.event_series import EventSeries, SeriesFollow
from models.events import Event, EventStatus
from schema.core.context import Info
from schema.core.ids import key_of
from schema.events.types import EventNode
from services.core import clock
from services.errors import DomainError
from services.events.access import visible
from services.events.series import visible_series

#: Upcoming occurrences a series lists at most.
OCCURRENCES_SHOWN = 50


@strawberry.type(name="EventSeries", description="A recurring event (系列活动) of a circle.")
class EventSeriesNode(relay.Node):
    series_id: relay.NodeID[int]
    title: str = strawberry.field(description="Title every new occurrence gets.")
    description: str = strawberry.field(description="Description every new occurrence gets.")
    status: str = strawberry.field(
        description="ACTIVE while occurrences remain to be created, then ENDED."
    )
    rule: str = strawberry.field(
        description="RFC 5545 RRULE over local dates, e.g. FREQ=MONTHLY;BYDAY=2SA."
    )
    starts_on: date = strawberry.field(description="First local date the rule counts from.")
    start_time: str = strawberry.field(description="Local time of day occurrences start, HH:MM.")
    duration_minutes: int = strawberry.field(description="Length of each occurrence.")
    count: int | None = strawberry.field(description="Number of occurrences, when bounded so.")
    until: date | None = strawberry.field(description="Last local date, when bounded so.")
    exceptions: list[date] = strawberry.field(description="Local dates left out (EXDATE).")
    time_zone: str = strawberry.field(description="IANA time zone of the rule and times.")
    meeting_city: str = strawberry.field(description="Meeting city of new occurrences.")
    capacity: int = strawberry.field(description="Vehicle slots of new occurrences.")
    fee_points: int = strawberry.field(description="Points fee of new occurrences.")
    horizon_days: int = strawberry.field(description="How far ahead occurrences are created.")
    auto_publish: bool = strawberry.field(
        description="Occurrences are created PUBLISHED (else DRAFT)."
    )
    created_at: datetime = strawberry.field(description="When the series was defined.")

    @classmethod
    def from_model(cls, row: EventSeries) -> EventSeriesNode:
        return cls(
            series_id=row.id, title=row.title, description=row.description,
            status=row.status.value, rule=row.rule, starts_on=row.starts_on,
            start_time=row.start_time, duration_minutes=row.duration_minutes, count=row.count,
            until=row.until, exceptions=[date.fromisoformat(d) for d in row.exceptions or []],
            time_zone=row.time_zone, meeting_city=row.meeting_city, capacity=row.capacity,
            fee_points=row.fee_points, horizon_days=row.horizon_days,
            auto_publish=row.auto_publish, created_at=row.created_at,
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one form for relay's overloads
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[EventSeriesNode | None]:
        """Visible to whoever may see its circle's events."""
        viewer = await info.context.viewer()
        found: list[EventSeriesNode | None] = []
        for node_id in node_ids:
            key = key_of(relay.GlobalID("EventSeries", node_id), "EventSeries") or 0
            try:
                found.append(cls.from_model(await visible_series(viewer, key)))
            except DomainError:
                found.append(None)
        return found

    @strawberry.field(
        description=f"Upcoming occurrences the viewer may see, soonest first (up to "
        f"{OCCURRENCES_SHOWN})."
    )
    async def occurrences(self, info: Info) -> list[EventNode]:
        rows = (
            await Event.filter(series_id=self.series_id, ends_at__gt=clock.now())
            .exclude(status=EventStatus.CANCELLED)
            .order_by("starts_at")
            .limit(OCCURRENCES_SHOWN)
        )
        shown = await visible(await info.context.viewer(), rows)
        return [EventNode.from_model(row) for row in rows if row.id in shown]

    @strawberry.field(description="Whether the viewer follows the series.")
    async def viewer_follows(self, info: Info) -> bool:
        viewer = await info.context.viewer()
        if viewer is None:
            return False
        return await SeriesFollow.filter(series_id=self.series_id, member_id=viewer.id).exists()
