"""The badge enums: the model enums themselves, registered as GraphQL enums
(``strawberry.enum`` marks the class it is given). Fields and arguments import them from here,
so the registration has run wherever they are used."""

from __future__ import annotations

import strawberry

from models.badges import BadgeGroup, BadgeTier
from schema.core.enums import describe_values

__all__ = ["BadgeGroup", "BadgeTier"]

strawberry.enum(
    BadgeTier, name="BadgeTier", description="How hard a badge is to earn: BRONZE, SILVER, GOLD."
)
describe_values(
    BadgeTier,
    {
        "BRONZE": "The easiest to earn.",
        "SILVER": "Harder to earn.",
        "GOLD": "The hardest to earn.",
    },
)
strawberry.enum(
    BadgeGroup, name="BadgeGroup", description="The shelf a badge is shown on (路线、活动、社区…)."
)
describe_values(
    BadgeGroup,
    {
        "ROUTES": "Routes conquered (路线).",
        "EVENTS": "Events taken part in (活动).",
        "COMMUNITY": "Circles, posts and routes shared (社区).",
        "LOYALTY": "Points and tiers (积分).",
        "MARKETPLACE": "Verified parts (配件).",
        "SEASON": "Season rankings (赛季).",
    },
)
