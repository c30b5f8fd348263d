"""The members to alert when a participant of an event calls for help."""

from __future__ import annotations

from typing import cast

from models.circles import Membership, MembershipRole, MembershipStatus
from models.events import Event, EventOrganizer


async def crew_member_ids(event: Event) -> list[int]:
    """The event's organizers and crew, or the circle's owner and moderators when the event
    has none designated (at most two queries)."""
    query = EventOrganizer.filter(event_id=event.id).values_list("member_id", flat=True)
    organizers = cast(list[int], await query)
    if organizers:
        return sorted({int(member_id) for member_id in organizers})
    moderators = cast(
        list[int],
        await Membership.filter(
            circle_id=event.circle_id,
            status=MembershipStatus.ACTIVE,
            role__in=[MembershipRole.OWNER, MembershipRole.MODERATOR],
        ).values_list("member_id", flat=True),
    )
    return sorted({int(member_id) for member_id in moderators})
