"""Badges: definitions as data (every version kept), the awards members hold, the members
touched by recent domain events that the next delta run looks at, the sweeps asked for and
where the engine's paged passes resume."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.members import Member


class BadgeTier(StrEnum):
    BRONZE = "BRONZE"
    SILVER = "SILVER"
    GOLD = "GOLD"


class BadgeGroup(StrEnum):
    ROUTES = "ROUTES"
    EVENTS = "EVENTS"
    COMMUNITY = "COMMUNITY"
    LOYALTY = "LOYALTY"
    MARKETPLACE = "MARKETPLACE"
    SEASON = "SEASON"


class Badge(Model):
    """A badge definition. ``criterion`` is a document of the criterion vocabulary
    (``services.badges.criteria``, docs/badges.md)."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    name_zh = fields.CharField(max_length=64)
    name_en = fields.CharField(max_length=64)
    description_zh = fields.CharField(max_length=500, default="")
    description_en = fields.CharField(max_length=500, default="")
    icon_url = fields.CharField(max_length=500, null=True)
    tier = fields.CharEnumField(BadgeTier, max_length=6, default=BadgeTier.BRONZE)
    group = fields.CharEnumField(BadgeGroup, max_length=12)
    repeatable = fields.BooleanField(default=False)
    enabled = fields.BooleanField(default=False)
    criterion: dict[str, Any] = fields.JSONField(default=dict)  # type: ignore[assignment]
    #: Bumped on every edit, each version's definition is kept in ``badge_versions``.
    version = fields.IntField(default=1)
    #: Members (not deleted) holding it, kept by the award engine after each run.
    holder_count = fields.IntField(default=0)
    #: ``holder_count`` as a percentage of all members whose account is not deleted.
    holder_pct = fields.FloatField(default=0.0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    awards: fields.ReverseRelation[MemberBadge]

    class Meta:
        table = "badges"


class BadgeVersion(Model):
    """One version of a badge's definition, written with it, so any past award can be traced
    to the rule that granted it (``MemberBadge.source_ref`` names the version)."""

    id = fields.BigIntField(primary_key=True)
    badge: fields.ForeignKeyRelation[Badge] = fields.ForeignKeyField(
        "models.Badge", related_name="versions", on_delete=fields.CASCADE
    )
    badge_id: int
    version = fields.IntField()
    #: Every editable field of the badge as it was in this version.
    definition: dict[str, Any] = fields.JSONField()  # type: ignore[assignment]
    #: The staff member who wrote this version (NULL for seeds and the system).
    edited_by_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "badge_versions"
        unique_together = (("badge", "version"),)


class MemberBadge(Model):
    """An award of a badge to a member. One-time badges have ``occurrence`` 1, a repeatable
    badge's occurrence k is awarded once its criterion is met k times. The unique key makes
    every award idempotent."""

    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="badges", on_delete=fields.CASCADE
    )
    member_id: int
    badge: fields.ForeignKeyRelation[Badge] = fields.ForeignKeyField(
        "models.Badge", related_name="awards", on_delete=fields.CASCADE
    )
    badge_id: int
    occurrence = fields.IntField(default=1)
    awarded_at = fields.DatetimeField()
    #: The definition that granted it, e.g. ``v3``.
    source_ref = fields.CharField(max_length=128, null=True)
    #: Set once the member was notified and earned the BADGE_AWARDED points, NULL rows are
    #: settled by the engine (a crash or a failed earn after the insert is retried).
    earned_at = fields.DatetimeField(null=True)

    class Meta:
        table = "member_badges"
        unique_together = (("member", "badge", "occurrence"),)
        indexes = [("member_id", "awarded_at"), ("badge_id", "awarded_at")]


class BadgeTouch(Model):
    """A member whose activity may have earned a badge (recorded by the outbox consumers). The
    delta run evaluates the members touched up to some id, then deletes those rows."""

    id = fields.BigIntField(primary_key=True)
    member_id = fields.BigIntField(db_index=True)
    #: The outbox topic that touched the member.
    topic = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "badge_touches"


class BadgeSweepRequest(Model):
    """A sweep over all members asked for by an outbox event (a badge enabled, a staff
    request), recorded in that event's transaction and run by the next ``badges.delta`` job
    outside any transaction, chunk by chunk. A run claims it until ``claimed_until`` so an
    overlapping run leaves it alone; a run that crashed leaves it claimed but not done, and a
    run after the claim lapsed sweeps again (adding nothing twice)."""

    id = fields.BigIntField(primary_key=True)
    #: The badges to sweep, NULL sweeps every enabled badge.
    badge_keys: list[str] | None = fields.JSONField(null=True)  # type: ignore[assignment]
    #: The outbox topic that asked for it.
    topic = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    claimed_until = fields.DatetimeField(null=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = "badge_sweep_requests"


class BadgeCursor(Model):
    """Where a paged pass of the engine resumes (the last id it saw), so rows that keep
    failing at the start of a table never starve the rows after them."""

    name = fields.CharField(max_length=64, primary_key=True)
    position = fields.BigIntField(default=0)

    class Meta:
        table = "badge_cursors"


#: Guards PostgreSQL enforces beside the services' validation, and the small index the
#: settlement sweep reads.
POSTGRES_DDL: list[str] = [
    "ALTER TABLE badges ADD CONSTRAINT badges_counts_nonnegative CHECK "
    "(holder_count >= 0 AND version >= 1)",
    "ALTER TABLE member_badges ADD CONSTRAINT member_badges_occurrence_positive CHECK "
    "(occurrence >= 1)",
    "CREATE INDEX IF NOT EXISTS member_badges_unsettled ON member_badges (id) "
    "WHERE earned_at IS NULL",
]

#: The settlement index on SQLite (partial indexes exist there too).
SQLITE_DDL: list[str] = [
    "CREATE INDEX IF NOT EXISTS member_badges_unsettled ON member_badges (id) "
    "WHERE earned_at IS NULL",
]
