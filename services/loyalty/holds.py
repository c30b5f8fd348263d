"""Settling holds: a HELD hold becomes CAPTURED or RELEASED exactly once.

The status change is a conditional UPDATE (``WHERE status = 'HELD'``), so of two concurrent
settlements only one moves points; the other sees the settled hold and replays (same way) or
gets ALREADY_DONE (the other way).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from models.loyalty import EntryKind, HoldStatus, PointsHold
from services.core.actors import Actor, actor_id
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound
from services.loyalty import accounts, lots
from services.loyalty.entries import NewEntry, append
from services.loyalty.results import HoldOutcome


async def settle(
    hold: int | str, *, capture: bool, actor: Actor | None, now: datetime
) -> HoldOutcome:
    target = HoldStatus.CAPTURED if capture else HoldStatus.RELEASED
    found = await (
        PointsHold.get_or_none(id=hold) if isinstance(hold, int)
        else PointsHold.get_or_none(idempotency_key=hold)
    )  # fmt: skip
    if found is None:
        raise NotFound(field="hold")
    async with in_transaction() as conn:
        db = Sql(conn)
        claimed = await db.rows(
            "UPDATE points_holds SET status = ?, settled_at = {ts} "
            "WHERE id = ? AND status = 'HELD' RETURNING member_id, amount",
            target.value,
            now,
            found.id,
        )
        if claimed:
            member_id, amount = int(claimed[0]["member_id"]), int(claimed[0]["amount"])
            if not await accounts.unreserve(db, member_id, amount, now, spend=capture):
                raise DomainError(ErrorCode.CONFLICT)  # held < hold: the invariant is broken
            if capture:
                await lots.consume(db, member_id, amount)
            entry = NewEntry(
                member_id, EntryKind.CAPTURE if capture else EntryKind.RELEASE, found.reason,
                0 if capture else amount, f"{target.value.lower()}:{found.id}",
                held_delta=-amount, source_ref=found.source_ref, actor_id=actor_id(actor),
            )  # fmt: skip
            entry_id = await append(db, entry, now)
            await db.run(
                "UPDATE points_holds SET settle_entry_id = ? WHERE id = ?", entry_id, found.id
            )
    settled = await PointsHold.get(id=found.id)
    if not claimed and settled.status != target:
        raise DomainError(ErrorCode.ALREADY_DONE, field="hold")
    return HoldOutcome(settled, replayed=not claimed)
