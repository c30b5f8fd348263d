"""Joining and leaving circles, approvals, roles, ownership and bans.

``member_count`` moves only in the transaction that moves a membership into or out of ACTIVE,
and each such move is a conditional UPDATE (or an insert guarded by the unique pair), so two
racing requests can never both count the same change.
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.circles import Circle, JoinPolicy, Membership, MembershipRole, MembershipStatus
from services import outbox
from services.circles.access import get_circle, membership_of, require_moderator
from services.circles.sql import insert_ignore, move
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, Forbidden, NotFound
from services.notifications import notify, publish_notifications

#: Statuses from which a member may (re)join.
REJOINABLE = (MembershipStatus.LEFT, MembershipStatus.REJECTED)
_S = MembershipStatus


async def enter(
    conn: BaseDBAsyncClient,
    *,
    circle: Circle,
    member_id: int,
    status: MembershipStatus,
    from_statuses: Sequence[MembershipStatus],
) -> Membership:
    """Put ``member_id`` into ``status`` (ACTIVE or PENDING) from one of ``from_statuses`` or
    from nothing, counting a new ACTIVE membership. Raises ALREADY_MEMBER, BANNED, or
    ALREADY_DONE for a pending request."""
    now = clock.now()
    joined_at = now if status == _S.ACTIVE else None
    row = await insert_ignore(
        conn,
        Membership,
        ("circle_id", "member_id"),
        circle_id=circle.id,
        member_id=member_id,
        status=status,
        role=MembershipRole.MEMBER,
        joined_at=joined_at,
    )
    if row is None:
        changed = (
            await Membership.filter(
                circle_id=circle.id, member_id=member_id, status__in=from_statuses
            )
            .using_db(conn)
            .update(status=status, role=MembershipRole.MEMBER, joined_at=joined_at, updated_at=now)
        )
        if not changed:
            current = await membership_of(circle.id, member_id, using=conn)
            state = current.status if current else None
            if state == _S.ACTIVE:
                raise DomainError(ErrorCode.ALREADY_MEMBER)
            if state == _S.BANNED:
                raise DomainError(ErrorCode.BANNED)
            raise DomainError(ErrorCode.ALREADY_DONE, message_key="circle.pending")
    if status == _S.ACTIVE:
        await move(conn, Circle, circle.id, member_count=1)
        await outbox.record(
            "circle.member_joined",
            {"circle_id": circle.id, "member_id": member_id, "city": circle.city},
            using=conn,
        )
    membership = await membership_of(circle.id, member_id, using=conn)
    assert membership is not None
    return membership


async def join_circle(*, actor: Actor, circle_id: int) -> Membership:
    """Join an OPEN circle (ACTIVE at once) or ask to join an APPROVAL circle (PENDING).
    INVITE circles need a code (``invites.join_with_invite``). Raises ALREADY_MEMBER, BANNED,
    ALREADY_DONE (request pending), FORBIDDEN (invite only)."""
    circle = await get_circle(circle_id)
    if circle.join_policy == JoinPolicy.INVITE:
        raise Forbidden(message_key="circle.invite_only")
    sources: tuple[MembershipStatus, ...]
    if circle.join_policy == JoinPolicy.OPEN:
        target, sources = _S.ACTIVE, (*REJOINABLE, _S.PENDING)
    else:
        target, sources = _S.PENDING, REJOINABLE
    async with in_transaction() as conn:
        return await enter(
            conn, circle=circle, member_id=actor.id, status=target, from_statuses=sources
        )


async def _pending(membership_id: int) -> Membership:
    membership = await Membership.filter(id=membership_id).first()
    if membership is None:
        raise NotFound(field="membership_id")
    return membership


async def approve_membership(*, actor: Actor, membership_id: int) -> Membership:
    """A moderator admits a PENDING request (counted, the member is notified). Raises
    FORBIDDEN without rights, ALREADY_DONE when the request is no longer pending."""
    membership = await _pending(membership_id)
    await require_moderator(membership.circle_id, actor)
    circle = await get_circle(membership.circle_id)
    async with in_transaction() as conn:
        now = clock.now()
        changed = (
            await Membership.filter(id=membership_id, status=_S.PENDING)
            .using_db(conn)
            .update(status=_S.ACTIVE, joined_at=now, updated_at=now)
        )
        if not changed:
            raise DomainError(ErrorCode.ALREADY_DONE)
        await move(conn, Circle, circle.id, member_count=1)
        await outbox.record(
            "circle.member_joined",
            {"circle_id": circle.id, "member_id": membership.member_id, "city": circle.city},
            using=conn,
        )
        row = await notify(
            membership.member_id,
            "CIRCLE_JOIN_APPROVED",
            {"circleId": circle.id, "circleName": circle.name},
            using=conn,
        )
    await publish_notifications([row])
    return await _pending(membership_id)


async def reject_membership(*, actor: Actor, membership_id: int) -> Membership:
    """A moderator turns down a PENDING request (the member is notified)."""
    membership = await _pending(membership_id)
    await require_moderator(membership.circle_id, actor)
    circle = await get_circle(membership.circle_id)
    async with in_transaction() as conn:
        changed = (
            await Membership.filter(id=membership_id, status=_S.PENDING)
            .using_db(conn)
            .update(status=_S.REJECTED, updated_at=clock.now())
        )
        if not changed:
            raise DomainError(ErrorCode.ALREADY_DONE)
        row = await notify(
            membership.member_id,
            "CIRCLE_JOIN_REJECTED",
            {"circleId": circle.id, "circleName": circle.name},
            using=conn,
        )
    await publish_notifications([row])
    return await _pending(membership_id)


async def leave_circle(*, actor: Actor, circle_id: int) -> Membership:
    """Leave a circle (counted once whatever the concurrency). The owner must transfer
    ownership first. Raises NOT_MEMBER when not an ACTIVE member."""
    await get_circle(circle_id)
    async with in_transaction() as conn:
        changed = (
            await Membership.filter(
                circle_id=circle_id,
                member_id=actor.id,
                status=_S.ACTIVE,
                role__in=[MembershipRole.MEMBER, MembershipRole.MODERATOR],
            )
            .using_db(conn)
            .update(status=_S.LEFT, role=MembershipRole.MEMBER, updated_at=clock.now())
        )
        if not changed:
            current = await membership_of(circle_id, actor.id, using=conn)
            if current is not None and current.role == MembershipRole.OWNER:
                raise Forbidden(message_key="circle.owner_must_transfer")
            raise DomainError(ErrorCode.NOT_MEMBER)
        await move(conn, Circle, circle_id, member_count=-1)
        membership = await membership_of(circle_id, actor.id, using=conn)
    assert membership is not None
    return membership
