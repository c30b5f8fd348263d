"""The members domain's sections of a data export (account, profile, garage, notices, audit
trail, sessions). Each builder takes a member id and returns JSON-able data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.accounts import Account, RefreshToken
from models.audit import AuditLog
from models.members import Member, Vehicle
from models.notifications import Notification
from services.core import clock


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def account_section(member_id: int) -> dict[str, Any]:
    account = await Account.get(member__id=member_id)
    return {
        "email": account.email,
        "mobile": account.mobile,
        "roles": list(account.roles),
        "status": str(account.status),
        "created_at": iso(account.created_at),
    }


async def profile_section(member_id: int) -> dict[str, Any]:
    member = await Member.get(id=member_id)
    return {
        "handle": member.handle,
        "display_name": member.display_name,
        "avatar_url": member.avatar_url,
        "city": member.city,
        "bio": member.bio,
        "locale": member.locale,
        "member_since": iso(member.created_at),
    }


async def privacy_section(member_id: int) -> dict[str, Any]:
    member = await Member.get(id=member_id)
    return {
        "visibility": str(member.visibility),
        "show_garage": member.show_garage,
        "show_badges": member.show_badges,
    }


async def vehicles_section(member_id: int) -> list[dict[str, Any]]:
    """The garage with plates. The VIN is not held (only a keyed hash), so it is reported as
    registered or not."""
    vehicles = await Vehicle.filter(owner_id=member_id).select_related("model").order_by("id")
    return [
        {
            "model": vehicle.model.key,
            "brand": vehicle.model.brand,
            "name": vehicle.model.name,
            "name_zh": vehicle.model.name_zh,
            "drivetrain": str(vehicle.model.drivetrain),
            "year": vehicle.year,
            "nickname": vehicle.nickname,
            "plate": vehicle.plate,
            "vin_registered": vehicle.vin_hash is not None,
            "added_at": iso(vehicle.created_at),
        }
        for vehicle in vehicles
    ]


async def notifications_section(member_id: int) -> list[dict[str, Any]]:
    rows = await Notification.filter(member_id=member_id).order_by("id")
    return [
        {
            "kind": row.kind,
            "payload": row.payload,
            "read": row.read,
            "created_at": iso(row.created_at),
        }
        for row in rows
    ]


async def audit_section(member_id: int) -> list[dict[str, Any]]:
    """Staff accesses to the member's data (who is kept internal, what and when is theirs)."""
    rows = await AuditLog.filter(subject_member_id=member_id).order_by("id")
    return [{"action": row.action, "detail": row.detail, "at": iso(row.created_at)} for row in rows]


async def sessions_section(member_id: int) -> list[dict[str, Any]]:
    """Sign-in sessions still usable: when each refresh token was issued and expires (never
    the token or its hash)."""
    rows = await RefreshToken.filter(
        account__member__id=member_id,
        revoked_at=None,
        rotated_at=None,
        expires_at__gt=clock.now(),
    ).order_by("id")
    return [{"created_at": iso(row.created_at), "expires_at": iso(row.expires_at)} for row in rows]
