"""Badge queries: the catalog and one badge by key."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.badges.enums import BadgeGroup, BadgeTier
from schema.badges.types import BadgeConnection, BadgeNode
from schema.circles.args import After, First, page
from schema.core.context import Info
from schema.core.pagination import to_connection
from schema.members.access import reader_of
from services.badges import holders
from services.badges.catalog import badge_by_key
from services.errors import Forbidden


@strawberry.input(description="Narrows the badge catalog; all given conditions must hold.")
class BadgeFilterInput:
    group: BadgeGroup | None = strawberry.field(default=None, description="Only this shelf.")
    tier: BadgeTier | None = strawberry.field(default=None, description="Only this tier.")
    include_disabled: bool = strawberry.field(
        default=False, description="Disabled badges too (staff only, FORBIDDEN otherwise)."
    )


@strawberry.type
class BadgeQueries:
    @strawberry.field(description="The badge catalog (徽章墙) by key, with rarity.")
    async def badges(
        self,
        info: Info,
        filter: Annotated[
            BadgeFilterInput | None, strawberry.argument(description="Narrow the catalog.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> BadgeConnection:
        given = filter or BadgeFilterInput()
        if given.include_disabled and not (await reader_of(info)).is_staff:
            raise Forbidden(field=["filter", "includeDisabled"], message_key="staff.only")
        result = await holders.list_badges(
            page(first, after),
            group=given.group,
            tier=given.tier,
            include_disabled=given.include_disabled,
        )
        return to_connection(result, BadgeNode.from_model)

    @strawberry.field(description="A badge by key, null when there is none (or it is disabled).")
    async def badge(
        self, info: Info, key: Annotated[str, strawberry.argument(description="The badge key.")]
    ) -> BadgeNode | None:
        found = await badge_by_key(key)
        if found is None or not (found.enabled or (await reader_of(info)).is_staff):
            return None
        return BadgeNode.from_model(found)
