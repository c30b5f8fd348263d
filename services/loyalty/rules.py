"""Earning rules as data: which reasons earn, how much, how often and when.

A cap ("at most N earns per local day/week/month") is enforced by one conditional upsert of the
member's counter row for that period, so concurrent earns cannot exceed it.
"""

from __future__ import annotations

from datetime import datetime

from models.loyalty import EarningRule
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.loyalty.dates import period_key


async def applicable_rule(db: Sql, reason: str, now: datetime) -> EarningRule:
    """The enabled rule for ``reason`` active at ``now``, or NOT_AVAILABLE."""
    rule = await EarningRule.filter(reason=reason, enabled=True).using_db(db.conn).first()
    if (
        rule is None
        or (rule.active_from is not None and now < rule.active_from)
        or (rule.active_until is not None and now >= rule.active_until)
        or (rule.cap_count is not None and rule.cap_count < 1)
    ):
        raise DomainError(ErrorCode.NOT_AVAILABLE, field="reason")
    return rule


def points_for(rule: EarningRule, base: int, multiplier_pct: int) -> int:
    """Points credited for ``base`` points under ``rule`` (multipliers round down)."""
    return base * multiplier_pct // 100 if rule.tier_multiplier else base


async def count_against_cap(db: Sql, member_id: int, rule: EarningRule, now: datetime) -> None:
    """Count one earn in the rule's current period, or LIMIT_REACHED when the cap is full."""
    if rule.cap_count is None or rule.cap_period is None:
        return
    counted = await db.rows(
        "INSERT INTO earn_counters (member_id, reason, period, count) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (member_id, reason, period) DO UPDATE SET count = earn_counters.count + 1 "
        "WHERE earn_counters.count < ? RETURNING count",
        member_id,
        rule.reason,
        period_key(rule.cap_period, now),
        rule.cap_count,
    )
    if not counted:
        raise DomainError(ErrorCode.LIMIT_REACHED, field="reason")
