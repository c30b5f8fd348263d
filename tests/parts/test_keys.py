"""Issuer keys: rotation keeps old labels valid, revocation invalidates later ones, tampering
shows, and a label verifies offline from the published document alone."""

from __future__ import annotations

import base64
from datetime import timedelta

import httpx
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from strawberry.relay import GlobalID

from models.parts import IssuerKey, PartUnit
from services.core import clock
from services.parts.commissioning import Label
from tests.factories import make_member
from tests.factories.parts import commission, make_issuer, make_part_model
from tests.support import GraphQLClient

VERIFY = "query V($code: String!) { verifyPart(code: $code) { verdict keyId } }"
ROTATE = "mutation { rotateIssuerKey { key { id keyId retiredAt } errors { code } } }"
REVOKE = """
mutation Revoke($input: RevokeIssuerKeyInput!) {
  revokeIssuerKey(input: $input) { key { keyId revokedFrom } errors { code field } }
}
"""
KEYS = "{ issuerKeys { keyId publicKey retiredAt revokedFrom issuer } }"


async def verdict(gql: GraphQLClient, label: Label) -> str:
    return (await gql.data(VERIFY, {"code": label.code}))["verifyPart"]["verdict"]


def unpadded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


async def test_rotation_keeps_old_labels_valid_and_signs_new_ones_with_the_new_key(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    part = await make_part_model(issuer)
    (old,) = await commission(issuer, part)
    rotated = await gql.data(ROTATE, token=issuer.token)
    (new,) = await commission(issuer, part)

    assert rotated["rotateIssuerKey"]["errors"] == []
    assert (
        old.payload["keyId"] != new.payload["keyId"] == rotated["rotateIssuerKey"]["key"]["keyId"]
    )
    assert await verdict(gql, old) == "AUTHENTIC"
    assert await verdict(gql, new) == "AUTHENTIC"
    keys = (await gql.data(KEYS))["issuerKeys"]
    assert [k["keyId"] for k in keys] == [old.payload["keyId"], new.payload["keyId"]]
    assert keys[0]["retiredAt"] is not None and keys[1]["retiredAt"] is None


async def test_revocation_invalidates_labels_signed_from_its_date_on(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    part = await make_part_model(issuer)
    start = clock.now()
    with clock.frozen(start - timedelta(days=2)):
        (before,) = await commission(issuer, part)
    with clock.frozen(start):
        (after,) = await commission(issuer, part)
    key = await IssuerKey.get(key_id=before.payload["keyId"])
    revoked = await gql.data(
        REVOKE,
        {
            "input": {
                "keyId": str(GlobalID("IssuerKey", str(key.id))),
                "revokedFrom": (start - timedelta(days=1)).isoformat(),
            }
        },
        token=issuer.token,
    )

    assert revoked["revokeIssuerKey"]["errors"] == []
    assert await verdict(gql, before) == "AUTHENTIC"
    assert await verdict(gql, after) == "KEY_REVOKED"
    (fresh,) = await commission(issuer, part)
    assert fresh.payload["keyId"] != key.key_id
    assert await verdict(gql, fresh) == "AUTHENTIC"


async def test_only_the_keys_owner_revokes_it(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    other = await make_issuer()
    member = await make_member()
    (label,) = await commission(issuer)
    key = await IssuerKey.get(key_id=label.payload["keyId"])
    variables = {"input": {"keyId": str(GlobalID("IssuerKey", str(key.id)))}}

    by_other = await gql.data(REVOKE, variables, token=other.token)
    by_member = await gql.data(REVOKE, variables, token=member.token)

    assert by_other["revokeIssuerKey"]["errors"] == [
        {"code": "FORBIDDEN", "field": ["input", "keyId"]}
    ]
    assert by_member["revokeIssuerKey"]["errors"][0]["code"] == "FORBIDDEN"
    assert await verdict(gql, label) == "AUTHENTIC"


async def test_a_tampered_signature_or_key_is_a_bad_signature(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    part = await make_part_model(issuer)
    first, second = await commission(issuer, part, count=2)
    await PartUnit.filter(id=first.unit_id).update(serial="9999999")
    assert await verdict(gql, first) == "BAD_SIGNATURE"
    assert await verdict(gql, second) == "AUTHENTIC"
    key = await IssuerKey.get(key_id=second.payload["keyId"])
    (forged,) = await commission(await make_issuer())
    forged_key = forged.payload["keyId"]
    await IssuerKey.filter(id=key.id).update(
        public_key=(await IssuerKey.get(key_id=forged_key)).public_key
    )
    assert await verdict(gql, second) == "BAD_SIGNATURE"


async def test_a_label_verifies_offline_from_the_published_keys_alone(
    http: httpx.AsyncClient,
) -> None:
    # given: a printed label, and the keys document fetched once
    issuer = await make_issuer()
    (label,) = await commission(issuer)
    document = (await http.get("/.well-known/convoy-part-keys.json")).json()
    printed = dict(label.payload)
    # when: checking with the document and the cryptography package only
    key = next(k for k in document["keys"] if k["keyId"] == printed["keyId"])
    public = Ed25519PublicKey.from_public_bytes(unpadded(key["publicKey"]))
    message = rfc8785.dumps(
        {
            name: printed[name]
            for name in ("issuer", "keyId", "partNumber", "serial", "commissionedAt")
        }
    )
    # then
    public.verify(unpadded(printed["signature"]), message)
    assert key["revokedFrom"] is None and key["issuer"] == printed["issuer"]
    tampered = rfc8785.dumps(
        {
            **{n: printed[n] for n in ("issuer", "keyId", "partNumber", "commissionedAt")},
            "serial": "0000002",
        }
    )
    try:
        public.verify(unpadded(printed["signature"]), tampered)
    except InvalidSignature:
        pass
    else:
        raise AssertionError("a changed serial must not verify")
    assert "sealed" not in str(document) and "private" not in str(document).lower()
