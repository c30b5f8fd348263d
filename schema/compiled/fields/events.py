"""Compiled fields of the events domain: ``Viewer.registrations`` as plain rows."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from schema.compiled.definitions import column, load, nested, row_type
from schema.compiled.fields.common import global_id, page_args
from services.events import listing


@load("Viewer", "registrations")
async def viewer_registrations(run: Any, viewers: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    page = page_args(args)
    status = args.get("status")
    return list(
        await asyncio.gather(
            *(
                listing.member_registration_rows(member_id=viewer.id, status=status, args=page)
                for viewer in viewers
            )
        )
    )


row_type(
    "Registration",
    id=global_id("Registration"),
    status=column("status"),
    passengers=column("passengers"),
    offeredAt=column("offered_at"),
    offerExpiresAt=column("offer_expires_at"),
    confirmedAt=column("confirmed_at"),
    cancelledAt=column("cancelled_at"),
    createdAt=column("created_at"),
    event=nested("event"),
)
row_type(
    "Event",
    id=global_id("Event"),
    title=column("title"),
    description=column("description"),
    status=column("status"),
    timeZone=column("time_zone"),
    startsAt=column("starts_at"),
    endsAt=column("ends_at"),
    meetingCity=column("meeting_city"),
    capacity=column("capacity"),
    seatsTaken=column("seats_taken"),
    waitlistLength=column("waitlist_length"),
    feePoints=column("fee_points"),
    offerWindowHours=column("offer_window_hours"),
    signupOpensAt=column("signup_opens_at"),
    signupClosesAt=column("signup_closes_at"),
    cancelDeadline=column("cancel_deadline"),
    publishedAt=column("published_at"),
    cancelledAt=column("cancelled_at"),
    cancelReason=column("cancel_reason"),
    createdAt=column("created_at"),
    seatsLeft=lambda row: max(row["capacity"] - row["seats_taken"], 0),
)
