"""The dates and instants of a series' occurrences: an RFC 5545 RRULE (``python-dateutil``)
over local dates, minus its exceptions, each date turned into instants in the series' zone.

The rule counts days (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY; one occurrence a day at most), so
an occurrence is known by its local date, whatever time of day the series is moved to. The
time of day is wall-clock time in the zone: 10:00 in Europe/Berlin is 09:00 UTC in winter and
08:00 UTC in summer. A time that does not exist on a spring-forward day is read with the
offset before the change (02:30 becomes 03:30 summer time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

from services.errors import InvalidInput

#: RRULE parts the series itself sets (DTSTART from ``starts_on``, COUNT/UNTIL from their fields)
_OWN_PARTS = ("DTSTART", "COUNT", "UNTIL", "RRULE:")
_DAY_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_COUNT = 500
MAX_SPAN_DAYS = 3 * 366
RULE_MAX = 255


@dataclass(frozen=True)
class Recurrence:
    """What decides when occurrences fall."""

    rule: str
    starts_on: date
    count: int | None
    until: date | None
    exceptions: tuple[date, ...]

    def dates(self, through: date | None = None) -> list[date]:
        """Occurrence dates in order, up to ``through`` (all of them without it)."""
        found = []
        for moment in self._set():
            if through is not None and moment.date() > through:
                break
            found.append(moment.date())
        return found

    def any_after(self, day: date) -> bool:
        """Whether an occurrence falls after ``day``."""
        return self._set().after(datetime.combine(day, time(23, 59))) is not None

    def _set(self) -> rruleset:
        dtstart = datetime.combine(self.starts_on, time(0))
        bound = f";COUNT={self.count}" if self.count else f";UNTIL={self.until:%Y%m%d}T000000"
        rules = rruleset()
        rules.rrule(rrulestr(self.rule + bound, dtstart=dtstart))  # type: ignore[arg-type]
        for day in self.exceptions:
            rules.exdate(datetime.combine(day, time(0)))
        return rules


def check_rule(
    rule: str, *, starts_on: date, count: int | None, until: date | None, exceptions: list[str]
) -> Recurrence:
    """A ``Recurrence`` or INVALID_INPUT naming the field at fault: a parseable RRULE of days
    without DTSTART/COUNT/UNTIL (they have their own fields), exactly one of ``count`` (1-500)
    and ``until`` (after ``starts_on``, within three years), exceptions as ISO dates."""
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text or len(text) > RULE_MAX or any(part in text for part in _OWN_PARTS):
        raise InvalidInput(field="rule", message_key="series.rule")
    try:
        parsed = rrulestr(text, dtstart=datetime.combine(starts_on, time(0)))
    except (ValueError, TypeError) as exc:
        raise InvalidInput(field="rule", message_key="series.rule") from exc
    frequency = dict(part.split("=", 1) for part in text.split(";") if "=" in part).get("FREQ")
    if not isinstance(parsed, rrule) or frequency not in _DAY_FREQUENCIES:
        raise InvalidInput(field="rule", message_key="series.rule")
    if (count is None) == (until is None):
        raise InvalidInput(field="count", message_key="series.count_or_until")
    if count is not None and not 1 <= count <= MAX_COUNT:
        raise InvalidInput(field="count", message_key="series.count", max=MAX_COUNT)
    if until is not None and not starts_on <= until <= starts_on + timedelta(days=MAX_SPAN_DAYS):
        raise InvalidInput(field="until", message_key="series.until")
    try:
        skipped = tuple(sorted({date.fromisoformat(str(day)) for day in exceptions}))
    except ValueError as exc:
        raise InvalidInput(field="exceptions", message_key="series.exceptions") from exc
    return Recurrence(text, starts_on, count, until, skipped)


def check_time(value: str) -> time:
    """``HH:MM`` as a time of day, INVALID_INPUT (``start_time``) otherwise."""
    try:
        parsed = time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(field="start_time", message_key="series.start_time") from exc
    if len(value) != 5 or parsed.second or parsed.microsecond:
        raise InvalidInput(field="start_time", message_key="series.start_time")
    return parsed


def start_instant(day: date, start_time: str, zone: str) -> datetime:
    """The UTC instant an occurrence on local ``day`` starts at."""
    local = datetime.combine(day, time.fromisoformat(start_time), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)
