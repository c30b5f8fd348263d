"""signIn: credentials, refused accounts, per-account and per-IP attempt limits."""

from __future__ import annotations

from typing import Any

from models.accounts import Account, AccountStatus, RefreshToken
from runtime.config import Settings
from tests.accounts.support import (
    VIEWER,
    app_with,
    client_from,
    codes,
    row_counts,
    sign_in,
    sign_up,
)


async def test_sign_in_with_email_in_any_case_starts_a_new_session(gql: Any) -> None:
    # given
    await sign_up(gql, "ranger")
    # when
    payload = await sign_in(gql, "  RANGER@example.test ")
    # then
    assert payload["errors"] == []
    assert payload["viewer"]["member"]["handle"] == "ranger"
    viewer = await gql.data(VIEWER, token=payload["tokens"]["accessToken"])
    assert viewer["viewer"]["member"]["handle"] == "ranger"
    families = await RefreshToken.all().values_list("family", flat=True)
    assert len(set(families)) == 2  # the sign-up session and this one


async def test_sign_in_with_mobile_number(gql: Any) -> None:
    # given
    await sign_up(gql, "dune", email=None, mobile="+8613900139000")
    # when
    payload = await sign_in(gql, "13900139000")
    # then
    assert payload["errors"] == []
    assert payload["tokens"]["accessToken"]


async def test_wrong_password_is_invalid_credentials_and_writes_nothing(gql: Any) -> None:
    # given
    await sign_up(gql, "ranger")
    before = await row_counts()
    # when
    payload = await sign_in(gql, "ranger@example.test", "Wrong-password-99")
    # then
    assert codes(payload) == ["INVALID_CREDENTIALS"]
    assert payload["tokens"] is None and payload["viewer"] is None
    assert await row_counts() == before


async def test_unknown_account_gets_the_same_answer_as_a_wrong_password(gql: Any) -> None:
    # given
    await sign_up(gql, "ranger")
    wrong = await sign_in(gql, "ranger@example.test", "Wrong-password-99")
    # when
    unknown = await sign_in(gql, "nobody@example.test")
    malformed = await sign_in(gql, "not a login")
    # then
    assert unknown["errors"] == wrong["errors"] == malformed["errors"]
    assert codes(unknown) == ["INVALID_CREDENTIALS"]


async def test_deleted_account_cannot_sign_in(gql: Any) -> None:
    # given
    await sign_up(gql, "ranger")
    await Account.filter(email="ranger@example.test").update(status=AccountStatus.DELETED)
    # when
    payload = await sign_in(gql, "ranger@example.test")
    # then
    assert codes(payload) == ["INVALID_CREDENTIALS"]


async def test_demo_accounts_are_refused_in_production_only(gql: Any, settings: Settings) -> None:
    # given
    await sign_up(gql, "demo")
    await sign_up(gql, "real")
    await Account.filter(email="demo@example.test").update(is_demo=True)
    # when
    async with app_with(settings, CONVOY_MODE="production") as production:
        refused = await sign_in(production, "demo@example.test")
        real = await sign_in(production, "real@example.test")
    allowed = await sign_in(gql, "demo@example.test")
    # then
    assert codes(refused) == ["INVALID_CREDENTIALS"]
    assert real["errors"] == []
    assert allowed["errors"] == []


async def test_attempts_per_account_are_limited_even_with_the_right_password(
    gql: Any, app: Any, settings: Settings
) -> None:
    # given
    await sign_up(gql, "ranger")
    for _ in range(settings.sign_in_attempts_per_account):
        assert codes(await sign_in(gql, "ranger@example.test", "Wrong-password-99")) == [
            "INVALID_CREDENTIALS"
        ]
    before = await row_counts()
    # when
    right = await sign_in(gql, "ranger@example.test")
    async with client_from(app, "198.51.100.7") as elsewhere:
        from_other_ip = await sign_in(elsewhere, "RANGER@example.test")
    # then
    assert codes(right) == codes(from_other_ip) == ["RATE_LIMITED"]
    assert await row_counts() == before


async def test_a_successful_sign_in_resets_the_account_counter(
    gql: Any, settings: Settings
) -> None:
    # given
    await sign_up(gql, "ranger")
    for _ in range(settings.sign_in_attempts_per_account - 1):
        await sign_in(gql, "ranger@example.test", "Wrong-password-99")
    assert (await sign_in(gql, "ranger@example.test"))["errors"] == []
    # when
    wrong = await sign_in(gql, "ranger@example.test", "Wrong-password-99")
    # then
    assert codes(wrong) == ["INVALID_CREDENTIALS"]


async def test_attempts_per_ip_are_limited_across_accounts(
    gql: Any, app: Any, settings: Settings
) -> None:
    # given
    await sign_up(gql, "ranger")
    async with client_from(app, "203.0.113.9") as attacker:
        for n in range(settings.sign_in_attempts_per_ip):
            assert codes(await sign_in(attacker, f"guess{n}@example.test")) == [
                "INVALID_CREDENTIALS"
            ]
        # when
        from_attacker = await sign_in(attacker, "ranger@example.test")
    from_elsewhere = await sign_in(gql, "ranger@example.test")
    # then
    assert codes(from_attacker) == ["RATE_LIMITED"]
    assert from_elsewhere["errors"] == []


async def test_lower_limits_from_settings_apply(settings: Settings) -> None:
    # given
    async with app_with(settings, sign_in_attempts_per_account=2) as strict:
        await sign_up(strict, "ranger")
        attempts = [await sign_in(strict, "ranger@example.test", "Wrong-password-99") for _ in "ab"]
        # when
        third = await sign_in(strict, "ranger@example.test")
    # then
    assert [codes(a) for a in attempts] == [["INVALID_CREDENTIALS"]] * 2
    assert codes(third) == ["RATE_LIMITED"]
