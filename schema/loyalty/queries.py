"""Loyalty queries: the reward catalog."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.loyalty import RewardKind
from schema.core.context import Info
from schema.core.pagination import to_connection
from schema.loyalty.catalog import RewardConnection, RewardNode
from schema.loyalty.standing import After, First
from services.loyalty.catalog import reward_catalog
from services.pagination import PageArgs


@strawberry.type
class LoyaltyQueries:
    @strawberry.field(description="The reward catalog, cheapest first.")
    async def rewards(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        kind: Annotated[
            RewardKind | None,
            strawberry.argument(description="Only rewards of this kind."),
        ] = None,
        affordable: Annotated[
            bool,
            strawberry.argument(description="Only rewards the viewer's balance covers."),
        ] = False,
        available_only: Annotated[
            bool,
            strawberry.argument(description="Only rewards inside their window and in stock."),
        ] = True,
    ) -> RewardConnection:
        viewer = await info.context.viewer()  # also sets the locale of localized names
        page = await reward_catalog(
            PageArgs(first=first, after=after),
            kind=kind,
            affordable_for=(viewer.id if viewer else 0) if affordable else None,
            available_only=available_only,
        )
        return to_connection(page, RewardNode.from_model)
