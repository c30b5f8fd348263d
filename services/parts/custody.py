"""Recording what happens to a unit: shipping, selling, claiming, installing, inspecting,
listing, transferring, recalling and corrections. Each is one event appended to the unit's
chain together with the change of the unit it implies, checked against the unit as it stands
at the head the event follows."""

from __future__ import annotations

import hmac
from typing import Any

from models.accounts import StaffRole
from models.loyalty import DealerStaff
from models.members import Member, Vehicle
from models.parts import (
    ActorKind,
    CloneSignal,
    CustodyKind,
    EventKind,
    PartUnit,
    ProvenanceEvent,
    UnitStatus,
)
from services import ratelimit
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, Forbidden, InvalidInput, NotFound
from services.members.validation import text
from services.notifications.sending import notify
from services.parts import clones
from services.parts.chain import NewEvent, append
from services.parts.commissioning import claim_code_hash

INSPECTION_RESULTS = ("PASS", "ATTENTION", "FAIL")
#: Claim attempts per member per minute (a claim code is short enough to guess at).
CLAIM_ATTEMPTS_PER_MINUTE = 10
#: Kinds a recalled unit may still record.
_AFTER_RECALL = {EventKind.REMOVED, EventKind.INSPECTED, EventKind.CORRECTION}


class _Signal(Exception):
    """A clone signal raised inside an append: flagged after the append rolled back."""

    def __init__(self, signal: CloneSignal, code: ErrorCode, field: str) -> None:
        self.signal, self.code, self.field = signal, code, field


def _roles(actor: Actor) -> set[str]:
    return set(actor.roles or ())


def _is_issuer_of(actor: Actor, unit: PartUnit) -> bool:
    roles = _roles(actor)
    return StaffRole.ADMIN.value in roles or (
        unit.issuer_id == actor.id and StaffRole.ISSUER.value in roles
    )


async def _dealer_code(actor: Actor) -> str | None:
    roles = _roles(actor)
    if StaffRole.DEALER.value not in roles and StaffRole.ADMIN.value not in roles:
        return None
    staff = await DealerStaff.get_or_none(member_id=actor.id)
    return staff.dealer_code if staff is not None else None


def _usable(unit: PartUnit, kind: EventKind) -> None:
    if unit.status == UnitStatus.BLOCKED and kind != EventKind.CORRECTION:
        raise DomainError(ErrorCode.PART_BLOCKED, field="unit_id")
    if unit.status == UnitStatus.RECALLED and kind not in _AFTER_RECALL:
        raise DomainError(ErrorCode.PART_RECALLED, field="unit_id")


def _not_allowed() -> DomainError:
    return DomainError(ErrorCode.EVENT_NOT_ALLOWED, field="kind")


async def _appending(unit_id: int, event: NewEvent) -> ProvenanceEvent:
    """``append``, with a clone signal raised by the check flagged after the rollback and
    reported as its error."""
    try:
        return await append(unit_id, event)
    except _Signal as signal:
        unit = await PartUnit.get(id=unit_id)
        await clones.flag(unit, signal.signal, {"kind": event.kind.value, "by": event.actor_kind})
        raise DomainError(signal.code, field=signal.field) from None


async def record_event(
    *,
    actor: Actor,
    unit_id: int,
    kind: EventKind | str,
    city: str | None = None,
    dealer_code: str | None = None,
    vehicle_id: int | None = None,
    recipient_id: int | None = None,
    result: str | None = None,
    corrects_seq: int | None = None,
    note: str | None = None,
) -> ProvenanceEvent:
    """Record one event of ``kind`` for the unit (claims go through ``claim_part``).

    Who may record what: the unit's issuer ships it to a dealer, recalls it and corrects
    events; the dealer holding it sells it; any dealer inspects, installs and removes it at a
    service visit; the member holding it installs it on their own vehicle, removes, lists and
    transfers it. A listing by anyone else flags the unit (NOT_CUSTODIAN). FORBIDDEN for
    other actors, EVENT_NOT_ALLOWED when the unit's state does not admit the event,
    PART_BLOCKED / PART_RECALLED for blocked or recalled units."""
    try:
        what = EventKind(kind)
    except ValueError:
        raise InvalidInput(field="kind") from None
    where = text(city, name="city", max_length=64)
    clean_note = text(note, name="note", max_length=500)
    builder = _BUILDERS.get(what)
    if builder is None:
        raise _not_allowed()
    unit = await PartUnit.get_or_none(id=unit_id)
    if unit is None:
        raise NotFound(field="unit_id")
    event = await builder(
        actor,
        unit,
        dict(
            dealer_code=dealer_code,
            vehicle_id=vehicle_id,
            recipient_id=recipient_id,
            result=result,
            corrects_seq=corrects_seq,
            note=clean_note,
        ),
    )
    event.city = where
    recorded = await _appending(unit_id, event)
    if what == EventKind.RECALLED:
        await _tell_recall(unit_id)
    return recorded


