"""The read verification makes, as one hand-written statement: a unit with its signing key,
part model, issuer's name and events, with whether each acting member still exists.
Rows become plain dataclasses, never ORM instances (building those cost more than the checks)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.core.sql import Sql, as_datetime, as_json

#: The unit with its key, part model and issuer, once per event (in order; one row with no
#: event columns for a unit without events), with whether each event's acting member is gone.
_UNIT_WITH_EVENTS = (
    "SELECT u.id, u.code, u.serial, u.signature, u.commissioned_at, u.issuer_id, "
    "u.part_model_id, u.status, u.suspected_clone, u.in_transit, u.head_seq, u.head_hash, "
    "u.last_scan_city, u.last_scan_at, "
    "k.key_id AS k_key_id, k.public_key AS k_public_key, k.revoked_from AS k_revoked_from, "
    "k.issuer_id AS k_issuer_id, p.maker, p.part_number, "
    "p.name_zh, p.name_en, p.category, p.capability_tags, p.created_at AS p_created_at, "
    "m.display_name AS issuer_name, "
    "e.seq AS e_seq, e.kind AS e_kind, e.occurred_at AS e_occurred_at, e.city AS e_city, "
    "e.business_step AS e_business_step, e.actor_kind AS e_actor_kind, "
    "e.actor_member_id AS e_actor_member_id, e.dealer_code AS e_dealer_code, "
    "e.issuer_id AS e_issuer_id, e.detail AS e_detail, e.corrects_seq AS e_corrects_seq, "
    "e.prev_hash AS e_prev_hash, e.hash AS e_hash, "
    "CASE WHEN e.actor_member_id IS NOT NULL AND (a.id IS NULL "
    "OR a.deleted_at IS NOT NULL) THEN 1 ELSE 0 END AS e_actor_gone "
    "FROM part_units u JOIN issuer_keys k ON k.id = u.signing_key_id "
    "JOIN part_models p ON p.id = u.part_model_id JOIN members m ON m.id = u.issuer_id "
    "LEFT JOIN provenance_events e ON e.unit_id = u.id "
    "LEFT JOIN members a ON a.id = e.actor_member_id "
    "WHERE u.code = ? ORDER BY e.seq"
)


@dataclass(slots=True)
class UnitView:
    """A unit as verification reads it (plain data: no ORM instance on the read path)."""

    id: int
    code: str
    serial: str
    signature: str
    commissioned_at: datetime
    issuer_id: int
    part_model_id: int
    status: str
    suspected_clone: bool
    in_transit: bool
    head_seq: int
    head_hash: str | None
    last_scan_city: str | None
    last_scan_at: datetime | None


@dataclass(frozen=True, slots=True)
class KeyView:
    key_id: str
    public_key: str
    revoked_from: datetime | None
    issuer_id: int


@dataclass(frozen=True, slots=True)
class PartView:
    id: int
    maker: str
    part_number: str
    name_zh: str
    name_en: str
    category: str
    capability_tags: list[str]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EventView:
    """An event row as stored; ``detail_text`` is the stored JSON, read as the hash's key."""

    seq: int
    kind: str
    occurred_at: datetime
    city: str | None
    business_step: str
    actor_kind: str
    actor_member_id: int | None
    dealer_code: str | None
    issuer_id: int | None
    detail: dict[str, Any]
    detail_text: str
    corrects_seq: int | None
    prev_hash: str
    hash: str


@dataclass(slots=True)
class LoadedUnit:
    unit: UnitView
    key: KeyView
    part_model: PartView
    issuer_name: str
    #: Its events in order, and the seqs of those whose acting member was deleted.
    events: list[EventView]
    gone: set[int]


def _when(value: object) -> datetime | None:
    return as_datetime(value) if value is not None else None


async def unit_by_code(code: str) -> LoadedUnit | None:
    """The unit carrying ``code`` with its key, part model, issuer's name and events, in one
    statement; None for no such unit."""
    rows = await Sql().rows(_UNIT_WITH_EVENTS, code)
    if not rows:
        return None
    row = rows[0]
    unit = UnitView(
        id=row["id"],
        code=row["code"],
        serial=row["serial"],
        signature=row["signature"],
        commissioned_at=as_datetime(row["commissioned_at"]),
        issuer_id=row["issuer_id"],
        part_model_id=row["part_model_id"],
        status=row["status"],
        suspected_clone=bool(row["suspected_clone"]),
        in_transit=bool(row["in_transit"]),
        head_seq=row["head_seq"],
        head_hash=row["head_hash"],
        last_scan_city=row["last_scan_city"],
        last_scan_at=_when(row["last_scan_at"]),
    )
    key = KeyView(
        key_id=row["k_key_id"],
        public_key=row["k_public_key"],
        revoked_from=_when(row["k_revoked_from"]),
        issuer_id=row["k_issuer_id"],
    )
    part = PartView(
        id=row["part_model_id"],
        maker=row["maker"],
        part_number=row["part_number"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        category=row["category"],
        capability_tags=list(as_json(row["capability_tags"]) or []),
        created_at=as_datetime(row["p_created_at"]),
    )
    events = [_event(row) for row in rows if row["e_seq"] is not None]
    gone = {row["e_seq"] for row in rows if row["e_actor_gone"]}
    return LoadedUnit(unit, key, part, row["issuer_name"], events, gone)


def _event(row: dict[str, Any]) -> EventView:
    raw = row["e_detail"]
    text = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)
    return EventView(
        seq=row["e_seq"],
        kind=row["e_kind"],
        occurred_at=as_datetime(row["e_occurred_at"]),
        city=row["e_city"],
        business_step=row["e_business_step"],
        actor_kind=row["e_actor_kind"],
        actor_member_id=row["e_actor_member_id"],
        dealer_code=row["e_dealer_code"],
        issuer_id=row["e_issuer_id"],
        detail=dict(json.loads(text) or {}),
        detail_text=text,
        corrects_seq=row["e_corrects_seq"],
        prev_hash=row["e_prev_hash"],
        hash=row["e_hash"],
    )
