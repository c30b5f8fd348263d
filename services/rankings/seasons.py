"""Closing a season (a quarter in the platform zone): its SEASON boards are frozen as final
snapshots, the top ranks of each GLOBAL and CITY board earn points, and the badge engine is
asked to award the ``season_rank`` badges.

Once, whatever the retries or concurrent closers: the first ``INSERT`` of the season's
``season_closes`` row wins the claim (the unique key stops every other), a claim whose closer
died is taken over after ``CLAIM_LEASE`` by a conditional UPDATE, and every step is
repeatable: the final ranks are frozen once (a takeover pays from the ranks the first closer
froze, never from data changed since), awards carry one idempotency key per season, board and
member, so a takeover pays no one twice.

An award that fails for a reason that may pass (the database, a bug) leaves the season
CLOSING: the next daily run takes it over and retries, and the keys make the repeats safe. A
refusal that will not pass by retrying (the SEASON_AWARD rule disabled, the member gone) is
logged as an error and counted in the summary, and the season is closed all the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from tortoise.transactions import in_transaction

import runtime
from models.rankings import Period, Scope
from services.core import clock
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.loyalty import ledger
from services.rankings import snapshots
from services.rankings.periods import Window, previous_season, season

log = structlog.get_logger("convoy.rankings")

#: A CLOSING claim older than this is taken to have died with its closer.
CLAIM_LEASE = timedelta(minutes=30)

#: Refusals of ``ledger.earn`` that a retry would meet again: the rule is off or capped, the
#: member is gone, the key was used with other arguments (the award settings changed).
PERMANENT_REFUSALS = frozenset({
    ErrorCode.NOT_AVAILABLE, ErrorCode.LIMIT_REACHED, ErrorCode.NOT_FOUND,
    ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.IDEMPOTENCY_KEY_EXPIRED, ErrorCode.INVALID_INPUT,
})  # fmt: skip


@dataclass
class Awards:
    """What paying a season's awards did: paid now, refused for good, failed (to retry)."""

    paid: int = 0
    refused: int = 0
    failed: int = 0


async def close_previous_season(*, now: datetime | None = None) -> dict[str, Any]:
    """Close the quarter before the current one, unless it already is (the daily job), and
    retry any older season still CLOSING (awards pending past the end of the next quarter)."""
    now = now or clock.now()
    key = previous_season(now).key
    result = await close_season(key, now=now)
    older = await Sql().rows(
        "SELECT season_key FROM season_closes WHERE status = 'CLOSING' AND season_key < ? "
        "ORDER BY season_key",
        key,
    )  # fmt: skip
    retried = [await close_season(row["season_key"], now=now) for row in older]
    return {**result, "retried": retried} if retried else result


