"""Direct builders for test data (members, staff, tokens) without going through the API."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from models.accounts import Account
from models.members import Member
from services.accounts.tokens import AccessClaims, issue_access_token

_sequence = itertools.count(1)


@dataclass
class SignedIn:
    account: Account
    member: Member
    token: str


async def make_member(
    handle: str | None = None,
    *,
    roles: list[str] | None = None,
    city: str | None = "北京",
    locale: str = "zh-CN",
    **profile: object,
) -> SignedIn:
    """A member with an account and a valid access token (its password is unusable)."""
    n = next(_sequence)
    handle = handle or f"member{n}"
    account = await Account.create(
        email=f"{handle.lower()}@example.test", password_hash="!unusable", roles=roles or []
    )
    member = await Member.create(
        account=account,
        handle=handle,
        handle_key=handle.lower(),
        display_name=profile.pop("display_name", handle.title()),
        city=city,
        locale=locale,
        **profile,
    )
    token = issue_access_token(
        AccessClaims(
            account_id=account.id,
            member_id=member.id,
            roles=tuple(account.roles),
            version=account.token_version,
        )
    )
    return SignedIn(account=account, member=member, token=token)
