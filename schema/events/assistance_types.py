"""Crew support during an event: a participant's call for help and how fast the crew
answered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from models.events import AssistanceRequest
from schema.core.context import Info
from schema.core.ids import key_of
from schema.events.enums import AssistanceIssueEnum, AssistanceStatusEnum
from schema.events.loaders import viewer_standings
from schema.members.types import MemberNode, member_nodes_by_id
from services.events.access import allows
from services.events.assistance import AssistanceSummary


@strawberry.type(
    name="AssistanceRequest",
    description="A participant's call for help during an event (visible to them and the crew).",
)
class AssistanceRequestNode(relay.Node):
    request_id: relay.NodeID[int]
    issue: AssistanceIssueEnum = strawberry.field(description="What is wrong.")
    location: str = strawberry.field(description="Where, in words (never coordinates).")
    details: str = strawberry.field(description="More about it (may be empty).")
    status: AssistanceStatusEnum = strawberry.field(description="Where it stands.")
    created_at: datetime = strawberry.field(description="When help was requested.")
    acknowledged_at: datetime | None = strawberry.field(description="When the crew answered.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    resolution: str = strawberry.field(description="What was done (may be empty).")
    member_id: strawberry.Private[int]
    event_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: AssistanceRequest) -> AssistanceRequestNode:
        return cls(
            request_id=row.id,
            issue=row.issue,
            location=row.location,
            details=row.details,
            status=row.status,
            created_at=row.created_at,
            acknowledged_at=row.acknowledged_at,
            resolved_at=row.resolved_at,
            resolution=row.resolution,
            member_id=row.member_id,
            event_id=row.event_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one form for relay's overloads
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[AssistanceRequestNode | None]:
        """Visible to the member who asked and to the event's organizers and crew (their
        rights on every event asked about in two queries, ``StandingLoader``)."""
        viewer = await info.context.viewer()
        keys = [
            key_of(relay.GlobalID("AssistanceRequest", node_id), "AssistanceRequest") or 0
            for node_id in node_ids
        ]
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
