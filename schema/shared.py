"""The fields that read the same for every reader, for the API's shared responses: a query made
only of these is answered once and shared for a few seconds. Declare a field here only when
nothing about it depends on who asks (no privacy decision, no viewer, no audit)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

#: ``condition(argument)`` -> whether the field reads the same for everyone with these
#: arguments; ``argument(name)`` is the argument's value as sent, or its variable's default
#: (an enum as its name; None when absent). Conditions should allow known values only.
Condition = Callable[[Callable[[str], Any]], bool]
#: (type name, field name) -> the field's condition, None when it always reads the same.
SharedFields = Mapping[tuple[str, str], Condition | None]


def _not_city(argument: Callable[[str], Any]) -> bool:
    """A CITY board shows a member only to readers who may see their city: only the scopes
    known to read the same for everyone are shared."""
    return argument("scope") in ("GLOBAL", "CIRCLE")


SHARED_FIELDS: SharedFields = {
    ("Query", "leaderboard"): _not_city,
    **{("LeaderboardConnection", name): None for name in ("periodKey", "edges", "pageInfo")},
    **{
        ("LeaderboardEdge", name): None
        for name in ("cursor", "rank", "score", "movement", "member")
    },
    # always shown, whatever the member's privacy settings and whoever reads
    **{
        ("Member", name): None for name in ("id", "handle", "displayName", "avatarUrl", "isDeleted")
    },
    **{
        ("PageInfo", name): None
        for name in ("hasNextPage", "hasPreviousPage", "startCursor", "endCursor")
    },
}
