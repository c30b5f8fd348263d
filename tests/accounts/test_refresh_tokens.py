"""refreshTokens: rotation, reuse detection that revokes the family, expiry, races."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from models.accounts import RefreshToken
from services.accounts.tokens import hash_refresh_token
from tests.accounts.support import REFRESH, VIEWER, codes, refresh, row_counts, sign_in, sign_up


async def test_refresh_rotates_the_token_within_its_family(gql: Any) -> None:
    # given
    tokens = (await sign_up(gql, "ranger"))["tokens"]
    # when
    payload = await refresh(gql, tokens["refreshToken"])
    # then
    assert payload["errors"] == []
    fresh = payload["tokens"]
    assert fresh["refreshToken"] != tokens["refreshToken"]
    old = await RefreshToken.get(token_hash=hash_refresh_token(tokens["refreshToken"]))
    new = await RefreshToken.get(token_hash=hash_refresh_token(fresh["refreshToken"]))
    assert old.rotated_at is not None and new.rotated_at is None
    assert old.family == new.family
    viewer = await gql.data(VIEWER, token=fresh["accessToken"])
    assert viewer["viewer"]["member"]["handle"] == "ranger"
    assert (await refresh(gql, fresh["refreshToken"]))["errors"] == []


async def test_reusing_a_rotated_token_revokes_the_whole_family(gql: Any) -> None:
    # given: a stolen token was already exchanged by its rightful owner
    first = (await sign_up(gql, "ranger"))["tokens"]["refreshToken"]
    other_session = (await sign_in(gql, "ranger@example.test"))["tokens"]["refreshToken"]
    second = (await refresh(gql, first))["tokens"]["refreshToken"]
    # when
    replay = await refresh(gql, first)
    # then
    assert codes(replay) == ["TOKEN_REUSED"]
    assert replay["tokens"] is None
    assert codes(await refresh(gql, second)) == ["INVALID_TOKEN"]
    family = (await RefreshToken.get(token_hash=hash_refresh_token(first))).family
    assert await RefreshToken.filter(family=family, revoked_at=None).count() == 0
    # another sign-in of the same account is a different family and keeps working
    assert (await refresh(gql, other_session))["errors"] == []


async def test_an_expired_refresh_token_is_refused(gql: Any) -> None:
    # given
    token = (await sign_up(gql, "ranger"))["tokens"]["refreshToken"]
    await RefreshToken.filter(token_hash=hash_refresh_token(token)).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    before = await row_counts()
    # when
    payload = await refresh(gql, token)
    # then
    assert codes(payload) == ["TOKEN_EXPIRED"]
    assert payload["errors"][0]["field"] == ["input", "refreshToken"]
    assert await row_counts() == before


async def test_an_unknown_or_tampered_refresh_token_is_invalid(gql: Any) -> None:
    # given
    token = (await sign_up(gql, "ranger"))["tokens"]["refreshToken"]
    before = await row_counts()
    # when
    tampered = await refresh(gql, token[:-1] + ("A" if token[-1] != "A" else "B"))
    empty = await refresh(gql, "")
    # then
    assert codes(tampered) == codes(empty) == ["INVALID_TOKEN"]
    assert await row_counts() == before


async def test_an_access_token_is_not_a_refresh_token(gql: Any) -> None:
    tokens = (await sign_up(gql, "ranger"))["tokens"]
    assert codes(await refresh(gql, tokens["accessToken"])) == ["INVALID_TOKEN"]


async def test_concurrent_refreshes_with_one_token_yield_exactly_one_pair(gql: Any) -> None:
    # given
    token = (await sign_up(gql, "ranger"))["tokens"]["refreshToken"]
    family = (await RefreshToken.get(token_hash=hash_refresh_token(token))).family
    # when
    results = await asyncio.gather(
        *(gql.data(REFRESH, {"input": {"refreshToken": token}}) for _ in range(4))
    )
    # then
    payloads = [r["refreshTokens"] for r in results]
    winners = [p for p in payloads if p["tokens"] is not None]
    assert len(winners) == 1
    assert sorted(codes(p)[0] for p in payloads if p["tokens"] is None) == ["TOKEN_REUSED"] * 3
    assert await RefreshToken.filter(family=family).count() == 2
    # the race itself is a reuse: the winner's successor was revoked with its family
    assert codes(await refresh(gql, winners[0]["tokens"]["refreshToken"])) == ["INVALID_TOKEN"]