async def _shipped(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    if not _is_issuer_of(actor, unit):
        raise Forbidden(field="unit_id")
    code = text(given["dealer_code"], name="dealer_code", max_length=32, required=True)

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.SHIPPED_TO_DEALER)
        if now.custody_kind != CustodyKind.ISSUER:
            raise _not_allowed()
        return {
            "custody_kind": CustodyKind.DEALER,
            "custodian_dealer_code": code,
            "in_transit": True,
        }

    return NewEvent(
        kind=EventKind.SHIPPED_TO_DEALER,
        actor_kind=ActorKind.ISSUER,
        actor_member_id=actor.id,
        issuer_id=unit.issuer_id,
        dealer_code=code,
        check=check,
    )


async def _sold(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    code = await _dealer_code(actor)
    if code is None:
        raise Forbidden(field="unit_id")

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.SOLD)
        if now.custody_kind != CustodyKind.DEALER or now.custodian_dealer_code != code:
            raise _not_allowed()
        return {
            "custody_kind": CustodyKind.MEMBER,
            "custodian_dealer_code": None,
            "custodian_id": None,
            "in_transit": False,
        }

    return NewEvent(
        kind=EventKind.SOLD,
        actor_kind=ActorKind.DEALER,
        actor_member_id=actor.id,
        dealer_code=code,
        check=check,
    )


async def _inspected(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    code = await _dealer_code(actor)
    if code is None:
        raise Forbidden(field="unit_id")
    result = (given["result"] or "").upper()
    if result not in INSPECTION_RESULTS:
        raise InvalidInput(field="result")

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.INSPECTED)
        return _arrived(now, code)

    detail: dict[str, Any] = {"result": result}
    if given["note"]:
        detail["note"] = given["note"]
    return NewEvent(
        kind=EventKind.INSPECTED,
        actor_kind=ActorKind.DEALER,
        actor_member_id=actor.id,
        dealer_code=code,
        detail=detail,
        check=check,
    )


def _arrived(unit: PartUnit, code: str) -> dict[str, Any]:
    """A shipped unit arrives when the dealer it went to records anything for it."""
    if unit.in_transit and unit.custodian_dealer_code == code:
        return {"in_transit": False}
    return {}


async def _installed(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    vehicle = await Vehicle.get_or_none(id=given["vehicle_id"] or 0).prefetch_related("model")
    if vehicle is None:
        raise NotFound(field="vehicle_id")
    code = await _dealer_code(actor)
    as_member = code is None
    if as_member and vehicle.owner_id != actor.id:
        raise NotFound(field="vehicle_id")

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.INSTALLED)
        if as_member and (now.custody_kind != CustodyKind.MEMBER or now.custodian_id != actor.id):
            raise Forbidden(field="unit_id")
        if now.installed_vehicle_id is not None:
            raise _not_allowed()
        arrived = _arrived(now, code) if code is not None else {}
        return {"installed_vehicle_id": vehicle.id, **arrived}

    return NewEvent(
        kind=EventKind.INSTALLED,
        actor_kind=ActorKind.MEMBER if as_member else ActorKind.DEALER,
        actor_member_id=actor.id,
        dealer_code=code,
        detail={"vehicleModel": vehicle.model.key},
        check=check,
    )


async def _removed(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    code = await _dealer_code(actor)
    as_member = code is None

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.REMOVED)
        if as_member and now.custodian_id != actor.id:
            raise Forbidden(field="unit_id")
        if now.installed_vehicle_id is None:
            raise _not_allowed()
        return {"installed_vehicle_id": None}

    return NewEvent(
        kind=EventKind.REMOVED,
        actor_kind=ActorKind.MEMBER if as_member else ActorKind.DEALER,
        actor_member_id=actor.id,
        dealer_code=code,
        check=check,
    )


async def _listed(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.LISTED)
        if now.custody_kind != CustodyKind.MEMBER or now.custodian_id != actor.id:
            raise _Signal(CloneSignal.NOT_CUSTODIAN, ErrorCode.NOT_CUSTODIAN, "unit_id")
        return {}

    return NewEvent(
        kind=EventKind.LISTED, actor_kind=ActorKind.MEMBER, actor_member_id=actor.id, check=check
    )


async def _transferred(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    recipient = await Member.get_or_none(id=given["recipient_id"] or 0, deleted_at=None)
    if recipient is None or recipient.id == actor.id:
        raise NotFound(field="recipient_id")

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.TRANSFERRED)
        if now.custody_kind != CustodyKind.MEMBER or now.custodian_id != actor.id:
            raise _Signal(CloneSignal.NOT_CUSTODIAN, ErrorCode.NOT_CUSTODIAN, "unit_id")
        return {"custodian_id": recipient.id, "installed_vehicle_id": None}

    return NewEvent(
        kind=EventKind.TRANSFERRED,
        actor_kind=ActorKind.MEMBER,
        actor_member_id=actor.id,
        detail={"toMember": recipient.id},
        check=check,
    )


