"""Event jobs: expiring waitlist offers (passing their seats on) and reminders before start."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from jobs.registry import job
from services.events.reminders import send_reminders
from services.events.waitlist import expire_offers as expire


@job(
    "events.expire_offers",
    "Cancel waitlist offers past their time and offer the seats to the next in line.",
    every=timedelta(minutes=1),
)
async def expire_offers(*, now: datetime | None = None) -> dict[str, Any]:
    return await expire(now=now)


@job(
    "events.send_reminders",
    "Remind confirmed participants 24 h and 2 h before their event starts (once each).",
    every=timedelta(minutes=5),
)
async def reminders(*, now: datetime | None = None) -> dict[str, Any]:
    return await send_reminders(now=now)
