"""signUp: accounts by email or mobile, the password policy, case-insensitive duplicates."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from models.accounts import Account
from models.members import Member
from models.outbox import OutboxEvent
from tests.accounts.support import (
    PASSWORD,
    SIGN_UP,
    VIEWER,
    codes,
    row_counts,
    sign_up,
    sign_up_input,
)


async def test_sign_up_with_email_creates_account_member_and_session(gql: Any) -> None:
    # when
    payload = await sign_up(gql, "Ranger", email="Ranger@Example.TEST", city="成都")
    # then
    assert payload["viewer"] == {
        "member": {"handle": "Ranger", "displayName": "Ranger"},
        "roles": [],
    }
    account = await Account.get(email="ranger@example.test")
    member = await Member.get(account_id=account.id)
    assert (member.handle, member.handle_key, member.city) == ("Ranger", "ranger", "成都")
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    assert await OutboxEvent.filter(topic="member.signed_up").count() == 1
    viewer = await gql.data(VIEWER, token=payload["tokens"]["accessToken"])
    assert viewer == {"viewer": {"member": {"handle": "Ranger"}}}


async def test_sign_up_with_a_chinese_mobile_number_stores_e164(gql: Any) -> None:
    # when
    payload = await sign_up(gql, "dune_rider", email=None, mobile="138 0013 8000")
    # then
    assert payload["tokens"]["refreshToken"]
    account = await Account.get(mobile="+8613800138000")
    assert account.email is None


@pytest.mark.parametrize(
    "password",
    [
        "Short1",  # under 10 characters
        "a1" * 64 + "x",  # over 128 characters
        "onlyletters-here",  # no digit
        "1234567890123",  # no letter
        "Password123",  # a common password
        "my-ranger-2024",  # contains the handle
        "x-trailboss-99",  # contains the email's local part
    ],
)
async def test_weak_passwords_are_refused_and_nothing_is_written(gql: Any, password: str) -> None:
    # given
    before = await row_counts()
    # when
    result = await gql.data(
        SIGN_UP,
        {"input": sign_up_input("ranger", email="trailboss@example.test", password=password)},
    )
    # then
    payload = result["signUp"]
    assert codes(payload) == ["WEAK_PASSWORD"]
    assert payload["errors"][0]["field"] == ["input", "password"]
    assert payload["tokens"] is None and payload["viewer"] is None
    assert await row_counts() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "This is not a valid email address."),
        ({"email": None, "mobile": "12345"}, "mobile", "This is not a valid mobile number."),
        ({"email": None, "mobile": None}, "email", "Give an email address or a mobile number."),
        ({"handle": "no spaces"}, "handle", None),
        ({"handle": "ab"}, "handle", None),
        ({"displayName": "   "}, "displayName", None),
        ({"displayName": "名" * 65}, "displayName", "Too long (at most 64 characters)."),
    ],
)
async def test_invalid_input_is_refused_with_its_field(
    gql: Any, overrides: dict[str, Any], field: str, message: str | None
) -> None:
    # given
    before = await row_counts()
    # when
    result = await gql.data(
        SIGN_UP, {"input": sign_up_input("ranger", **overrides)}, headers={"accept-language": "en"}
    )
    # then
    error = result["signUp"]["errors"][0]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", ["input", field])
    if message:
        assert error["message"] == message
    assert await row_counts() == before


async def test_messages_follow_accept_language(gql: Any) -> None:
    result = await gql.data(
        SIGN_UP, {"input": sign_up_input("x")}, headers={"accept-language": "zh-CN"}
    )
    assert result["signUp"]["errors"][0]["message"].startswith("用户名")


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        ({"handle": "Ranger"}, {"handle": "rANGER", "email": "other@example.test"}, "HANDLE_TAKEN"),
        (
            {"email": "Dune@Example.test"},
            {"handle": "other", "email": "dune@example.TEST"},
            "EMAIL_TAKEN",
        ),
        (
            {"email": None, "mobile": "13800138000"},
            {"handle": "other", "email": None, "mobile": "+86 138-0013-8000"},
            "MOBILE_TAKEN",
        ),
    ],
)
async def test_duplicates_are_refused_case_insensitively(
    gql: Any, first: dict[str, Any], second: dict[str, Any], code: str
) -> None:
    # given
    await sign_up(gql, "ranger", **first)
    before = await row_counts()
    # when
    result = await gql.data(SIGN_UP, {"input": sign_up_input(**second)})
    # then
    assert codes(result["signUp"]) == [code]
    assert await row_counts() == before


async def test_concurrent_sign_ups_with_one_handle_create_exactly_one_account(gql: Any) -> None:
    # given
    spellings = ["Convoy", "convoy", "CONVOY", "conVoy", "ConVoy", "cONVOY"]
    inputs = [
        sign_up_input(handle, email=f"driver{n}@example.test") for n, handle in enumerate(spellings)
    ]
    # when
    results = await asyncio.gather(*(gql.data(SIGN_UP, {"input": i}) for i in inputs))
    # then
    outcomes = sorted(tuple(codes(r["signUp"])) for r in results)
    assert outcomes == [()] + [("HANDLE_TAKEN",)] * (len(spellings) - 1)
    assert await Member.filter(handle_key="convoy").count() == 1
    assert await Account.all().count() == 1
