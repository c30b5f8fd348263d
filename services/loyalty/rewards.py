"""Redeeming a reward for points: one coupon per successful request.

Stock, the per-member limit and the balance are each one conditional UPDATE in the redemption's
transaction (``stock > 0``, ``count < limit``, ``balance >= price``), so no concurrency can
oversell, exceed a limit or overdraw; any failure rolls back the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from models.loyalty import Coupon, EntryKind, Reward
from services.core import clock
from services.core.actors import Actor
from services.core.idempotency import check_key, claim, remember, request_hash
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound
from services.loyalty import accounts, lots
from services.loyalty.coupons import issue_coupon
from services.loyalty.entries import NewEntry, append

REDEEMED = "REWARD_REDEEMED"


@dataclass(frozen=True)
class Redeemed:
    coupon: Coupon
    replayed: bool


def check_window(reward: Reward, now: datetime) -> None:
    """NOT_AVAILABLE outside the reward's validity window or when withdrawn."""
    if (
        not reward.active
        or (reward.valid_from is not None and now < reward.valid_from)
        or (reward.valid_until is not None and now >= reward.valid_until)
    ):
        raise DomainError(ErrorCode.NOT_AVAILABLE, field="reward_id")


async def redeem_reward(
    *, actor: Actor, reward_id: int, idempotency_key: str, now: datetime | None = None
) -> Redeemed:
    """Spend the reward's points price from ``actor``'s balance (lots first to expire first)
    and issue a coupon. Refuses with NOT_FOUND, NOT_AVAILABLE (outside its window),
    TIER_TOO_LOW, OUT_OF_STOCK, LIMIT_REACHED or INSUFFICIENT_POINTS, changing nothing.
    Replaying ``idempotency_key`` (scoped to the member) returns the same coupon."""
    now = now or clock.now()
    member_id = int(actor.id)
    client_key = check_key(idempotency_key, field=["idempotency_key"])
    key = f"redeem:{member_id}:{client_key}"
    async with in_transaction() as conn:
        db = Sql(conn)
        replay = await claim(db, key, request_hash("redeem", m=member_id, r=reward_id))
        if replay is None:
            coupon_id = await _redeem(db, member_id, reward_id, key, now)
            await remember(db, key, {"coupon_id": coupon_id})
        else:
            coupon_id = int(replay["coupon_id"])
    return Redeemed(await Coupon.get(id=coupon_id), replayed=replay is not None)


async def _redeem(db: Sql, member_id: int, reward_id: int, key: str, now: datetime) -> int:
    reward = await Reward.filter(id=reward_id).using_db(db.conn).first()
    if reward is None:
        raise NotFound(field="reward_id")
    check_window(reward, now)
    if reward.stock is not None and reward.stock <= 0:  # fast path, the UPDATE below decides
        raise DomainError(ErrorCode.OUT_OF_STOCK, field="reward_id")
    rank = await db.scalar("SELECT rank FROM member_tiers WHERE member_id = ?", member_id)
    if int(rank or 0) < reward.min_tier_rank:
        raise DomainError(ErrorCode.TIER_TOO_LOW, field="reward_id")
    price = int(reward.points_price)
    if not await accounts.debit(db, member_id, price, now):
        raise DomainError(ErrorCode.INSUFFICIENT_POINTS, field="reward_id")
    if reward.per_member_limit is not None and not await db.rows(
        "INSERT INTO reward_claims (member_id, reward_id, count) VALUES (?, ?, 1) "
        "ON CONFLICT (member_id, reward_id) DO UPDATE SET count = reward_claims.count + 1 "
        "WHERE reward_claims.count < ? RETURNING count",
        member_id,
        reward_id,
        reward.per_member_limit,
    ):
        raise DomainError(ErrorCode.LIMIT_REACHED, field="reward_id")
    if reward.stock is not None and not await db.run(
        "UPDATE rewards SET stock = stock - 1 WHERE id = ? AND stock > 0", reward_id
    ):
        raise DomainError(ErrorCode.OUT_OF_STOCK, field="reward_id")
    await lots.consume(db, member_id, price)
    entry = NewEntry(member_id, EntryKind.REDEEM, REDEEMED, -price, key,
                     source_ref=f"reward:{reward_id}", actor_id=member_id)  # fmt: skip
    entry_id = await append(db, entry, now)
    return await issue_coupon(
        db, reward=reward, member_id=member_id, entry_id=entry_id, now=now,
        expires_at=now + timedelta(days=reward.coupon_days),
    )  # fmt: skip
