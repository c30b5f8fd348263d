"""Contribution: a second, non-spendable score for community work (organizing, accepted routes,
helpful posts, crew duty). It has its own entries and cached score and no path to redemption:
nothing in the ledger or the reward catalog reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from models.loyalty import ContributionEntry, ContributionScore
from services.core import clock
from services.core.actors import Actor, actor_id
from services.core.idempotency import check_key
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound


@dataclass(frozen=True)
class Contributed:
    entry: ContributionEntry
    replayed: bool


async def add_contribution(
    member_id: int, amount: int, *, reason: str, idempotency_key: str,
    source_ref: str | None = None, actor: Actor | None = None, now: datetime | None = None,
) -> Contributed:  # fmt: skip
    """Add ``amount`` (negative to correct, never below zero: INVALID_INPUT) to the member's
    contribution score. The entry's key is unique: a replay with the same arguments returns the
    first entry, with different ones IDEMPOTENCY_KEY_REUSED."""
    now = now or clock.now()
    key = check_key(idempotency_key, field=["idempotency_key"])
    if amount == 0:
        raise DomainError(ErrorCode.INVALID_INPUT, field="amount")
    async with in_transaction() as conn:
        db = Sql(conn)
        created = await db.rows(
            "INSERT INTO contribution_entries (member_id, amount, reason, source_ref, actor_id, "
            "idempotency_key, created_at) SELECT id, ?, ?, ?, ?, ?, {ts} FROM members "
            "WHERE id = ? ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            amount, reason, source_ref, actor_id(actor), key, now, member_id,
        )  # fmt: skip
        if created:
            await db.rows(
                "INSERT INTO contribution_scores (member_id, score) VALUES (?, 0) "
                "ON CONFLICT (member_id) DO NOTHING RETURNING id",
                member_id,
            )
            if not await db.run(
                "UPDATE contribution_scores SET score = score + ? "
                "WHERE member_id = ? AND score + ? >= 0",
                amount, member_id, amount,
            ):  # fmt: skip
                raise DomainError(ErrorCode.INVALID_INPUT, field="amount")
    if created:
        return Contributed(await ContributionEntry.get(id=created[0]["id"]), replayed=False)
    existing = await ContributionEntry.get_or_none(idempotency_key=key)
    if existing is None:
        raise NotFound(field="member_id")
    if (existing.member_id, existing.amount, existing.reason) != (member_id, amount, reason):
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, field="idempotency_key")
    return Contributed(existing, replayed=True)


async def contribution_score(member_id: int) -> int:
    row = await ContributionScore.get_or_none(member_id=member_id)
    return row.score if row else 0
