"""The periodic tier evaluation: downgrades only after a grace period below the threshold.

Per chunk of members above STANDARD (accounts locked in member order): qualifying points are
summed in one statement; a member who fell below their tier starts a grace period
(``below_since``), one back above it leaves it, and one still below after
``tier_downgrade_grace_days`` moves down to the tier their points reach. Missed upgrades are
applied too. Running the job twice in a day changes nothing more.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

import runtime
from services import notifications
from services.core import clock
from services.core.sql import Sql, as_datetime
from services.loyalty import accounts, tiers
from services.loyalty.batches import DEFAULT_CHUNK, member_chunks

_RANKED = "SELECT DISTINCT member_id FROM member_tiers WHERE rank > 0 AND member_id > ?"


async def evaluate_tiers(
    *, now: datetime | None = None, chunk: int = DEFAULT_CHUNK
) -> dict[str, Any]:
    """Evaluate every member above STANDARD. Returns how many were upgraded, downgraded, put
    into or taken out of a grace period."""
    now = now or clock.now()
    grace = timedelta(days=runtime.settings().tier_downgrade_grace_days)
    summary = {"evaluated": 0, "upgraded": 0, "downgraded": 0, "grace_started": 0, "recovered": 0}
    table = await tiers.tier_table()
    async for members in member_chunks(Sql(), _RANKED, size=chunk):
        async with in_transaction() as conn:
            db = Sql(conn)
            await accounts.lock_many(db, members)
            moves: list[tiers.TierMove] = []
            start_grace: list[int] = []
            recovered: list[int] = []
            for standing in await tiers.standings(db, members, now):
                target = tiers.eligible(table, standing.qualifying)
                move = tiers.TierMove(standing.member_id, standing.current_key, target.key,
                                      target.rank, standing.qualifying)  # fmt: skip
                if target.rank > standing.current_rank:
                    moves.append(move)
                    summary["upgraded"] += 1
                elif target.rank == standing.current_rank:
                    if standing.below_since is not None:
                        recovered.append(standing.member_id)
                elif standing.below_since is None:
                    start_grace.append(standing.member_id)
                elif as_datetime(standing.below_since) <= now - grace:
                    moves.append(move)
                    summary["downgraded"] += 1
            await _set_grace(db, start_grace, now)
            await _set_grace(db, recovered, None)
            notices = await tiers.apply_moves(db, moves, now)
        await notifications.publish_notifications(notices)
        summary["evaluated"] += len(members)
        summary["grace_started"] += len(start_grace)
        summary["recovered"] += len(recovered)
    return summary


async def _set_grace(db: Sql, member_ids: list[int], since: datetime | None) -> None:
    if member_ids:
        await db.run(
            "UPDATE member_tiers SET below_since = {ts} WHERE member_id IN {ids}",
            since,
            db.ids(member_ids),
        )
