"""References up the circle types, resolved lazily.

A circle lists its posts and route proposals, and a post carries its proposal, so ``types``
imports ``post_types`` and ``post_types`` imports ``proposal_types``. The way back (the circle
of a post or a proposal, the post of a proposal) goes through ``strawberry.lazy``, both for the
field's type and for building the node, so no module imports another in a circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types.lazy_type import LazyType

from models.circles import Circle, Post

if TYPE_CHECKING:
    from schema.circles.post_types import PostNode
    from schema.circles.types import CircleNode

_CIRCLE_TYPES = "schema.circles.types"
_POST_TYPES = "schema.circles.post_types"

CircleRef = Annotated["CircleNode", strawberry.lazy(_CIRCLE_TYPES)]
PostRef = Annotated["PostNode", strawberry.lazy(_POST_TYPES)]


def circle_node_of(row: Circle) -> CircleNode:
    """The ``Circle`` of a circle row."""
    node: type[CircleNode] = LazyType("CircleNode", _CIRCLE_TYPES).resolve_type()
    return node.from_model(row)


def post_node_of(row: Post) -> PostNode:
    """The ``Post`` of a post row (its relations loaded per item)."""
    node: type[PostNode] = LazyType("PostNode", _POST_TYPES).resolve_type()
    return node.from_model(row)
