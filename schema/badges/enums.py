"""The badge enums: the model enums themselves, registered as GraphQL enums
(``strawberry.enum`` marks the class it is given). Fields and arguments import them from here,
so the registration has run wherever they are used."""

from __future__ import annotations

import strawberry

from models.badges import BadgeGroup, BadgeTier

__all__ = ["BadgeGroup", "BadgeTier"]

strawberry.enum(
    BadgeTier, name="BadgeTier", description="How hard a badge is to earn: BRONZE, SILVER, GOLD."
)
strawberry.enum(
    BadgeGroup, name="BadgeGroup", description="The shelf a badge is shown on (路线、活动、社区…)."
)
