"""Loyalty: the points ledger and its lots, holds, earning rules, tiers, rewards and coupons,
and the non-spendable contribution score.

Amounts are integer points. The invariants (balance and held never negative, one effect per
idempotency key, no oversold stock) are carried by unique keys here, by the check constraints in
``POSTGRES_DDL`` / triggers in ``SQLITE_DDL`` and by the conditional updates in
``services.loyalty``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.members import Member


class EntryKind(StrEnum):
    EARN = "EARN"
    REDEEM = "REDEEM"
    HOLD = "HOLD"
    RELEASE = "RELEASE"
    CAPTURE = "CAPTURE"
    EXPIRE = "EXPIRE"
    REVERSE = "REVERSE"
    ADJUST = "ADJUST"


class HoldStatus(StrEnum):
    HELD = "HELD"
    CAPTURED = "CAPTURED"
    RELEASED = "RELEASED"


class CapPeriod(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


class RewardKind(StrEnum):
    WASH = "WASH"
    SERVICE_BOOKING = "SERVICE_BOOKING"
    MERCHANDISE = "MERCHANDISE"
    EVENT_TICKET = "EVENT_TICKET"
    MARKETPLACE_DISCOUNT = "MARKETPLACE_DISCOUNT"


class CouponStatus(StrEnum):
    ISSUED = "ISSUED"
    USED = "USED"


class PointsAccount(Model):
    """Cached totals of one member's ledger (the ledger is the truth, the consistency job
    proves they agree)."""

    id = fields.BigIntField(primary_key=True)
    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "models.Member", related_name="points_account", on_delete=fields.RESTRICT
    )
    #: Spendable points (sum of entry amounts).
    balance = fields.BigIntField(default=0)
    #: Points reserved by open holds (sum of entry held deltas).
    held = fields.BigIntField(default=0)
    #: Every point ever earned (EARN entries), never decreases.
    lifetime_earned = fields.BigIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "points_accounts"


class LedgerEntry(Model):
    """One immutable change of a member's points. A credit is also a lot: it carries
    ``remaining`` and ``expires_at`` and debits consume lots first-to-expire-first."""

    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="ledger_entries", on_delete=fields.RESTRICT
    )
    member_id: int
    kind = fields.CharEnumField(EntryKind, max_length=8)
    #: Reason code such as ``DAILY_CHECKIN``, ``EVENT_COMPLETED`` or ``MANUAL``.
    reason = fields.CharField(max_length=40)
    #: Change of the spendable balance (negative for debits and holds).
    amount = fields.BigIntField()
    #: Change of the held amount (HOLD adds, CAPTURE and RELEASE take away).
    held_delta = fields.BigIntField(default=0)
    #: Points of this lot not yet spent or expired (NULL for entries that are not lots).
    remaining = fields.BigIntField(null=True)
    expires_at = fields.DatetimeField(null=True)
    #: Counts towards tier qualifying points (earned points and their reversals).
    qualifies = fields.BooleanField(default=False)
    #: What caused the entry, e.g. ``event:12`` or ``reward:3``.
    source_ref = fields.CharField(max_length=128, null=True, db_index=True)
    #: The member who acted (NULL for the system).
    actor_id = fields.BigIntField(null=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    #: Staff's free-text reason for adjustments and grants.
    note = fields.CharField(max_length=500, null=True)
    #: The entry this one reverses.
    reverses_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "ledger_entries"
        indexes = [("member_id", "id"), ("member_id", "expires_at"), ("expires_at",)]


class PointsHold(Model):
    """Points reserved for a pending payment, later captured (spent) or released."""

    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="points_holds", on_delete=fields.RESTRICT
    )
    member_id: int
    amount = fields.BigIntField()
    status = fields.CharEnumField(HoldStatus, max_length=8, default=HoldStatus.HELD)
    reason = fields.CharField(max_length=40)
    source_ref = fields.CharField(max_length=128, null=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    hold_entry_id = fields.BigIntField()
    #: The CAPTURE or RELEASE entry once settled.
    settle_entry_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField()
    settled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "points_holds"
        indexes = [("member_id", "status")]


class IdempotencyRecord(Model):
    """The first outcome of a keyed request, replayed to retries with the same arguments."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    #: SHA-256 of the operation name and its canonical arguments.
    request_hash = fields.CharField(max_length=64)
    result: dict[str, Any] | None = fields.JSONField(null=True)  # type: ignore[assignment]
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_records"


