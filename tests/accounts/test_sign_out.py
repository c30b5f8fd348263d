"""signOut: one session (a refresh-token family) or every session of the account."""

from __future__ import annotations

from typing import Any

from models.accounts import RefreshToken
from tests.accounts.support import VIEWER, codes, refresh, row_counts, sign_in, sign_up

SIGN_OUT = """
mutation SignOut($input: SignOutInput!) {
  signOut(input: $input) { revokedSessions errors { code field message } }
}
"""


async def sign_out(gql: Any, refresh_token: str, everywhere: bool = False) -> dict[str, Any]:
    data = await gql.data(
        SIGN_OUT, {"input": {"refreshToken": refresh_token, "everywhere": everywhere}}
    )
    return data["signOut"]


async def test_sign_out_ends_that_session_only(gql: Any) -> None:
    # given
    phone = (await sign_up(gql, "ranger"))["tokens"]
    rotated = (await refresh(gql, phone["refreshToken"]))["tokens"]
    laptop = (await sign_in(gql, "ranger@example.test"))["tokens"]
    # when
    payload = await sign_out(gql, rotated["refreshToken"])
    # then
    assert payload == {"revokedSessions": 2, "errors": []}
    assert codes(await refresh(gql, rotated["refreshToken"])) == ["INVALID_TOKEN"]
    assert (await refresh(gql, laptop["refreshToken"]))["errors"] == []


async def test_signing_out_twice_is_harmless(gql: Any) -> None:
    # given
    token = (await sign_up(gql, "ranger"))["tokens"]["refreshToken"]
    await sign_out(gql, token)
    before = await row_counts()
    # when
    again = await sign_out(gql, token)
    # then
    assert again == {"revokedSessions": 0, "errors": []}
    assert await row_counts() == before


async def test_sign_out_everywhere_ends_every_session_and_access_token(gql: Any) -> None:
    # given
    phone = (await sign_up(gql, "ranger"))["tokens"]
    laptop = (await sign_in(gql, "ranger@example.test"))["tokens"]
    # when
    payload = await sign_out(gql, phone["refreshToken"], everywhere=True)
    # then
    assert payload == {"revokedSessions": 2, "errors": []}
    assert await RefreshToken.filter(revoked_at=None).count() == 0
    assert codes(await refresh(gql, laptop["refreshToken"])) == ["INVALID_TOKEN"]
    assert await gql.data(VIEWER, token=laptop["accessToken"]) == {"viewer": None}


async def test_an_unknown_token_cannot_sign_out(gql: Any) -> None:
    # given
    await sign_up(gql, "ranger")
    before = await row_counts()
    # when
    payload = await sign_out(gql, "not-a-token", everywhere=True)
    # then
    assert codes(payload) == ["INVALID_TOKEN"]
    assert await row_counts() == before
