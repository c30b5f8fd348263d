"""Filing reports: a member reports a post, a comment or a member of a circle, once per
target."""

from __future__ import annotations

from models.circles import Comment, ContentStatus, Post, Report, ReportReason, ReportTarget
from services.circles.access import Actor, membership_of
from services.circles.sql import insert_ignore
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.members.validation import text

NOTE_MAX = 500


async def target_of(
    *, post_id: int | None, comment_id: int | None, member_id: int | None, circle_id: int | None
) -> tuple[ReportTarget, int, int, int, int | None, int | None]:
    """(kind, target id, circle id, subject member id, post id, comment id)."""
    given = [value is not None for value in (post_id, comment_id, member_id)]
    if sum(given) != 1:
        raise InvalidInput(field=["input", "targetId"], message_key="report.one_target")
    if post_id is not None:
        post = await Post.filter(id=post_id).exclude(status=ContentStatus.DELETED).first()
        if post is None:
            raise NotFound(field=["input", "targetId"])
        return ReportTarget.POST, post.id, post.circle_id, post.author_id, post.id, None
    if comment_id is not None:
        row = (
            await Comment.filter(id=comment_id)
            .exclude(status=ContentStatus.DELETED)
            .values("id", "author_id", "post_id", "post__circle_id")
        )
        if not row:
            raise NotFound(field=["input", "targetId"])
        c = row[0]
        return ReportTarget.COMMENT, c["id"], c["post__circle_id"], c["author_id"], None, c["id"]
    if circle_id is None:
        raise InvalidInput(field=["input", "circleId"], message_key="report.circle_required")
    assert member_id is not None
    if await membership_of(circle_id, member_id) is None:
        raise NotFound(field=["input", "targetId"])
    return ReportTarget.MEMBER, member_id, circle_id, member_id, None, None


async def report(
    *,
    actor: Actor,
    reason: ReportReason,
    note: str | None = None,
    post_id: int | None = None,
    comment_id: int | None = None,
    member_id: int | None = None,
    circle_id: int | None = None,
) -> Report:
    """File a report on exactly one target (a member needs ``circle_id``, the circle whose
    moderators should look). One report per reporter and target: ALREADY_DONE on a second."""
    kind, target_id, target_circle, subject, post, comment = await target_of(
        post_id=post_id, comment_id=comment_id, member_id=member_id, circle_id=circle_id
    )
    if subject == actor.member.id:
        raise InvalidInput(field=["input", "targetId"], message_key="report.self")
    row = await insert_ignore(
        Report._meta.db,
        Report,
        ("reporter_id", "target_key"),
        circle_id=target_circle,
        target=kind,
        target_key=f"{kind.value}:{target_id}",
        post_id=post,
        comment_id=comment,
        subject_id=subject,
        reporter_id=actor.member.id,
        reason=ReportReason(reason),
        note=text(note, name="note", max_length=NOTE_MAX) or "",
    )
    if row is None:
        raise DomainError(ErrorCode.ALREADY_DONE, message_key="report.exists")
    return row
