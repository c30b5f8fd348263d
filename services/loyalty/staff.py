"""Staff tools: a manual adjustment of one member and a bulk grant to many, both admin-only,
audited, idempotent (keys scoped to the acting admin) and all-or-nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from models.accounts import StaffRole
from models.audit import AuditLog
from models.loyalty import EntryKind, LedgerEntry
from models.members import Member
from services import notifications
from services.core import clock
from services.core.actors import Actor, require_role
from services.core.idempotency import check_key, claim, remember, request_hash
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound
from services.loyalty import accounts, lots, tiers
from services.loyalty.dates import lot_expiry
from services.loyalty.entries import NewEntry, append
from services.loyalty.results import Posted

POINTS_ADJUSTED = "POINTS_ADJUSTED"
MAX_AMOUNT = 1_000_000
MAX_GRANT_MEMBERS = 10_000
_REASON_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,39}")


@dataclass(frozen=True)
class Granted:
    granted: int
    replayed: bool


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > 500:
        raise DomainError(ErrorCode.INVALID_INPUT, field="reason")
    return text


def _amount(amount: int, *, allow_negative: bool) -> int:
    if amount == 0 or abs(amount) > MAX_AMOUNT or (amount < 0 and not allow_negative):
        raise DomainError(ErrorCode.INVALID_INPUT, field="amount")
    return amount


async def adjust_points(
    *, actor: Actor, member_id: int, amount: int, reason: str, idempotency_key: str,
    request_id: str | None = None, now: datetime | None = None,
) -> Posted:  # fmt: skip
    """Add (a new lot) or remove (first to expire first) points of one member with a mandatory
    reason, written to the audit log and told to the member. INSUFFICIENT_POINTS when removing
    more than the balance."""
    require_role(actor, StaffRole.ADMIN)
    now, text = now or clock.now(), _reason(reason)
    _amount(amount, allow_negative=True)
    key = f"adjust:{actor.id}:{check_key(idempotency_key, field=['idempotency_key'])}"
    if not await Member.exists(id=member_id):
        raise NotFound(field="member_id")
    async with in_transaction() as conn:
        db = Sql(conn)
        replay = await claim(db, key, request_hash("adjust", m=member_id, a=amount, r=text))
        if replay is None:
            if amount > 0:
                await accounts.credit(db, member_id, amount, now, earned=False)
            elif await accounts.debit(db, member_id, -amount, now):
                await lots.consume(db, member_id, -amount)
            else:
                raise DomainError(ErrorCode.INSUFFICIENT_POINTS, field="amount")
            entry = NewEntry(member_id, EntryKind.ADJUST, "MANUAL", amount, key, note=text,
                             lot_expires_at=lot_expiry(now) if amount > 0 else None,
                             actor_id=actor.id)  # fmt: skip
            entry_id = await append(db, entry, now)
            await AuditLog.create(
                actor_id=actor.id, action="loyalty.points_adjusted", subject_member_id=member_id,
                detail={"amount": amount, "reason": text, "entry_id": entry_id},
                request_id=request_id, using_db=conn,
            )  # fmt: skip
            notice = await notifications.notify(
                member_id, POINTS_ADJUSTED, {"amount": amount, "reason": text}, using=conn
            )
            await remember(db, key, {"entry_id": entry_id})
    if replay is not None:
        return Posted(await LedgerEntry.get(id=replay["entry_id"]), replayed=True)
    await notifications.publish_notifications([notice])
    return Posted(await LedgerEntry.get(id=entry_id), replayed=False)


_GRANT = """
INSERT INTO ledger_entries (member_id, kind, reason, amount, held_delta, remaining, expires_at,
    qualifies, source_ref, actor_id, idempotency_key, note, created_at)
SELECT id, 'EARN', ?, ?, 0, ?, {ts}, true, ?, ?, CAST(? AS TEXT) || ':' || id, ?, {ts}
FROM members WHERE id IN {ids}
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id
"""

_CREDIT = (
    "UPDATE points_accounts SET balance = points_accounts.balance + e.amount, "
    "lifetime_earned = points_accounts.lifetime_earned + e.amount, updated_at = {ts} "
    "FROM ledger_entries e WHERE e.source_ref = ? AND e.member_id = points_accounts.member_id"
)


async def grant_points(
    *, actor: Actor, member_ids: Sequence[int], amount: int, reason: str, idempotency_key: str,
    reason_code: str = "MANUAL", request_id: str | None = None, now: datetime | None = None,
) -> Granted:  # fmt: skip
    """Credit ``amount`` earned points to every member in ``member_ids`` (up to 10,000) in one
    set-based transaction: all or nothing, one audit row, tier upgrades and notices included.
    Unknown members make the whole grant NOT_FOUND. A replay grants nothing more."""
    require_role(actor, StaffRole.ADMIN)
    now, text = now or clock.now(), _reason(reason)
    _amount(amount, allow_negative=False)
    ids = sorted(set(member_ids))
    if not ids or len(ids) > MAX_GRANT_MEMBERS:
        raise DomainError(ErrorCode.INVALID_INPUT, field="member_ids")
    if not _REASON_CODE.fullmatch(reason_code):
        raise DomainError(ErrorCode.INVALID_INPUT, field="reason_code")
    key = f"grant:{actor.id}:{check_key(idempotency_key, field=['idempotency_key'])}"
    digest = request_hash("grant", m=ids, a=amount, r=text, c=reason_code)
    async with in_transaction() as conn:
        db = Sql(conn)
        replay = await claim(db, key, digest)
        if replay is not None:
            return Granted(int(replay["granted"]), replayed=True)
        if await Member.filter(id__in=ids).using_db(conn).count() != len(ids):
            raise NotFound(field="member_ids")
        await accounts.ensure_many(db, ids, now)
        await accounts.lock_many(db, ids)
        created = await db.rows(
            _GRANT, reason_code, amount, amount, lot_expiry(now), key, actor.id, key, text, now,
            db.ids(ids),
        )  # fmt: skip
        if len(created) != len(ids):  # a late retry: its record was purged, its entries remain
            raise DomainError(ErrorCode.IDEMPOTENCY_KEY_EXPIRED, field="idempotency_key")
        await db.run(_CREDIT, now, key)
        notices = await tiers.upgrade(db, ids, now)
        notices += await notifications.notify_many(
            ids, POINTS_ADJUSTED, {"amount": amount, "reason": text}, using=conn
        )
        await AuditLog.create(
            actor_id=actor.id, action="loyalty.points_granted", subject_member_id=None,
            detail={"members": len(created), "amount": amount, "reason": text, "key": key},
            request_id=request_id, using_db=conn,
        )  # fmt: skip
        await remember(db, key, {"granted": len(created)})
    await notifications.publish_notifications(notices)
    return Granted(len(created), replayed=False)
