"""verifyCoupon: a dealer uses a coupon exactly once (核销)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from models.loyalty import Coupon, CouponStatus, Reward
from models.notifications import Notification
from services.core import clock
from services.loyalty.rewards import redeem_reward
from tests.factories import SignedIn, fund, make_dealer_staff, make_member, make_reward
from tests.loyalty.support import error_codes
from tests.support import GraphQLClient

VERIFY = """
mutation Verify($input: VerifyCouponInput!) {
  verifyCoupon(input: $input) {
    coupon { code state usedAt reward { nameEn } }
    errors { code field message }
  }
}
"""


class _Actor:
    def __init__(self, signed_in: SignedIn) -> None:
        self.id = signed_in.member.id
        self.roles = list(signed_in.account.roles)


async def issued(reward: Reward | None = None) -> tuple[SignedIn, Coupon]:
    owner = await make_member()
    await fund(owner.member.id, 1000)
    reward = reward or await make_reward(points_price=100)
    redeemed = await redeem_reward(actor=_Actor(owner), reward_id=reward.id, idempotency_key="k")
    return owner, redeemed.coupon


async def verify(gql: GraphQLClient, token: str, code: str) -> dict[str, Any]:
    result = await gql.data(VERIFY, {"input": {"code": code}}, token=token)
    return result["verifyCoupon"]


async def test_dealer_verifies_once_and_the_owner_is_told(gql: GraphQLClient) -> None:
    # given
    owner, coupon = await issued()
    dealer = await make_member(roles=["dealer"])
    # when (typed in lower case with a dash)
    typed = f"{coupon.code[:5]}-{coupon.code[5:]}".lower()
    payload = await verify(gql, dealer.token, typed)
    # then
    assert payload["errors"] == [] and payload["coupon"]["state"] == "USED"
    stored = await Coupon.get(id=coupon.id)
    assert stored.status == CouponStatus.USED and stored.verified_by_id == dealer.member.id
    notice = await Notification.get(member_id=owner.member.id, kind="COUPON_USED")
    assert notice.payload["code"] == coupon.code


async def test_second_verification_is_already_used(gql: GraphQLClient) -> None:
    _, coupon = await issued()
    dealer = await make_member(roles=["dealer"])
    first = await verify(gql, dealer.token, coupon.code)
    payload = await verify(gql, dealer.token, coupon.code)
    assert error_codes(payload) == ["ALREADY_USED"]
    assert await Notification.filter(kind="COUPON_USED").count() == 1
    # the dealer screen can say when, and for which reward, it was used
    assert payload["coupon"] == first["coupon"]
    assert payload["coupon"]["usedAt"] is not None and payload["coupon"]["reward"]["nameEn"]


async def test_concurrent_verifications_use_it_once(gql: GraphQLClient) -> None:
    _, coupon = await issued()
    dealers = [await make_member(roles=["dealer"]) for _ in range(10)]
    payloads = await asyncio.gather(*(verify(gql, d.token, coupon.code) for d in dealers))
    assert sum(p["errors"] == [] for p in payloads) == 1
    assert sorted(code for p in payloads for code in error_codes(p)) == ["ALREADY_USED"] * 9
    assert await Notification.filter(kind="COUPON_USED").count() == 1


async def test_expired_coupon_is_refused(gql: GraphQLClient) -> None:
    _, coupon = await issued()
    await Coupon.filter(id=coupon.id).update(expires_at=clock.now() - timedelta(minutes=1))
    dealer = await make_member(roles=["dealer"])
    payload = await verify(gql, dealer.token, coupon.code)
    assert error_codes(payload) == ["EXPIRED"]
    assert payload["coupon"]["state"] == "EXPIRED" and payload["coupon"]["usedAt"] is None
    assert (await Coupon.get(id=coupon.id)).status == CouponStatus.ISSUED


async def test_dealer_scope(gql: GraphQLClient) -> None:
    # given a reward only dealer BJ-01 may verify
    _, coupon = await issued(await make_reward(dealer_code="BJ-01"))
    outsider = await make_member(roles=["dealer"])
    await make_dealer_staff(outsider, "SH-07")
    unassigned = await make_member(roles=["dealer"])
    insider = await make_member(roles=["dealer"])
    await make_dealer_staff(insider, "BJ-01")
    # then
    refused = await verify(gql, outsider.token, coupon.code)
    assert error_codes(refused) == ["FORBIDDEN"] and refused["coupon"] is None
    assert error_codes(await verify(gql, unassigned.token, coupon.code)) == ["FORBIDDEN"]
    assert (await Coupon.get(id=coupon.id)).status == CouponStatus.ISSUED
    assert (await verify(gql, insider.token, coupon.code))["errors"] == []


async def test_admin_may_verify_any_coupon(gql: GraphQLClient) -> None:
    _, coupon = await issued(await make_reward(dealer_code="BJ-01"))
    admin = await make_member(roles=["admin"])
    assert (await verify(gql, admin.token, coupon.code))["errors"] == []


async def test_members_and_unknown_codes_are_refused(gql: GraphQLClient) -> None:
    owner, coupon = await issued()
    await verify(gql, await _dealer_token(), coupon.code)
    as_owner = await verify(gql, owner.token, coupon.code)
    assert error_codes(as_owner) == ["FORBIDDEN"] and as_owner["coupon"] is None
    dealer = await make_member(roles=["dealer"])
    assert error_codes(await verify(gql, dealer.token, "ZZZZZZZZZZ")) == ["NOT_FOUND"]
    assert error_codes(await verify(gql, dealer.token, "not a code")) == ["NOT_FOUND"]
    assert (await Coupon.get(id=coupon.id)).status == CouponStatus.USED


async def _dealer_token() -> str:
    return (await make_member(roles=["dealer"])).token
