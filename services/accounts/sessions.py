"""Resolving a verified access token to a live account and member."""

from __future__ import annotations

from models.accounts import Account, AccountStatus
from models.members import Member
from services.accounts.tokens import AccessClaims


async def load_active_account(claims: AccessClaims) -> tuple[Account, Member] | None:
    """The account and member behind ``claims``, or None when the account was deleted or the
    token predates a password change (its version is stale)."""
    member = (
        await Member.filter(id=claims.member_id, account_id=claims.account_id)
        .select_related("account")
        .first()
    )
    if member is None:
        return None
    account = member.account
    if account.status != AccountStatus.ACTIVE or account.token_version != claims.version:
        return None
    return account, member
