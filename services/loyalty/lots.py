"""Lots: every credit entry is a lot with ``remaining`` points and an ``expires_at``.

Invariant, per member: the ``remaining`` of all lots adds up to ``balance + held``. Credits add
a lot with ``remaining = amount``; HOLD and RELEASE move points between balance and held and
leave lots alone; every debit that takes points away for good (REDEEM, CAPTURE, EXPIRE, a
negative ADJUST or REVERSE) consumes the same amount from the member's lots, first to expire
first (ties by id), in one set-based UPDATE in the same transaction as the balance update.
Callers hold the member's account row lock (``accounts``) so lots cannot change under them.
"""

from __future__ import annotations

from services.core.sql import Sql

#: ``need`` is a table of (member_id, amount) to consume, given by the caller.
_CONSUME = """
WITH need AS ({need}),
ranked AS MATERIALIZED (
    SELECT lot.id AS id, lot.remaining AS remaining, need.amount AS wanted,
           SUM(lot.remaining) OVER (
               PARTITION BY lot.member_id ORDER BY lot.expires_at, lot.id
           ) - lot.remaining AS taken_before
    FROM ledger_entries lot JOIN need ON need.member_id = lot.member_id
    WHERE lot.remaining > 0
)
UPDATE ledger_entries
SET remaining = ledger_entries.remaining
    - {{least}}(ranked.remaining, ranked.wanted - ranked.taken_before)
FROM ranked
WHERE ledger_entries.id = ranked.id AND ranked.taken_before < ranked.wanted
"""

_ONE = _CONSUME.format(need="SELECT CAST(? AS BIGINT) AS member_id, CAST(? AS BIGINT) AS amount")

#: The needs of a batch are the debit entries it just wrote.
_BATCH = _CONSUME.format(
    need="SELECT member_id, -SUM(amount) AS amount FROM ledger_entries "
    "WHERE id IN {ids} GROUP BY member_id"
)


async def consume(db: Sql, member_id: int, amount: int) -> None:
    """Consume ``amount`` from the member's lots, first to expire first."""
    await db.rows(_ONE, member_id, amount)


async def consume_for_entries(db: Sql, entry_ids: list[int]) -> None:
    """Consume, for every member at once, what the given debit entries took (used by the
    expiry job, whose entries each debit one member)."""
    if entry_ids:
        await db.rows(_BATCH, db.ids(entry_ids))