class EarningRule(Model):
    """How many points a reason earns, how often, and when the rule applies."""

    id = fields.IntField(primary_key=True)
    reason = fields.CharField(max_length=40, unique=True)
    name_zh = fields.CharField(max_length=64)
    name_en = fields.CharField(max_length=64)
    base_points = fields.IntField()
    #: At most this many earns per member per ``cap_period`` (NULL for no cap).
    cap_count = fields.IntField(null=True)
    cap_period = fields.CharEnumField(CapPeriod, max_length=5, null=True)
    active_from = fields.DatetimeField(null=True)
    active_until = fields.DatetimeField(null=True)
    #: Whether the member's tier earn multiplier applies.
    tier_multiplier = fields.BooleanField(default=True)
    enabled = fields.BooleanField(default=True)

    class Meta:
        table = "earning_rules"


class EarnCounter(Model):
    """Earns of one reason by one member in one period, the row that enforces the cap."""

    id = fields.BigIntField(primary_key=True)
    member_id = fields.BigIntField()
    reason = fields.CharField(max_length=40)
    #: Local period key such as ``2026-11-23``, ``2026-W47`` or ``2026-11``.
    period = fields.CharField(max_length=10)
    count = fields.IntField(default=0)

    class Meta:
        table = "earn_counters"
        unique_together = (("member_id", "reason", "period"),)


class Tier(Model):
    """A tier and its benefits, by qualifying points earned in a rolling 12 months."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=16, unique=True)
    #: 0 for STANDARD, higher is better.
    rank = fields.SmallIntField(unique=True)
    name_zh = fields.CharField(max_length=32)
    name_en = fields.CharField(max_length=32)
    threshold = fields.BigIntField()
    #: Earn multiplier in percent (150 means 1.5 points per base point).
    earn_multiplier_pct = fields.IntField(default=100)
    early_signup_hours = fields.IntField(default=0)
    marketplace_discount_pct = fields.IntField(default=0)
    free_services_per_quarter = fields.IntField(default=0)

    class Meta:
        table = "tiers"


class MemberTier(Model):
    """A member's current tier (no row means STANDARD)."""

    id = fields.BigIntField(primary_key=True)
    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "models.Member", related_name="tier_state", on_delete=fields.CASCADE
    )
    tier_key = fields.CharField(max_length=16)
    rank = fields.SmallIntField()
    since = fields.DatetimeField()
    #: When qualifying points first fell below the current tier (the grace period start).
    below_since = fields.DatetimeField(null=True)

    class Meta:
        table = "member_tiers"


class TierChange(Model):
    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="tier_changes", on_delete=fields.CASCADE
    )
    from_key = fields.CharField(max_length=16)
    to_key = fields.CharField(max_length=16)
    qualifying_points = fields.BigIntField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "tier_history"
        indexes = [("member_id", "id")]


