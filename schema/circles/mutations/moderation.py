"""Reports, their resolution and direct hiding or restoring of content."""

from __future__ import annotations

import strawberry
from strawberry import relay

from models.circles import Comment, Post, Report
from schema.circles.enums import ReportAction, ReportReason, ReportTarget
from schema.circles.mutations.payloads import ModerateContentPayload, ReportPayload
from schema.circles.report_types import ReportNode
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import Id, decode_id
from schema.core.runner import run
from services.circles import moderation, reports
from services.core.actors import Actor
from services.errors import NotFound


@strawberry.input(description="A report of a post, a comment or a member of a circle.")
class ReportContentInput:
    target_id: relay.GlobalID = strawberry.field(description="A Post, Comment or Member.")
    circle_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The circle, required when reporting a member."
    )
    reason: ReportReason = strawberry.field(description="Why.")
    note: str | None = strawberry.field(default=None, description="Up to 500 characters.")


@strawberry.input(description="A moderator's decision on a report.")
class ResolveReportInput:
    report_id: relay.GlobalID = strawberry.field(description="The report.")
    action: ReportAction = strawberry.field(description="HIDE, RESTORE, BAN or DISMISS.")
    note: str | None = strawberry.field(default=None, description="Shown to the author.")


@strawberry.input(description="Hide or restore a post or comment (moderators).")
class ModerateContentInput:
    target_id: relay.GlobalID = strawberry.field(description="A Post or Comment.")
    action: ReportAction = strawberry.field(description="HIDE or RESTORE.")


#: The node types a report or a moderator may point at.
_TARGETS = {
    "Post": ReportTarget.POST,
    "Comment": ReportTarget.COMMENT,
    "Member": ReportTarget.MEMBER,
}


def _target(target_id: relay.GlobalID) -> tuple[ReportTarget, int]:
    """What a Post, Comment or Member global ID points at (NOT_FOUND at ``target_id`` for an
    ID of any other type)."""
    kind = _TARGETS.get(target_id.type_name)
    if kind is None:
        raise NotFound(field="target_id")
    return kind, decode_id(target_id, target_id.type_name, field="target_id")


async def _report(
    *,
    actor: Actor,
    target_id: relay.GlobalID,
    circle_id: int | None,
    reason: ReportReason,
    note: str | None,
) -> Report:
    target, key = _target(target_id)
    return await reports.report(
        actor=actor, target=target, target_id=key, circle_id=circle_id, reason=reason, note=note
    )


async def _moderate(
    *, actor: Actor, target_id: relay.GlobalID, action: ReportAction
) -> Post | Comment:
    target, key = _target(target_id)
    return await moderation.moderate_content(
        actor=actor, target=target, target_id=key, action=action
    )


@strawberry.type
class ModerationMutations:
    @strawberry.mutation(description="Report a post, comment or member to the moderators.")
    async def report_content(self, info: Info, input: ReportContentInput) -> ReportPayload:
        return await run(
            info,
            ReportPayload,
            _report,
            circle_id=Id(input.circle_id, CircleNode, optional=True),
            target_id=input.target_id,
            reason=input.reason,
            note=input.note,
        )

    @strawberry.mutation(description="Resolve a report (the circle's moderators or staff).")
    async def resolve_report(self, info: Info, input: ResolveReportInput) -> ReportPayload:
        return await run(
            info,
            ReportPayload,
            moderation.resolve_report,
            report_id=Id(input.report_id, ReportNode),
            action=input.action,
            note=input.note,
        )

    @strawberry.mutation(description="Hide or restore a post or comment (moderators).")
    async def moderate_content(
        self, info: Info, input: ModerateContentInput
    ) -> ModerateContentPayload:
        return await run(
            info, ModerateContentPayload, _moderate, target_id=input.target_id, action=input.action
        )
