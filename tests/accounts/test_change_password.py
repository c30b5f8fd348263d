"""changePassword: ends every earlier session, checks the current password and the policy."""

from __future__ import annotations

from typing import Any

from models.accounts import Account
from tests.accounts.support import (
    AUTH_FIELDS,
    PASSWORD,
    VIEWER,
    codes,
    refresh,
    row_counts,
    sign_in,
    sign_up,
)

CHANGE_PASSWORD = f"""
mutation ChangePassword($input: ChangePasswordInput!) {{
  changePassword(input: $input) {{ {AUTH_FIELDS} }}
}}
"""
NEW_PASSWORD = "Desert-Crossing-2025"


async def change_password(gql: Any, token: str, current: str, new: str) -> dict[str, Any]:
    variables = {"input": {"currentPassword": current, "newPassword": new}}
    return (await gql.data(CHANGE_PASSWORD, variables, token=token))["changePassword"]


async def test_change_password_ends_old_sessions_and_returns_a_new_one(gql: Any) -> None:
    # given
    old = (await sign_up(gql, "ranger"))["tokens"]
    # when
    payload = await change_password(gql, old["accessToken"], PASSWORD, NEW_PASSWORD)
    # then
    assert payload["errors"] == []
    new = payload["tokens"]
    assert await gql.data(VIEWER, token=old["accessToken"]) == {"viewer": None}
    assert codes(await refresh(gql, old["refreshToken"])) == ["INVALID_TOKEN"]
    viewer = await gql.data(VIEWER, token=new["accessToken"])
    assert viewer["viewer"]["member"]["handle"] == "ranger"
    assert (await refresh(gql, new["refreshToken"]))["errors"] == []
    assert codes(await sign_in(gql, "ranger@example.test", PASSWORD)) == ["INVALID_CREDENTIALS"]
    assert (await sign_in(gql, "ranger@example.test", NEW_PASSWORD))["errors"] == []


async def test_a_wrong_current_password_changes_nothing(gql: Any) -> None:
    # given
    tokens = (await sign_up(gql, "ranger"))["tokens"]
    account_before = await Account.get(email="ranger@example.test")
    before = await row_counts()
    # when
    payload = await change_password(gql, tokens["accessToken"], "Not-my-password-1", NEW_PASSWORD)
    # then
    assert codes(payload) == ["INVALID_CREDENTIALS"]
    assert payload["errors"][0]["field"] == ["input", "currentPassword"]
    assert await row_counts() == before
    account_after = await Account.get(email="ranger@example.test")
    assert account_after.password_hash == account_before.password_hash
    assert account_after.token_version == account_before.token_version
    assert (await gql.data(VIEWER, token=tokens["accessToken"]))["viewer"] is not None


async def test_a_weak_new_password_changes_nothing(gql: Any) -> None:
    # given
    tokens = (await sign_up(gql, "ranger"))["tokens"]
    before = await row_counts()
    # when
    payload = await change_password(gql, tokens["accessToken"], PASSWORD, "ranger-2025-x")
    # then
    assert codes(payload) == ["WEAK_PASSWORD"]
    assert payload["errors"][0]["field"] == ["input", "newPassword"]
    assert await row_counts() == before
    assert (await gql.data(VIEWER, token=tokens["accessToken"]))["viewer"] is not None


async def test_changing_the_password_needs_a_signed_in_viewer(gql: Any) -> None:
    # when
    result = await gql(
        CHANGE_PASSWORD, {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}}
    )
    # then
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert result["data"] is None


async def test_current_password_guesses_are_limited(gql: Any, settings: Any) -> None:
    # given
    tokens = (await sign_up(gql, "ranger"))["tokens"]
    for _ in range(settings.sign_in_attempts_per_account):
        await change_password(gql, tokens["accessToken"], "Not-my-password-1", NEW_PASSWORD)
    # when
    payload = await change_password(gql, tokens["accessToken"], PASSWORD, NEW_PASSWORD)
    # then
    assert codes(payload) == ["RATE_LIMITED"]
