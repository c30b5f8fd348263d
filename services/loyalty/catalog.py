"""Reads of the reward catalog and of a member's coupons."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from tortoise.expressions import Q

from models.loyalty import Coupon, CouponStatus, PointsAccount, Reward, RewardKind
from services.core import clock
from services.pagination import Page, PageArgs, keyset_page

#: Cheapest first, then oldest.
CATALOG_ORDER = ["points_price", "id"]


class CouponState(StrEnum):
    """What a member sees: an issued coupon past its date is EXPIRED."""

    VALID = "VALID"
    USED = "USED"
    EXPIRED = "EXPIRED"


def coupon_state(coupon: Coupon, now: datetime) -> CouponState:
    if coupon.status == CouponStatus.USED:
        return CouponState.USED
    return CouponState.VALID if coupon.expires_at > now else CouponState.EXPIRED


async def reward_catalog(
    args: PageArgs,
    *,
    kind: RewardKind | None = None,
    affordable_for: int | None = None,
    available_only: bool = True,
    now: datetime | None = None,
) -> Page[Reward]:
    """Active rewards, cheapest first. ``available_only`` keeps those inside their window and
    in stock, ``affordable_for`` (a member id) those the member's balance covers."""
    now = now or clock.now()
    query = Reward.filter(active=True)
    if kind is not None:
        query = query.filter(kind=kind)
    if available_only:
        query = query.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=now),
            Q(valid_until__isnull=True) | Q(valid_until__gt=now),
            Q(stock__isnull=True) | Q(stock__gt=0),
        )
    if affordable_for is not None:
        account = await PointsAccount.get_or_none(member_id=affordable_for)
        query = query.filter(points_price__lte=account.balance if account else 0)
    return await keyset_page(query, order=CATALOG_ORDER, args=args)


async def member_coupons(
    member_id: int, args: PageArgs, *, state: CouponState | None = None, now: datetime | None = None
) -> Page[Coupon]:
    """The member's coupons, newest first, optionally in one state."""
    now = now or clock.now()
    query = Coupon.filter(member_id=member_id)
    if state == CouponState.USED:
        query = query.filter(status=CouponStatus.USED)
    elif state == CouponState.VALID:
        query = query.filter(status=CouponStatus.ISSUED, expires_at__gt=now)
    elif state == CouponState.EXPIRED:
        query = query.filter(status=CouponStatus.ISSUED, expires_at__lte=now)
    return await keyset_page(query, order=["-id"], args=args)
