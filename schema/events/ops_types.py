"""Types of event operations: feedback and its aggregate, the funnel, assistance requests and
their summary, vehicle inspections."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

import strawberry
from strawberry import relay

from models.events import (
    AssistanceIssue,
    AssistanceRequest,
    AssistanceStatus,
    EventFeedback,
    Inspection,
)
from schema.circles.args import node_keys
from schema.core.context import Info
from schema.events.loaders import viewer_standings
from schema.members.types import MemberNode, member_nodes_by_id
from schema.members.vehicles import VehicleNode
from services.errors import DomainError, ErrorCode
from services.events.access import allows
from services.events.assistance import AssistanceSummary
from services.events.completion import Outcome
from services.events.feedback import FeedbackSummary, Funnel

T = TypeVar("T")

AssistanceIssueEnum = strawberry.enum(
    AssistanceIssue, name="AssistanceIssue", description="What a participant needs help with."
)
AssistanceStatusEnum = strawberry.enum(
    AssistanceStatus,
    name="AssistanceStatus",
    description="OPEN until the crew acknowledges it, RESOLVED once handled.",
)
CompletionOutcomeEnum = strawberry.enum(
    Outcome,
    name="CompletionOutcome",
    description="COMPLETED (finished the event: earns points) or NO_SHOW (never came).",
)


@strawberry.type(description="A participant's feedback on an event.")
class EventFeedbackType:
    rating: int = strawberry.field(description="1-5 stars.")
    nps: int = strawberry.field(description="Would recommend, 0-10.")
    comment: str = strawberry.field(description="Free text (may be empty).")
    created_at: datetime = strawberry.field(description="When it was left.")

    @classmethod
    def from_model(cls, row: EventFeedback) -> EventFeedbackType:
        return cls(rating=row.rating, nps=row.nps, comment=row.comment, created_at=row.created_at)


@strawberry.type(description="Feedback aggregate of an event or a circle's events.")
class FeedbackSummaryType:
    count: int = strawberry.field(description="Feedback received.")
    average_rating: float | None = strawberry.field(description="Mean rating, null without any.")
    nps: float | None = strawberry.field(
        description="Net promoter score: % promoters (9-10) minus % detractors (0-6)."
    )
    promoters: int = strawberry.field(description="NPS 9-10.")
    passives: int = strawberry.field(description="NPS 7-8.")
    detractors: int = strawberry.field(description="NPS 0-6.")

    @classmethod
    def from_summary(cls, summary: FeedbackSummary) -> FeedbackSummaryType:
        return cls(**vars(summary))


@strawberry.type(description="How many got how far: signed up → confirmed → checked in → "
                 "completed → left feedback.")  # fmt: skip
class EventFunnelType:
    signed_up: int = strawberry.field(description="Registrations made (cancelled included).")
    confirmed: int = strawberry.field(description="Registrations that held a confirmed seat.")
    checked_in: int = strawberry.field(description="Checked in at the meeting point.")
    completed: int = strawberry.field(description="Completed the event.")
    feedback: int = strawberry.field(description="Left feedback.")

    @classmethod
    def from_funnel(cls, funnel: Funnel) -> EventFunnelType:
        return cls(**vars(funnel))


@strawberry.type(description="Feedback and funnel over every event of a circle.")
class CircleEventInsights:
    feedback_summary: FeedbackSummaryType = strawberry.field(description="Feedback aggregate.")
    funnel: EventFunnelType = strawberry.field(description="The funnel.")


@strawberry.type(
    name="AssistanceRequest",
    description="A participant's call for help during an event (visible to them and the crew).",
)
class AssistanceRequestNode(relay.Node):
    request_id: relay.NodeID[int]
    issue: AssistanceIssueEnum = strawberry.field(description="What is wrong.")  # type: ignore[valid-type]
    location: str = strawberry.field(description="Where, in words (never coordinates).")
    details: str = strawberry.field(description="More about it (may be empty).")
    status: AssistanceStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]
    created_at: datetime = strawberry.field(description="When help was requested.")
    acknowledged_at: datetime | None = strawberry.field(description="When the crew answered.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    resolution: str = strawberry.field(description="What was done (may be empty).")
    member_id: strawberry.Private[int]
    event_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: AssistanceRequest) -> AssistanceRequestNode:
        return cls(
            request_id=row.id, issue=row.issue, location=row.location, details=row.details,
            status=row.status, created_at=row.created_at, acknowledged_at=row.acknowledged_at,
            resolved_at=row.resolved_at, resolution=row.resolution, member_id=row.member_id,
            event_id=row.event_id,
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[AssistanceRequestNode | None]:
        """Visible to the member who asked and to the event's organizers and crew (their
        rights on every event asked about in two queries, ``StandingLoader``)."""
        viewer = await info.context.viewer()
        keys = node_keys(node_ids)
        if viewer is None:
            return [None] * len(keys)
        rows = {row.id: row for row in await AssistanceRequest.filter(id__in=keys)}
        found = [rows.get(key) for key in keys]
        standings = await viewer_standings(
            info, [row.event_id if row is not None else 0 for row in found]
        )
        return [
            cls.from_model(row)
            if row is not None and (row.member_id == viewer.id or allows(standing, crew=True))
            else None
            for row, standing in zip(found, standings, strict=True)
        ]

    @strawberry.field(description="Minutes from the call to the acknowledgement.")
    def minutes_to_acknowledge(self) -> float | None:
        if self.acknowledged_at is None:
            return None
        return round((self.acknowledged_at - self.created_at).total_seconds() / 60, 1)

    @strawberry.field(description="The member who asked.")
    async def member(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.member_id]))[0]


@strawberry.type(description="How fast the crew answered an event's calls (promise: 30 min).")
class AssistanceSummaryType:
    count: int = strawberry.field(description="Requests made.")
    open: int = strawberry.field(description="Requests nobody has acknowledged yet.")
    acknowledged: int = strawberry.field(description="Requests acknowledged (or resolved).")
    median_minutes_to_acknowledge: float | None = strawberry.field(
        description="Median minutes to the acknowledgement."
    )
    max_minutes_to_acknowledge: float | None = strawberry.field(
        description="Longest wait for an acknowledgement, in minutes."
    )
    within_promise_share: float | None = strawberry.field(
        description="Share (0-1) of all requests acknowledged within 30 minutes."
    )

    @classmethod
    def from_summary(cls, summary: AssistanceSummary) -> AssistanceSummaryType:
        return cls(**vars(summary))


@strawberry.type(description="One item of an inspection checklist.")
class ChecklistItemType:
    item: str = strawberry.field(description="What was checked, e.g. `brakes`.")
    passed: bool = strawberry.field(description="Whether it passed.")


@strawberry.type(
    name="Inspection",
    description="A pre-trip vehicle inspection recorded by a dealer (车辆检测).",
)
class InspectionNode(relay.Node):
    inspection_id: relay.NodeID[int]
    passed: bool = strawberry.field(description="Whether the vehicle passed.")
    checklist: list[ChecklistItemType] = strawberry.field(description="The items checked.")
    notes: str = strawberry.field(description="The inspector's notes.")
    inspected_on: date = strawberry.field(description="Day of the inspection.")
    dealer_code: str | None = strawberry.field(description="The dealer that inspected.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    vehicle_id: strawberry.Private[int]
    member_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: Inspection) -> InspectionNode:
        return cls(
            inspection_id=row.id, passed=row.passed,
            checklist=[ChecklistItemType(item=k, passed=v) for k, v in row.checklist.items()],
            notes=row.notes, inspected_on=row.inspected_on, dealer_code=row.dealer_code,
            created_at=row.created_at, vehicle_id=row.vehicle_id, member_id=row.member_id,
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[InspectionNode | None]:
        """Visible to the vehicle's owner and to dealer staff."""
        viewer = await info.context.viewer()
        keys = node_keys(node_ids)
        rows = {row.id: row for row in await Inspection.filter(id__in=keys)}
        staff = viewer is not None and {"dealer", "admin"} & set(viewer.roles)
        return [
            cls.from_model(row)
            if row is not None and viewer is not None and (row.member_id == viewer.id or staff)
            else None
            for row in (rows.get(key) for key in keys)
        ]

    @strawberry.field(description="The vehicle (visible when its owner's garage is).")
    async def vehicle(self, info: Info) -> VehicleNode | None:
        return (await VehicleNode.resolve_nodes(info=info, node_ids=[str(self.vehicle_id)]))[0]


async def organizer_only(info: Info, call: Callable[[Any], Awaitable[T]]) -> T | None:
    """``call(viewer)`` for organizers; None for anyone else (the service says who)."""
    viewer = await info.context.viewer()
    if viewer is None:
        return None
    try:
        return await call(viewer)
    except DomainError as error:
        if error.code in (ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND):
            return None
        raise
