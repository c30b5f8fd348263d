"""Staff accounts and their roles (admin, moderator, dealer, issuer)."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.accounts import Account, StaffRole
from models.audit import AuditLog
from models.members import Member
from services.accounts.identifiers import normalize_email, validate_handle
from services.accounts.passwords import check_password_policy, hash_password_async
from services.accounts.signup import create_account_with_member
from services.core.actors import Actor, require_role
from services.errors import DomainError, ErrorCode

_ORDER = [role.value for role in StaffRole]


def valid_roles(roles: Iterable[str]) -> list[str]:
    """Distinct roles in a stable order. Raises INVALID_INPUT (``roles.invalid``) for a name
    that is not a ``StaffRole``."""
    wanted = {str(role).lower() for role in roles}
    if not wanted <= set(_ORDER):
        raise DomainError(ErrorCode.INVALID_INPUT, field="roles", message_key="roles.invalid")
    return [role for role in _ORDER if role in wanted]


async def create_staff_account(
    *, email: str, handle: str, roles: list[str], password: str
) -> Account:
    """Create a staff account with its member (policy-checked password), or, when an account
    with that email exists, add ``roles`` to it (its password and handle stay as they are).
    Written to the audit log with the system as actor."""
    role_list = valid_roles(roles)
    if not role_list:
        raise DomainError(ErrorCode.INVALID_INPUT, field="roles", message_key="roles.invalid")
    email = normalize_email(email)
    async with in_transaction() as conn:
        existing = await Account.filter(email=email).using_db(conn).select_for_update().first()
        if existing is not None:
            merged = valid_roles([*existing.roles, *role_list])
            await Account.filter(id=existing.id).using_db(conn).update(roles=merged)
            member = await Member.filter(account_id=existing.id).using_db(conn).get()
            await AuditLog.create(
                action="staff.roles_granted",
                subject_member_id=member.id,
                detail={"before": existing.roles, "after": merged},
                using_db=conn,
            )
            existing.roles = merged
            return existing
    handle = validate_handle(handle)
    check_password_policy(password, handle=handle, email=email)
    password_hash = await hash_password_async(password)
    async with in_transaction() as conn:
        account, member = await create_account_with_member(
            email=email,
            mobile=None,
            password_hash=password_hash,
            handle=handle,
            display_name=handle,
            locale="zh-CN",
            city=None,
            roles=role_list,
            using=conn,
        )
        await AuditLog.create(
            action="staff.account_created",
            subject_member_id=member.id,
            detail={"roles": role_list},
            using_db=conn,
        )
    return account


async def set_staff_roles(
    *, actor: Actor, member_id: int, roles: list[str], request_id: str | None = None
) -> tuple[Member, Account]:
    """Replace the staff roles of a member (admins only, FORBIDDEN otherwise) and write the
    change to the audit log. Removing a role bumps the member's token version, so access tokens
    claiming the old roles stop working at once. An admin cannot drop their own admin role."""
    require_role(actor, StaffRole.ADMIN)
    role_list = valid_roles(roles)
    member = await Member.filter(id=member_id, deleted_at=None).select_related("account").first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    account: Account = member.account
    if member.id == actor.id and StaffRole.ADMIN.value not in role_list:
        raise DomainError(ErrorCode.INVALID_INPUT, field="roles", message_key="roles.own_admin")
    before = list(account.roles)
    removed = bool(set(before) - set(role_list))
    async with in_transaction() as conn:
        changes: dict[str, object] = {"roles": role_list}
        if removed:
            changes["token_version"] = F("token_version") + 1
        await Account.filter(id=account.id).using_db(conn).update(**changes)
        await AuditLog.create(
            actor_id=actor.id,
            action="staff.roles_set",
            subject_member_id=member.id,
            detail={"before": before, "after": role_list},
            request_id=request_id,
            using_db=conn,
        )
    await account.refresh_from_db(fields=["roles", "token_version"])
    return member, account
