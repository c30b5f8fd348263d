"""Coupons: issued by a redemption, verified (核销) once by a dealer.

Verification is one conditional UPDATE (``status = 'ISSUED' AND expires_at > now`` and the
dealer scope), so a coupon is used exactly once whatever the concurrency; a refusal names why.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from tortoise.transactions import in_transaction

from models.accounts import StaffRole
from models.loyalty import Coupon, CouponStatus, DealerStaff, Reward
from services import notifications
from services.core import clock
from services.core.actors import Actor, require_role
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound

#: Upper-case letters and digits without look-alikes (0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
COUPON_USED = "COUPON_USED"
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str | None:
    """The stored form of a typed code (case, spaces and dashes ignored), None if malformed."""
    code = re.sub(r"[\s-]", "", raw or "").upper()
    return code if _CODE.fullmatch(code) else None


async def issue_coupon(
    db: Sql, *, reward: Reward, member_id: int, entry_id: int, now: datetime, expires_at: datetime
) -> int:
    """Insert a coupon with a fresh unique code (drawn again on the rare collision)."""
    for _ in range(8):
        created = await db.rows(
            "INSERT INTO coupons (code, reward_id, member_id, status, points_spent, "
            "ledger_entry_id, dealer_code, issued_at, expires_at) "
            "VALUES (?, ?, ?, 'ISSUED', ?, ?, ?, {ts}, {ts}) "
            "ON CONFLICT (code) DO NOTHING RETURNING id",
            new_code(), reward.id, member_id, reward.points_price, entry_id, reward.dealer_code,
            now, expires_at,
        )  # fmt: skip
        if created:
            return int(created[0]["id"])
    raise DomainError(ErrorCode.CONFLICT)


async def verify_coupon(*, actor: Actor, code: str, now: datetime | None = None) -> Coupon:
    """Mark the coupon used by ``actor`` (dealer role, or admin) and tell its owner. Refuses
    with FORBIDDEN (not a dealer, or a dealer outside the reward's dealer scope), NOT_FOUND,
    ALREADY_USED or EXPIRED (these two carry the coupon as their ``subject``), changing
    nothing."""
    require_role(actor, StaffRole.DEALER)
    now = now or clock.now()
    normalized = normalize_code(code)
    if normalized is None:
        raise NotFound(field="code")
    is_admin = StaffRole.ADMIN.value in set(actor.roles)
    dealer = await DealerStaff.get_or_none(member_id=actor.id)
    async with in_transaction() as conn:
        db = Sql(conn)
        used = await db.rows(
            "UPDATE coupons SET status = 'USED', used_at = {ts}, verified_by_id = ? "
            "WHERE code = ? AND status = 'ISSUED' AND expires_at > {ts} "
            "AND (dealer_code IS NULL OR dealer_code = ? OR ?) RETURNING id, member_id",
            now, actor.id, normalized, now, dealer.dealer_code if dealer else None, is_admin,
        )  # fmt: skip
        if used:
            notice = await notifications.notify(
                int(used[0]["member_id"]), COUPON_USED,
                {"couponId": int(used[0]["id"]), "code": normalized}, using=conn,
            )  # fmt: skip
    if not used:
        await _refusal(normalized, dealer.dealer_code if dealer else None, is_admin, now)
    await notifications.publish_notifications([notice])
    return await Coupon.get(id=used[0]["id"])


async def _refusal(code: str, dealer_code: str | None, is_admin: bool, now: datetime) -> None:
    coupon = await Coupon.get_or_none(code=code)
    if coupon is None:
        raise NotFound(field="code")
    if coupon.dealer_code is not None and not is_admin and coupon.dealer_code != dealer_code:
        raise DomainError(ErrorCode.FORBIDDEN, field="code")
    # A dealer allowed to use the coupon sees what it is: when it was used, for which reward.
    if coupon.status == CouponStatus.USED:
        raise DomainError(ErrorCode.ALREADY_USED, field="code", subject=coupon)
    if coupon.expires_at <= now:
        raise DomainError(ErrorCode.EXPIRED, field="code", subject=coupon)
    raise DomainError(ErrorCode.CONFLICT, field="code")
