"""Builders of members: an account with its member and access token, vehicles of a garage,
and the rows a member's data export and erasure deal with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.accounts import Account
from models.audit import AuditLog
from models.members import DataExport, Drivetrain, Member, Vehicle, VehicleModel
from services.accounts.passwords import hash_password
from services.accounts.tokens import AccessClaims, issue_access_token
from tests.factories.sequence import next_number


@dataclass
class SignedIn:
    """A member as a client holds it: the account, the member and a valid access token. It is
    also an actor as services take one (the member's id, the account's staff roles)."""

    account: Account
    member: Member
    token: str

    @property
    def id(self) -> int:
        return self.member.id

    @property
    def roles(self) -> list[str]:
        return list(self.account.roles)


def member_of(who: SignedIn | Member) -> Member:
    return who.member if isinstance(who, SignedIn) else who


async def make_member(
    handle: str | None = None,
    *,
    roles: list[str] | None = None,
    city: str | None = "北京",
    locale: str = "zh-CN",
    password: str | None = None,
    **profile: Any,
) -> SignedIn:
    """A member with an account and a valid access token. Its password is ``password`` (hashed
    as sign-up hashes it) or, when omitted, unusable."""
    handle = handle or f"member{next_number()}"
    account = await Account.create(
        email=f"{handle.lower()}@example.test",
        password_hash=hash_password(password) if password else "!unusable",
        roles=roles or [],
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


async def make_members(count: int, prefix: str) -> list[Member]:
    """``count`` members with handles ``prefix0``, ``prefix1``, …"""
    return [(await make_member(f"{prefix}{n}")).member for n in range(count)]


async def make_members_in_bulk(count: int, prefix: str) -> list[int]:
    """The ids of ``count`` members (handles ``prefix0``, …) made in two bulk statements, for
    tests that need many of them and no tokens."""
    await Account.bulk_create(
        [Account(email=f"{prefix}{n}@example.test", password_hash="!") for n in range(count)]
    )
    accounts = await Account.filter(email__startswith=prefix).order_by("id")
    await Member.bulk_create(
        [
            Member(
                account_id=a.id,
                handle=f"{prefix}{n}",
                handle_key=f"{prefix}{n}",
                display_name=prefix.title(),
            )
            for n, a in enumerate(accounts)
        ]
    )
    members = await Member.filter(handle_key__startswith=prefix).order_by("id").only("id")
    return [member.id for member in members]


async def make_vehicle_model(
    drivetrain: Drivetrain | str = Drivetrain.FOUR_WD, **overrides: Any
) -> VehicleModel:
    """The test catalog's model with ``drivetrain`` (one per drivetrain, made on first use)."""
    drive = Drivetrain(drivetrain)
    values: dict[str, Any] = {
        "brand": "Test",
        "brand_zh": "测试",
        "name": f"{drive.value} model",
        "name_zh": f"{drive.value} 车型",
        "drivetrain": drive,
    }
    values.update(overrides)
    model, _ = await VehicleModel.get_or_create(key=f"test-{drive.value.lower()}", defaults=values)
    return model


async def make_vehicle(
    member: SignedIn | Member, drivetrain: Drivetrain | str = Drivetrain.FOUR_WD, **overrides: Any
) -> Vehicle:
    """A vehicle in ``member``'s garage, of the test model with that drivetrain unless
    ``model`` (e.g. one of the loaded catalog) is given."""
    model = overrides.pop("model", None) or await make_vehicle_model(drivetrain)
    values: dict[str, Any] = {"owner_id": member_of(member).id, "model": model, "year": 2024}
    values.update(overrides)
    return await Vehicle.create(**values)


async def make_data_export(member: SignedIn | Member, **overrides: Any) -> DataExport:
    """A PENDING data export of ``member``."""
    return await DataExport.create(member_id=member_of(member).id, **overrides)


async def make_audit_entry(subject: SignedIn | Member, **overrides: Any) -> AuditLog:
    """A staff read of ``subject``'s private data in the audit log."""
    values: dict[str, Any] = {
        "actor_id": 1,
        "action": "member.private_read",
        "subject_member_id": member_of(subject).id,
    }
    values.update(overrides)
    return await AuditLog.create(**values)
