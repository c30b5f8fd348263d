"""Loyalty's calendar rules: lot lifetimes, expiry dates, the qualifying window, cap periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import runtime
from models.loyalty import CapPeriod
from services.core import clock


def lot_expiry(earned_at: datetime) -> datetime:
    """When points earned at ``earned_at`` expire: the end of the local day one lifetime later
    (so lots earned on the same day expire together and a notice can name one date)."""
    months = runtime.settings().points_lifetime_months
    last_day = clock.add_months(clock.local_date(earned_at), months)
    return clock.local_midnight(last_day + timedelta(days=1))


def expiry_date(expires_at: datetime) -> date:
    """The last local day on which a lot expiring at ``expires_at`` can still be spent."""
    return clock.local_date(expires_at - timedelta(microseconds=1))


def qualifying_since(now: datetime) -> datetime:
    """Start of the rolling 12-month window that qualifying points are counted in."""
    utc = now.astimezone(UTC)
    return datetime.combine(clock.add_months(utc.date(), -12), utc.timetz())


def period_key(period: CapPeriod, at: datetime) -> str:
    """The local period ``at`` falls in, e.g. ``2026-11-23``, ``2026-W47`` or ``2026-11``."""
    day = clock.local_date(at)
    if period == CapPeriod.DAY:
        return day.isoformat()
    if period == CapPeriod.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"
