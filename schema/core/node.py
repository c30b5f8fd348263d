"""``node(id:)`` and ``nodes(ids:)`` resolve any Relay global ID."""

from __future__ import annotations

import strawberry
from strawberry import relay


@strawberry.type
class NodeQueries:
    node: relay.Node | None = relay.node(description="Fetch any object by its global ID.")
    nodes: list[relay.Node | None] = relay.node(
        description="Fetch several objects by global ID, in order (null where not visible)."
    )
