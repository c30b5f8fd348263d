"""Rankings jobs: the full rebuild, the incremental appliers, daily snapshots and season close."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from jobs.registry import Progress, job
from models.rankings import Metric
from services.rankings.incremental import apply_new_entries
from services.rankings.rebuild import rebuild_all
from services.rankings.seasons import close_previous_season
from services.rankings.snapshots import take_snapshot


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
