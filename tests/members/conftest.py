"""Fixtures of the members tests: the vehicle catalog and a member with a known password."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.relay import to_base64

from fixtures.loader import load_vehicle_catalog
from models.accounts import Account
from services.accounts.passwords import hash_password
from tests.factories import SignedIn, make_member

PASSWORD = "trail-Rider-2026"


@pytest.fixture
async def catalog() -> None:
    await load_vehicle_catalog()


async def make_member_with_password(handle: str, **kw: Any) -> SignedIn:
    """A member whose password is ``PASSWORD``."""
    signed_in = await make_member(handle, **kw)
    await Account.filter(id=signed_in.account.id).update(password_hash=hash_password(PASSWORD))
    return signed_in


def global_id(type_name: str, pk: int | str) -> str:
    return to_base64(type_name, pk)
