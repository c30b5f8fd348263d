"""Lists of memberships: a circle's members (and, for its moderators, its pending requests and
bans) and a member's own circles, as keyset pages."""

from __future__ import annotations

from models.circles import Membership, MembershipStatus, ProposalStatus, RouteProposal
from services.circles.access import get_circle, require_moderator
from services.core.actors import Actor
from services.errors import Forbidden
from services.pagination import Page, PageArgs, keyset_page


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


async def circle_proposals(
    *, circle_id: int, status: ProposalStatus | None, args: PageArgs
) -> Page[RouteProposal]:
    """Route proposals of a circle, newest first."""
    query = RouteProposal.filter(circle_id=circle_id)
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, order=["-id"], args=args)
