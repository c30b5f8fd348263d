"""Who applies each outbox topic. A handler's database writes join the transaction that marks
the event applied (``services.jobs.consume``), anything else it does must be idempotent."""

from __future__ import annotations

from typing import Any

from services.badges.consumers import sweep_enabled_badge, sweep_requested, touch_handler
from services.events.completion import reward_completion
from services.jobs.consume import Handler
from services.members.deletion import erase_member
from services.members.export import build_data_export
from services.rankings.incremental import apply_completion


async def _build_data_export(payload: dict[str, Any]) -> None:
    await build_data_export(payload["export_id"])


async def _erase_member(payload: dict[str, Any]) -> None:
    await erase_member(payload["member_id"])


async def _rank_completed_registration(payload: dict[str, Any]) -> None:
    await apply_completion(payload)


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
        reward_completion,
        touch_handler("event.registration_completed"),
        _rank_completed_registration,
    ),
    # Activity that may earn a badge marks its member for the next badge delta run.
    "circle.post_created": touch_handler("circle.post_created"),
    "circle.route_accepted": touch_handler("circle.route_accepted"),
    "badge.enabled": sweep_enabled_badge,
    "badge.sweep_requested": sweep_requested,
}

#: Topics recorded as history that no consumer follows (yet): applied quietly. A topic that is
#: neither here nor in ``CONSUMERS`` is logged as ``outbox.no_consumer``, a warning.
RECORDED_ONLY: frozenset[str] = frozenset(
    {
        "member.signed_up",
        "circle.created",
        "circle.member_joined",
        "circle.comment_added",
        "circle.reaction_added",
        "circle.reaction_removed",
        "circle.moderated",
    }
)
