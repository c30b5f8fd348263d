"""``Comment``: a comment on a post or a reply to one, markdown and its safe HTML."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from models.circles import Comment
from schema.circles.access import readable_comments
from schema.circles.enums import ContentStatus
from schema.circles.loaders import CommentByIdLoader, RepliesByCommentLoader
from schema.core.context import Info
from schema.core.ids import key_of
from schema.members.types import MemberNode, member_nodes_by_id


@strawberry.type(name="Comment", description="A comment on a post, or a reply to one.")
class CommentNode(relay.Node):
    comment_id: relay.NodeID[int]
    body: str = strawberry.field(description="Markdown source.")
    body_html: str = strawberry.field(description="Safe HTML rendered from the body.")
    status: ContentStatus = strawberry.field(description="VISIBLE or HIDDEN.")
    reply_count: int = strawberry.field(description="Replies to this comment.")
    created_at: datetime = strawberry.field(description="When it was written.")
    model: strawberry.Private[Comment]

    @classmethod
    def from_model(cls, row: Comment) -> CommentNode:
        return cls(
            comment_id=row.id,
            body=row.body,
            body_html=row.body_html,
            status=row.status,
            reply_count=row.reply_count,
            created_at=row.created_at,
            model=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one signature for strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CommentNode | None]:
        keys = [key_of(relay.GlobalID("Comment", raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(CommentByIdLoader).load_many(keys)
        allowed = await readable_comments(info, rows)
        return [cls.from_model(row) if row is not None else None for row in allowed]

    @strawberry.field(description="Who wrote it.")
    async def author(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.model.author_id]))[0]

    @strawberry.field(description="The comment this replies to, null for a top-level one.")
    def parent_id(self) -> relay.GlobalID | None:
        parent = self.model.parent_id
        return relay.GlobalID("Comment", str(parent)) if parent else None

    @strawberry.field(description="Visible replies, oldest first (one level deep).")
    async def replies(self, info: Info) -> list[CommentNode]:
        if self.model.parent_id is not None:
            return []
        rows = await info.context.loaders.get(RepliesByCommentLoader).load(self.comment_id)
        return [CommentNode.from_model(row) for row in rows]
