"""Inputs of the staff badge mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from schema.badges.enums import BadgeGroup, BadgeTier

CRITERION_HELP = (
    'The rule as a JSON object, e.g. {"type": "events_completed", "count": 10, '
    '"min_difficulty": 4}. Types: events_completed, route_completed, points_earned, '
    "contribution, posts, accepted_routes, consecutive_months, season_rank (docs/badges.md)."
)


@strawberry.input(description="A new badge definition (admins).")
class CreateBadgeInput:
    key: str = strawberry.field(description="Stable key: 2-64 of a-z, 0-9, _ and -.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")
    group: BadgeGroup = strawberry.field(description="Shelf it is shown on.")
    criterion: JSON = strawberry.field(description=CRITERION_HELP)
    tier: BadgeTier = strawberry.field(default=BadgeTier.BRONZE, description="Tier.")
    description_zh: str | None = strawberry.field(default=None, description="How to earn it (zh).")
    description_en: str | None = strawberry.field(default=None, description="How to earn it (en).")
    icon_url: str | None = strawberry.field(default=None, description="Icon (https URL).")
    repeatable: bool = strawberry.field(default=False, description="Awarded again and again.")
    enabled: bool = strawberry.field(
        default=False, description="Award it now (retroactively to every member who meets it)."
    )


@strawberry.input(description="Edit a badge: given fields change, the rest stay (admins).")
class UpdateBadgeInput:
    id: relay.GlobalID = strawberry.field(description="The badge's global ID.")
    expected_version: int | None = strawberry.field(
        default=None, description="The version edited; CONFLICT if someone saved meanwhile."
    )
    name_zh: str | None = strawberry.field(default=None, description="Name in Chinese.")
    name_en: str | None = strawberry.field(default=None, description="Name in English.")
    description_zh: str | None = strawberry.field(default=None, description="How to earn it (zh).")
    description_en: str | None = strawberry.field(default=None, description="How to earn it (en).")
    icon_url: str | None = strawberry.field(default=None, description="Icon (https URL).")
    tier: BadgeTier | None = strawberry.field(default=None, description="Tier.")
    group: BadgeGroup | None = strawberry.field(default=None, description="Shelf.")
    repeatable: bool | None = strawberry.field(default=None, description="Awarded repeatedly.")
    criterion: JSON | None = strawberry.field(default=None, description=CRITERION_HELP)


@strawberry.input(description="Switch a badge on or off (admins).")
class SetBadgeEnabledInput:
    id: relay.GlobalID = strawberry.field(description="The badge's global ID.")
    enabled: bool = strawberry.field(
        description="On: awarded from now on and retroactively. Off: no new awards."
    )


@strawberry.input(description="A criterion to try out without awarding anything (admins).")
class PreviewBadgeInput:
    criterion: JSON = strawberry.field(description=CRITERION_HELP)


@strawberry.input(description="Queue a full sweep for a worker (admins).")
class RunBadgeSweepInput:
    badge_keys: list[str] | None = strawberry.field(
        default=None, description="Only these badges (every enabled badge when omitted)."
    )
