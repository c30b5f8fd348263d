"""create_staff_account, behind the ``convoy create-staff`` command."""

from __future__ import annotations

from typing import Any

import pytest

from models.accounts import Account
from models.audit import AuditLog
from models.members import Member
from services.accounts.staff import create_staff_account
from services.errors import DomainError, ErrorCode
from tests.accounts.support import PASSWORD, row_counts, sign_in, sign_up


async def test_creates_a_staff_account_that_can_sign_in(gql: Any) -> None:
    # when
    account = await create_staff_account(
        email="Chief@Example.test", handle="chief", roles=["admin", "dealer"], password=PASSWORD
    )
    # then
    assert (account.email, account.roles) == ("chief@example.test", ["admin", "dealer"])
    assert await Member.filter(account_id=account.id, handle_key="chief").exists()
    assert await AuditLog.filter(action="staff.account_created").count() == 1
    payload = await sign_in(gql, "chief@example.test")
    assert payload["viewer"]["roles"] == ["admin", "dealer"]


async def test_adds_roles_to_an_existing_account(gql: Any) -> None:
    # given
    await sign_up(gql, "ranger")
    # when
    account = await create_staff_account(
        email="RANGER@example.test", handle="ignored", roles=["issuer"], password="unused"
    )
    again = await create_staff_account(
        email="ranger@example.test", handle="ignored", roles=["moderator", "issuer"], password=""
    )
    # then
    assert account.roles == ["issuer"]
    assert again.roles == ["moderator", "issuer"]
    assert (await Account.get(email="ranger@example.test")).roles == ["moderator", "issuer"]
    assert await Account.all().count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"roles": ["superuser"]}, ErrorCode.INVALID_INPUT),
        ({"roles": []}, ErrorCode.INVALID_INPUT),
        ({"password": "password123"}, ErrorCode.WEAK_PASSWORD),
        ({"handle": "a b"}, ErrorCode.INVALID_INPUT),
        ({"email": "nope"}, ErrorCode.INVALID_INPUT),
    ],
)
async def test_bad_input_creates_nothing(
    app: Any, overrides: dict[str, Any], code: ErrorCode
) -> None:
    # given
    before = await row_counts()
    values: dict[str, Any] = {
        "email": "chief@example.test",
        "handle": "chief",
        "roles": ["admin"],
        "password": PASSWORD,
    }
    # when
    with pytest.raises(DomainError) as raised:
        await create_staff_account(**{**values, **overrides})
    # then
    assert raised.value.code is code
    assert await row_counts() == before


async def test_a_taken_handle_is_refused(gql: Any) -> None:
    await sign_up(gql, "chief", email="someone@example.test")
    with pytest.raises(DomainError) as raised:
        await create_staff_account(
            email="chief@example.test", handle="CHIEF", roles=["admin"], password=PASSWORD
        )
    assert raised.value.code is ErrorCode.HANDLE_TAKEN
