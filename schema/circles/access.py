"""Which circle content the request's viewer may read (node lookups go through here)."""

from __future__ import annotations

from collections.abc import Sequence

from models.circles import (
    Circle,
    Comment,
    ContentStatus,
    JoinPolicy,
    MembershipStatus,
    Post,
)
from schema.circles.loaders import CircleByIdLoader, PostByIdLoader, ViewerMembershipLoader
from schema.core.context import Info
from services.circles.access import MODERATING, is_staff


async def viewer_id(info: Info) -> int | None:
    viewer = await info.context.viewer()
    return viewer.id if viewer else None


async def readable_posts(info: Info, posts: Sequence[Post | None]) -> list[Post | None]:
    """``posts`` with None where the viewer may not read one: deleted posts, hidden posts
    (except for their author and the circle's moderators), posts of INVITE circles the viewer
    is not in. A fixed number of batched queries."""
    viewer = await info.context.viewer()
    me = viewer.id if viewer else None
    staff = viewer is not None and is_staff(viewer)
    circle_ids = sorted({post.circle_id for post in posts if post is not None})
    circles = await info.context.loaders.get(CircleByIdLoader).load_many(circle_ids)
    roles: dict[int, str | None] = {}
    if me is not None:
        rows = await info.context.loaders.get(ViewerMembershipLoader).load_many(
            [(me, circle_id) for circle_id in circle_ids]
        )
        roles = {
            circle_id: row.role if row and row.status == MembershipStatus.ACTIVE else None
            for circle_id, row in zip(circle_ids, rows, strict=True)
        }
    by_id: dict[int, Circle] = {c.id: c for c in circles if c is not None}

    def readable(post: Post) -> bool:
        circle = by_id.get(post.circle_id)
        if circle is None or post.status == ContentStatus.DELETED:
            return False
        role = roles.get(post.circle_id)
        if circle.join_policy == JoinPolicy.INVITE and role is None and not staff:
            return False
        if post.status == ContentStatus.HIDDEN:
            return post.author_id == me or staff or role in MODERATING
        return True

    return [post if post is not None and readable(post) else None for post in posts]


async def readable_comments(info: Info, comments: Sequence[Comment | None]) -> list[Comment | None]:
    """``comments`` whose post the viewer may read and that are visible (or their own)."""
    post_ids = [comment.post_id if comment else 0 for comment in comments]
    posts = await info.context.loaders.get(PostByIdLoader).load_many(post_ids)
    allowed = await readable_posts(info, posts)
    me = await viewer_id(info)
    return [
        comment
        if comment is not None
        and post is not None
        and (
            comment.status == ContentStatus.VISIBLE
            or (comment.status == ContentStatus.HIDDEN and comment.author_id == me)
        )
        else None
        for comment, post in zip(comments, allowed, strict=True)
    ]
