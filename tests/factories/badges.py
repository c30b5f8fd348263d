"""Builders of badges and awards, made directly (the engine's own rules are tested in
tests/badges)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from models.badges import Badge, BadgeGroup, BadgeTier, MemberBadge
from models.members import Member
from tests.factories.members import SignedIn, member_of
from tests.factories.sequence import next_number


async def make_badge(
    key: str | None = None, criterion: dict[str, Any] | None = None, **overrides: Any
) -> Badge:
    """An enabled one-time bronze EVENTS badge with ``criterion`` (no version history)."""
    key = key or f"badge-{next_number()}"
    values: dict[str, Any] = {
        "key": key,
        "name_zh": f"徽章{key}",
        "name_en": f"Badge {key}",
        "group": BadgeGroup.EVENTS,
        "tier": BadgeTier.BRONZE,
        "enabled": True,
        "criterion": criterion or {},
    }
    values.update(overrides)
    return await Badge.create(**values)


async def award_badge(member: SignedIn | Member, badge: Badge, **overrides: Any) -> MemberBadge:
    """``member``'s award of ``badge``, awarded now unless ``awarded_at`` says otherwise."""
    values: dict[str, Any] = {
        "member_id": member_of(member).id,
        "badge_id": badge.id,
        "awarded_at": datetime.now(UTC),
    }
    values.update(overrides)
    return await MemberBadge.create(**values)