async def close_season(season_key: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Close ``season_key`` (``2026Q3``) if nobody has or is. Refuses a season not yet over."""
    now = now or clock.now()
    win = season(season_key)
    assert win.end is not None
    if win.end > now:
        return {"season": season_key, "closed": False, "reason": "not over"}
    if not await _claim(season_key, now):
        return {"season": season_key, "closed": False, "reason": "already closed or closing"}
    final_rows = await _freeze(win, now)
    awards = await _award(win)
    summary = {
        "final_rows": final_rows, "awards": awards.paid, "refused": awards.refused,
        "failed": awards.failed,
    }  # fmt: skip
    if awards.failed:
        await Sql().run(
            "UPDATE season_closes SET summary = {json} WHERE season_key = ?",
            json.dumps(summary), season_key,
        )  # fmt: skip
        log.error("rankings.season_awards_pending", season=season_key, **summary)
        return {"season": season_key, "closed": False, "reason": "awards pending", **summary}
    await Sql().run(
        "UPDATE season_closes SET status = 'CLOSED', closed_at = {ts}, summary = {json} "
        "WHERE season_key = ?",
        now, json.dumps(summary), season_key,
    )  # fmt: skip
    badges = await _sweep_season_badges()
    log.info("rankings.season_closed", season=season_key, **summary)
    return {"season": season_key, "closed": True, **summary, "badges": badges}


async def _claim(season_key: str, now: datetime) -> bool:
    db = Sql()
    created = await db.rows(
        "INSERT INTO season_closes (season_key, status, claimed_at) VALUES (?, 'CLOSING', {ts}) "
        "ON CONFLICT (season_key) DO NOTHING RETURNING id",
        season_key, now,
    )  # fmt: skip
    if created:
        return True
    taken_over = await db.run(
        "UPDATE season_closes SET claimed_at = {ts} WHERE season_key = ? "
        "AND status = 'CLOSING' AND claimed_at < {ts}",
        now, season_key, now - CLAIM_LEASE,
    )  # fmt: skip
    return taken_over == 1


async def _freeze(win: Window, now: datetime) -> int:
    """Write the season's final snapshot rows from its boards as they are now, once: the
    closing row is marked frozen in the same transaction, by a conditional UPDATE that finds
    nothing to mark when an earlier closer froze the season (or final rows exist anyway), so
    a takeover pays from the ranks first frozen, not from cities or members changed since.
    Returns the season's final rows."""
    async with in_transaction() as conn:
        db = Sql(conn)
        first = await db.run(
            "UPDATE season_closes SET summary = {json} WHERE season_key = ? AND summary IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM leaderboard_snapshots WHERE final = TRUE "
            "AND period = ? AND period_key = ?)",
            json.dumps({"frozen_at": now.isoformat()}), win.key, Period.SEASON.value, win.key,
        )  # fmt: skip
        if first == 1:
            return await snapshots.write_snapshot([win], final=True, taken_at=now, using=conn)
    found = await Sql().scalar(
        "SELECT COUNT(*) AS n FROM leaderboard_snapshots WHERE final = TRUE AND period = ? "
        "AND period_key = ?",
        Period.SEASON.value, win.key,
    )  # fmt: skip
    return int(found or 0)


async def _award(win: Window) -> Awards:
    """Points for the top ranks of each GLOBAL and CITY board of the season. One failure
    does not stop the others: each is counted, and the caller decides on the season."""
    settings = runtime.settings()
    top, amounts = settings.season_award_top, settings.season_award_points
    awards = Awards()
    if top <= 0 or not amounts:
        return awards
    rows = await Sql().rows(
        "SELECT metric, scope, scope_id, member_id, rank FROM leaderboard_snapshots "
        "WHERE final = TRUE AND period = ? AND period_key = ? AND scope IN (?, ?) AND rank <= ? "
        "ORDER BY metric, scope, scope_id, rank, member_id",
        Period.SEASON.value, win.key, Scope.GLOBAL.value, Scope.CITY.value, top,
    )  # fmt: skip
    for row in rows:
        amount = amounts[min(int(row["rank"]), len(amounts)) - 1]
        key = (
            f"season:{win.key}:{row['metric']}:{row['scope']}:{row['scope_id']}:{row['member_id']}"
        )
        try:
            posted = await ledger.earn(
                int(row["member_id"]), "SEASON_AWARD", amount=amount, idempotency_key=key,
                source_ref=f"season:{win.key}",
            )  # fmt: skip
        except DomainError as error:
            if error.code in PERMANENT_REFUSALS:
                log.error("rankings.season_award_refused", key=key, code=error.code.value)
                awards.refused += 1
            else:
                log.error("rankings.season_award_failed", key=key, code=error.code.value)
                awards.failed += 1
            continue
        except Exception:  # noqa: BLE001 - counted and retried by the next run
            log.exception("rankings.season_award_failed", key=key)
            awards.failed += 1
            continue
        awards.paid += 0 if posted.replayed else 1
    return awards


async def _sweep_season_badges() -> dict[str, Any] | None:
    """Let the badge engine award ``season_rank`` badges from the final snapshots."""
    try:
        from services.badges.engine import run_sweep
    except ImportError:
        log.warning("rankings.badge_engine_missing")
        return None
    return await run_sweep(criterion_types={"season_rank"})
