"""Badge jobs: the delta run (with the sweeps asked for) every minute and the full sweep once
a day."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from jobs.registry import Progress, job
from services.badges import engine


@job(
    "badges.delta",
    "Run requested sweeps, award badges to members touched by recent activity, then notify "
    "and pay new awards.",
    every=timedelta(minutes=1),
)
async def delta() -> dict[str, Any]:
    # Sweeps first, so the awards of a badge just enabled are paid in the same run.
    swept = await engine.run_requested_sweeps()
    return {**swept, **await engine.run_delta()}


@job(
    "badges.sweep",
    "Evaluate every enabled badge over all members and refresh rarity (the delta job pays).",
    daily_at=time(2, 30),
    reports_progress=True,
)
async def sweep(*, progress: Progress | None = None) -> dict[str, Any]:
    return await engine.run_sweep(progress=progress)
