"""Tiers by qualifying points (earned in a rolling 12 months, not the balance) and their
benefits, which other domains read through ``benefits_for`` / ``benefits_for_many``.

Upgrades happen inside the transaction of the earn that crosses a threshold; downgrades only in
the evaluation job (``tier_evaluation``). Tier state is written only while the member's account
row is locked (see ``accounts``), so two writers never race on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.loyalty import MemberTier, Tier
from models.notifications import Notification
from services import notifications
from services.core.sql import Sql
from services.loyalty.dates import qualifying_since
from services.loyalty.seed import DEFAULT_TIERS

TIER_CHANGED = "TIER_CHANGED"
#: Rows per multi-row INSERT.
_CHUNK = 200


@dataclass(frozen=True)
class TierBenefits:
    tier_key: str
    rank: int
    name_zh: str
    name_en: str
    earn_multiplier_pct: int
    early_signup_hours: int
    marketplace_discount_pct: int
    free_services_per_quarter: int

    @classmethod
    def of(cls, tier: Tier) -> TierBenefits:
        return cls(
            tier_key=tier.key,
            rank=tier.rank,
            name_zh=tier.name_zh,
            name_en=tier.name_en,
            earn_multiplier_pct=tier.earn_multiplier_pct,
            early_signup_hours=tier.early_signup_hours,
            marketplace_discount_pct=tier.marketplace_discount_pct,
            free_services_per_quarter=tier.free_services_per_quarter,
        )


@dataclass(frozen=True)
class TierStanding:
    """Where a member stands: their tier row (if any) and qualifying points."""

    member_id: int
    qualifying: int
    current_rank: int
    current_key: str
    below_since: Any


@dataclass(frozen=True)
class TierMove:
    member_id: int
    from_key: str
    to_key: str
    to_rank: int
    qualifying: int


async def tier_table(db: Sql | None = None) -> list[Tier]:
    """All tiers by rank (the built-in defaults when the table is empty)."""
    query = Tier.all().order_by("rank")
    rows = list(await (query.using_db(db.conn) if db else query))
    if rows:
        return rows
    return [
        Tier(key=k, rank=r, name_zh=zh, name_en=en, threshold=t, earn_multiplier_pct=m,
             early_signup_hours=h, marketplace_discount_pct=d, free_services_per_quarter=s)
        for k, r, zh, en, t, m, h, d, s in DEFAULT_TIERS
    ]  # fmt: skip


def eligible(tiers: Sequence[Tier], qualifying: int) -> Tier:
    """The highest tier whose threshold ``qualifying`` points reach."""
    best = tiers[0]
    for tier in tiers:
        if tier.threshold <= qualifying:
            best = tier
    return best


async def multiplier_pct(db: Sql, member_id: int) -> int:
    pct = await db.scalar(
        "SELECT t.earn_multiplier_pct FROM tiers t WHERE t.rank = "
        "COALESCE((SELECT rank FROM member_tiers WHERE member_id = ?), 0)",
        member_id,
    )
    return int(pct) if pct is not None else 100


_STANDINGS = """
SELECT m.id AS member_id, COALESCE(mt.rank, 0) AS current_rank,
       COALESCE(mt.tier_key, 'STANDARD') AS current_key, mt.below_since AS below_since,
       COALESCE((SELECT SUM(e.amount) FROM ledger_entries e
                 WHERE e.member_id = m.id AND e.qualifies AND e.created_at >= {ts}), 0)
           AS qualifying
FROM members m LEFT JOIN member_tiers mt ON mt.member_id = m.id
WHERE m.id IN {ids}
"""

#: Members whose qualifying points reach a tier above their current one, with that tier.
_UPGRADES = f"""
SELECT s.member_id AS member_id, s.current_key AS current_key, s.qualifying AS qualifying,
       t."key" AS to_key, t.rank AS to_rank
FROM ({_STANDINGS}) s
JOIN tiers t ON t.rank = (SELECT MAX(x.rank) FROM tiers x WHERE x.threshold <= s.qualifying)
WHERE t.rank > s.current_rank
"""


async def standings(db: Sql, member_ids: Sequence[int], now: datetime) -> list[TierStanding]:
    """Qualifying points and current tier of each member, in one statement."""
    rows = await db.rows(_STANDINGS + " ORDER BY m.id", qualifying_since(now), db.ids(member_ids))
    return [
        TierStanding(
            member_id=int(row["member_id"]),
            qualifying=int(row["qualifying"]),
            current_rank=int(row["current_rank"]),
            current_key=str(row["current_key"]),
            below_since=row["below_since"],
        )
        for row in rows
    ]


async def upgrade(db: Sql, member_ids: Sequence[int], now: datetime) -> list[Notification]:
    """Move every given member whose qualifying points crossed a higher threshold up to that
    tier (one statement finds them), with history rows and TIER_CHANGED notices. Returns the
    notices to publish after commit."""
    rows = await db.rows(_UPGRADES, qualifying_since(now), db.ids(member_ids))
    moves = [
        TierMove(int(row["member_id"]), str(row["current_key"]), str(row["to_key"]),
                 int(row["to_rank"]), int(row["qualifying"]))
        for row in rows
    ]  # fmt: skip
    return await apply_moves(db, moves, now) if moves else []


async def apply_moves(db: Sql, moves: Sequence[TierMove], now: datetime) -> list[Notification]:
    """Write tier changes set-based: history rows, the new tier state and one notice each."""
    for start in range(0, len(moves), _CHUNK):
        chunk = moves[start : start + _CHUNK]
        history: list[Any] = []
        state: list[Any] = []
        for move in chunk:
            history += [move.member_id, move.from_key, move.to_key, move.qualifying, now]
            state += [move.member_id, move.to_key, move.to_rank, now]
        await db.rows(
            "INSERT INTO tier_history (member_id, from_key, to_key, qualifying_points, "
            "created_at) VALUES "
            + ", ".join(["(?, ?, ?, ?, {ts})"] * len(chunk))
            + " RETURNING id",
            *history,
        )
        await db.rows(
            "INSERT INTO member_tiers (member_id, tier_key, rank, since) VALUES "
            + ", ".join(["(?, ?, ?, {ts})"] * len(chunk))
            + " ON CONFLICT (member_id) DO UPDATE SET tier_key = excluded.tier_key, "
            "rank = excluded.rank, since = excluded.since, below_since = NULL RETURNING id",
            *state,
        )
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for move in moves:
        groups[(move.from_key, move.to_key)].append(move.member_id)
    sent: list[Notification] = []
    for (from_key, to_key), members in groups.items():
        payload = {"from": from_key, "to": to_key}
        sent += await notifications.notify_many(members, TIER_CHANGED, payload, using=db.conn)
    return sent


async def benefits_for_many(member_ids: Sequence[int]) -> dict[int, TierBenefits]:
    """Each member's tier benefits (STANDARD for members without a tier row), two queries."""
    tiers = {tier.rank: tier for tier in await tier_table()}
    states = await MemberTier.filter(member_id__in=list(member_ids)).values_list(
        "member_id", "rank"
    )
    rank_of = {int(member_id): int(rank) for member_id, rank in states}
    return {
        member_id: TierBenefits.of(tiers.get(rank_of.get(member_id, 0), tiers[min(tiers)]))
        for member_id in member_ids
    }


async def benefits_for(member_id: int) -> TierBenefits:
    """The member's current tier benefits (earn multiplier, early sign-up hours, marketplace
    discount, free services per quarter)."""
    return (await benefits_for_many([member_id]))[member_id]
