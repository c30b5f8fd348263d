"""Posts, comments and reactions."""

from __future__ import annotations

import strawberry
from strawberry import UNSET, relay

from schema.circles.args import kept_list
from schema.circles.comment_types import CommentNode
from schema.circles.enums import PostKind, ReactionKind
from schema.circles.mutations.payloads import CommentPayload, PostPayload
from schema.circles.post_types import PostNode
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.members.inputs import given
from services.circles import comments, posts, reactions


@strawberry.input(description="A new post in a circle the viewer belongs to.")
class CreatePostInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    kind: PostKind = strawberry.field(
        default=PostKind.TEXT, description="TEXT, TRIP_REPORT or ANNOUNCEMENT (moderators)."
    )
    title: str | None = strawberry.field(default=None, description="Up to 120 characters.")
    body: str = strawberry.field(description="Markdown, 1-10,000 characters, no HTML code.")
    images: list[str] = strawberry.field(
        default_factory=list, description="Up to nine https image URLs."
    )


@strawberry.input(description="Post fields to change (author only); omitted ones stay.")
class EditPostInput:
    post_id: relay.GlobalID = strawberry.field(description="The post.")
    title: str | None = strawberry.field(default=UNSET, description="Up to 120 characters.")
    body: str | None = strawberry.field(default=UNSET, description="Markdown.")
    images: list[str] | None = strawberry.field(default=UNSET, description="Replaces them.")


@strawberry.input(description="A post to act on.")
class PostInput:
    post_id: relay.GlobalID = strawberry.field(description="The post.")


@strawberry.input(description="Pin or unpin an announcement (moderators).")
class PinPostInput:
    post_id: relay.GlobalID = strawberry.field(description="The announcement.")
    pinned: bool = strawberry.field(default=True, description="Pin (true) or unpin (false).")


@strawberry.input(description="A comment on a post, or a reply to one of its comments.")
class AddCommentInput:
    post_id: relay.GlobalID = strawberry.field(description="The post.")
    body: str = strawberry.field(description="Markdown, 1-2,000 characters.")
    parent_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The comment replied to."
    )


@strawberry.input(description="A reaction to add or take back.")
class ReactionInput:
    post_id: relay.GlobalID = strawberry.field(description="The post.")
    kind: ReactionKind = strawberry.field(description="The kind of reaction.")


@strawberry.type
class PostMutations:
    @strawberry.mutation(description="Post in a circle the viewer is an ACTIVE member of.")
    async def create_post(self, info: Info, input: CreatePostInput) -> PostPayload:
        return await run(
            info,
            PostPayload,
            posts.create_post,
            circle_id=Id(input.circle_id, CircleNode),
            kind=input.kind,
            title=input.title,
            body=input.body,
            images=input.images,
        )

    @strawberry.mutation(description="Change one's own post.")
    async def edit_post(self, info: Info, input: EditPostInput) -> PostPayload:
        return await run(
            info,
            PostPayload,
            posts.edit_post,
            post_id=Id(input.post_id, PostNode),
            title=given(input.title),
            body=given(input.body),
            images=kept_list(input.images),
        )

    @strawberry.mutation(description="Delete one's own post (or, as a moderator, any).")
    async def delete_post(self, info: Info, input: PostInput) -> PostPayload:
        return await run(info, PostPayload, posts.delete_post, post_id=Id(input.post_id, PostNode))

    @strawberry.mutation(description="Pin or unpin an announcement (moderators).")
    async def pin_post(self, info: Info, input: PinPostInput) -> PostPayload:
        return await run(
            info,
            PostPayload,
            posts.pin_post,
            post_id=Id(input.post_id, PostNode),
            pinned=input.pinned,
        )

    @strawberry.mutation(description="Comment on a post or reply to a comment.")
    async def add_comment(self, info: Info, input: AddCommentInput) -> CommentPayload:
        return await run(
            info,
            CommentPayload,
            comments.add_comment,
            post_id=Id(input.post_id, PostNode),
            body=input.body,
            parent_id=Id(input.parent_id, CommentNode, optional=True),
        )

    @strawberry.mutation(description="React to a post (one reaction per kind and member).")
    async def react_to_post(self, info: Info, input: ReactionInput) -> PostPayload:
        return await run(
            info,
            PostPayload,
            reactions.react,
            post_id=Id(input.post_id, PostNode),
            kind=input.kind,
        )

    @strawberry.mutation(description="Take back one's reaction of a kind.")
    async def remove_reaction(self, info: Info, input: ReactionInput) -> PostPayload:
        return await run(
            info,
            PostPayload,
            reactions.remove_reaction,
            post_id=Id(input.post_id, PostNode),
            kind=input.kind,
        )
