"""Filing reports: a member reports a post, a comment or a member of a circle, once per
target."""

from __future__ import annotations

from dataclasses import dataclass

from models.circles import (
    Circle,
    Comment,
    ContentStatus,
    MembershipStatus,
    Post,
    Report,
    ReportReason,
    ReportTarget,
)
from services.circles.access import can_read, is_staff, membership_of
from services.circles.sql import insert_ignore
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.members.validation import text

NOTE_MAX = 500


@dataclass(frozen=True)
class Target:
    """What a report (or a moderator) points at: the circle it belongs to and whose it is."""

    kind: ReportTarget
    id: int
    circle_id: int
    subject_id: int

    @property
    def post_id(self) -> int | None:
        return self.id if self.kind == ReportTarget.POST else None

    @property
    def comment_id(self) -> int | None:
        return self.id if self.kind == ReportTarget.COMMENT else None


async def target_of(
    *,
    target: ReportTarget,
    target_id: int,
    circle_id: int | None,
    actor: Actor | None = None,
    hidden: bool = False,
) -> Target:
    """The post, comment or member (of ``circle_id``) ``target_id`` names; NOT_FOUND when it
    does not exist, was deleted or hidden, or, given ``actor``, when the actor may not see it:
    a post or comment of an INVITE circle the actor is not in, a member who is not an ACTIVE
    member of a circle the actor may read. The answer is the same in every case, so it tells
    nothing about what the actor cannot see. With ``hidden`` (moderators restoring content)
    hidden posts and comments are found too."""
    target = ReportTarget(target)
    shown = [ContentStatus.VISIBLE, ContentStatus.HIDDEN] if hidden else [ContentStatus.VISIBLE]
    if target == ReportTarget.POST:
        post = await Post.filter(id=target_id, status__in=shown).first()
        if post is None:
            raise NotFound(field="target_id")
        found = Target(target, post.id, post.circle_id, post.author_id)
    elif target == ReportTarget.COMMENT:
        row = await Comment.filter(id=target_id, status__in=shown, post__status__in=shown).values(
            "id", "author_id", "post__circle_id"
        )
        if not row:
            raise NotFound(field="target_id")
        found = Target(target, row[0]["id"], row[0]["post__circle_id"], row[0]["author_id"])
    else:
        if circle_id is None:
            raise InvalidInput(field="circle_id", message_key="report.circle_required")
        membership = await membership_of(circle_id, target_id)
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise NotFound(field="target_id")
        found = Target(target, target_id, circle_id, target_id)
    if actor is not None and not await may_read(actor, found.circle_id):
        raise NotFound(field="target_id")
    return found


async def may_read(actor: Actor, circle_id: int) -> bool:
    """Whether the actor may read the circle's content (staff read every circle)."""
    if is_staff(actor):
        return True
    circle = await Circle.filter(id=circle_id).first()
    return circle is not None and await can_read(circle, actor.id)


async def report(
    *,
    actor: Actor,
    target: ReportTarget,
    target_id: int,
    reason: ReportReason,
    note: str | None = None,
    circle_id: int | None = None,
) -> Report:
    """File a report on a post, a comment or a member (a member needs ``circle_id``, the
    circle whose moderators should look). One report per reporter and target: ALREADY_DONE on
    a second. Anything the actor cannot see is NOT_FOUND, like a missing target."""
    found = await target_of(target=target, target_id=target_id, circle_id=circle_id, actor=actor)
    if found.subject_id == actor.id:
        raise InvalidInput(field="target_id", message_key="report.self")
    row = await insert_ignore(
        Report._meta.db,
        Report,
        ("reporter_id", "target_key"),
        circle_id=found.circle_id,
        target=found.kind,
        target_key=f"{found.kind.value}:{found.id}",
        post_id=found.post_id,
        comment_id=found.comment_id,
        subject_id=found.subject_id,
        reporter_id=actor.id,
        reason=ReportReason(reason),
        note=text(note, name="note", max_length=NOTE_MAX) or "",
    )
    if row is None:
        raise DomainError(ErrorCode.ALREADY_DONE, message_key="report.exists")
    return row
