"""Who applies each outbox topic. A handler's database writes join the transaction that marks
the event applied (``services.jobs.consume``), anything else it does must be idempotent."""

from __future__ import annotations

from typing import Any

from services.jobs.consume import Handler


async def _build_data_export(payload: dict[str, Any]) -> None:
    from services.members.export import build_data_export

    await build_data_export(payload["export_id"])


async def _erase_member(payload: dict[str, Any]) -> None:
    from services.members.deletion import erase_member

    await erase_member(payload["member_id"])


async def _reward_completed_registration(payload: dict[str, Any]) -> None:
    from services.events.completion import reward_completion

    await reward_completion(payload)


async def _rank_completed_registration(payload: dict[str, Any]) -> None:
    from services.rankings.incremental import apply_completion

    await apply_completion(payload)


def _badge_touch(topic: str) -> Handler:
    """Marks the member the event is about for the next badge delta run."""

    async def touch(payload: dict[str, Any]) -> None:
        from services.badges.consumers import touch_handler

        await touch_handler(topic)(payload)

    return touch


async def _sweep_enabled_badge(payload: dict[str, Any]) -> None:
    from services.badges.consumers import sweep_enabled_badge

    await sweep_enabled_badge(payload)


async def _sweep_badges(payload: dict[str, Any]) -> None:
    from services.badges.consumers import sweep_requested

    await sweep_requested(payload)


def _together(*handlers: Handler) -> Handler:
    """Several domains following one topic: applied in order, in the event's transaction."""

    async def apply(payload: dict[str, Any]) -> None:
        for handler in handlers:
            await handler(dict(payload))

    return apply


CONSUMERS: dict[str, Handler] = {
    "member.export_requested": _build_data_export,
    "member.deletion_requested": _erase_member,
    "event.registration_completed": _together(
        _reward_completed_registration,
        _badge_touch("event.registration_completed"),
        _rank_completed_registration,
    ),
    "circle.post_created": _badge_touch("circle.post_created"),
    "circle.route_accepted": _badge_touch("circle.route_accepted"),
    "badge.enabled": _sweep_enabled_badge,
    "badge.sweep_requested": _sweep_badges,
}