async def _recalled(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    if not _is_issuer_of(actor, unit):
        raise Forbidden(field="unit_id")

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.RECALLED)
        return {"status": UnitStatus.RECALLED}

    detail = {"reason": given["note"]} if given["note"] else {}
    return NewEvent(
        kind=EventKind.RECALLED,
        actor_kind=ActorKind.ISSUER,
        actor_member_id=actor.id,
        issuer_id=unit.issuer_id,
        detail=detail,
        check=check,
    )


async def _correction(actor: Actor, unit: PartUnit, given: dict[str, Any]) -> NewEvent:
    staff = StaffRole.ADMIN.value in _roles(actor)
    if not (_is_issuer_of(actor, unit) or staff):
        raise Forbidden(field="unit_id")
    target = given["corrects_seq"]
    if not given["note"]:
        raise InvalidInput(field="note", message_key="value.required")

    async def check(now: PartUnit) -> dict[str, Any]:
        if not isinstance(target, int) or not 1 <= target <= now.head_seq:
            raise InvalidInput(field="corrects_seq")
        return {}

    return NewEvent(
        kind=EventKind.CORRECTION,
        actor_kind=ActorKind.STAFF if staff and unit.issuer_id != actor.id else ActorKind.ISSUER,
        actor_member_id=actor.id,
        issuer_id=unit.issuer_id,
        corrects_seq=target,
        detail={"note": given["note"]},
        check=check,
    )


_BUILDERS = {
    EventKind.SHIPPED_TO_DEALER: _shipped,
    EventKind.SOLD: _sold,
    EventKind.INSPECTED: _inspected,
    EventKind.INSTALLED: _installed,
    EventKind.REMOVED: _removed,
    EventKind.LISTED: _listed,
    EventKind.TRANSFERRED: _transferred,
    EventKind.RECALLED: _recalled,
    EventKind.CORRECTION: _correction,
}


async def claim_part(
    *, actor: Actor, code: str, claim_code: str, city: str | None = None
) -> PartUnit:
    """Take custody of a sold unit with the claim code under its scratch-off.

    NOT_FOUND for an unknown code; CLAIM_CODE_INVALID for a wrong claim code (attempts are
    rate-limited per member); the same member claiming again gets the unit unchanged. A claim
    code already used by someone else (CLAIM_CODE_USED), or a claim of a unit that no dealer
    sold (NOT_CUSTODIAN), flags the unit as a suspected clone."""
    where = text(city, name="city", max_length=64)
    allowance = await ratelimit.hit(
        f"parts-claim:{actor.id}", limit=CLAIM_ATTEMPTS_PER_MINUTE, window=60
    )
    if not allowance.allowed:
        raise DomainError(ErrorCode.RATE_LIMITED, field="claim_code")
    unit = await PartUnit.get_or_none(code=(code or "").strip().upper())
    if unit is None:
        raise NotFound(field="code")
    if not hmac.compare_digest(unit.claim_code_hash, claim_code_hash(claim_code or "")):
        raise DomainError(ErrorCode.CLAIM_CODE_INVALID, field="claim_code")
    if unit.claimed_at is not None and unit.custodian_id == actor.id:
        return unit

    async def check(now: PartUnit) -> dict[str, Any]:
        _usable(now, EventKind.CLAIMED)
        if now.claimed_at is not None:
            raise _Signal(CloneSignal.CLAIM_CODE_REUSED, ErrorCode.CLAIM_CODE_USED, "claim_code")
        if now.custody_kind != CustodyKind.MEMBER or now.custodian_id is not None:
            raise _Signal(CloneSignal.NOT_CUSTODIAN, ErrorCode.NOT_CUSTODIAN, "code")
        return {"custodian_id": actor.id, "claimed_at": clock.now()}

    await _appending(
        unit.id,
        NewEvent(
            kind=EventKind.CLAIMED,
            actor_kind=ActorKind.MEMBER,
            actor_member_id=actor.id,
            city=where,
            check=check,
        ),
    )
    return await PartUnit.get(id=unit.id)


async def _tell_recall(unit_id: int) -> None:
    unit = await PartUnit.get(id=unit_id).prefetch_related("part_model")
    if unit.custodian_id is None:
        return
    await notify(
        unit.custodian_id,
        "PART_RECALLED",
        {"code": unit.code, "partNumber": unit.part_model.part_number},
        dedupe_key=f"PART_RECALLED:{unit.id}",
    )
