"""Account deletion: the member closes the account at once, a job then erases personal data.

Rows that history refers to (the member row, ledger entries, registrations, posts) stay and
point at a pseudonymised member (``deleted-<id>``, "已注销用户 / Deleted member"). Other domains
holding personal data register an eraser with ``register_eraser``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

import runtime
from models.accounts import Account, AccountStatus, RefreshToken
from models.members import DataExport, Member, Vehicle
from models.notifications import Notification
from services import outbox, ratelimit
from services.accounts.passwords import verify_password_async
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode

DELETION_REQUESTED = "member.deletion_requested"
PSEUDONYM = "已注销用户 / Deleted member"
#: The password hash of an erased account: no password matches it.
ERASED_PASSWORD_HASH = "!erased"

#: ``eraser(member_id, conn)`` removes or pseudonymises one domain's personal data, inside the
#: erasure transaction. It must be idempotent.
Eraser = Callable[[int, BaseDBAsyncClient], Awaitable[None]]
ERASERS: dict[str, Eraser] = {}


def register_eraser(name: str, eraser: Eraser) -> None:
    """Run ``eraser`` in every erasure from now on (names are unique)."""
    if name in ERASERS and ERASERS[name] is not eraser:
        raise ValueError(f"eraser {name!r} is already registered")
    ERASERS[name] = eraser


def pseudonym_handle(member_id: int) -> str:
    return f"deleted-{member_id}"


async def delete_account(*, actor: Actor, password: str) -> None:
    """Close ``actor``'s account after checking its password: in one transaction the account
    becomes DELETED (email and mobile released, roles dropped, token version bumped so every
    access token dies), every refresh token is revoked, the member is marked deleted (it shows
    as the pseudonym from now on) and ``member.deletion_requested`` is recorded for the erasure
    job. A wrong password raises INVALID_CREDENTIALS (attempts are rate-limited like sign-in)
    and changes nothing."""
    settings = runtime.settings()
    account = await Account.get(member__id=actor.id)
    allowance = await ratelimit.hit(
        f"delete-account:{account.id}",
        limit=settings.sign_in_attempts_per_account,
        window=settings.sign_in_window_seconds,
    )
    if not allowance.allowed:
        raise DomainError(ErrorCode.RATE_LIMITED)
    if not password or not await verify_password_async(account.password_hash, password):
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="password")
    now = clock.now()
    async with in_transaction() as conn:
        closed = (
            await Account.filter(id=account.id, status=AccountStatus.ACTIVE)
            .using_db(conn)
            .update(
                status=AccountStatus.DELETED,
                token_version=F("token_version") + 1,
                email=None,
                mobile=None,
                roles=[],
            )
        )
        if not closed:
            raise DomainError(ErrorCode.ACCOUNT_DELETED)
        await Member.filter(id=actor.id).using_db(conn).update(deleted_at=now)
        await (
            RefreshToken.filter(account_id=account.id, revoked_at=None)
            .using_db(conn)
            .update(revoked_at=now)
        )
        await outbox.record(DELETION_REQUESTED, {"member_id": actor.id}, using=conn)


async def erase_member(member_id: int) -> None:
    """Erase the personal data of a member whose account is DELETED, in one transaction: handle
    ``deleted-<id>`` (freeing the old one), pseudonymous display name, avatar, city and bio
    cleared, vehicles, notifications, exports and sessions deleted, the password made unusable,
    then every registered eraser. Idempotent, and a no-op for an active account."""
    member = await Member.filter(id=member_id).select_related("account").first()
    if member is None or member.account.status != AccountStatus.DELETED:
        return
    handle = pseudonym_handle(member_id)
    async with in_transaction() as conn:
        await (
            Member.filter(id=member_id)
            .using_db(conn)
            .update(
                handle=handle,
                handle_key=handle,
                display_name=PSEUDONYM,
                avatar_url=None,
                city=None,
                bio="",
                show_garage=False,
                show_badges=False,
                deleted_at=member.deleted_at or clock.now(),
            )
        )
        await Vehicle.filter(owner_id=member_id).using_db(conn).delete()
        await Notification.filter(member_id=member_id).using_db(conn).delete()
        await DataExport.filter(member_id=member_id).using_db(conn).delete()
        await RefreshToken.filter(account_id=member.account_id).using_db(conn).delete()
        await (
            Account.filter(id=member.account_id)
            .using_db(conn)
            .update(password_hash=ERASED_PASSWORD_HASH, email=None, mobile=None)
        )
        for eraser in ERASERS.values():
            await eraser(member_id, conn)