class Reward(Model):
    """A catalog item members redeem points for."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharEnumField(RewardKind, max_length=20)
    name_zh = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)
    description_zh = fields.CharField(max_length=500, default="")
    description_en = fields.CharField(max_length=500, default="")
    points_price = fields.BigIntField()
    #: Coupons left to issue (NULL for unlimited).
    stock = fields.IntField(null=True)
    #: Coupons one member may hold of this reward in total (NULL for no limit).
    per_member_limit = fields.IntField(null=True)
    min_tier_rank = fields.SmallIntField(default=0)
    valid_from = fields.DatetimeField(null=True)
    valid_until = fields.DatetimeField(null=True)
    #: Days an issued coupon stays usable.
    coupon_days = fields.IntField(default=90)
    #: Only staff of this dealer may verify its coupons (NULL for any dealer).
    dealer_code = fields.CharField(max_length=32, null=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "rewards"
        indexes = [("points_price", "id")]


class RewardClaim(Model):
    """How many coupons of a reward a member was issued, the row that enforces the limit."""

    id = fields.BigIntField(primary_key=True)
    member_id = fields.BigIntField()
    reward_id = fields.BigIntField()
    count = fields.IntField(default=0)

    class Meta:
        table = "reward_claims"
        unique_together = (("member_id", "reward_id"),)


class Coupon(Model):
    id = fields.BigIntField(primary_key=True)
    #: Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L).
    code = fields.CharField(max_length=16, unique=True)
    reward: fields.ForeignKeyRelation[Reward] = fields.ForeignKeyField(
        "models.Reward", related_name="coupons", on_delete=fields.RESTRICT
    )
    reward_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="coupons", on_delete=fields.RESTRICT
    )
    member_id: int
    status = fields.CharEnumField(CouponStatus, max_length=8, default=CouponStatus.ISSUED)
    points_spent = fields.BigIntField()
    ledger_entry_id = fields.BigIntField()
    dealer_code = fields.CharField(max_length=32, null=True)
    issued_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    #: The dealer staff member who verified it.
    verified_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "coupons"
        indexes = [("member_id", "id")]


class DealerStaff(Model):
    """Which dealer a member with the dealer role works for (scopes coupon verification)."""

    id = fields.BigIntField(primary_key=True)
    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "models.Member", related_name="dealer_staff", on_delete=fields.CASCADE
    )
    dealer_code = fields.CharField(max_length=32)

    class Meta:
        table = "dealer_staff"


class ContributionEntry(Model):
    """One change of the non-spendable contribution score."""

    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="contribution_entries", on_delete=fields.RESTRICT
    )
    member_id: int
    amount = fields.BigIntField()
    reason = fields.CharField(max_length=40)
    source_ref = fields.CharField(max_length=128, null=True)
    actor_id = fields.BigIntField(null=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "contribution_entries"
        indexes = [("member_id", "id")]


class ContributionScore(Model):
    id = fields.BigIntField(primary_key=True)
    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "models.Member", related_name="contribution_score", on_delete=fields.RESTRICT
    )
    score = fields.BigIntField(default=0)

    class Meta:
        table = "contribution_scores"


#: Constraints the model layer cannot express, added by the migration on PostgreSQL.
POSTGRES_DDL: list[str] = [
    "ALTER TABLE points_accounts ADD CONSTRAINT points_accounts_balance_nonnegative "
    "CHECK (balance >= 0)",
    "ALTER TABLE points_accounts ADD CONSTRAINT points_accounts_held_nonnegative CHECK (held >= 0)",
    "ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_lot_remaining "
    "CHECK (remaining IS NULL OR (remaining >= 0 AND remaining <= amount))",
    "ALTER TABLE rewards ADD CONSTRAINT rewards_stock_nonnegative "
    "CHECK (stock IS NULL OR stock >= 0)",
    "ALTER TABLE rewards ADD CONSTRAINT rewards_price_positive CHECK (points_price > 0)",
    "ALTER TABLE reward_claims ADD CONSTRAINT reward_claims_count_nonnegative CHECK (count >= 0)",
    "ALTER TABLE contribution_scores ADD CONSTRAINT contribution_scores_nonnegative "
    "CHECK (score >= 0)",
    "CREATE INDEX ledger_entries_open_lots ON ledger_entries (member_id, expires_at, id) "
    "WHERE remaining > 0",
]

#: The same guards for the embedded SQLite database (it cannot add constraints to a table).
SQLITE_DDL: list[str] = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_{column}_guard BEFORE UPDATE OF {column} ON {table} "
    f"WHEN NEW.{column} < 0 BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
    f"{table}.{column} >= 0'); END"
    for table, column in (
        ("points_accounts", "balance"),
        ("points_accounts", "held"),
        ("ledger_entries", "remaining"),
        ("rewards", "stock"),
        ("contribution_scores", "score"),
    )
]
