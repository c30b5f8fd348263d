"""Time in the loyalty domain: UTC instants, local days in the platform zone, lot lifetimes."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.loyalty import CapPeriod
from services import runtime


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone() -> ZoneInfo:
    return ZoneInfo(runtime.settings().platform_timezone)


def local_date(at: datetime) -> date:
    return at.astimezone(zone()).date()


def local_midnight(day: date) -> datetime:
    """The instant a local day starts, in UTC."""
    return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def lot_expiry(earned_at: datetime) -> datetime:
    """When points earned at ``earned_at`` expire: the end of the local day one lifetime later
    (so lots earned on the same day expire together and a notice can name one date)."""
    months = runtime.settings().points_lifetime_months
    last_day = add_months(local_date(earned_at), months)
    return local_midnight(last_day + timedelta(days=1))


def expiry_date(expires_at: datetime) -> date:
    """The last local day on which a lot expiring at ``expires_at`` can still be spent."""
    return local_date(expires_at - timedelta(microseconds=1))


def qualifying_since(now: datetime) -> datetime:
    """Start of the rolling 12-month window that qualifying points are counted in."""
    utc = now.astimezone(UTC)
    return datetime.combine(add_months(utc.date(), -12), utc.timetz())


def period_key(period: CapPeriod, at: datetime) -> str:
    """The local period ``at`` falls in, e.g. ``2026-11-23``, ``2026-W47`` or ``2026-11``."""
    day = local_date(at)
    if period == CapPeriod.DAY:
        return day.isoformat()
    if period == CapPeriod.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"
