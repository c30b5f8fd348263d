"""The reads verification makes, as two hand-written statements: a unit with its signing key,
part model and issuer's name, and its events with whether each acting member still exists."""

from __future__ import annotations

from dataclasses import dataclass

from models.parts import IssuerKey, PartModel, PartUnit, ProvenanceEvent
from services.core.sql import Sql, as_datetime, as_json

_UNIT = (
    "SELECT u.id, u.code, u.serial, u.signature, u.commissioned_at, u.issuer_id, "
    "u.part_model_id, u.signing_key_id, u.status, u.suspected_clone, u.custody_kind, "
    "u.custodian_id, u.in_transit, u.head_seq, u.head_hash, u.last_scan_city, u.last_scan_at, "
    "k.key_id AS k_key_id, k.public_key AS k_public_key, k.revoked_from AS k_revoked_from, "
    "k.issuer_id AS k_issuer_id, k.created_at AS k_created_at, p.maker, p.part_number, "
    "p.name_zh, p.name_en, p.category, p.capability_tags, p.created_at AS p_created_at, "
    "m.display_name AS issuer_name "
    "FROM part_units u JOIN issuer_keys k ON k.id = u.signing_key_id "
    "JOIN part_models p ON p.id = u.part_model_id JOIN members m ON m.id = u.issuer_id "
    "WHERE u.code = ?"
)
_EVENTS = (
    "SELECT e.seq, e.kind, e.occurred_at, e.city, e.business_step, e.actor_kind, "
    "e.actor_member_id, e.dealer_code, e.issuer_id, e.detail, e.corrects_seq, e.prev_hash, "
    "e.hash, CASE WHEN e.actor_member_id IS NOT NULL AND (m.id IS NULL "
    "OR m.deleted_at IS NOT NULL) THEN 1 ELSE 0 END AS actor_gone "
    "FROM provenance_events e LEFT JOIN members m ON m.id = e.actor_member_id "
    "WHERE e.unit_id = ? ORDER BY e.seq"
)


@dataclass
class LoadedUnit:
    unit: PartUnit
    key: IssuerKey
    part_model: PartModel
    issuer_name: str


def _when(value: object) -> object:
    return as_datetime(value) if value is not None else None


async def unit_by_code(code: str) -> LoadedUnit | None:
    row = await Sql().first(_UNIT, code)
    if row is None:
        return None
    unit = PartUnit(
        id=row["id"],
        code=row["code"],
        serial=row["serial"],
        signature=row["signature"],
        commissioned_at=as_datetime(row["commissioned_at"]),
        issuer_id=row["issuer_id"],
        part_model_id=row["part_model_id"],
        signing_key_id=row["signing_key_id"],
        status=row["status"],
        suspected_clone=bool(row["suspected_clone"]),
        custody_kind=row["custody_kind"],
        custodian_id=row["custodian_id"],
        in_transit=bool(row["in_transit"]),
        head_seq=row["head_seq"],
        head_hash=row["head_hash"],
        last_scan_city=row["last_scan_city"],
        last_scan_at=_when(row["last_scan_at"]),
    )
    key = IssuerKey(
        id=row["signing_key_id"],
        key_id=row["k_key_id"],
        public_key=row["k_public_key"],
        revoked_from=_when(row["k_revoked_from"]),
        issuer_id=row["k_issuer_id"],
        created_at=as_datetime(row["k_created_at"]),
    )
    part = PartModel(
        id=row["part_model_id"],
        issuer_id=row["issuer_id"],
        maker=row["maker"],
        part_number=row["part_number"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        category=row["category"],
        capability_tags=list(as_json(row["capability_tags"]) or []),
        created_at=as_datetime(row["p_created_at"]),
    )
    return LoadedUnit(unit=unit, key=key, part_model=part, issuer_name=row["issuer_name"])


async def events_with_actors(unit_id: int) -> tuple[list[ProvenanceEvent], set[int]]:
    """The unit's events in order, and the seqs of those whose acting member is gone."""
    rows = await Sql().rows(_EVENTS, unit_id)
    events = [
        ProvenanceEvent(
            unit_id=unit_id,
            seq=row["seq"],
            kind=row["kind"],
            occurred_at=as_datetime(row["occurred_at"]),
            city=row["city"],
            business_step=row["business_step"],
            actor_kind=row["actor_kind"],
            actor_member_id=row["actor_member_id"],
            dealer_code=row["dealer_code"],
            issuer_id=row["issuer_id"],
            detail=dict(as_json(row["detail"]) or {}),
            corrects_seq=row["corrects_seq"],
            prev_hash=row["prev_hash"],
            hash=row["hash"],
        )
        for row in rows
    ]
    return events, {row["seq"] for row in rows if row["actor_gone"]}
