"""Writing posts: create, edit and delete by their author, pinning of announcements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.circles import Circle, ContentStatus, Post, PostKind
from services import outbox
from services.circles import markdown
from services.circles.access import MODERATING, get_circle, require_active, require_moderator
from services.circles.sql import move
from services.core import clock
from services.core.actors import Actor
from services.errors import Forbidden, InvalidInput, NotFound
from services.members.validation import KEEP, Keep, https_url, text

BODY_MAX = 10_000
TITLE_MAX = 120
MAX_IMAGES = 9
IMAGE_URL_MAX = 500


def clean_images(images: Sequence[str]) -> list[str]:
    if len(images) > MAX_IMAGES:
        raise InvalidInput(field="images", message_key="post.images", max=MAX_IMAGES)
    cleaned = [https_url(url, name="images", max_length=IMAGE_URL_MAX) for url in images]
    return [url for url in cleaned if url]


def clean_title(title: str | None) -> str:
    return text(title, name="title", max_length=TITLE_MAX) or ""


async def insert_post(
    conn: BaseDBAsyncClient,
    *,
    circle: Circle,
    author_id: int,
    kind: PostKind,
    title: str,
    body: str,
    images: list[str],
) -> Post:
    """Store a checked post, count it and record ``circle.post_created`` (caller's
    transaction)."""
    post = await Post.create(
        circle_id=circle.id,
        author_id=author_id,
        kind=kind,
        title=title,
        body=body,
        body_html=markdown.render(body),
        images=images,
        using_db=conn,
    )
    await Circle.filter(id=circle.id).using_db(conn).update(last_activity_at=post.created_at)
    await move(conn, Circle, circle.id, post_count=1)
    await outbox.record(
        "circle.post_created",
        {
            "post_id": post.id,
            "circle_id": circle.id,
            "author_id": author_id,
            "kind": kind.value,
            "city": circle.city,
        },
        using=conn,
    )
    return post


async def create_post(
    *,
    actor: Actor,
    circle_id: int,
    kind: PostKind = PostKind.TEXT,
    title: str | None = None,
    body: str,
    images: Sequence[str] = (),
) -> Post:
    """Post in a circle the actor is an ACTIVE member of. Announcements are for moderators,
    route proposals go through ``proposals.propose_route``. The body is markdown (1-10,000
    characters, no script or HTML code), up to nine https images. Raises NOT_MEMBER, BANNED,
    FORBIDDEN, INVALID_INPUT."""
    kind = PostKind(kind)
    circle = await get_circle(circle_id)
    membership = await require_active(circle_id, actor)
    if kind == PostKind.ROUTE_PROPOSAL:
        raise InvalidInput(field="kind", message_key="post.use_propose")
    if kind == PostKind.ANNOUNCEMENT and membership.role not in MODERATING:
        raise Forbidden(field="kind", message_key="post.announcement")
    clean_body = markdown.clean(body, field="body", max_length=BODY_MAX)
    values: dict[str, Any] = {
        "title": clean_title(title),
        "body": clean_body,
        "images": clean_images(images),
    }
    async with in_transaction() as conn:
        return await insert_post(conn, circle=circle, author_id=actor.id, kind=kind, **values)


async def get_post(post_id: int) -> Post:
    post = await Post.filter(id=post_id).exclude(status=ContentStatus.DELETED).first()
    if post is None:
        raise NotFound(field="post_id")
    return post


async def edit_post(
    *,
    actor: Actor,
    post_id: int,
    title: str | None | Keep = KEEP,
    body: str | Keep = KEEP,
    images: Sequence[str] | Keep = KEEP,
) -> Post:
    """The author changes their post's title, body or images (same rules as creating)."""
    post = await get_post(post_id)
    if post.author_id != actor.id:
        raise Forbidden(message_key="post.author_only")
    changes: dict[str, Any] = {}
    if title is not KEEP:
        changes["title"] = clean_title(title)
    if body is not KEEP:
        changes["body"] = markdown.clean(body, field="body", max_length=BODY_MAX)
        changes["body_html"] = markdown.render(changes["body"])
    if images is not KEEP:
        changes["images"] = clean_images(images)
    if changes:
        changes["edited_at"] = clock.now()
        changed = await Post.filter(id=post_id, status__not=ContentStatus.DELETED).update(**changes)
        if not changed:
            raise NotFound(field="post_id")
    return await get_post(post_id)


async def delete_post(*, actor: Actor, post_id: int) -> Post:
    """The author (or a moderator) deletes a post: it leaves every feed, counted once."""
    post = await get_post(post_id)
    if post.author_id != actor.id:
        await require_moderator(post.circle_id, actor)
    async with in_transaction() as conn:
        changed = (
            await Post.filter(id=post_id, status__not=ContentStatus.DELETED)
            .using_db(conn)
            .update(status=ContentStatus.DELETED, pinned=False)
        )
        if not changed:
            raise NotFound(field="post_id")
        await move(conn, Circle, post.circle_id, post_count=-1)
    post.status = ContentStatus.DELETED
    post.pinned = False
    return post


async def pin_post(*, actor: Actor, post_id: int, pinned: bool) -> Post:
    """A moderator pins (or unpins) an announcement at the top of the circle."""
    post = await get_post(post_id)
    await require_moderator(post.circle_id, actor)
    if post.kind != PostKind.ANNOUNCEMENT:
        raise InvalidInput(field="post_id", message_key="post.pin_announcements")
    await Post.filter(id=post_id).update(pinned=pinned)
    post.pinned = pinned
    return post
