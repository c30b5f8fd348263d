"""Issuing an access token together with a stored (hashed) refresh token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from tortoise.backends.base.client import BaseDBAsyncClient

import runtime
from models.accounts import Account, RefreshToken
from models.members import Member
from services.accounts.tokens import AccessClaims, issue_access_token, new_refresh_token
from services.core import clock


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    access_token_expires_at: datetime
    #: The opaque refresh token, shown to the client once and stored only as a hash.
    refresh_token: str
    refresh_token_expires_at: datetime


class Authenticated(NamedTuple):
    """The outcome of signing up, signing in, refreshing or changing a password."""

    account: Account
    member: Member
    tokens: TokenPair


async def issue_token_pair(
    account: Account,
    member: Member,
    *,
    family: uuid.UUID | None = None,
    using: BaseDBAsyncClient | None = None,
) -> TokenPair:
    """A fresh access token and a refresh token in ``family`` (a new family when None, i.e. a
    new sign-in). The refresh token row is written through ``using`` so it commits with the
    caller's change."""
    settings = runtime.settings()
    now = clock.now()
    access_token = issue_access_token(
        AccessClaims(
            account_id=account.id,
            member_id=member.id,
            roles=tuple(account.roles),
            version=account.token_version,
        ),
        now=now,
    )
    refresh_token, token_hash = new_refresh_token()
    refresh_expires_at = now + timedelta(days=settings.refresh_token_days)
    await RefreshToken.create(
        account_id=account.id,
        family=family or uuid.uuid4(),
        token_hash=token_hash,
        expires_at=refresh_expires_at,
        using_db=using,
    )
    return TokenPair(
        access_token=access_token,
        # the JWT carries whole seconds
        access_token_expires_at=now.replace(microsecond=0)
        + timedelta(minutes=settings.access_token_minutes),
        refresh_token=refresh_token,
        refresh_token_expires_at=refresh_expires_at,
    )
