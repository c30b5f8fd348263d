"""Cached balances: every change is one conditional UPDATE of the member's ``points_accounts`` row.

A debit names its condition (``balance >= x``, ``held >= x``) in the UPDATE itself and reports
whether a row changed, so no balance or held amount can go negative whatever the concurrency
(and the check constraints refuse it too). The UPDATE also takes the row lock that serialises
every ledger write of that member until the transaction ends: lots, holds and tier state of a
member are only written after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.core.sql import Sql


async def ensure(db: Sql, member_id: int, now: datetime) -> None:
    """Create the member's account row if missing (a no-op for unknown members)."""
    await db.rows(
        "INSERT INTO points_accounts (member_id, balance, held, lifetime_earned, updated_at) "
        "SELECT id, 0, 0, 0, {ts} FROM members WHERE id = ? "
        "ON CONFLICT (member_id) DO NOTHING RETURNING id",
        now,
        member_id,
    )


async def ensure_many(db: Sql, member_ids: Sequence[int], now: datetime) -> None:
    await db.rows(
        "INSERT INTO points_accounts (member_id, balance, held, lifetime_earned, updated_at) "
        "SELECT id, 0, 0, 0, {ts} FROM members WHERE id IN {ids} "
        "ON CONFLICT (member_id) DO NOTHING RETURNING id",
        now,
        db.ids(member_ids),
    )


async def lock_many(db: Sql, member_ids: Sequence[int]) -> None:
    """Lock several accounts in member order, so that transactions touching many accounts
    cannot deadlock each other (SQLite runs one transaction at a time already)."""
    if db.postgres and member_ids:
        await db.rows(
            "SELECT member_id FROM points_accounts WHERE member_id IN {ids} "
            "ORDER BY member_id {lock}",
            db.ids(member_ids),
        )


async def credit(db: Sql, member_id: int, amount: int, now: datetime, *, earned: bool) -> bool:
    """Add ``amount`` to the balance (and to lifetime earnings when ``earned``), creating the
    account on the member's first credit. False for an unknown member."""
    for _ in range(2):
        changed = await db.run(
            "UPDATE points_accounts SET balance = balance + ?, "
            "lifetime_earned = lifetime_earned + ?, updated_at = {ts} WHERE member_id = ?",
            amount,
            amount if earned else 0,
            now,
            member_id,
        )
        if changed == 1:
            return True
        await ensure(db, member_id, now)
    return False


async def debit(db: Sql, member_id: int, amount: int, now: datetime) -> bool:
    """Take ``amount`` from the balance if it is there."""
    changed = await db.run(
        "UPDATE points_accounts SET balance = balance - ?, updated_at = {ts} "
        "WHERE member_id = ? AND balance >= ?",
        amount,
        now,
        member_id,
        amount,
    )
    return changed == 1


async def reserve(db: Sql, member_id: int, amount: int, now: datetime) -> bool:
    """Move ``amount`` from the balance to held if the balance has it."""
    changed = await db.run(
        "UPDATE points_accounts SET balance = balance - ?, held = held + ?, updated_at = {ts} "
        "WHERE member_id = ? AND balance >= ?",
        amount,
        amount,
        now,
        member_id,
        amount,
    )
    return changed == 1


async def unreserve(db: Sql, member_id: int, amount: int, now: datetime, *, spend: bool) -> bool:
    """Take ``amount`` off held: spent (capture) or back to the balance (release)."""
    changed = await db.run(
        "UPDATE points_accounts SET held = held - ?, balance = balance + ?, updated_at = {ts} "
        "WHERE member_id = ? AND held >= ?",
        amount,
        0 if spend else amount,
        now,
        member_id,
        amount,
    )
    return changed == 1
