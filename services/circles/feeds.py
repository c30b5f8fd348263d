"""Reading posts: a circle's feed and a member's home feed across their circles, newest first
with keyset cursors (one query per page)."""

from __future__ import annotations

from tortoise.expressions import Subquery

from models.circles import ContentStatus, Membership, MembershipStatus, Post
from services.circles.access import can_read, get_circle
from services.errors import DomainError, ErrorCode
from services.pagination import Page, PageArgs, keyset_page


async def circle_feed(*, circle_id: int, viewer_id: int | None, args: PageArgs) -> Page[Post]:
    """Visible posts of a circle. Raises NOT_MEMBER for an INVITE circle the viewer is not
    in."""
    circle = await get_circle(circle_id)
    if not await can_read(circle, viewer_id):
        raise DomainError(ErrorCode.NOT_MEMBER)
    query = Post.filter(circle_id=circle_id, status=ContentStatus.VISIBLE)
    return await keyset_page(query, order=["-id"], args=args)


async def home_feed(*, member_id: int, args: PageArgs) -> Page[Post]:
    """Visible posts of every circle the member is ACTIVE in, one statement with the circle
    ids as a subquery."""
    circles = Subquery(
        Membership.filter(member_id=member_id, status=MembershipStatus.ACTIVE).values("circle_id")
    )
    query = Post.filter(circle_id__in=circles, status=ContentStatus.VISIBLE)
    return await keyset_page(query, order=["-id"], args=args)
