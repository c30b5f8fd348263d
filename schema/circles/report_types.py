"""The ``Report`` node of the moderation queues (seen by the circle's moderators and staff)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from models.circles import Membership, MembershipStatus, Report
from schema.circles.comment_types import CommentNode
from schema.circles.enums import ReportAction, ReportReason, ReportStatus, ReportTarget
from schema.circles.loaders import (
    CircleByIdLoader,
    CommentByIdLoader,
    PostByIdLoader,
    ReportByIdLoader,
    ViewerMembershipLoader,
)
from schema.circles.post_types import PostNode
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import key_of
from schema.members.types import MemberNode, member_nodes_by_id
from services.circles.access import MODERATING, is_staff


@strawberry.type(name="Report", description="A member's report of a post, comment or member.")
class ReportNode(relay.Node):
    report_id: relay.NodeID[int]
    target: ReportTarget = strawberry.field(description="What was reported.")
    reason: ReportReason = strawberry.field(description="Why.")
    note: str = strawberry.field(description="The reporter's words.")
    status: ReportStatus = strawberry.field(description="OPEN or RESOLVED.")
    action: ReportAction | None = strawberry.field(description="What the moderator did.")
    resolution_note: str = strawberry.field(description="The moderator's note.")
    created_at: datetime = strawberry.field(description="When it was filed.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    model: strawberry.Private[Report]

    @classmethod
    def from_model(cls, row: Report) -> ReportNode:
        return cls(
            report_id=row.id,
            target=row.target,
            reason=row.reason,
            note=row.note,
            status=row.status,
            action=row.action,
            resolution_note=row.resolution_note,
            created_at=row.created_at,
            resolved_at=row.resolved_at,
            model=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one signature for strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ReportNode | None]:
        """Reports resolve for their reporter, the circle's moderators and staff."""
        keys = [key_of(relay.GlobalID("Report", raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(ReportByIdLoader).load_many(keys)
        viewer = await info.context.viewer()
        if viewer is None:
            return [None for _ in rows]
        memberships = await info.context.loaders.get(ViewerMembershipLoader).load_many(
            [(viewer.id, row.circle_id if row else 0) for row in rows]
        )

        def allowed(row: Report, membership: Membership | None) -> bool:
            moderates = (
                membership is not None
                and membership.status == MembershipStatus.ACTIVE
                and membership.role in MODERATING
            )
            return is_staff(viewer) or moderates or row.reporter_id == viewer.id

        return [
            cls.from_model(row) if row is not None and allowed(row, membership) else None
            for row, membership in zip(rows, memberships, strict=True)
        ]

    @strawberry.field(description="The circle whose moderators handle it.")
    async def circle(self, info: Info) -> CircleNode:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.model.circle_id)
        assert row is not None
        return CircleNode.from_model(row)

    @strawberry.field(description="The reported post, when a post was reported.")
    async def post(self, info: Info) -> PostNode | None:
        if self.model.post_id is None:
            return None
        row = await info.context.loaders.get(PostByIdLoader).load(self.model.post_id)
        return PostNode.from_model(row) if row else None

    @strawberry.field(description="The reported comment, when a comment was reported.")
    async def comment(self, info: Info) -> CommentNode | None:
        if self.model.comment_id is None:
            return None
        row = await info.context.loaders.get(CommentByIdLoader).load(self.model.comment_id)
        return CommentNode.from_model(row) if row else None

    @strawberry.field(description="The member reported, or the author of the content.")
    async def subject(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.model.subject_id]))[0]

    @strawberry.field(description="Who filed the report.")
    async def reporter(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.model.reporter_id]))[0]
