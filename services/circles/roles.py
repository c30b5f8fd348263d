"""Roles inside a circle: ownership transfer, moderators, bans.

A ban moves an ACTIVE membership out of the count in the same conditional UPDATE that bans it,
like every other membership change (see ``membership``).
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.circles import Circle, Membership, MembershipRole, MembershipStatus
from services.circles.access import (
    get_circle,
    membership_of,
    outranks,
    require_moderator,
    require_owner,
)
from services.circles.sql import insert_ignore, move
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, Forbidden, InvalidInput

_S = MembershipStatus


async def transfer_ownership(*, actor: Actor, circle_id: int, member_id: int) -> Membership:
    """Hand the circle to ``member_id``, another ACTIVE member. The old owner stays as a
    moderator. Raises FORBIDDEN for anyone but the owner (or staff), NOT_MEMBER when the new
    owner is not an ACTIVE member."""
    await get_circle(circle_id)
    await require_owner(circle_id, actor)
    async with in_transaction() as conn:
        # demote first: at most one OWNER row exists at any moment
        await (
            Membership.filter(
                circle_id=circle_id, role=MembershipRole.OWNER, member_id__not=member_id
            )
            .using_db(conn)
            .update(role=MembershipRole.MODERATOR)
        )
        promoted = (
            await Membership.filter(circle_id=circle_id, member_id=member_id, status=_S.ACTIVE)
            .using_db(conn)
            .update(role=MembershipRole.OWNER)
        )
        if not promoted:
            raise DomainError(ErrorCode.NOT_MEMBER, field="member_id")
        membership = await membership_of(circle_id, member_id, using=conn)
    assert membership is not None
    return membership


async def set_member_role(
    *, actor: Actor, circle_id: int, member_id: int, role: MembershipRole
) -> Membership:
    """The owner makes an ACTIVE member a moderator or back a plain member."""
    role = MembershipRole(role)
    if role == MembershipRole.OWNER:
        raise InvalidInput(field="role", message_key="circle.use_transfer")
    await get_circle(circle_id)
    await require_owner(circle_id, actor)
    changed = await Membership.filter(
        circle_id=circle_id,
        member_id=member_id,
        status=_S.ACTIVE,
        role__in=[MembershipRole.MEMBER, MembershipRole.MODERATOR],
    ).update(role=role)
    if not changed:
        raise DomainError(ErrorCode.NOT_MEMBER, field="member_id")
    membership = await membership_of(circle_id, member_id)
    assert membership is not None
    return membership


async def ban(conn: BaseDBAsyncClient, *, circle: Circle, member_id: int) -> None:
    """Ban ``member_id`` (inside the caller's transaction), uncounting an ACTIVE membership.
    Owners cannot be banned."""
    now = clock.now()
    was_active = (
        await Membership.filter(
            circle_id=circle.id,
            member_id=member_id,
            status=_S.ACTIVE,
            role__in=[MembershipRole.MEMBER, MembershipRole.MODERATOR],
        )
        .using_db(conn)
        .update(status=_S.BANNED, role=MembershipRole.MEMBER, updated_at=now)
    )
    if was_active:
        await move(conn, Circle, circle.id, member_count=-1)
        return
    inactive = (_S.PENDING, _S.LEFT, _S.REJECTED)
    changed = (
        await Membership.filter(circle_id=circle.id, member_id=member_id, status__in=inactive)
        .using_db(conn)
        .update(status=_S.BANNED, role=MembershipRole.MEMBER, updated_at=now)
    )
    if changed:
        return
    inserted = await insert_ignore(
        conn,
        Membership,
        ("circle_id", "member_id"),
        circle_id=circle.id,
        member_id=member_id,
        status=_S.BANNED,
        role=MembershipRole.MEMBER,
    )
    if inserted is None:
        current = await membership_of(circle.id, member_id, using=conn)
        if current is not None and current.role == MembershipRole.OWNER:
            raise Forbidden(message_key="circle.owner_not_banned")
        raise DomainError(ErrorCode.ALREADY_DONE)


async def ban_member(*, actor: Actor, circle_id: int, member_id: int) -> Membership:
    """A moderator bans a member (moderators only by the owner, the owner never). The member
    can neither rejoin nor post until unbanned."""
    circle = await get_circle(circle_id)
    role = await require_moderator(circle_id, actor)
    target = await membership_of(circle_id, member_id)
    if member_id == actor.id or (
        target is not None and target.status == _S.ACTIVE and not outranks(role, target.role)
    ):
        raise Forbidden(message_key="circle.outranked")
    async with in_transaction() as conn:
        await ban(conn, circle=circle, member_id=member_id)
        membership = await membership_of(circle_id, member_id, using=conn)
    assert membership is not None
    return membership


async def unban_member(*, actor: Actor, circle_id: int, member_id: int) -> Membership:
    """Lift a ban: the member may join again (they are not re-added)."""
    await get_circle(circle_id)
    await require_moderator(circle_id, actor)
    changed = await Membership.filter(
        circle_id=circle_id, member_id=member_id, status=_S.BANNED
    ).update(status=_S.LEFT, updated_at=clock.now())
    if not changed:
        raise DomainError(ErrorCode.ALREADY_DONE)
    membership = await membership_of(circle_id, member_id)
    assert membership is not None
    return membership
