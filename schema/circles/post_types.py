"""``Post``: markdown source and its safe HTML, counts kept on the row, the author through the
privacy-aware member batch, and the page builders that load a feed's relations at once."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from strawberry import relay

from models.circles import Post
from schema.circles.access import readable_posts
from schema.circles.args import After, First, page
from schema.circles.comment_types import CommentNode
from schema.circles.enums import ContentStatus, PostKind, ReactionKind
from schema.circles.loaders import (
    CircleByIdLoader,
    PostByIdLoader,
    ProposalByPostLoader,
    ViewerReactionsLoader,
)
from schema.circles.proposal_types import RouteProposalNode
from schema.circles.refs import CircleRef, circle_node_of
from schema.core.context import Info
from schema.core.ids import key_of
from schema.core.pagination import Connection, to_connection
from schema.members.types import MemberNode, member_nodes_by_id
from services.circles import comments
from services.pagination import Page

if TYPE_CHECKING:
    from schema.circles.types import CircleNode


class _Unloaded(Enum):
    """Marks a relation ``post_nodes`` did not load for the page: it loads per item."""

    UNLOADED = "UNLOADED"


_UNLOADED = _Unloaded.UNLOADED


@strawberry.type(description="How many members reacted to a post, per kind.")
class ReactionCounts:
    like: int = strawberry.field(description="LIKE reactions.")
    helpful: int = strawberry.field(description="HELPFUL reactions (count toward contribution).")
    cheer: int = strawberry.field(description="CHEER reactions.")


@strawberry.type(name="Post", description="A post in a circle (帖子).")
class PostNode(relay.Node):
    post_id: relay.NodeID[int]
    kind: PostKind = strawberry.field(description="What kind of post.")
    title: str = strawberry.field(description="Optional title (route name for proposals).")
    body: str = strawberry.field(description="Markdown source as written.")
    body_html: str = strawberry.field(
        description="Safe HTML rendered from the body (no scripts, http(s) links only)."
    )
    images: list[str] = strawberry.field(description="Up to nine https image URLs.")
    status: ContentStatus = strawberry.field(description="VISIBLE, HIDDEN or DELETED.")
    pinned: bool = strawberry.field(description="Pinned at the top of the circle.")
    comment_count: int = strawberry.field(description="Comments and replies.")
    reactions: ReactionCounts = strawberry.field(description="Reaction counts per kind.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    edited_at: datetime | None = strawberry.field(description="Last edit by its author.")
    model: strawberry.Private[Post]
    #: Relations loaded for a whole page by ``post_nodes`` (``_UNLOADED`` loads them per item).
    author_node: strawberry.Private[MemberNode | None | _Unloaded] = _UNLOADED
    circle_node: strawberry.Private[CircleRef | None | _Unloaded] = _UNLOADED
    viewer_reaction_kinds: strawberry.Private[list[ReactionKind] | _Unloaded] = _UNLOADED

    @classmethod
    def from_model(cls, row: Post) -> PostNode:
        return cls(
            post_id=row.id,
            kind=row.kind,
            title=row.title,
            body=row.body,
            body_html=row.body_html,
            images=list(row.images or []),
            status=row.status,
            pinned=row.pinned,
            comment_count=row.comment_count,
            reactions=ReactionCounts(
                like=row.like_count, helpful=row.helpful_count, cheer=row.cheer_count
            ),
            created_at=row.created_at,
            edited_at=row.edited_at,
            model=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one signature for strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PostNode | None]:
        keys = [key_of(relay.GlobalID("Post", raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(PostByIdLoader).load_many(keys)
        allowed = await readable_posts(info, rows)
        return [cls.from_model(row) if row is not None else None for row in allowed]

    @strawberry.field(description="Who wrote it.", graphql_type=MemberNode | None)
    def author(self, info: Info) -> MemberNode | None | Awaitable[MemberNode | None]:
        if self.author_node is not _UNLOADED:
            return self.author_node
        return self._author(info)

    async def _author(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.model.author_id]))[0]

    @strawberry.field(description="The circle it was posted in.", graphql_type=CircleRef)
    def circle(self, info: Info) -> CircleNode | None | Awaitable[CircleNode]:
        if self.circle_node is not _UNLOADED:
            return self.circle_node
        return self._circle(info)

    async def _circle(self, info: Info) -> CircleNode:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.model.circle_id)
        assert row is not None
        return circle_node_of(row)

    @strawberry.field(
        description="Kinds the viewer reacted with (empty when signed out).",
        graphql_type=list[ReactionKind],
    )
    def viewer_reactions(self, info: Info) -> list[ReactionKind] | Awaitable[list[ReactionKind]]:
        if self.viewer_reaction_kinds is not _UNLOADED:
            return self.viewer_reaction_kinds
        return self._viewer_reactions(info)

    async def _viewer_reactions(self, info: Info) -> list[ReactionKind]:
        viewer = await info.context.viewer()
        if viewer is None:
            return []
        return await info.context.loaders.get(ViewerReactionsLoader).load((viewer.id, self.post_id))

    @strawberry.field(
        description="The route proposal a ROUTE_PROPOSAL post carries.",
        graphql_type=RouteProposalNode | None,
    )
    def proposal(self, info: Info) -> Awaitable[RouteProposalNode | None] | None:
        if self.model.kind != PostKind.ROUTE_PROPOSAL:
            return None
        return self._proposal(info)

    async def _proposal(self, info: Info) -> RouteProposalNode | None:
        row = await info.context.loaders.get(ProposalByPostLoader).load(self.post_id)
        return RouteProposalNode.from_model(row) if row else None

    @strawberry.field(description="Top-level comments, oldest first (replies on each).")
    async def comments(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CommentNode]:
        result = await comments.list_comments(post_id=self.post_id, args=page(first, after))
        return to_connection(result, CommentNode.from_model)


def _selected_names(info: Info) -> set[str]:
    """Every field name selected below the current field (fragments included)."""
    names: set[str] = set()
    pending = list(info.selected_fields)
    while pending:
        field = pending.pop()
        names.add(getattr(field, "name", ""))
        pending.extend(getattr(field, "selections", ()) or ())
    return names


async def post_nodes(info: Info, rows: Sequence[Post]) -> list[PostNode]:
    """``Post`` objects for a page of rows with the author, circle and viewer's reactions
    loaded for the whole page at once where the query selects them (so the per-post fields
    resolve synchronously, the main cost of a feed otherwise)."""
    wanted = _selected_names(info)
    authors: list[MemberNode | None | _Unloaded] = [_UNLOADED] * len(rows)
    circles: list[CircleNode | None | _Unloaded] = [_UNLOADED] * len(rows)
    reactions: list[list[ReactionKind] | _Unloaded] = [_UNLOADED] * len(rows)
    if rows and "author" in wanted:
        authors = list(await member_nodes_by_id(info, [row.author_id for row in rows]))
    if rows and "circle" in wanted:
        loaded = await info.context.loaders.get(CircleByIdLoader).load_many(
            [row.circle_id for row in rows]
        )
        circles = [circle_node_of(c) if c else None for c in loaded]
    if rows and "viewerReactions" in wanted:
        viewer = await info.context.viewer()
        if viewer is None:
            reactions = [[] for _ in rows]
        else:
            reactions = list(
                await info.context.loaders.get(ViewerReactionsLoader).load_many(
                    [(viewer.id, row.id) for row in rows]
                )
            )
    nodes = []
    for row, author, circle, kinds in zip(rows, authors, circles, reactions, strict=True):
        node = PostNode.from_model(row)
        node.author_node, node.circle_node, node.viewer_reaction_kinds = author, circle, kinds
        nodes.append(node)
    return nodes


async def post_connection(info: Info, page: Page[Post]) -> Connection[PostNode]:
    """A page of posts as a connection, relations loaded per page (see ``post_nodes``)."""
    nodes = iter(await post_nodes(info, page.items))
    return to_connection(page, lambda _row: next(nodes))
