"""Commissioning: an issuer creates labelled units of a part model in bulk. Each unit gets a
serial, a short public code, an Ed25519 signature over its canonical label, a claim code kept
only as a keyed hash, and a ``COMMISSIONED`` first event; a chunk of units and their events
commit together."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

import runtime
from models.accounts import StaffRole
from models.parts import ActorKind, EventKind, PartModel
from services.core import clock
from services.core.actors import Actor, require_role
from services.core.sql import Sql
from services.errors import Forbidden, InvalidInput, NotFound
from services.members.validation import text
from services.parts.canonical import (
    GENESIS_HASH,
    b64,
    event_body,
    event_hash,
    label_message,
    timestamp,
    to_millis,
)
from services.parts.chain import BUSINESS_STEPS
from services.parts.keys import private_key_of, signing_key

#: Crockford's base32: no I, L, O or U to misread on a label.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
CLAIM_CODE_LENGTH = 10
CHUNK = 1000
MAX_GRAPHQL_BATCH = 100


@dataclass(frozen=True)
class Label:
    """What gets printed for one unit: the public label (its QR opens ``url``) and the claim
    code under the scratch-off, which exists only here, never in the database."""

    unit_id: int
    code: str
    serial: str
    claim_code: str
    payload: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.payload["url"])


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_claim_code(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def claim_code_hash(claim_code: str) -> str:
    key = runtime.settings().claim_code_hash_key.encode()
    return hmac.new(key, normalize_claim_code(claim_code).encode(), hashlib.sha256).hexdigest()


def verify_url(code: str) -> str:
    return f"{runtime.settings().public_base_url.rstrip('/')}/v/{code}"


async def commission_units(
    *,
    actor: Actor,
    part_model_id: int,
    count: int,
    city: str | None = None,
    max_count: int = MAX_GRAPHQL_BATCH,
    on_chunk: Callable[[list[Label]], Any] | None = None,
    keep_labels: bool = True,
    fixed_codes: list[tuple[str, str]] | None = None,
) -> list[Label]:
    """Commission ``count`` units of the actor's part model and return their labels (each
    chunk of ``CHUNK`` units commits on its own; ``on_chunk`` sees every chunk's labels as
    it commits; ``keep_labels=False`` returns none, for runs too large to hold). FORBIDDEN
    unless the actor is the issuer of the part model (or an admin); INVALID_INPUT for a count
    outside 1..``max_count``. ``fixed_codes`` (public code, claim code) pairs replace the
    random ones: the demo data prints known codes."""
    require_role(actor, StaffRole.ISSUER)
    if not isinstance(count, int) or not 1 <= count <= max_count:
        raise InvalidInput(field="count", message_key="parts.count", min=1, max=max_count)
    where = text(city, name="city", max_length=64)
    part = await PartModel.get_or_none(id=part_model_id)
    if part is None:
        raise NotFound(field="part_model_id")
    if part.issuer_id != actor.id and StaffRole.ADMIN.value not in set(actor.roles):
        raise Forbidden(field="part_model_id")
    key = await signing_key(part.issuer_id)
    first = await _reserve_serials(part.id, count)
    labels: list[Label] = []
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        fixed = fixed_codes[start : start + size] if fixed_codes else None
        chunk = await _commission_chunk(part, key, first + start, size, where, actor.id, fixed)
        if keep_labels:
            labels.extend(chunk)
        if on_chunk is not None:
            on_chunk(chunk)
    return labels


async def _reserve_serials(part_model_id: int, count: int) -> int:
    """The first of ``count`` serial numbers reserved for this batch (one conditional update,
    so concurrent batches get disjoint ranges)."""
    rows = await Sql().rows(
        "UPDATE part_models SET units_commissioned = units_commissioned + ? WHERE id = ? "
        "RETURNING units_commissioned",
        count,
        part_model_id,
    )
    return int(rows[0]["units_commissioned"]) - count + 1


async def _commission_chunk(
    part: PartModel,
    key: Any,
    first_number: int,
    size: int,
    city: str | None,
    actor_id: int,
    fixed: list[tuple[str, str]] | None = None,
) -> list[Label]:
    now = to_millis(clock.now())
    private = private_key_of(key)
    units: list[tuple[Any, ...]] = []
    events: dict[str, tuple[str, dict[str, Any]]] = {}
    drafts: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for number in range(first_number, first_number + size):
        serial = f"{number:07d}"
        if fixed:
            code, claim = fixed[number - first_number]
        else:
            code, claim = random_code(CODE_LENGTH), random_code(CLAIM_CODE_LENGTH)
        message = label_message(
            issuer=part.issuer_id,
            key_id=key.key_id,
            part_number=part.part_number,
            serial=serial,
            commissioned_at=now,
        )
        signature = b64(private.sign(message))
        detail = {"partNumber": part.part_number, "serial": serial}
        body = event_body(
            code=code,
            seq=1,
            kind=EventKind.COMMISSIONED.value,
            occurred_at=now,
            city=city,
            business_step=BUSINESS_STEPS[EventKind.COMMISSIONED],
            actor_kind=ActorKind.ISSUER.value,
            actor_member_id=actor_id,
            dealer_code=None,
            issuer_id=part.issuer_id,
            detail=detail,
            corrects_seq=None,
            prev_hash=GENESIS_HASH,
        )
        digest = event_hash(body)
        units.append(
            (
                part.id,
                part.issuer_id,
                key.id,
                serial,
                code,
                signature,
                claim_code_hash(claim),
                now,
                digest,
            )
        )
        events[code] = (digest, detail)
        drafts[code] = (
            serial,
            claim,
            {
                "issuer": part.issuer_id,
                "keyId": key.key_id,
                "partNumber": part.part_number,
                "serial": serial,
                "commissionedAt": timestamp(now),
                "signature": signature,
                "code": code,
                "url": verify_url(code),
            },
        )
    async with in_transaction() as conn:
        db = Sql(conn)
        placeholders = ", ".join(
            ["(?, ?, ?, ?, ?, ?, ?, {ts}, ?, 1, 'ACTIVE', 'ISSUER', FALSE, FALSE)"] * size
        )
        inserted = await db.rows(
            "INSERT INTO part_units (part_model_id, issuer_id, signing_key_id, serial, code, "
            "signature, claim_code_hash, commissioned_at, head_hash, head_seq, status, "
            "custody_kind, suspected_clone, in_transit) VALUES "
            + placeholders
            + " RETURNING id, code",
            *[value for row in units for value in row],
        )
        ids = {row["code"]: int(row["id"]) for row in inserted}
        event_rows = [
            (ids[code], now, city, part.issuer_id, actor_id, json.dumps(detail), digest)
            for code, (digest, detail) in events.items()
        ]
        await db.rows(
            "INSERT INTO provenance_events (unit_id, seq, kind, occurred_at, city, "
            "business_step, actor_kind, issuer_id, actor_member_id, detail, prev_hash, hash) "
            "VALUES "
            + ", ".join(
                ["(?, 1, 'COMMISSIONED', {ts}, ?, 'commissioning', 'ISSUER', ?, ?, {json}, ?, ?)"]
                * size
            )
            + " RETURNING id",
            *[
                value
                for unit_id, at, where, issuer, who, detail, digest in event_rows
                for value in (unit_id, at, where, issuer, who, detail, GENESIS_HASH, digest)
            ],
        )
    return [
        Label(unit_id=ids[code], code=code, serial=serial, claim_code=claim, payload=payload)
        for code, (serial, claim, payload) in drafts.items()
    ]
