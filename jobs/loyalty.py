"""Loyalty jobs: expiry, expiry notices, tier evaluation and the ledger consistency check."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from jobs.registry import job
from runtime.metrics import LOYALTY_INCONSISTENCIES
from services.loyalty.consistency import check_ledger
from services.loyalty.expiry import expire_points as expire_lots
from services.loyalty.expiry import send_expiry_notices
from services.loyalty.tier_evaluation import evaluate_tiers as evaluate


@job("loyalty.expire_points", "Expire points past their date (FIFO by lot).", daily_at=time(0, 10))
async def expire_points(*, now: datetime | None = None) -> dict[str, Any]:
    return await expire_lots(now=now)


@job(
    "loyalty.expiry_notices",
    "Tell members about points expiring within the notice period (once per date).",
    daily_at=time(9, 0),
)
async def expiry_notices(*, now: datetime | None = None) -> dict[str, Any]:
    return await send_expiry_notices(now=now)


@job(
    "loyalty.evaluate_tiers",
    "Downgrade tiers after the grace period below the threshold, apply missed upgrades.",
    daily_at=time(1, 0),
)
async def evaluate_tiers(*, now: datetime | None = None) -> dict[str, Any]:
    return await evaluate(now=now)


@job(
    "loyalty.consistency",
    "Prove every points balance equals its ledger and lots (reports, never repairs).",
    daily_at=time(4, 30),
)
async def consistency() -> dict[str, Any]:
    report = await check_ledger()
    for check, count in report["mismatches"].items():
        LOYALTY_INCONSISTENCIES.labels(check).set(count)
    return {"accounts": report["accounts"], "mismatches": report["mismatches"]}
