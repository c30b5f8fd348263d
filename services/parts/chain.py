"""The provenance chain: appending an event (serialized per unit) and checking a chain.

An append reads the unit (a row lock on PostgreSQL; SQLite runs one writer at a time), checks
the event against it, then moves the unit's head with a conditional update
(``… WHERE id = ? AND head_seq = ?``) and inserts the event under the unique key
(unit, seq). A writer that lost the race rolls back and tries again on the new head, so
concurrent writers can never fork a chain."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.parts import ActorKind, EventKind, PartUnit, ProvenanceEvent
from services.core import clock
from services.errors import DomainError, ErrorCode, NotFound
from services.parts.canonical import (
    GENESIS_HASH,
    event_body,
    event_hash,
    stored_event_hash,
    to_millis,
)

#: Why each kind of event happens: CBV 2.0 business steps.
BUSINESS_STEPS: dict[EventKind, str] = {
    EventKind.COMMISSIONED: "commissioning",
    EventKind.SHIPPED_TO_DEALER: "shipping",
    EventKind.SOLD: "retail_selling",
    EventKind.CLAIMED: "accepting",
    EventKind.INSTALLED: "installing",
    EventKind.REMOVED: "removing",
    EventKind.INSPECTED: "inspecting",
    EventKind.LISTED: "staging_outbound",
    EventKind.TRANSFERRED: "consigning",
    EventKind.RECALLED: "holding",
    EventKind.REPORTED: "holding",
    EventKind.CORRECTION: "other",
}
MAX_ATTEMPTS = 60


@dataclass
class NewEvent:
    """An event to append; ``check`` sees the unit as it stands at the head the event will
    follow, raises a ``DomainError`` to refuse it, and returns the unit's columns to change."""

    kind: EventKind
    actor_kind: ActorKind
    city: str | None = None
    actor_member_id: int | None = None
    dealer_code: str | None = None
    issuer_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    corrects_seq: int | None = None
    occurred_at: datetime | None = None
    check: Callable[[PartUnit], Awaitable[dict[str, Any]]] | None = None


class _LostRace(Exception):
    pass


async def append(unit_id: int, event: NewEvent) -> ProvenanceEvent:
    """Append ``event`` to the unit's chain and return it. NOT_FOUND for no such unit;
    CHAIN_BUSY when the head kept moving for ``MAX_ATTEMPTS`` tries."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            return await _append_once(unit_id, event)
        except (_LostRace, IntegrityError):
            await asyncio.sleep(random.uniform(0, 0.002 * (attempt + 1)))
    raise DomainError(ErrorCode.CHAIN_BUSY, field="unit_id")


async def _append_once(unit_id: int, event: NewEvent) -> ProvenanceEvent:
    async with in_transaction() as conn:
        unit = await PartUnit.filter(id=unit_id).select_for_update().using_db(conn).first()
        if unit is None:
            raise NotFound(field="unit_id")
        changes = await event.check(unit) if event.check is not None else {}
        seq = unit.head_seq + 1
        prev = unit.head_hash or GENESIS_HASH
        occurred_at = to_millis(event.occurred_at or clock.now())
        body = event_body(
            code=unit.code,
            seq=seq,
            kind=event.kind.value,
            occurred_at=occurred_at,
            city=event.city,
            business_step=BUSINESS_STEPS[event.kind],
            actor_kind=event.actor_kind.value,
            actor_member_id=event.actor_member_id,
            dealer_code=event.dealer_code,
            issuer_id=event.issuer_id,
            detail=event.detail,
            corrects_seq=event.corrects_seq,
            prev_hash=prev,
        )
        digest = event_hash(body)
        moved = (
            await PartUnit.filter(id=unit_id, head_seq=unit.head_seq)
            .using_db(conn)
            .update(head_seq=seq, head_hash=digest, **changes)
        )
        if moved != 1:
            raise _LostRace
        return await ProvenanceEvent.create(
            unit_id=unit_id,
            seq=seq,
            kind=event.kind,
            occurred_at=occurred_at,
            city=event.city,
            business_step=BUSINESS_STEPS[event.kind],
            actor_kind=event.actor_kind,
            actor_member_id=event.actor_member_id,
            dealer_code=event.dealer_code,
            issuer_id=event.issuer_id,
            detail=event.detail,
            corrects_seq=event.corrects_seq,
            prev_hash=prev,
            hash=digest,
            using_db=conn,
        )


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    #: The first event whose stored hash, link or sequence number is wrong (None if intact).
    first_bad_seq: int | None
    events: Sequence[StoredEvent]


class ChainHead(Protocol):
    code: str
    head_seq: int
    head_hash: str | None


class StoredEvent(Protocol):
    """An event row as stored (a model instance or ``lookup.EventView``)."""

    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


def check_chain(unit: ChainHead, events: Sequence[StoredEvent]) -> ChainCheck:
    """Recompute every hash from the stored fields and follow the links from the genesis to
    the unit's head. A missing event reads as a bad link at the event after the gap (or at
    the head when the last events are gone)."""
    prev = GENESIS_HASH
    for expected_seq, row in enumerate(events, start=1):
        if (
            row.seq != expected_seq
            or row.prev_hash != prev
            or stored_event_hash(unit.code, row) != row.hash
        ):
            return ChainCheck(False, expected_seq if row.seq > expected_seq else row.seq, events)
        prev = row.hash
    if len(events) != unit.head_seq or (events and prev != unit.head_hash):
        return ChainCheck(False, min(len(events) + 1, max(unit.head_seq, 1)), events)
    return ChainCheck(True, None, events)


async def events_of(unit_id: int) -> list[ProvenanceEvent]:
    return list(await ProvenanceEvent.filter(unit_id=unit_id).order_by("seq"))
