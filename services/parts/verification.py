"""Verifying a code, for anyone: the verdict, what the unit is, and its public timeline
(dates, cities, event types, dealers and issuers by name, members never)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import runtime
from models.parts import ActorKind, EventKind, PartUnit, UnitStatus
from services import ratelimit
from services.errors import DomainError, ErrorCode
from services.parts import clones, lookup
from services.parts.canonical import label_message
from services.parts.chain import check_chain
from services.parts.keys import signature_valid

MAX_CODE_LENGTH = 32


class Verdict(StrEnum):
    AUTHENTIC = "AUTHENTIC"
    UNKNOWN = "UNKNOWN"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    KEY_REVOKED = "KEY_REVOKED"
    RECALLED = "RECALLED"
    SUSPECTED_CLONE = "SUSPECTED_CLONE"
    CHAIN_BROKEN = "CHAIN_BROKEN"


class PublicActor(StrEnum):
    ISSUER = "ISSUER"
    DEALER = "DEALER"
    MEMBER = "MEMBER"
    DELETED_MEMBER = "DELETED_MEMBER"
    STAFF = "STAFF"
    SYSTEM = "SYSTEM"


#: Event details the public timeline shows (the rest may name members or their vehicles).
PUBLIC_DETAIL = ("result", "vehicleModel", "reason")


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    kind: EventKind
    occurred_at: datetime
    city: str | None
    business_step: str
    actor: PublicActor
    #: The issuer's or dealer's name; None for members and staff.
    actor_name: str | None
    detail: dict[str, str]
    corrects_seq: int | None


@dataclass
class Verification:
    verdict: Verdict
    code: str
    unit: lookup.UnitView | None = None
    part_model: lookup.PartView | None = None
    issuer_name: str | None = None
    key: lookup.KeyView | None = None
    first_bad_seq: int | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)


async def allow_verification(client: str) -> bool:
    """Count one verification (or provenance read) of ``client`` against its limit."""
    allowance = await ratelimit.hit(
        f"parts-verify:{client}", limit=runtime.settings().part_verify_per_minute, window=60
    )
    return allowance.allowed


async def verify_part(*, code: str, city: str | None = None, client: str = "") -> Verification:
    """The verdict on ``code`` and its public timeline. RATE_LIMITED (``PART_VERIFY_PER_MINUTE``
    per client) beyond the limit. A scan that names its city counts toward the two-cities
    clone signal. One statement (the unit with its key, part model, issuer and events) and at
    most one Redis round trip (the limit, shared with other counting: ``runtime.counters``);
    signatures and event hashes already checked over the same stored bytes are not
    recomputed (``keys.signature_valid``, ``canonical.stored_event_hash``)."""
    if client and not await allow_verification(client):
        raise DomainError(ErrorCode.RATE_LIMITED, field="code")
    clean = (code or "").strip().upper()[:MAX_CODE_LENGTH]
    loaded = await lookup.unit_by_code(clean) if clean else None
    if loaded is None:
        return Verification(verdict=Verdict.UNKNOWN, code=clean)
    if city:
        await clones.scanned(loaded.unit, city.strip()[:64])
        fresh = await PartUnit.get(id=loaded.unit.id).only("id", "suspected_clone", "status")
        loaded.unit.suspected_clone, loaded.unit.status = fresh.suspected_clone, fresh.status
    return judge(loaded, loaded.events, loaded.gone)


def judge(
    loaded: lookup.LoadedUnit, events: list[lookup.EventView], gone: set[int]
) -> Verification:
    """The verdict on a loaded unit: signature, then key revocation, then the chain, then the
    clone flag, then a recall. ``gone`` holds the seqs of events whose member was deleted."""
    unit, key, part = loaded.unit, loaded.key, loaded.part_model
    result = Verification(verdict=Verdict.AUTHENTIC, code=unit.code, unit=unit, part_model=part)
    result.key = key
    result.issuer_name = loaded.issuer_name
    message = label_message(
        issuer=unit.issuer_id,
        key_id=key.key_id,
        part_number=part.part_number,
        serial=unit.serial,
        commissioned_at=unit.commissioned_at,
    )
    chain = check_chain(unit, events)
    if key.issuer_id != unit.issuer_id or not signature_valid(key, message, unit.signature):
        result.verdict = Verdict.BAD_SIGNATURE
    elif key.revoked_from is not None and unit.commissioned_at >= key.revoked_from:
        result.verdict = Verdict.KEY_REVOKED
    elif not chain.intact:
        result.verdict = Verdict.CHAIN_BROKEN
        result.first_bad_seq = chain.first_bad_seq
    elif unit.suspected_clone or unit.status == UnitStatus.BLOCKED:
        result.verdict = Verdict.SUSPECTED_CLONE
    elif unit.status == UnitStatus.RECALLED:
        result.verdict = Verdict.RECALLED
    names = {unit.issuer_id: loaded.issuer_name}
    result.timeline = [_entry(event, names, event.seq in gone) for event in events]
    return result


def _entry(event: lookup.EventView, names: dict[int, str], gone: bool) -> TimelineEntry:
    actor, name = _public_actor(event, names, gone)
    return TimelineEntry(
        seq=event.seq,
        kind=EventKind(event.kind),
        occurred_at=event.occurred_at,
        city=event.city,
        business_step=event.business_step,
        actor=actor,
        actor_name=name,
        detail={k: str(v) for k, v in (event.detail or {}).items() if k in PUBLIC_DETAIL},
        corrects_seq=event.corrects_seq,
    )


def _public_actor(
    event: lookup.EventView, names: dict[int, str], gone: bool
) -> tuple[PublicActor, str | None]:
    kind = ActorKind(event.actor_kind)
    if kind == ActorKind.ISSUER:
        return PublicActor.ISSUER, names.get(event.issuer_id or 0)
    if kind == ActorKind.DEALER:
        return PublicActor.DEALER, event.dealer_code
    if kind == ActorKind.MEMBER:
        return (PublicActor.DELETED_MEMBER if gone else PublicActor.MEMBER), None
    if kind == ActorKind.STAFF:
        return PublicActor.STAFF, None
    return PublicActor.SYSTEM, None
