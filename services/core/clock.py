"""The one clock: every "now" in the platform reads ``now()``, so tests move time in one place.

Local days are days in the platform's time zone (``PLATFORM_TIMEZONE``): daily caps, expiry
dates and notices count in them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import runtime

_frozen: datetime | None = None


def now() -> datetime:
    """The current instant, in UTC (or the moment a test froze the clock at)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Make ``now()`` answer ``at`` inside the block (for tests and replays)."""
    global _frozen
    previous, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


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
