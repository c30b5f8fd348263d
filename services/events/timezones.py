"""VTIMEZONE components in the form calendar apps read most reliably: one observance per
offset with a yearly RRULE (``BYMONTH=3;BYDAY=-1SU``), derived from the zone's transitions in
a given year (``zoneinfo`` data). ``icalendar`` writes zones as long RDATE lists, which some
readers (dateutil's ``tzical``, hence ``vobject``) apply wrongly. Zones without daylight
saving get a single STANDARD observance. A zone whose rules changed after that year is
described by that year's rules (the feed's window is months, not years)."""

from __future__ import annotations

import calendar as monthly
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@lru_cache(maxsize=128)
def _transitions(name: str, year: int) -> tuple[tuple[datetime, timedelta, timedelta, str], ...]:
    """(UTC instant, offset before, offset after, name after) of each change in ``year``."""
    zone = ZoneInfo(name)
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    found = []
    previous = moment.astimezone(zone).utcoffset()
    while moment < end:
        step = moment + timedelta(hours=1)
        offset = step.astimezone(zone).utcoffset()
        if offset != previous:
            found.append((step, previous, offset, step.astimezone(zone).tzname() or ""))
            previous = offset
        moment = step
    return tuple(found)  # type: ignore[arg-type]


def _byday(local: datetime) -> str:
    last = monthly.monthrange(local.year, local.month)[1]
    nth = -1 if local.day + 7 > last else (local.day - 1) // 7 + 1
    return f"{nth}{_DAYS[local.weekday()]}"


def vtimezone(name: str, year: int) -> Timezone:
    """The VTIMEZONE of IANA zone ``name`` with the rules of ``year``, valid from that year's
    first change on (pass the year before the earliest instant to describe)."""
    zone = ZoneInfo(name)
    component = Timezone()
    component.add("tzid", name)
    changes = _transitions(name, year)
    if not changes:
        reference = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", reference.utcoffset())
        standard.add("tzoffsetto", reference.utcoffset())
        standard.add("tzname", reference.tzname() or name)
        component.add_component(standard)
        return component
    for instant, before, after, label in changes:
        wall = (instant + before).replace(tzinfo=None)  # the local time the change happens at
        daylight = (instant.astimezone(zone).dst() or timedelta(0)) > timedelta(0)
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", wall)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        observance.add("tzname", label)
        observance.add("rrule", {"freq": "yearly", "bymonth": wall.month, "byday": _byday(wall)})
        component.add_component(observance)
    return component
