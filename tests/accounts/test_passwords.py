"""Password hashing and policy, used by sign-up, password change and the staff command."""

from __future__ import annotations

from typing import Any

import pytest

from services.accounts.passwords import check_password_policy, hash_password, verify_password
from services.errors import DomainError, ErrorCode


async def test_a_hash_verifies_its_password_only(app: Any) -> None:
    hashed = hash_password("Trail-Blazer-2024")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "Trail-Blazer-2024")
    assert not verify_password(hashed, "Trail-Blazer-2025")


@pytest.mark.parametrize("garbage", ["", "!unusable", "$argon2id$v=19$broken", "plain"])
async def test_garbage_hashes_never_verify_and_never_raise(app: Any, garbage: str) -> None:
    assert verify_password(garbage, "Trail-Blazer-2024") is False


@pytest.mark.parametrize(
    ("password", "handle", "email"),
    [
        ("abc12", None, None),
        ("qwerty123456", None, None),
        ("QWERTY123456", None, None),
        ("Ranger-Trail-1", "ranger", None),
        ("1-Desert-Fox-9", None, "desert-fox@example.test"),
    ],
)
def test_policy_refuses(password: str, handle: str | None, email: str | None) -> None:
    with pytest.raises(DomainError) as raised:
        check_password_policy(password, handle=handle, email=email)
    assert raised.value.code is ErrorCode.WEAK_PASSWORD
    assert raised.value.field == ["password"]


def test_policy_accepts_a_long_mixed_password_and_ignores_tiny_local_parts() -> None:
    check_password_policy("Gobi-Crossing-88", handle="ranger", email="go@example.test")
    check_password_policy("密码很长的越野路线2024")
