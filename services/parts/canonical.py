"""The canonical encodings that signatures and chain hashes are computed over: RFC 8785 JSON,
UTC timestamps to the millisecond, base64url without padding."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import rfc8785

#: The previous hash of a chain's first event.
GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    return rfc8785.dumps(value)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def to_millis(at: datetime) -> datetime:
    """``at`` in UTC cut to the millisecond, so it reads back the same from either database."""
    at = at.astimezone(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def timestamp(at: datetime) -> str:
    """``2026-12-03T13:00:00.000Z``."""
    return to_millis(at).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def label_message(
    *, issuer: int, key_id: str, part_number: str, serial: str, commissioned_at: datetime
) -> bytes:
    """The bytes an issuer signs for one unit's label."""
    return _label_message(issuer, key_id, part_number, serial, commissioned_at)


@lru_cache(maxsize=16384)
def _label_message(
    issuer: int, key_id: str, part_number: str, serial: str, commissioned_at: datetime
) -> bytes:
    return canonical_json(
        {
            "issuer": issuer,
            "keyId": key_id,
            "partNumber": part_number,
            "serial": serial,
            "commissionedAt": timestamp(commissioned_at),
        }
    )


def event_body(
    *,
    code: str,
    seq: int,
    kind: str,
    occurred_at: datetime,
    city: str | None,
    business_step: str,
    actor_kind: str,
    actor_member_id: int | None,
    dealer_code: str | None,
    issuer_id: int | None,
    detail: dict[str, Any],
    corrects_seq: int | None,
    prev_hash: str,
) -> dict[str, Any]:
    """What an event's hash covers, the previous event's hash included."""
    return {
        "unit": code,
        "seq": seq,
        "kind": kind,
        "occurredAt": timestamp(occurred_at),
        "city": city,
        "bizStep": business_step,
        "actorKind": actor_kind,
        "actorMemberId": actor_member_id,
        "dealerCode": dealer_code,
        "issuerId": issuer_id,
        "detail": detail,
        "correctsSeq": corrects_seq,
        "prevHash": prev_hash,
    }


def event_hash(body: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(body))


def stored_event_hash(code: str, row: Any) -> str:
    """The hash an event row should carry, recomputed from its stored fields. A row read with
    its stored detail text (``lookup.EventView``) is answered from a cache keyed by every
    stored field, so an unchanged row is canonicalised once and a changed one again."""
    text = getattr(row, "detail_text", None)
    if text is not None:
        return _cached_event_hash(
            code,
            row.seq,
            str(row.kind),
            row.occurred_at,
            row.city,
            row.business_step,
            str(row.actor_kind),
            row.actor_member_id,
            row.dealer_code,
            row.issuer_id,
            text,
            row.corrects_seq,
            row.prev_hash,
        )
    return _event_hash_of(code, row)


@lru_cache(maxsize=16384)
def _cached_event_hash(
    code: str,
    seq: int,
    kind: str,
    occurred_at: datetime,
    city: str | None,
    business_step: str,
    actor_kind: str,
    actor_member_id: int | None,
    dealer_code: str | None,
    issuer_id: int | None,
    detail_text: str,
    corrects_seq: int | None,
    prev_hash: str,
) -> str:
    return event_hash(
        event_body(
            code=code,
            seq=seq,
            kind=kind,
            occurred_at=occurred_at,
            city=city,
            business_step=business_step,
            actor_kind=actor_kind,
            actor_member_id=actor_member_id,
            dealer_code=dealer_code,
            issuer_id=issuer_id,
            detail=dict(json.loads(detail_text) or {}),
            corrects_seq=corrects_seq,
            prev_hash=prev_hash,
        )
    )


def _event_hash_of(code: str, row: Any) -> str:
    return event_hash(
        event_body(
            code=code,
            seq=row.seq,
            kind=str(row.kind),
            occurred_at=row.occurred_at,
            city=row.city,
            business_step=row.business_step,
            actor_kind=str(row.actor_kind),
            actor_member_id=row.actor_member_id,
            dealer_code=row.dealer_code,
            issuer_id=row.issuer_id,
            detail=dict(row.detail or {}),
            corrects_seq=row.corrects_seq,
            prev_hash=row.prev_hash,
        )
    )
