"""Posts, comments and reactions."""

from __future__ import annotations

import strawberry
from strawberry import UNSET, relay

from models.circles import PostKind
from schema.circles.enums import PostKindEnum, ReactionKindEnum
from schema.circles.mutations.payloads import CommentPayload, PostPayload, failed
from schema.circles.post_types import CommentNode, PostNode
from schema.core.context import Info
from schema.members.inputs import decode_id, decode_optional_id, given
from services.circles import comments, posts, reactions
from services.errors import DomainError


@strawberry.input(description="A new post in a circle the viewer belongs to.")
class CreatePostInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    kind: PostKindEnum = strawberry.field(
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
    kind: ReactionKindEnum = strawberry.field(description="The kind of reaction.")


def _post_id(value: relay.GlobalID) -> int:
    return decode_id(value, "Post", "postId")


@strawberry.type
class PostMutations:
    @strawberry.mutation(description="Post in a circle the viewer is an ACTIVE member of.")
    async def create_post(self, info: Info, input: CreatePostInput) -> PostPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await posts.create_post(
                actor=viewer,
                circle_id=decode_id(input.circle_id, "Circle", "circleId"),
                kind=input.kind,
                title=input.title,
                body=input.body,
                images=input.images,
            )
        except DomainError as error:
            return PostPayload(errors=failed(error, info))
        return PostPayload(post=PostNode.from_model(row))

    @strawberry.mutation(description="Change one's own post.")
    async def edit_post(self, info: Info, input: EditPostInput) -> PostPayload:
        viewer = await info.context.require_viewer()
        images = given(input.images)
        try:
            row = await posts.edit_post(
                actor=viewer,
                post_id=_post_id(input.post_id),
                title=given(input.title),
                body=given(input.body),
                images=[] if images is None else images,
            )
        except DomainError as error:
            return PostPayload(errors=failed(error, info))
        return PostPayload(post=PostNode.from_model(row))

    @strawberry.mutation(description="Delete one's own post (or, as a moderator, any).")
    async def delete_post(self, info: Info, input: PostInput) -> PostPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await posts.delete_post(actor=viewer, post_id=_post_id(input.post_id))
        except DomainError as error:
            return PostPayload(errors=failed(error, info))
        return PostPayload(post=PostNode.from_model(row))

    @strawberry.mutation(description="Pin or unpin an announcement (moderators).")
    async def pin_post(self, info: Info, input: PinPostInput) -> PostPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await posts.pin_post(
                actor=viewer, post_id=_post_id(input.post_id), pinned=input.pinned
            )
        except DomainError as error:
            return PostPayload(errors=failed(error, info))
        return PostPayload(post=PostNode.from_model(row))

    @strawberry.mutation(description="Comment on a post or reply to a comment.")
    async def add_comment(self, info: Info, input: AddCommentInput) -> CommentPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await comments.add_comment(
                actor=viewer,
                post_id=_post_id(input.post_id),
                body=input.body,
                parent_id=decode_optional_id(input.parent_id, "Comment", "parentId"),
            )
        except DomainError as error:
            return CommentPayload(errors=failed(error, info))
        return CommentPayload(comment=CommentNode.from_model(row))

    @strawberry.mutation(description="React to a post (one reaction per kind and member).")
    async def react_to_post(self, info: Info, input: ReactionInput) -> PostPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await reactions.react(
                actor=viewer, post_id=_post_id(input.post_id), kind=input.kind
            )
        except DomainError as error:
            return PostPayload(errors=failed(error, info))
        return PostPayload(post=PostNode.from_model(row))

    @strawberry.mutation(description="Take back one's reaction of a kind.")
    async def remove_reaction(self, info: Info, input: ReactionInput) -> PostPayload:
        viewer = await info.context.require_viewer()
        try:
            row = await reactions.remove_reaction(
                actor=viewer, post_id=_post_id(input.post_id), kind=input.kind
            )
        except DomainError as error:
            return PostPayload(errors=failed(error, info))
        return PostPayload(post=PostNode.from_model(row))
