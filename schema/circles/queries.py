"""Circle queries: discovery, lookup by slug, suggestions and the moderation queues."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from models.circles import Circle
from schema.circles.args import After, First, page
from schema.circles.enums import CircleKind, CircleOrder, ReportStatus
from schema.circles.report_types import ReportNode
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, to_connection
from services.circles import discovery, moderation
from services.circles.discovery import CircleFilter


@strawberry.input(description="Narrows a list of circles; all given conditions must hold.")
class CircleFilterInput:
    kind: CircleKind | None = strawberry.field(default=None, description="Only this kind.")
    city: str | None = strawberry.field(default=None, description="Only circles of this city.")
    tag: str | None = strawberry.field(default=None, description="Only circles with this tag.")
    text: str | None = strawberry.field(
        default=None, description="Part of the name, address or a tag (Chinese or English)."
    )
    certified: bool | None = strawberry.field(
        default=None, description="Only certified (true) or uncertified (false) circles."
    )


@strawberry.type
class CircleQueries:
    @strawberry.field(description="Discover circles: filtered, ordered, keyset-paginated.")
    async def circles(
        self,
        info: Info,
        filter: Annotated[
            CircleFilterInput | None,
            strawberry.argument(description="Narrow the list; every circle when omitted."),
        ] = None,
        order_by: Annotated[
            CircleOrder,
            strawberry.argument(
                description="The order of the list (most members first by default)."
            ),
        ] = CircleOrder.MEMBERS,
        first: First = None,
        after: After = None,
    ) -> Connection[CircleNode]:
        given = filter or CircleFilterInput()
        result = await discovery.list_circles(
            circle_filter=CircleFilter(
                kind=given.kind,
                city=given.city,
                tag=given.tag,
                text=given.text,
                certified=given.certified,
            ),
            order=order_by,
            args=page(first, after),
        )
        return to_connection(result, CircleNode.from_model)

    @strawberry.field(description="A circle by its address (slug).")
    async def circle(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The circle's address, any case.")],
    ) -> CircleNode | None:
        row = await Circle.filter(slug=slug.strip().lower()).first()
        return CircleNode.from_model(row) if row else None

    @strawberry.field(
        description="Up to 10 circles the viewer is not in, suggested from their city, their "
        "vehicles and their circles' members (empty when signed out)."
    )
    async def suggested_circles(self, info: Info) -> list[CircleNode]:
        viewer = await info.context.viewer()
        if viewer is None:
            return []
        rows = await discovery.suggested_circles(member=viewer.member)
        return [CircleNode.from_model(row) for row in rows]

    @strawberry.field(
        description="Reports to handle, newest first: one circle's for its moderators, or "
        "every circle's for staff when `circleId` is omitted."
    )
    async def moderation_queue(
        self,
        info: Info,
        circle_id: Annotated[
            relay.GlobalID | None,
            strawberry.argument(
                description="The circle to moderate; every circle (staff) when omitted."
            ),
        ] = None,
        status: Annotated[
            ReportStatus,
            strawberry.argument(description="Reports in this state (open ones by default)."),
        ] = ReportStatus.OPEN,
        first: First = None,
        after: After = None,
    ) -> Connection[ReportNode]:
        viewer = await info.context.require_viewer()
        result = await moderation.moderation_queue(
            actor=viewer,
            circle_id=None if circle_id is None else decode_id(circle_id, CircleNode),
            status=status,
            args=page(first, after),
        )
        return to_connection(result, ReportNode.from_model)
