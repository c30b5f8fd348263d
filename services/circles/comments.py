"""Comments on posts, with one level of replies. The post's author (or the replied-to
comment's author) is notified."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.circles import Circle, Comment, ContentStatus, Post
from services import outbox
from services.circles import markdown
from services.circles.access import require_active
from services.circles.sql import move
from services.core.actors import Actor
from services.errors import NotFound
from services.notifications import notify, publish_notifications
from services.pagination import Page, PageArgs, keyset_page

BODY_MAX = 2000


async def visible_post(post_id: int) -> Post:
    post = await Post.filter(id=post_id, status=ContentStatus.VISIBLE).first()
    if post is None:
        raise NotFound(field="post_id")
    return post


async def add_comment(
    *, actor: Actor, post_id: int, body: str, parent_id: int | None = None
) -> Comment:
    """An ACTIVE circle member comments on a visible post, or replies to a comment of it (a
    reply to a reply joins the top-level thread). Counted on the post and the parent. Raises
    NOT_FOUND, NOT_MEMBER, BANNED, INVALID_INPUT (1-2,000 characters, no script code)."""
    post = await visible_post(post_id)
    await require_active(post.circle_id, actor)
    clean = markdown.clean(body, field="body", max_length=BODY_MAX)
    parent: Comment | None = None
    if parent_id is not None:
        parent = await Comment.filter(
            id=parent_id, post_id=post_id, status=ContentStatus.VISIBLE
        ).first()
        if parent is None:
            raise NotFound(field="parent_id")
        if parent.parent_id is not None:
            parent = await Comment.get(id=parent.parent_id)
    async with in_transaction() as conn:
        comment = await Comment.create(
            post_id=post_id,
            author_id=actor.id,
            parent_id=parent.id if parent else None,
            body=clean,
            body_html=markdown.render(clean),
            using_db=conn,
        )
        await move(conn, Post, post_id, comment_count=1)
        if parent is not None:
            await move(conn, Comment, parent.id, reply_count=1)
        await (
            Circle.filter(id=post.circle_id)
            .using_db(conn)
            .update(last_activity_at=comment.created_at)
        )
        recipient = parent.author_id if parent else post.author_id
        row = None
        if recipient != actor.id:
            row = await notify(
                recipient,
                "COMMENT_REPLY",
                {
                    "postId": post_id,
                    "commentId": comment.id,
                    "parentId": parent.id if parent else None,
                    "fromMemberId": actor.id,
                    "circleId": post.circle_id,
                },
                dedupe_key=f"comment-reply:{comment.id}",
                using=conn,
            )
        await outbox.record(
            "circle.comment_added",
            {
                "comment_id": comment.id,
                "post_id": post_id,
                "circle_id": post.circle_id,
                "author_id": actor.id,
                "post_author_id": post.author_id,
            },
            using=conn,
        )
    await publish_notifications([row])
    return comment


async def list_comments(*, post_id: int, args: PageArgs) -> Page[Comment]:
    """Top-level visible comments of a post, oldest first (one query)."""
    query = Comment.filter(post_id=post_id, parent_id=None, status=ContentStatus.VISIBLE)
    return await keyset_page(query, order=["id"], args=args)
