"""The leaderboard enums: the model enums themselves, registered as GraphQL enums
(``strawberry.enum`` marks the class it is given). Fields and arguments import them from here,
so the registration has run wherever they are used."""

from __future__ import annotations

import strawberry

from models.rankings import Metric, Period, Scope
from schema.core.enums import describe_values

__all__ = ["Metric", "Period", "Scope"]

strawberry.enum(
    Metric,
    name="LeaderboardMetric",
    description="What a board ranks by, within its period: POINTS_EARNED (points earned), "
    "EVENTS_COMPLETED (events completed) or CONTRIBUTION (contribution gained).",
)
describe_values(
    Metric,
    {
        "POINTS_EARNED": "Points earned in the period.",
        "EVENTS_COMPLETED": "Events completed in the period.",
        "CONTRIBUTION": "Contribution gained in the period.",
    },
)
strawberry.enum(
    Scope,
    name="LeaderboardScope",
    description="Who is on a board: GLOBAL (every member), CIRCLE (the circle's active "
    "members; scopeId is the circle's global ID) or CITY (members of a city; scopeId is the "
    "city name).",
)
describe_values(
    Scope,
    {
        "GLOBAL": "Every member.",
        "CIRCLE": "A circle's active members (scopeId: the circle's numeric id).",
        "CITY": "Members of a city (scopeId: the city name).",
    },
)
strawberry.enum(
    Period,
    name="LeaderboardPeriod",
    description="Which entries count, in platform time: the current ISO WEEK, calendar MONTH, "
    "SEASON (quarter), or ALL_TIME.",
)
describe_values(
    Period,
    {
        "WEEK": "The current ISO week.",
        "MONTH": "The current calendar month.",
        "SEASON": "The current season (quarter).",
        "ALL_TIME": "Everything ever.",
    },
)
