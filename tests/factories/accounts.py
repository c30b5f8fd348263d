"""Builders of account-side rows: staff members and refresh tokens."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from models.accounts import Account, RefreshToken
from tests.factories.members import SignedIn, make_member


async def make_admin(handle: str = "admin") -> SignedIn:
    """A member whose account holds the admin role (services take it as their ``actor``)."""
    return await make_member(handle, roles=["admin"])


async def make_refresh_token(account: Account | SignedIn, **overrides: Any) -> RefreshToken:
    """A live refresh token of ``account`` in a family of its own, expiring in 30 days."""
    account_id = account.account.id if isinstance(account, SignedIn) else account.id
    values: dict[str, Any] = {
        "account_id": account_id,
        "family": uuid.uuid4(),
        "token_hash": uuid.uuid4().hex,
        "expires_at": datetime.now(UTC) + timedelta(days=30),
    }
    values.update(overrides)
    return await RefreshToken.create(**values)
