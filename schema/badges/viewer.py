"""Viewer fields owned by the badges domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from schema.badges.types import BadgeAwardConnection
from schema.circles.args import After, First, page
from services.badges import holders

if TYPE_CHECKING:
    from schema.core.context import Viewer


@strawberry.type
class BadgeViewerFields:
    @strawberry.field(description="The viewer's badges, newest first.")
    async def badges(self, first: First = None, after: After = None) -> BadgeAwardConnection:
        viewer: Viewer = self  # type: ignore[assignment]
        result = await holders.member_badges(viewer.id, page(first, after))
        return BadgeAwardConnection.of(result)
