"""The points ledger API other domains call: ``earn``, ``hold``, ``capture``, ``release`` and
``reverse``.

Guarantees of every function here:

* One transaction per call: the entry, the cached balance/held (conditional UPDATEs, never
  negative), the lots (consumed first-to-expire-first) and tier upgrades commit together or not
  at all. An expected failure raises ``DomainError`` and changes nothing.
* Idempotent: a call with an ``idempotency_key`` already used with the same arguments returns the
  original outcome with ``replayed=True`` and moves nothing; with different arguments it raises
  IDEMPOTENCY_KEY_REUSED; once the record was purged (retention), IDEMPOTENCY_KEY_EXPIRED and
  nothing moves. Derive keys from the source (``event:12:completed:member:7``) so a
  retried job or a redelivered message cannot pay twice. Holds settle once: capturing or
  releasing an already settled hold the same way again is a replay.
* ``actor`` is the acting member (an ``Actor``; None for the system).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from models.loyalty import EntryKind, LedgerEntry, PointsHold
from services import notifications
from services.core import clock
from services.core.actors import Actor, actor_id
from services.core.idempotency import check_key, claim, remember, request_hash
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound
from services.loyalty import accounts, lots, rules, tiers
from services.loyalty.dates import lot_expiry
from services.loyalty.entries import NewEntry, append
from services.loyalty.holds import settle
from services.loyalty.results import HoldOutcome, Posted


async def earn(
    member_id: int,
    reason: str,
    *,
    idempotency_key: str,
    amount: int | None = None,
    source_ref: str | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> Posted:
    """Credit points for ``reason`` under its earning rule: ``amount`` base points (the rule's
    base points when omitted), times the member's tier multiplier where the rule says so, as a
    lot expiring after the configured lifetime. Counts against the rule's cap (LIMIT_REACHED),
    refuses inactive or unknown reasons (NOT_AVAILABLE) and upgrades the tier at once when
    qualifying points cross a threshold."""
    now = now or clock.now()
    key = check_key(idempotency_key, field=["idempotency_key"])
    if amount is not None and amount <= 0:
        raise DomainError(ErrorCode.INVALID_INPUT, field="amount")
    digest = request_hash("earn", m=member_id, r=reason, a=amount, s=source_ref)
    async with in_transaction() as conn:
        db = Sql(conn)
        replay = await claim(db, key, digest)
        if replay is None:
            rule = await rules.applicable_rule(db, reason, now)
            points = rules.points_for(
                rule, amount or rule.base_points, await tiers.multiplier_pct(db, member_id)
            )
            if not await accounts.credit(db, member_id, points, now, earned=True):
                raise NotFound(field="member_id")
            await rules.count_against_cap(db, member_id, rule, now)
            entry = NewEntry(
                member_id, EntryKind.EARN, reason, points, key, lot_expires_at=lot_expiry(now),
                qualifies=True, source_ref=source_ref, actor_id=actor_id(actor),
            )  # fmt: skip
            entry_id = await append(db, entry, now)
            notices = await tiers.upgrade(db, [member_id], now)
            await remember(db, key, {"entry_id": entry_id})
    if replay is not None:
        return Posted(await LedgerEntry.get(id=replay["entry_id"]), replayed=True)
    await notifications.publish_notifications(notices)
    return Posted(await LedgerEntry.get(id=entry_id), replayed=False)


async def hold(
    member_id: int,
    amount: int,
    *,
    reason: str,
    idempotency_key: str,
    source_ref: str | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> HoldOutcome:
    """Reserve ``amount`` points (balance -> held) for a later ``capture`` or ``release``.
    INSUFFICIENT_POINTS when the balance does not cover it."""
    now = now or clock.now()
    key = check_key(idempotency_key, field=["idempotency_key"])
    if amount <= 0:
        raise DomainError(ErrorCode.INVALID_INPUT, field="amount")
    digest = request_hash("hold", m=member_id, a=amount, r=reason, s=source_ref)
    async with in_transaction() as conn:
        db = Sql(conn)
        replay = await claim(db, key, digest)
        if replay is None:
            if not await accounts.reserve(db, member_id, amount, now):
                raise DomainError(ErrorCode.INSUFFICIENT_POINTS, field="amount")
            entry = NewEntry(
                member_id, EntryKind.HOLD, reason, -amount, key, held_delta=amount,
                source_ref=source_ref, actor_id=actor_id(actor),
            )  # fmt: skip
            entry_id = await append(db, entry, now)
            created = await db.rows(
                "INSERT INTO points_holds (member_id, amount, status, reason, source_ref, "
                "idempotency_key, hold_entry_id, created_at) VALUES (?, ?, 'HELD', ?, ?, ?, ?, "
                "{ts}) RETURNING id",
                member_id, amount, reason, source_ref, key, entry_id, now,
            )  # fmt: skip
            hold_id = int(created[0]["id"])
            await remember(db, key, {"hold_id": hold_id})
        else:
            hold_id = int(replay["hold_id"])
    return HoldOutcome(await PointsHold.get(id=hold_id), replayed=replay is not None)


async def capture(
    hold: int | str, *, actor: Actor | None = None, now: datetime | None = None
) -> HoldOutcome:
    """Spend a held amount (held -> spent, consuming lots). ``hold`` is the hold's id or its
    idempotency key. Capturing a captured hold is a replay, a released one is ALREADY_DONE."""
    return await settle(hold, capture=True, actor=actor, now=now or clock.now())


async def release(
    hold: int | str, *, actor: Actor | None = None, now: datetime | None = None
) -> HoldOutcome:
    """Give a held amount back to the balance. Releasing a released hold is a replay, a
    captured one is ALREADY_DONE."""
    return await settle(hold, capture=False, actor=actor, now=now or clock.now())


async def reverse(
    entry_id: int,
    *,
    reason: str = "REVERSAL",
    actor: Actor | None = None,
    now: datetime | None = None,
) -> Posted:
    """Undo an EARN (debits it back: INSUFFICIENT_POINTS if already spent) or a CAPTURE
    (refunds the points as a new lot, e.g. a refunded marketplace order). Each entry is reversed
    at most once (key ``reverse:<entry id>``), a second call is a replay. Other kinds are
    INVALID_INPUT: a REDEEM stays, since its coupon is out there and refunding it would leave a
    usable coupon paid for by nobody."""
    now = now or clock.now()
    key = f"reverse:{entry_id}"
    async with in_transaction() as conn:
        db = Sql(conn)
        replay = await claim(db, key, request_hash("reverse", e=entry_id))
        if replay is None:
            original = await LedgerEntry.filter(id=entry_id).using_db(conn).first()
            if original is None:
                raise NotFound(field="entry_id")
            reversal = await _post_reversal(db, original, reason, actor, now)
            await remember(db, key, {"entry_id": reversal})
    target = replay["entry_id"] if replay is not None else reversal
    return Posted(await LedgerEntry.get(id=target), replayed=replay is not None)


async def _post_reversal(
    db: Sql, original: LedgerEntry, reason: str, actor: Actor | None, now: datetime
) -> int:
    member_id, key = original.member_id, f"reverse:{original.id}"
    if original.kind == EntryKind.EARN:
        if not await accounts.debit(db, member_id, original.amount, now):
            raise DomainError(ErrorCode.INSUFFICIENT_POINTS)
        await lots.consume(db, member_id, original.amount)
        refund = NewEntry(member_id, EntryKind.REVERSE, reason, -original.amount, key,
                          qualifies=original.qualifies, reverses_id=original.id,
                          actor_id=actor_id(actor), source_ref=original.source_ref)  # fmt: skip
        return await append(db, refund, now)
    if original.kind == EntryKind.CAPTURE:
        points = -original.held_delta
        await accounts.credit(db, member_id, points, now, earned=False)
        refund = NewEntry(member_id, EntryKind.REVERSE, reason, points, key,
                          lot_expires_at=lot_expiry(now), reverses_id=original.id,
                          actor_id=actor_id(actor), source_ref=original.source_ref)  # fmt: skip
        return await append(db, refund, now)
    raise DomainError(ErrorCode.INVALID_INPUT, field="entry_id")
