"""Clone detection: a signal flags the unit ``SUSPECTED_CLONE`` and opens one staff review;
staff confirm it (the unit is blocked and gets a ``REPORTED`` event) or clear it. Both
decisions are audited and the custodian is told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import runtime
from models.accounts import StaffRole
from models.audit import AuditLog
from models.parts import (
    ActorKind,
    CloneReview,
    CloneSignal,
    EventKind,
    PartUnit,
    ReviewStatus,
    UnitStatus,
)
from services.core import clock
from services.core.actors import Actor, require_role
from services.errors import DomainError, ErrorCode, NotFound
from services.members.validation import text
from services.notifications.sending import notify
from services.parts.chain import NewEvent, append
from services.parts.lookup import UnitView


async def flag(
    unit: PartUnit | UnitView, signal: CloneSignal, detail: dict[str, Any]
) -> CloneReview | None:
    """Open a review of ``unit`` for ``signal`` and mark it suspected; None when a review is
    already open (the unique ``open_unit_id`` keeps it to one) or the unit is blocked."""
    if unit.status == UnitStatus.BLOCKED:
        return None
    try:
        async with in_transaction() as conn:
            review = await CloneReview.create(
                unit_id=unit.id,
                signal=signal,
                detail=detail,
                open_unit_id=unit.id,
                opened_at=clock.now(),
                using_db=conn,
            )
            await PartUnit.filter(id=unit.id).using_db(conn).update(suspected_clone=True)
    except IntegrityError:
        return None
    await _tell_custodian(unit.id, "PART_CLONE_SUSPECTED", review)
    return review


async def scanned(unit: PartUnit | UnitView, city: str | None) -> None:
    """Record a scan from ``city``; a scan from another city within the clone window of the
    last one, while the unit is not in transit, flags it."""
    if not city:
        return
    now = clock.now()
    window = timedelta(minutes=runtime.settings().part_clone_window_minutes)
    previous_city, previous_at = unit.last_scan_city, unit.last_scan_at
    await PartUnit.filter(id=unit.id).update(last_scan_city=city, last_scan_at=now)
    minutes = int((now - previous_at).total_seconds() // 60) if previous_at else 0
    if (
        previous_city
        and previous_at is not None
        and previous_city != city
        and now - previous_at <= window
        and not unit.in_transit
    ):
        await flag(
            unit,
            CloneSignal.TWO_CITIES,
            {
                "cities": [previous_city, city],
                "minutes": minutes,
            },
        )


async def open_reviews(*, actor: Actor, limit: int = 100) -> list[CloneReview]:
    """Open reviews, oldest first. FORBIDDEN unless the actor is a moderator."""
    require_role(actor, StaffRole.MODERATOR)
    return list(await CloneReview.filter(status=ReviewStatus.OPEN).order_by("id").limit(limit))


async def decide_review(
    *, actor: Actor, review_id: int, confirm: bool, note: str | None = None
) -> CloneReview:
    """Confirm (block the unit and append ``REPORTED``) or clear (lift the flag) an open
    review. FORBIDDEN unless a moderator; REVIEW_CLOSED when it was decided already (a
    conditional update, so two moderators cannot both decide it)."""
    require_role(actor, StaffRole.MODERATOR)
    clean_note = text(note, name="note", max_length=500) or ""
    review = await CloneReview.get_or_none(id=review_id)
    if review is None:
        raise NotFound(field="review_id")
    status = ReviewStatus.CONFIRMED if confirm else ReviewStatus.CLEARED
    async with in_transaction() as conn:
        decided = (
            await CloneReview.filter(id=review_id, status=ReviewStatus.OPEN)
            .using_db(conn)
            .update(
                status=status,
                open_unit_id=None,
                decided_by_id=actor.id,
                decided_at=clock.now(),
                note=clean_note,
            )
        )
        if decided != 1:
            raise DomainError(ErrorCode.REVIEW_CLOSED, field="review_id")
        unit = await PartUnit.filter(id=review.unit_id).using_db(conn).get()
        if not confirm:
            await PartUnit.filter(id=unit.id).using_db(conn).update(suspected_clone=False)
        await AuditLog.create(
            actor_id=actor.id,
            action="parts.clone_confirmed" if confirm else "parts.clone_cleared",
            subject_member_id=unit.custodian_id,
            detail={"review": review_id, "unit": unit.code, "signal": str(review.signal)},
            using_db=conn,
        )
    if confirm:

        async def block(_: PartUnit) -> dict[str, Any]:
            return {"status": UnitStatus.BLOCKED, "suspected_clone": True}

        await append(
            review.unit_id,
            NewEvent(
                kind=EventKind.REPORTED,
                actor_kind=ActorKind.STAFF,
                actor_member_id=actor.id,
                detail={"signal": str(review.signal), "review": review_id},
                check=block,
            ),
        )
    await review.refresh_from_db()
    await _tell_custodian(
        review.unit_id, "PART_CLONE_CONFIRMED" if confirm else "PART_CLONE_CLEARED", review
    )
    return review


async def _tell_custodian(unit_id: int, kind: str, review: CloneReview) -> None:
    unit = await PartUnit.get(id=unit_id)
    if unit.custodian_id is None:
        return
    await notify(
        unit.custodian_id,
        kind,
        {"code": unit.code, "review": review.id, "signal": str(review.signal)},
        dedupe_key=f"{kind}:{review.id}",
    )
