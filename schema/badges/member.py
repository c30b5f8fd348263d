"""The badges of a ``Member`` (a mixin of the Member type, see ``schema/member_fields.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from schema.badges.loaders import MemberBadgesLoader
from schema.badges.types import BadgeAwardConnection
from schema.circles.args import After, First
from schema.core.context import Info
from schema.members.access import audit_reads
from services.errors import Forbidden
from services.members.privacy import BADGES

if TYPE_CHECKING:
    from services.members.privacy import ProfileAccess, Reader


@strawberry.type
class BadgeMemberFields:
    """Resolved on a ``schema.members.types.MemberNode``, which is ``self`` here."""

    if TYPE_CHECKING:
        member_id: int
        access: ProfileAccess  # what the reader may see of the member
        reader: Reader

    @strawberry.field(
        description="Badges the member holds, newest first. FORBIDDEN (and null) when the "
        "member hides their badges or their profile from the reader (see badgesVisible)."
    )
    async def badges(
        self, info: Info, first: First = None, after: After = None
    ) -> BadgeAwardConnection | None:
        if not self.access.sees(BADGES):
            raise Forbidden(field=["badges"], message_key="badges.hidden")
        if BADGES in self.access.audited:
            await audit_reads(info, self.reader, [(self.member_id, self.access)])
        result = await info.context.loaders.get(MemberBadgesLoader).load(
            (self.member_id, first, after)
        )
        return BadgeAwardConnection.of(result)
