"""Reactions on posts: one per member and kind, counted on the post in the same transaction.
Reactions by others are recorded as ``circle.reaction_added`` so rankings and badges can count
helpful ones."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.circles import Circle, Post, Reaction, ReactionKind
from services import outbox
from services.circles.access import require_active
from services.circles.comments import visible_post
from services.circles.sql import insert_ignore, move
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, NotFound

_COUNTER = {
    ReactionKind.LIKE: "like_count",
    ReactionKind.HELPFUL: "helpful_count",
    ReactionKind.CHEER: "cheer_count",
}


async def _event(
    topic: str, post: Post, member_id: int, kind: ReactionKind, conn: BaseDBAsyncClient
) -> None:
    if member_id == post.author_id:
        return  # reacting to oneself earns nothing
    city = await Circle.filter(id=post.circle_id).using_db(conn).values_list("city", flat=True)
    await outbox.record(
        topic,
        {
            "post_id": post.id,
            "circle_id": post.circle_id,
            "author_id": post.author_id,
            "member_id": member_id,
            "kind": kind.value,
            "city": city[0] if city else None,
        },
        using=conn,
    )


async def react(*, actor: Actor, post_id: int, kind: ReactionKind) -> Post:
    """Add the actor's reaction of ``kind``. Raises ALREADY_DONE when it exists, NOT_MEMBER,
    BANNED, NOT_FOUND."""
    kind = ReactionKind(kind)
    post = await visible_post(post_id)
    await require_active(post.circle_id, actor)
    async with in_transaction() as conn:
        row = await insert_ignore(
            conn,
            Reaction,
            ("post_id", "member_id", "kind"),
            post_id=post_id,
            member_id=actor.id,
            kind=kind,
        )
        if row is None:
            raise DomainError(ErrorCode.ALREADY_DONE, message_key="reaction.exists")
        await move(conn, Post, post_id, **{_COUNTER[kind]: 1})
        await _event("circle.reaction_added", post, actor.id, kind, conn)
    return await Post.get(id=post_id)


async def remove_reaction(*, actor: Actor, post_id: int, kind: ReactionKind) -> Post:
    """Take back the actor's reaction of ``kind`` (NOT_FOUND when there is none)."""
    kind = ReactionKind(kind)
    post = await Post.filter(id=post_id).first()
    if post is None:
        raise NotFound(field="post_id")
    async with in_transaction() as conn:
        removed = (
            await Reaction.filter(post_id=post_id, member_id=actor.id, kind=kind)
            .using_db(conn)
            .delete()
        )
        if not removed:
            raise NotFound(field="kind", message_key="reaction.missing")
        await move(conn, Post, post_id, **{_COUNTER[kind]: -1})
        await _event("circle.reaction_removed", post, actor.id, kind, conn)
    return await Post.get(id=post_id)
