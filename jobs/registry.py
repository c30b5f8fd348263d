"""How a job is declared: its name, description and schedule, kept in ``JOBS``.

A job is a thin async function over services that returns a JSON-able summary. Register it with
``@job(...)`` in ``jobs/<domain>.py`` (and import that module in ``jobs.catalog``). The scheduler
claims each period of each scheduled job once in the database (``ScheduledRun``) and enqueues it;
``convoy run-job NAME`` runs one in-process.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

#: Called by long jobs as they go: ``progress(done, total)`` (total may be None).
Progress = Callable[[int, int | None], None]
JobFunc = Callable[..., Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Schedule:
    """Either every ``every`` (aligned to the epoch) or daily at ``at`` in the platform zone."""

    every: timedelta | None = None
    at: time | None = None

    def period(self, now: datetime, zone: str) -> str | None:
        """The period ``now`` falls in, once it is due (None before a daily job's time)."""
        if self.every is not None:
            seconds = int(self.every.total_seconds())
            start = int(now.timestamp()) // seconds * seconds
            return f"{start}"
        assert self.at is not None
        local = now.astimezone(ZoneInfo(zone))
        if local.time() < self.at:
            return None
        return local.date().isoformat()


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    func: JobFunc
    schedule: Schedule | None = None
    #: Whether ``func`` accepts a ``progress`` keyword.
    reports_progress: bool = False


#: Every declared job by name, filled as ``jobs.catalog`` imports the job modules.
JOBS: dict[str, Job] = {}


def job(
    name: str,
    description: str,
    *,
    every: timedelta | None = None,
    daily_at: time | None = None,
    reports_progress: bool = False,
) -> Callable[[JobFunc], JobFunc]:
    """Declare the decorated function as job ``name``, run every ``every`` or daily at
    ``daily_at`` (or only on demand when neither is given)."""
    schedule = Schedule(every=every, at=daily_at) if every or daily_at else None

    def register(func: JobFunc) -> JobFunc:
        if name in JOBS and JOBS[name].func is not func:
            raise ValueError(f"job {name!r} registered twice")
        JOBS[name] = Job(name, description, func, schedule, reports_progress)
        return func

    return register
