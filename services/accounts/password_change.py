"""Changing the password of the signed-in account."""

from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

import runtime
from models.accounts import Account, RefreshToken
from models.members import Member
from services import ratelimit
from services.accounts.pairs import Authenticated, issue_token_pair
from services.accounts.passwords import (
    check_password_policy,
    hash_password_async,
    verify_password_async,
)
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode


async def change_password(
    *, actor: Actor, current_password: str, new_password: str
) -> Authenticated:
    """Replace the password of the actor's account after checking the current one (attempts
    limited like sign-ins) and the policy for the new one. Every earlier session ends: the token
    version is bumped (old access tokens stop working) and all refresh tokens are revoked.
    Returns a fresh pair in a new family. Raises INVALID_CREDENTIALS, WEAK_PASSWORD,
    RATE_LIMITED, or CONFLICT when the password was changed concurrently."""
    settings = runtime.settings()
    member = await Member.filter(id=actor.id).select_related("account").get()
    account: Account = member.account
    allowance = await ratelimit.hit(
        f"pwchange:acct:{account.id}",
        limit=settings.sign_in_attempts_per_account,
        window=settings.sign_in_window_seconds,
    )
    if not allowance.allowed:
        raise DomainError(ErrorCode.RATE_LIMITED)
    if not await verify_password_async(account.password_hash, current_password):
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="current_password")
    check_password_policy(
        new_password, handle=member.handle, email=account.email, field="new_password"
    )
    new_hash = await hash_password_async(new_password)
    now = clock.now()
    async with in_transaction() as conn:
        # conditional on the version read: a concurrent change makes this one a no-op
        changed = (
            await Account.filter(id=account.id, token_version=account.token_version)
            .using_db(conn)
            .update(password_hash=new_hash, token_version=F("token_version") + 1)
        )
        if not changed:
            raise DomainError(ErrorCode.CONFLICT)
        await (
            RefreshToken.filter(account_id=account.id, revoked_at=None)
            .using_db(conn)
            .update(revoked_at=now)
        )
        account.password_hash = new_hash
        account.token_version += 1
        tokens = await issue_token_pair(account, member, using=conn)
    return Authenticated(account, member, tokens)
