"""Reports, their resolution and direct hiding or restoring of content."""

from __future__ import annotations

import strawberry
from strawberry import relay

from models.circles import Comment
from schema.circles.enums import ReportActionEnum, ReportReasonEnum
from schema.circles.mutations.payloads import ModerateContentPayload, ReportPayload, failed
from schema.circles.post_types import CommentNode, PostNode
from schema.circles.report_types import ReportNode
from schema.core.context import Info
from schema.members.inputs import decode_id, decode_optional_id
from services.circles import moderation, reports
from services.errors import DomainError, NotFound


@strawberry.input(description="A report of a post, a comment or a member of a circle.")
class ReportContentInput:
    target_id: relay.GlobalID = strawberry.field(description="A Post, Comment or Member.")
    circle_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The circle, required when reporting a member."
    )
    reason: ReportReasonEnum = strawberry.field(description="Why.")
    note: str | None = strawberry.field(default=None, description="Up to 500 characters.")


@strawberry.input(description="A moderator's decision on a report.")
class ResolveReportInput:
    report_id: relay.GlobalID = strawberry.field(description="The report.")
    action: ReportActionEnum = strawberry.field(description="HIDE, RESTORE, BAN or DISMISS.")
    note: str | None = strawberry.field(default=None, description="Shown to the author.")


@strawberry.input(description="Hide or restore a post or comment (moderators).")
class ModerateContentInput:
    target_id: relay.GlobalID = strawberry.field(description="A Post or Comment.")
    action: ReportActionEnum = strawberry.field(description="HIDE or RESTORE.")


def _targets(target: relay.GlobalID) -> dict[str, int | None]:
    kinds = {"Post": "post_id", "Comment": "comment_id", "Member": "member_id"}
    if target.type_name not in kinds or not target.node_id.isdigit():
        raise NotFound(field=["input", "targetId"])
    return {kinds[target.type_name]: int(target.node_id)}


@strawberry.type
class ModerationMutations:
    @strawberry.mutation(description="Report a post, comment or member to the moderators.")
    async def report_content(self, info: Info, input: ReportContentInput) -> ReportPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await reports.report(
                actor=viewer,
                reason=input.reason,
                note=input.note,
                circle_id=decode_optional_id(input.circle_id, "Circle", "circleId"),
                **_targets(input.target_id),
            )
        except DomainError as error:
            return ReportPayload(errors=failed(error, info))
        return ReportPayload(report=ReportNode.from_model(row))

    @strawberry.mutation(description="Resolve a report (the circle's moderators or staff).")
    async def resolve_report(self, info: Info, input: ResolveReportInput) -> ReportPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await moderation.resolve_report(
                actor=viewer,
                report_id=decode_id(input.report_id, "Report", "reportId"),
                action=input.action,
                note=input.note,
            )
        except DomainError as error:
            return ReportPayload(errors=failed(error, info))
        return ReportPayload(report=ReportNode.from_model(row))

    @strawberry.mutation(description="Hide or restore a post or comment (moderators).")
    async def moderate_content(
        self, info: Info, input: ModerateContentInput
    ) -> ModerateContentPayload:
        viewer = await info.context.require_viewer()
        try:
            targets = _targets(input.target_id)
            if "member_id" in targets:
                raise NotFound(field=["input", "targetId"])
            row = await moderation.moderate_content(actor=viewer, action=input.action, **targets)
        except DomainError as error:
            return ModerateContentPayload(errors=failed(error, info))
        if isinstance(row, Comment):
            return ModerateContentPayload(comment=CommentNode.from_model(row))
        return ModerateContentPayload(post=PostNode.from_model(row))
