"""Reports and the moderation queue: members report posts, comments or members of a circle,
moderators (or staff, across circles) hide, restore, ban or dismiss. Reporters and the author
are told the outcome."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.circles import (
    Comment,
    ContentStatus,
    MembershipRole,
    MembershipStatus,
    Post,
    Report,
    ReportAction,
    ReportStatus,
    ReportTarget,
)
from services import outbox
from services.circles.access import (
    MODERATING,
    acting_role,
    get_circle,
    is_staff,
    membership_of,
    outranks,
    require_moderator,
)
from services.circles.reports import NOTE_MAX, may_read, target_of
from services.circles.roles import ban
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, Forbidden, InvalidInput, NotFound
from services.members.validation import text
from services.notifications import notify, publish_notifications
from services.pagination import Page, PageArgs, keyset_page


async def _set_status(
    conn: BaseDBAsyncClient, model: type[Post] | type[Comment], row_id: int, hide: bool
) -> int:
    source, target = (
        (ContentStatus.VISIBLE, ContentStatus.HIDDEN)
        if hide
        else (ContentStatus.HIDDEN, ContentStatus.VISIBLE)
    )
    changes: dict[str, object] = {"status": target}
    if model is Post and hide:
        changes["pinned"] = False
    return await model.filter(id=row_id, status=source).using_db(conn).update(**changes)


async def _apply(conn: BaseDBAsyncClient, item: Report, action: ReportAction, actor: Actor) -> None:
    if action == ReportAction.DISMISS:
        return
    model = Post if item.target == ReportTarget.POST else Comment
    content_id = item.post_id or item.comment_id
    if action in (ReportAction.HIDE, ReportAction.RESTORE):
        if content_id is None:
            raise InvalidInput(field="action", message_key="report.action_target")
        await _set_status(conn, model, content_id, hide=action == ReportAction.HIDE)
        return
    circle = await get_circle(item.circle_id, using=conn)
    await _check_outranks(item.circle_id, actor, item.subject_id, conn)
    try:
        await ban(conn, circle=circle, member_id=item.subject_id)
    except DomainError as error:
        if error.code != ErrorCode.ALREADY_DONE:
            raise
    if content_id is not None:
        await _set_status(conn, model, content_id, hide=True)


async def _check_outranks(
    circle_id: int, actor: Actor, subject_id: int, conn: BaseDBAsyncClient
) -> None:
    if is_staff(actor):
        target = await membership_of(circle_id, subject_id, using=conn)
        if (
            target is not None
            and target.role == MembershipRole.OWNER
            and target.status == MembershipStatus.ACTIVE
        ):
            raise Forbidden(message_key="circle.outranked")
        return
    mine = await membership_of(circle_id, actor.id, using=conn)
    target = await membership_of(circle_id, subject_id, using=conn)
    if (
        mine is not None
        and target is not None
        and target.status == MembershipStatus.ACTIVE
        and not outranks(mine.role, target.role)
    ):
        raise Forbidden(message_key="circle.outranked")


async def resolve_report(
    *, actor: Actor, report_id: int, action: ReportAction, note: str | None = None
) -> Report:
    """A moderator of the report's circle (or staff) decides an OPEN report: HIDE or RESTORE
    the content, BAN its author (and hide the content), or DISMISS. Every open report on the
    same target is resolved with it, once whatever the concurrency, and the reporters and the
    author are notified. Raises FORBIDDEN, ALREADY_DONE (already resolved)."""
    action = ReportAction(action)
    item = await Report.filter(id=report_id).first()
    if item is None:
        raise NotFound(field="report_id")
    await require_moderator(item.circle_id, actor)
    clean_note = text(note, name="note", max_length=NOTE_MAX) or ""
    now = clock.now()
    rows = []
    async with in_transaction() as conn:
        claimed = (
            await Report.filter(id=report_id, status=ReportStatus.OPEN)
            .using_db(conn)
            .update(
                status=ReportStatus.RESOLVED,
                action=action,
                resolution_note=clean_note,
                resolved_by_id=actor.id,
                resolved_at=now,
            )
        )
        if not claimed:
            raise DomainError(ErrorCode.ALREADY_DONE, message_key="report.resolved")
        await _apply(conn, item, action, actor)
        siblings = (
            await Report.filter(
                target_key=item.target_key, circle_id=item.circle_id, status=ReportStatus.OPEN
            )
            .using_db(conn)
            .values_list("id", flat=True)
        )
        if siblings:
            await (
                Report.filter(id__in=list(siblings), status=ReportStatus.OPEN)
                .using_db(conn)
                .update(
                    status=ReportStatus.RESOLVED,
                    action=action,
                    resolution_note=clean_note,
                    resolved_by_id=actor.id,
                    resolved_at=now,
                )
            )
        resolved = await Report.filter(id__in=[report_id, *siblings]).using_db(conn)
        outcome = {
            "action": action.value,
            "target": item.target.value,
            "circleId": item.circle_id,
            "postId": item.post_id,
            "commentId": item.comment_id,
        }
        for done in resolved:
            rows.append(
                await notify(
                    done.reporter_id,
                    "MODERATION_OUTCOME",
                    {**outcome, "reportId": done.id, "role": "REPORTER"},
                    dedupe_key=f"moderation-outcome:{done.id}",
                    using=conn,
                )
            )
        if action != ReportAction.DISMISS:
            rows.append(
                await notify(
                    item.subject_id,
                    "MODERATION_OUTCOME",
                    {**outcome, "reportId": item.id, "role": "AUTHOR", "note": clean_note},
                    dedupe_key=f"moderation-outcome:{item.id}:author",
                    using=conn,
                )
            )
        await outbox.record(
            "circle.moderated",
            {**outcome, "subject_id": item.subject_id, "moderator_id": actor.id},
            using=conn,
        )
    await publish_notifications(rows)
    result = await Report.get(id=report_id)
    return result


async def moderate_content(
    *, actor: Actor, action: ReportAction, target: ReportTarget, target_id: int
) -> Post | Comment:
    """A moderator hides or restores a post or comment directly (HIDE or RESTORE only). The
    author is notified. Raises NOT_FOUND for a member (only content is hidden), ALREADY_DONE
    when it already is in that state."""
    if ReportTarget(target) == ReportTarget.MEMBER:
        raise NotFound(field="target_id")
    action = ReportAction(action)
    if action not in (ReportAction.HIDE, ReportAction.RESTORE):
        raise InvalidInput(field="action", message_key="report.action_target")
    found = await target_of(target=target, target_id=target_id, circle_id=None, hidden=True)
    if await acting_role(found.circle_id, actor) not in MODERATING:
        # someone who could not even see it gets the answer of a missing one
        if not await may_read(actor, found.circle_id):
            raise NotFound(field="target_id")
        await target_of(target=target, target_id=target_id, circle_id=None)
        raise Forbidden(message_key="circle.moderators_only")
    model: type[Post] | type[Comment] = Post if found.kind == ReportTarget.POST else Comment
    outcome = {
        "action": action.value,
        "target": found.kind.value,
        "circleId": found.circle_id,
        "postId": found.post_id,
        "commentId": found.comment_id,
        "role": "AUTHOR",
    }
    async with in_transaction() as conn:
        if not await _set_status(conn, model, found.id, hide=action == ReportAction.HIDE):
            raise DomainError(ErrorCode.ALREADY_DONE)
        row = await notify(found.subject_id, "MODERATION_OUTCOME", outcome, using=conn)
    await publish_notifications([row])
    return await model.get(id=found.id)


async def moderation_queue(
    *, actor: Actor, circle_id: int | None, status: ReportStatus, args: PageArgs
) -> Page[Report]:
    """Reports of one circle for its moderators, or of every circle for staff, newest first."""
    if circle_id is None:
        if not is_staff(actor):
            raise Forbidden(message_key="staff.only")
        query = Report.filter(status=status)
    else:
        await get_circle(circle_id)
        await require_moderator(circle_id, actor)
        query = Report.filter(circle_id=circle_id, status=status)
    return await keyset_page(query, order=["-id"], args=args)
