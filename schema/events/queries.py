"""Event queries owned here: one event by id (lists live in their own module)."""

from __future__ import annotations

import strawberry
from strawberry.relay import GlobalID

from schema.core.context import Info
from schema.events.types import EventNode


@strawberry.type
class EventQueries:
    @strawberry.field(description="An event by its global ID (drafts for organizers only).")
    async def event(self, info: Info, id: strawberry.ID) -> EventNode | None:
        try:
            global_id = GlobalID.from_id(str(id))
        except ValueError:
            return None
        if global_id.type_name != "Event":
            return None
        return (await EventNode.resolve_nodes(info=info, node_ids=[global_id.node_id]))[0]
