"""Recurring series (organizers define and edit them, members follow them)."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry
from strawberry import relay

from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.payload import Payload
from schema.core.runner import run
from schema.events.enums import SeriesEditScopeEnum
from schema.events.types import EventNode, EventSeriesNode
from schema.routes.types import RouteNode
from services.errors import DomainError, ErrorCode
from services.events import series
from services.events.series import SeriesEdit


@strawberry.input(description="A recurring event; its first occurrences are created at once.")
class CreateEventSeriesInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle holding it.")
    route_id: relay.GlobalID = strawberry.field(description="The catalog route it runs on.")
    rule: str = strawberry.field(
        description="RFC 5545 RRULE of days without DTSTART, COUNT or UNTIL, e.g. "
        "FREQ=MONTHLY;BYDAY=2SA for every second Saturday."
    )
    starts_on: date = strawberry.field(description="First local date the rule counts from.")
    start_time: str = strawberry.field(description="Local time of day, HH:MM.")
    duration_minutes: int = strawberry.field(description="Length of each occurrence.")
    count: int | None = strawberry.field(
        default=None, description="Number of occurrences (1-500); give this or until."
    )
    until: date | None = strawberry.field(
        default=None, description="Last local date (within three years); give this or count."
    )
    exceptions: list[date] | None = strawberry.field(
        default=None, description="Local dates to leave out."
    )
    horizon_days: int = strawberry.field(
        default=60, description="How far ahead occurrences are created (1-366 days)."
    )
    signup_opens_hours: int = strawberry.field(
        default=336, description="Sign-up opens this many hours before each start."
    )
    signup_closes_hours: int = strawberry.field(
        default=2, description="Sign-up closes this many hours before each start."
    )
    cancel_deadline_hours: int = strawberry.field(
        default=24, description="Cancelling keeps the fee from this many hours before the start."
    )
    auto_publish: bool = strawberry.field(
        default=True, description="Create occurrences PUBLISHED (else DRAFT)."
    )
    title: str = strawberry.field(description="Title of each occurrence, 1-80 characters.")
    description: str = strawberry.field(default="", description="What to expect (markdown).")
    time_zone: str = strawberry.field(
        default="Asia/Shanghai", description="IANA time zone of the rule and times."
    )
    meeting_city: str = strawberry.field(description="Where participants meet.")
    capacity: int = strawberry.field(description="Vehicle slots, 1-500.")
    fee_points: int = strawberry.field(default=0, description="Points fee, 0 for free.")
    offer_window_hours: int = strawberry.field(
        default=48, description="How long a waitlist offer stays open, 1-168 h."
    )


@strawberry.input(description="Changes to a series; fields left null stay as they are.")
class UpdateEventSeriesInput:
    series_id: relay.GlobalID = strawberry.field(description="The series.")
    scope: SeriesEditScopeEnum = strawberry.field(description="Which occurrences change.")
    event_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="The occurrence the change applies to (ONE) or starts from "
        "(THIS_AND_FOLLOWING).",
    )
    title: str | None = strawberry.field(default=None, description="New title.")
    description: str | None = strawberry.field(default=None, description="New description.")
    meeting_city: str | None = strawberry.field(default=None, description="New meeting city.")
    capacity: int | None = strawberry.field(default=None, description="New capacity.")
    route_id: relay.GlobalID | None = strawberry.field(default=None, description="New route.")
    fee_points: int | None = strawberry.field(
        default=None, description="New fee (occurrences anyone signed up for keep theirs)."
    )
    start_time: str | None = strawberry.field(
        default=None, description="New local time of day, HH:MM (lead times move along)."
    )
    duration_minutes: int | None = strawberry.field(default=None, description="New length.")


@strawberry.input(description="Names a series.")
class EventSeriesInput:
    series_id: relay.GlobalID = strawberry.field(description="The series.")


@strawberry.type(description="Result of a change to a series.")
class EventSeriesPayload(Payload):
    series: EventSeriesNode | None = strawberry.field(default=None, description="It now.")


@strawberry.type(description="An occurrence a series edit left as it was, and why.")
class SkippedOccurrence:
    event: EventNode = strawberry.field(description="The occurrence, unchanged.")
    code: ErrorCode = strawberry.field(description="The code of the rule that refused.")
    error: strawberry.Private[DomainError]

    @strawberry.field(description="The refusal, in the viewer's language.")
    def message(self, info: Info) -> str:
        return self.error.message(info.context.locale)


@strawberry.type(description="Result of editing a series.")
class UpdateEventSeriesPayload(Payload):
    series: EventSeriesNode | None = strawberry.field(default=None, description="It now.")
    changed: list[EventNode] = strawberry.field(
        default_factory=list,
        description="Occurrences changed (their participants were told what changed).",
    )
    skipped: list[SkippedOccurrence] = strawberry.field(
        default_factory=list, description="Occurrences a rule kept as they were."
    )

    @classmethod
    def of(cls, result: SeriesEdit) -> Self:
        return cls(
            series=EventSeriesNode.from_model(result.series),
            changed=[EventNode.from_model(row) for row in result.changed],
            skipped=[
                SkippedOccurrence(event=EventNode.from_model(row), code=error.code, error=error)
                for row, error in result.skipped
            ],
        )  # fmt: skip


@strawberry.type
class SeriesMutations:
    @strawberry.mutation(
        description="Define a recurring event in a circle you own or moderate; occurrences "
        "within the horizon are created now, later ones by a scheduled job."
    )
    async def create_event_series(
        self, info: Info, input: CreateEventSeriesInput
    ) -> EventSeriesPayload:
        return await run(
            info, EventSeriesPayload, series.create_series,
            circle_id=Id(input.circle_id, CircleNode), route_id=Id(input.route_id, RouteNode),
            rule=input.rule, starts_on=input.starts_on, start_time=input.start_time,
            duration_minutes=input.duration_minutes, count=input.count, until=input.until,
            exceptions=[day.isoformat() for day in input.exceptions or []],
            horizon_days=input.horizon_days, signup_opens_hours=input.signup_opens_hours,
            signup_closes_hours=input.signup_closes_hours,
            cancel_deadline_hours=input.cancel_deadline_hours, auto_publish=input.auto_publish,
            title=input.title, description=input.description, time_zone=input.time_zone,
            meeting_city=input.meeting_city, capacity=input.capacity,
            fee_points=input.fee_points, offer_window_hours=input.offer_window_hours,
        )  # fmt: skip

    @strawberry.mutation(
        description="Edit one occurrence, this and the following ones, or all upcoming ones. "
        "Participants of every changed occurrence are told what changed; an occurrence a rule "
        "refuses (capacity under the seats taken, fee once anyone signed up) is reported in "
        "skipped and left as it was."
    )
    async def update_event_series(
        self, info: Info, input: UpdateEventSeriesInput
    ) -> UpdateEventSeriesPayload:
        return await run(
            info, UpdateEventSeriesPayload, series.update_series,
            series_id=Id(input.series_id, EventSeriesNode), scope=input.scope,
            event_id=Id(input.event_id, EventNode, optional=True), title=input.title,
            description=input.description, meeting_city=input.meeting_city,
            capacity=input.capacity, route_id=Id(input.route_id, RouteNode, optional=True),
            fee_points=input.fee_points, start_time=input.start_time,
            duration_minutes=input.duration_minutes,
        )  # fmt: skip

    @strawberry.mutation(
        description="Follow a series: you are told when each new occurrence opens for sign-up."
    )
    async def follow_event_series(self, info: Info, input: EventSeriesInput) -> EventSeriesPayload:
        return await run(
            info, EventSeriesPayload, series.follow_series,
            series_id=Id(input.series_id, EventSeriesNode),
        )  # fmt: skip

    @strawberry.mutation(description="Stop following a series.")
    async def unfollow_event_series(
        self, info: Info, input: EventSeriesInput
    ) -> EventSeriesPayload:
        return await run(
            info, EventSeriesPayload, series.unfollow_series,
            series_id=Id(input.series_id, EventSeriesNode),
        )  # fmt: skip
