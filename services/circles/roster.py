"""Lists of memberships: a circle's members (and, for its moderators, its pending requests and
bans) and a member's own circles, as keyset pages."""

from __future__ import annotations

from typing import Any

from models.circles import Circle, Membership, MembershipStatus, ProposalStatus, RouteProposal
from services.circles.access import get_circle, require_moderator
from services.core.actors import Actor
from services.core.rows import columns
from services.core.sql import Sql
from services.errors import Forbidden
from services.pagination import Page, PageArgs, keyset_page, keyset_rows


async def circle_members(
    *, circle_id: int, actor: Actor | None, status: MembershipStatus, args: PageArgs
) -> Page[Membership]:
    """Memberships of a circle with ``status``, oldest first. ACTIVE lists are public, other
    statuses are for the circle's moderators (FORBIDDEN otherwise)."""
    await get_circle(circle_id)
    if status != MembershipStatus.ACTIVE:
        if actor is None:
            raise Forbidden(message_key="circle.moderators_only")
        await require_moderator(circle_id, actor)
    query = Membership.filter(circle_id=circle_id, status=status)
    return await keyset_page(query, order=["id"], args=args)


async def member_circles(*, member_id: int, args: PageArgs) -> Page[Membership]:
    """The member's ACTIVE and PENDING memberships, most recent first."""
    query = Membership.filter(
        member_id=member_id, status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING]
    )
    return await keyset_page(query, order=["-id"], args=args)


async def member_circle_rows(*, member_id: int, args: PageArgs) -> Page[dict[str, Any]]:
    """``member_circles`` as plain rows (one statement): each membership's columns, its
    circle's prefixed ``circle__``; the same pages and cursors."""
    return await keyset_rows(
        Sql(),
        f"SELECT {columns(Membership, 'ms')}, {columns(Circle, 'c', 'circle__')} "
        "FROM circle_memberships ms JOIN circles c ON c.id = ms.circle_id "
        "WHERE ms.member_id = ? AND ms.status IN (?, ?)",
        [member_id, MembershipStatus.ACTIVE.value, MembershipStatus.PENDING.value],
        order=[("-id", "ms.id")],
        args=args,
    )


async def circle_proposals(
    *, circle_id: int, status: ProposalStatus | None, args: PageArgs
) -> Page[RouteProposal]:
    """Route proposals of a circle, newest first."""
    query = RouteProposal.filter(circle_id=circle_id)
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, order=["-id"], args=args)
