"""Resolving a verified access token to a live account and member."""

from __future__ import annotations

from models.accounts import Account, AccountStatus
from models.members import Member
from services.accounts.tokens import AccessClaims
from services.core.rows import columns, split, stored
from services.core.sql import Sql


async def load_active_account(claims: AccessClaims) -> tuple[Account, Member] | None:
    """The account and member behind ``claims``, or None when the account was deleted or the
    token predates a password change (its version is stale). One prepared statement: every
    request of a signed-in member runs it."""
    row = await Sql().first(
        f"SELECT {columns(Member, 'm', 'm__')}, {columns(Account, 'a', 'a__')} "
        "FROM members m JOIN accounts a ON a.id = m.account_id "
        "WHERE m.id = ? AND m.account_id = ?",
        claims.member_id,
        claims.account_id,
    )
    if row is None:
        return None
    account = stored(Account, split(row, "a__"))
    if account.status != AccountStatus.ACTIVE or account.token_version != claims.version:
        return None
    return account, stored(Member, split(row, "m__"))
