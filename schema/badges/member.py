"""The badges of a ``Member`` (a mixin of the Member type, see ``schema/member_fields.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.badges.loaders import MemberBadgesLoader
from schema.circles.args import After, First
from schema.core.context import Info
from schema.members.access import audit_reads
from services.errors import Forbidden
from services.members.privacy import BADGES

if TYPE_CHECKING:
    from schema.badges.types import BadgeAwardConnection
    from schema.members.types import MemberNode


@strawberry.type
class BadgeMemberFields:
    @strawberry.field(
        description="Badges the member holds, newest first. FORBIDDEN (and null) when the "
        "member hides their badges or their profile from the reader (see badgesVisible)."
    )
    async def badges(
        self, info: Info, first: First = None, after: After = None
    ) -> Annotated[BadgeAwardConnection, strawberry.lazy("schema.badges.types")] | None:
        from schema.badges.types import BadgeAwardConnection

        node: MemberNode = self  # type: ignore[assignment]
        if not node.access.sees(BADGES):
            raise Forbidden(field=["badges"], message_key="badges.hidden")
        if BADGES in node.access.audited:
            await audit_reads(info, node.reader, [(node.member_id, node.access)])
        result = await info.context.loaders.get(MemberBadgesLoader).load(
            (node.member_id, first, after)
        )
        return BadgeAwardConnection.of(result)
