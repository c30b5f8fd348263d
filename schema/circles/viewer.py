"""Viewer fields owned by the circles domain: the viewer's circles and home feed."""

from __future__ import annotations

import strawberry

from schema.circles.args import After, First, page
from schema.circles.post_types import PostNode, post_connection
from schema.circles.types import CircleMembershipNode
from schema.core.context import Info, Viewer
from schema.core.pagination import Connection, to_connection
from services.circles import feeds, roster


def _member_id(root: object) -> int:
    """The viewer's member id: these fields resolve on the request's ``Viewer``."""
    assert isinstance(root, Viewer)
    return root.id


@strawberry.type
class CircleViewerFields:
    @strawberry.field(description="The viewer's circles (ACTIVE and PENDING), newest first.")
    async def circles(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CircleMembershipNode]:
        result = await roster.member_circles(member_id=_member_id(self), args=page(first, after))
        return to_connection(result, CircleMembershipNode.from_model)

    @strawberry.field(
        description="Posts from every circle the viewer is an ACTIVE member of, newest first."
    )
    async def home_feed(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PostNode]:
        result = await feeds.home_feed(member_id=_member_id(self), args=page(first, after))
        return await post_connection(info, result)
