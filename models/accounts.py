"""Credentials, staff roles and refresh-token families."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.members import Member


class StaffRole(StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    DEALER = "dealer"
    ISSUER = "issuer"


class AccountStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DELETED = "DELETED"


class Account(Model):
    id = fields.BigIntField(primary_key=True)
    #: Lower-cased, NULL when the account signed up with a mobile number or was deleted.
    email = fields.CharField(max_length=254, null=True, unique=True)
    #: E.164 form (``+8613800138000``).
    mobile = fields.CharField(max_length=20, null=True, unique=True)
    password_hash = fields.CharField(max_length=255)
    #: Staff roles held (subset of ``StaffRole``), empty for ordinary members.
    roles: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    status = fields.CharEnumField(AccountStatus, max_length=10, default=AccountStatus.ACTIVE)
    #: Bumped on password change and deletion, access tokens carry it and die with it.
    token_version = fields.IntField(default=0)
    #: Loaded by the demo fixtures, refused at sign-in in production mode.
    is_demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    member: fields.BackwardOneToOneRelation[Member]
    refresh_tokens: fields.ReverseRelation[RefreshToken]

    class Meta:
        table = "accounts"

    def has_role(self, role: StaffRole) -> bool:
        return role.value in self.roles or StaffRole.ADMIN.value in self.roles


class RefreshToken(Model):
    """One issued refresh token. Tokens of one sign-in form a family, and reuse of a rotated one
    revokes the family."""

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    account_id: int
    family = fields.UUIDField(db_index=True)
    #: SHA-256 of the opaque token, the token itself is never stored.
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    #: Set when this token was exchanged for its successor.
    rotated_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_tokens"
