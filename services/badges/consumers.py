"""Outbox topics the badge engine follows: activity that may earn a badge marks its member for
the next delta run; enabling a badge or a staff request records a sweep that run makes."""

from __future__ import annotations

from typing import Any

from services.badges import engine
from services.jobs.consume import Handler

#: topic -> the payload field naming the member whose badges the event may change.
TOUCHING_TOPICS: dict[str, str] = {
    "event.registration_completed": "member_id",
    "circle.post_created": "author_id",
    "circle.route_accepted": "author_id",
}


def touch_handler(topic: str) -> Handler:
    """Records the member named by the topic's payload field in ``badge_touches``."""
    field = TOUCHING_TOPICS[topic]

    async def touch(payload: dict[str, Any]) -> None:
        if payload.get(field) is not None:
            await engine.record_touch(int(payload[field]), topic)

    return touch


async def sweep_enabled_badge(payload: dict[str, Any]) -> None:
    """The retroactive award of a badge just enabled (or whose criterion changed): recorded
    here, swept by the next delta job outside this transaction."""
    await engine.request_sweep([payload["badge_key"]], "badge.enabled")


async def sweep_requested(payload: dict[str, Any]) -> None:
    """A staff sweep (of the named badges, or all): recorded, run by the next delta job."""
    await engine.request_sweep(payload.get("badge_keys") or None, "badge.sweep_requested")
