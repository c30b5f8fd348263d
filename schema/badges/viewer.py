"""Viewer fields owned by the badges domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from schema.badges.types import BadgeAwardConnection
from schema.circles.args import After, First, page
from services.badges import holders


@strawberry.type
class BadgeViewerFields:
    """Resolved on the request's ``schema.core.context.Viewer``, which is ``self`` here."""

    if TYPE_CHECKING:
        id: int  # the viewer's member id

    @strawberry.field(description="The viewer's badges, newest first.")
    async def badges(self, first: First = None, after: After = None) -> BadgeAwardConnection:
        result = await holders.member_badges(self.id, page(first, after))
        return BadgeAwardConnection.of(result)
