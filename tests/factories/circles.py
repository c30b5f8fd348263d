"""Builders of circles and what happens in them: memberships, posts, route proposals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from models.circles import (
    Circle,
    CircleKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    Post,
    PostKind,
    RouteProposal,
)
from models.members import Member
from models.routes import Terrain
from tests.factories.members import SignedIn, member_of
from tests.factories.sequence import next_number


async def make_circle(*members: SignedIn | Member, **overrides: Any) -> Circle:
    """An OPEN city circle in 北京 whose ``members`` are ACTIVE: the first one founded it and
    owns it, the others are plain members (a circle made without members has no founder)."""
    n = next_number()
    people = [member_of(who) for who in members]
    values: dict[str, Any] = {
        "slug": f"circle-{n}",
        "name": f"越野圈{n}",
        "kind": CircleKind.CITY,
        "city": "北京",
        "founder_id": people[0].id if people else None,
        "member_count": len(people),
    }
    values.update(overrides)
    circle = await Circle.create(**values)
    for index, member in enumerate(people):
        role = MembershipRole.OWNER if index == 0 else MembershipRole.MEMBER
        await make_membership(circle, member, role=role)
    return circle


async def make_membership(
    circle: Circle | int,
    member: SignedIn | Member,
    *,
    status: MembershipStatus = MembershipStatus.ACTIVE,
    **overrides: Any,
) -> Membership:
    """``member``'s membership of ``circle`` (a plain ACTIVE member unless overridden; the
    circle's stored member count is left as it is)."""
    values: dict[str, Any] = {
        "circle_id": circle if isinstance(circle, int) else circle.id,
        "member_id": member_of(member).id,
        "role": MembershipRole.MEMBER,
        "status": status,
        "joined_at": datetime.now(UTC) if status == MembershipStatus.ACTIVE else None,
    }
    values.update(overrides)
    return await Membership.create(**values)


async def make_post(circle: Circle, author: SignedIn | Member, **overrides: Any) -> Post:
    """A visible TEXT post of ``author`` in ``circle`` (the circle's counters are left alone)."""
    values: dict[str, Any] = {
        "circle_id": circle.id,
        "author_id": member_of(author).id,
        "body": "今天去了库布其。",
        "body_html": "<p>今天去了库布其。</p>",
    }
    values.update(overrides)
    return await Post.create(**values)


async def make_route_proposal(
    post: Post | None = None,
    *,
    circle: Circle | None = None,
    author: SignedIn | Member | None = None,
    **overrides: Any,
) -> RouteProposal:
    """An OPEN route proposal on ``post``, or on a new ROUTE_PROPOSAL post of ``author`` in
    ``circle`` when ``post`` is omitted."""
    if post is None:
        if circle is None or author is None:
            raise TypeError("a proposal without its post needs a circle and an author")
        post = await make_post(
            circle, author, kind=PostKind.ROUTE_PROPOSAL, body="路线", body_html="<p>路线</p>"
        )
    values: dict[str, Any] = {
        "post_id": post.id,
        "circle_id": post.circle_id,
        "author_id": post.author_id,
        "name": "新路线",
        "region": "内蒙古",
        "terrain": Terrain.DESERT,
        "difficulty": 3,
        "distance_km": 50.0,
    }
    values.update(overrides)
    return await RouteProposal.create(**values)
