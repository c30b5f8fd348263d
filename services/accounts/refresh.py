"""Refresh-token rotation with reuse detection, and signing out."""

from __future__ import annotations

import uuid

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.accounts import Account, AccountStatus, RefreshToken
from models.members import Member
from services.accounts.pairs import Authenticated, TokenPair, issue_token_pair
from services.accounts.tokens import hash_refresh_token
from services.core import clock
from services.errors import DomainError, ErrorCode

_FIELD = "refresh_token"


async def _presented(refresh_token: str) -> RefreshToken:
    row = await RefreshToken.filter(token_hash=hash_refresh_token(refresh_token)).first()
    if row is None:
        raise DomainError(ErrorCode.INVALID_TOKEN, field=_FIELD)
    return row


async def revoke_family(family: uuid.UUID) -> int:
    """Revoke every live token of a sign-in family. Returns how many were revoked."""
    now = clock.now()
    return await RefreshToken.filter(family=family, revoked_at=None).update(revoked_at=now)


async def _reused(row: RefreshToken) -> DomainError:
    await revoke_family(row.family)
    return DomainError(ErrorCode.TOKEN_REUSED, field=_FIELD)


async def refresh_tokens(*, refresh_token: str) -> Authenticated:
    """Exchange a live refresh token for a new pair in the same family.

    The exchange is a conditional update (``rotated_at IS NULL AND revoked_at IS NULL``) in the
    transaction that writes the successor, so one token yields at most one successor however
    many requests race. A token that was already rotated (a replay, or the loser of such a race)
    revokes its whole family, successors included, and answers TOKEN_REUSED. Unknown or revoked
    tokens answer INVALID_TOKEN, expired ones TOKEN_EXPIRED."""
    row = await _presented(refresh_token)
    if row.rotated_at is not None:
        raise await _reused(row)
    if row.revoked_at is not None:
        raise DomainError(ErrorCode.INVALID_TOKEN, field=_FIELD)
    now = clock.now()
    if row.expires_at <= now:
        raise DomainError(ErrorCode.TOKEN_EXPIRED, field=_FIELD)
    member = await Member.filter(account_id=row.account_id).select_related("account").first()
    if member is None or member.account.status != AccountStatus.ACTIVE:
        raise DomainError(ErrorCode.INVALID_TOKEN, field=_FIELD)

    tokens: TokenPair | None = None
    async with in_transaction() as conn:
        rotated = (
            await RefreshToken.filter(token_hash=row.token_hash, rotated_at=None, revoked_at=None)
            .using_db(conn)
            .update(rotated_at=now)
        )
        if rotated:
            tokens = await issue_token_pair(member.account, member, family=row.family, using=conn)
    if tokens is None:
        await row.refresh_from_db(fields=["rotated_at", "revoked_at"])
        if row.rotated_at is not None:
            raise await _reused(row)
        raise DomainError(ErrorCode.INVALID_TOKEN, field=_FIELD)
    return Authenticated(member.account, member, tokens)


async def sign_out(*, refresh_token: str, everywhere: bool = False) -> int:
    """End the session the refresh token belongs to (its whole family), or with ``everywhere``
    every session of the account: all its refresh tokens are revoked and the token version is
    bumped, so access tokens already handed out stop working at once. Signing out twice is
    fine. Returns how many refresh tokens were revoked by this call."""
    row = await _presented(refresh_token)
    if not everywhere:
        return await revoke_family(row.family)
    now = clock.now()
    async with in_transaction() as conn:
        revoked = (
            await RefreshToken.filter(account_id=row.account_id, revoked_at=None)
            .using_db(conn)
            .update(revoked_at=now)
        )
        await (
            Account.filter(id=row.account_id)
            .using_db(conn)
            .update(token_version=F("token_version") + 1)
        )
    return revoked
