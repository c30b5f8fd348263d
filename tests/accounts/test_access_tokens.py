"""Access tokens at the HTTP boundary: tampered and expired tokens are refused with 401."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from runtime.config import Settings
from services.accounts.tokens import AccessClaims, issue_access_token
from tests.accounts.support import VIEWER
from tests.factories import make_member


async def test_a_valid_token_identifies_the_viewer(gql: Any) -> None:
    # given
    signed_in = await make_member("ranger")
    # when
    data = await gql.data(VIEWER, token=signed_in.token)
    # then
    assert data == {"viewer": {"member": {"handle": "ranger"}}}


async def test_a_tampered_token_is_401_invalid_token(gql: Any) -> None:
    # given: the payload claims admin, the signature is the original one
    signed_in = await make_member("ranger")
    header, payload, signature = signed_in.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["admin"]
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = ".".join([header, forged_payload, signature])
    # when
    response = await gql.raw(VIEWER, token=forged)
    # then
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert "data" not in response.json()


async def test_a_token_signed_with_another_key_is_401_invalid_token(gql: Any) -> None:
    # given
    signed_in = await make_member("ranger")
    claims = jwt.decode(signed_in.token, options={"verify_signature": False})
    forged = jwt.encode({**claims, "roles": ["admin"]}, "x" * 40, algorithm="HS256")
    # when
    response = await gql.raw(VIEWER, token=forged)
    # then
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


async def test_an_expired_token_is_401_token_expired(gql: Any, settings: Settings) -> None:
    # given
    signed_in = await make_member("ranger")
    issued = datetime.now(UTC) - timedelta(minutes=settings.access_token_minutes + 1)
    expired = issue_access_token(
        AccessClaims(
            account_id=signed_in.account.id,
            member_id=signed_in.member.id,
            roles=(),
            version=signed_in.account.token_version,
        ),
        now=issued,
    )
    # when
    response = await gql.raw(VIEWER, token=expired, headers={"accept-language": "en"})
    # then
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "TOKEN_EXPIRED"
    assert error["message"] == "The token has expired, please sign in again."
