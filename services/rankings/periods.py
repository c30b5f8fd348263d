"""Which week, month, season or all-time a moment falls in, in the platform zone, and the
instants each period starts and ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.rankings import Period
from services.core import clock


@dataclass(frozen=True)
class Window:
    """One period: its key and the UTC instants it covers, ``[start, end)`` (None: unbounded)."""

    period: Period
    key: str
    start: datetime | None
    end: datetime | None


def season_key(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def window(period: Period, at: datetime) -> Window:
    """The period of kind ``period`` that contains ``at``."""
    day = clock.local_date(at)
    if period == Period.ALL_TIME:
        return Window(period, "all", None, None)
    if period == Period.WEEK:
        year, week, weekday = day.isocalendar()
        first = day - timedelta(days=weekday - 1)
        return Window(period, f"{year}-W{week:02d}", *_bounds(first, first + timedelta(days=7)))
    if period == Period.MONTH:
        first = day.replace(day=1)
        return Window(period, f"{day.year}-{day.month:02d}", *_bounds(first, _next_month(first)))
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Window(period, season_key(day), *_bounds(first, _next_month(first, 3)))


def by_key(period: Period, key: str) -> Window:
    """The period named ``key`` (``2026-W48``, ``2026-11``, ``2026Q4`` or ``all``)."""
    if period == Period.ALL_TIME:
        return Window(period, "all", None, None)
    if period == Period.WEEK:
        first = date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
        return Window(period, key, *_bounds(first, first + timedelta(days=7)))
    if period == Period.MONTH:
        first = date(int(key[:4]), int(key[5:]), 1)
        return Window(period, key, *_bounds(first, _next_month(first)))
    return season(key)


def season(key: str) -> Window:
    """The season named ``key`` (``2026Q3``)."""
    year, quarter = int(key[:4]), int(key[5:])
    first = date(year, (quarter - 1) * 3 + 1, 1)
    return Window(Period.SEASON, key, *_bounds(first, _next_month(first, 3)))


def previous_season(at: datetime) -> Window:
    current = window(Period.SEASON, at)
    assert current.start is not None
    return window(Period.SEASON, current.start - timedelta(seconds=1))


def current_windows(at: datetime) -> list[Window]:
    return [window(period, at) for period in Period]


def _next_month(first: date, months: int = 1) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _bounds(first: date, after_last: date) -> tuple[datetime, datetime]:
    return clock.local_midnight(first), clock.local_midnight(after_last)
