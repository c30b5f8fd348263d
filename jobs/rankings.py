"""Rankings jobs: the full rebuild, the incremental appliers, daily snapshots and season close."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from typing import Any

import structlog

from jobs.registry import Progress, job
from models.rankings import Metric
from services.rankings.incremental import (
    LIVE_INTERVAL_SECONDS,
    apply_for_live_boards,
    apply_new_entries,
)
from services.rankings.rebuild import rebuild_all
from services.rankings.seasons import close_previous_season
from services.rankings.snapshots import take_snapshot

log = structlog.get_logger("convoy.rankings")


@job(
    "rankings.rebuild",
    "Rebuild every leaderboard of the current periods from the database and swap it in.",
    every=timedelta(minutes=15),
    reports_progress=True,
)
async def rebuild(*, progress: Progress | None = None) -> dict[str, Any]:
    return await rebuild_all(progress=progress)


@job(
    "rankings.apply_entries",
    "Apply new points and contribution entries to the served leaderboards (once each).",
    every=timedelta(minutes=1),
)
async def apply_entries() -> dict[str, Any]:
    points = await apply_new_entries(Metric.POINTS_EARNED)
    contribution = await apply_new_entries(Metric.CONTRIBUTION)
    return {"points": points, "contribution": contribution}


async def run_live_rankings(*, interval: float = LIVE_INTERVAL_SECONDS) -> None:
    """Until cancelled (every worker runs it): keep the boards someone watches live within
    ``interval`` of their entries. Errors are logged, the next interval tries again."""
    while True:
        try:
            await apply_for_live_boards(interval=interval)
        except Exception:  # noqa: BLE001 - the database or Redis is away, try next interval
            log.exception("rankings.live_apply_failed")
        await asyncio.sleep(interval)


@job(
    "rankings.snapshot",
    "Snapshot every leaderboard's ranks (movement compares with the latest snapshot).",
    daily_at=time(0, 5),
)
async def snapshot(*, now: datetime | None = None) -> dict[str, Any]:
    return await take_snapshot(now=now)


@job(
    "rankings.close_season",
    "Close the previous season once: final ranks, top-N points awards, season badges.",
    daily_at=time(0, 20),
)
async def close_season(*, now: datetime | None = None) -> dict[str, Any]:
    return await close_previous_season(now=now)
