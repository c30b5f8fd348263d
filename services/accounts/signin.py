"""Signing in with an email or mobile number and a password, rate-limited in Redis."""

from __future__ import annotations

import asyncio
import hashlib

import runtime
from models.accounts import Account, AccountStatus
from models.members import Member
from services import ratelimit
from services.accounts.identifiers import Login, parse_login
from services.accounts.pairs import Authenticated, issue_token_pair
from services.accounts.passwords import (
    dummy_verify_async,
    hash_password_async,
    needs_rehash,
    verify_password_async,
)
from services.errors import DomainError, ErrorCode


def _account_bucket(login: Login | None, raw: str) -> str:
    # hashed: no email addresses or phone numbers in Redis key names
    key = login.key if login else raw.strip().lower()
    return "signin:acct:" + hashlib.sha256(key.encode()).hexdigest()[:32]


async def _find_member(login: Login | None) -> Member | None:
    if login is None:
        return None
    lookup = {"account__email": login.email} if login.email else {"account__mobile": login.mobile}
    return await Member.filter(**lookup).select_related("account").first()


async def sign_in(*, login: str, password: str, client_ip: str) -> Authenticated:
    """Check the password of the account behind ``login`` and start a new session (a new
    refresh-token family).

    Attempts count against the account and the client IP before the password is looked at, so
    once either limit is reached the answer is RATE_LIMITED whatever the password. Unknown
    accounts, wrong passwords, deleted accounts and (in production) demo accounts all answer
    INVALID_CREDENTIALS after the same argon2 work."""
    settings = runtime.settings()
    parsed = parse_login(login)
    account_bucket = _account_bucket(parsed, login)
    window = settings.sign_in_window_seconds
    per_account, per_ip = await asyncio.gather(
        ratelimit.hit(account_bucket, limit=settings.sign_in_attempts_per_account, window=window),
        ratelimit.hit(
            f"signin:ip:{client_ip}", limit=settings.sign_in_attempts_per_ip, window=window
        ),
    )
    if not (per_account.allowed and per_ip.allowed):
        raise DomainError(ErrorCode.RATE_LIMITED)

    member = await _find_member(parsed)
    if member is None:
        await dummy_verify_async(password)
        raise DomainError(ErrorCode.INVALID_CREDENTIALS)
    account: Account = member.account
    verified = await verify_password_async(account.password_hash, password)
    refused = (
        not verified
        or account.status != AccountStatus.ACTIVE
        or (account.is_demo and settings.production)
    )
    if refused:
        raise DomainError(ErrorCode.INVALID_CREDENTIALS)

    await ratelimit.clear(account_bucket, window=window)
    if needs_rehash(account.password_hash):
        await _rehash(account, password)
    tokens = await issue_token_pair(account, member)
    return Authenticated(account, member, tokens)


async def _rehash(account: Account, password: str) -> None:
    """Upgrade a hash made with older cost parameters (only if it was not changed meanwhile)."""
    new_hash = await hash_password_async(password)
    updated = await Account.filter(id=account.id, password_hash=account.password_hash).update(
        password_hash=new_hash
    )
    if updated:
        account.password_hash = new_hash
