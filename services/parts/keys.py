"""Issuer signing keys: Ed25519, sealed with AES-GCM under the key-encryption key, one signing
key per issuer at a time (rotation retires it, revocation invalidates signatures from a date),
and the public keys anyone may fetch to verify a label offline."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import runtime
from models.accounts import StaffRole
from models.members import Member
from models.parts import IssuerKey
from services.core import clock
from services.core.actors import Actor, require_role
from services.errors import Forbidden, InvalidInput, NotFound
from services.parts.canonical import b64, timestamp, unb64
from services.parts.lookup import KeyView

_SEALED_PREFIX = "v1."
#: Unsealed private keys by key id, so a batch does not open its key per unit.
_unsealed: dict[str, Ed25519PrivateKey] = {}


def _kek() -> AESGCM:
    return AESGCM(hashlib.sha256(runtime.settings().part_key_encryption_key.encode()).digest())


def seal(private_key: Ed25519PrivateKey, key_id: str) -> str:
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    nonce = secrets.token_bytes(12)
    return _SEALED_PREFIX + b64(nonce + _kek().encrypt(nonce, raw, key_id.encode()))


def unseal(sealed: str, key_id: str) -> Ed25519PrivateKey:
    blob = unb64(sealed.removeprefix(_SEALED_PREFIX))
    raw = _kek().decrypt(blob[:12], blob[12:], key_id.encode())
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key_of(key: IssuerKey) -> Ed25519PrivateKey:
    found = _unsealed.get(key.key_id)
    if found is None:
        found = _unsealed[key.key_id] = unseal(key.sealed_private_key, key.key_id)
    return found


def public_key_of(key: IssuerKey | KeyView) -> Ed25519PublicKey | None:
    return _public_key(key.public_key)


@lru_cache(maxsize=1024)
def _public_key(text: str) -> Ed25519PublicKey | None:
    try:
        return Ed25519PublicKey.from_public_bytes(unb64(text))
    except ValueError:
        return None


def signature_valid(key: IssuerKey | KeyView, message: bytes, signature: str) -> bool:
    """Whether ``signature`` is the key's over ``message``; the answer is remembered by
    (public key, message, signature), so a label checked before costs no Ed25519 check."""
    return _signature_valid(key.public_key, message, signature)


@lru_cache(maxsize=16384)
def _signature_valid(public_key: str, message: bytes, signature: str) -> bool:
    public = _public_key(public_key)
    if public is None:
        return False
    try:
        public.verify(unb64(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _new_key(issuer_id: int) -> IssuerKey:
    private = Ed25519PrivateKey.generate()
    key_id = "k" + secrets.token_hex(5)
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    _unsealed[key_id] = private
    return IssuerKey(
        key_id=key_id,
        issuer_id=issuer_id,
        public_key=b64(public),
        sealed_private_key=seal(private, key_id),
        active_issuer_id=issuer_id,
        created_at=clock.now(),
    )


async def signing_key(issuer_id: int) -> IssuerKey:
    """The issuer's current signing key, made on first use (one per issuer even when two
    batches start at once: the unique ``active_issuer_id`` decides)."""
    found = await IssuerKey.get_or_none(active_issuer_id=issuer_id)
    if found is not None:
        return found
    try:
        key = _new_key(issuer_id)
        await key.save()
        return key
    except IntegrityError:
        return await IssuerKey.get(active_issuer_id=issuer_id)


def _owns(actor: Actor, key: IssuerKey) -> bool:
    return key.issuer_id == actor.id or StaffRole.ADMIN.value in set(actor.roles)


async def rotate_key(*, actor: Actor) -> IssuerKey:
    """Retire the actor's signing key and make a new one; labels signed with the old key keep
    verifying. FORBIDDEN unless the actor is an issuer."""
    require_role(actor, StaffRole.ISSUER)
    async with in_transaction() as conn:
        await (
            IssuerKey.filter(active_issuer_id=actor.id)
            .using_db(conn)
            .update(active_issuer_id=None, retired_at=clock.now())
        )
        key = _new_key(actor.id)
        await key.save(using_db=conn)
    return key


async def revoke_key(
    *, actor: Actor, key_id: int, revoked_from: datetime | None = None
) -> IssuerKey:
    """Revoke a key from ``revoked_from`` (default now) on: labels it signed from then on no
    longer verify (KEY_REVOKED), earlier ones still do. Revoking again can only move the date
    earlier. The key stops signing. FORBIDDEN for a key of another issuer (admins may)."""
    require_role(actor, StaffRole.ISSUER)
    key = await IssuerKey.get_or_none(id=key_id)
    if key is None:
        raise NotFound(field="key_id")
    if not _owns(actor, key):
        raise Forbidden(field="key_id")
    when = revoked_from or clock.now()
    if when.tzinfo is None:
        raise InvalidInput(field="revoked_from")
    if key.revoked_from is not None and key.revoked_from <= when:
        return key
    await IssuerKey.filter(id=key.id).update(
        revoked_from=when,
        active_issuer_id=None,
        retired_at=key.retired_at or clock.now(),
    )
    await key.refresh_from_db()
    return key


async def keys_of(*, issuer_id: int | None = None) -> list[IssuerKey]:
    """Published keys (every issuer's, or one's), oldest first."""
    query = IssuerKey.all() if issuer_id is None else IssuerKey.filter(issuer_id=issuer_id)
    return list(await query.order_by("id"))


def key_document_entry(key: IssuerKey, issuer_name: str) -> dict[str, Any]:
    return {
        "keyId": key.key_id,
        "issuer": key.issuer_id,
        "issuerName": issuer_name,
        "algorithm": "Ed25519",
        "publicKey": key.public_key,
        "createdAt": timestamp(key.created_at),
        "retiredAt": timestamp(key.retired_at) if key.retired_at else None,
        "revokedFrom": timestamp(key.revoked_from) if key.revoked_from else None,
    }


async def published_keys_document() -> dict[str, Any]:
    """The static JSON document of every public key: enough to verify any label offline
    (see docs/marketplace.md for the message that was signed)."""
    keys = await keys_of()
    names = {
        member.id: member.display_name
        for member in await Member.filter(id__in={key.issuer_id for key in keys})
    }
    return {
        "version": 1,
        "signedMessage": (
            "RFC 8785 JSON of {issuer, keyId, partNumber, serial, commissionedAt}, "
            "commissionedAt as YYYY-MM-DDTHH:MM:SS.sssZ; signature base64url"
        ),
        "keys": [key_document_entry(key, names.get(key.issuer_id, "")) for key in keys],
    }
