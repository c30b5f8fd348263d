"""Who shares a circle with whom: the co-membership question behind CIRCLES-visibility
profiles (registered with ``services.members.privacy``)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Subquery

from models.circles import Membership, MembershipStatus


async def co_members(reader_id: int, member_ids: Sequence[int]) -> set[int]:
    """The ids among ``member_ids`` holding an ACTIVE membership in a circle where
    ``reader_id`` is ACTIVE too (one query for the whole batch)."""
    if not member_ids:
        return set()
    readers_circles = Membership.filter(member_id=reader_id, status=MembershipStatus.ACTIVE).values(
        "circle_id"
    )
    rows = (
        await Membership.filter(
            member_id__in=list(dict.fromkeys(member_ids)),
            status=MembershipStatus.ACTIVE,
            circle_id__in=Subquery(readers_circles),
        )
        .distinct()
        .values_list("member_id", flat=True)
    )
    return {int(member_id) for member_id in rows}  # type: ignore[call-overload]
