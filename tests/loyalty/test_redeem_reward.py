"""redeemReward: a coupon for points, or a clear refusal that changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models.loyalty import Coupon, LedgerEntry, MemberTier, Reward, RewardClaim
from services.core import clock
from services.loyalty.contribution import add_contribution
from tests.factories import fund, make_member, make_reward
from tests.loyalty.support import assert_consistent, balances, error_codes, global_id
from tests.support import GraphQLClient

REDEEM = """
mutation Redeem($input: RedeemRewardInput!) {
  redeemReward(input: $input) {
    coupon { id code state pointsSpent reward { nameEn pointsPrice } }
    points { balance held }
    errors { code field message }
  }
}
"""


async def redeem(gql: GraphQLClient, token: str, reward: Reward, key: str) -> dict[str, Any]:
    variables = {"input": {"rewardId": global_id("Reward", reward.id), "idempotencyKey": key}}
    result = await gql.data(REDEEM, variables, token=token)
    return result["redeemReward"]


async def test_redeem_issues_a_coupon_and_spends_points(gql: GraphQLClient) -> None:
    # given
    member = await make_member()
    await fund(member.member.id, 500)
    reward = await make_reward(points_price=120, stock=3)
    # when
    payload = await redeem(gql, member.token, reward, "r-1")
    # then
    assert payload["errors"] == []
    coupon = payload["coupon"]
    assert len(coupon["code"]) == 10 and coupon["state"] == "VALID"
    assert coupon["pointsSpent"] == 120 and coupon["reward"]["pointsPrice"] == 120
    assert payload["points"] == {"balance": 380, "held": 0}
    assert (await Reward.get(id=reward.id)).stock == 2
    await assert_consistent()


async def test_replay_returns_the_same_coupon_and_moves_nothing(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 500)
    reward = await make_reward(points_price=100, stock=10)
    first = await redeem(gql, member.token, reward, "same-key")
    again = await redeem(gql, member.token, reward, "same-key")
    assert again["coupon"]["id"] == first["coupon"]["id"]
    assert again["coupon"]["code"] == first["coupon"]["code"]
    assert await balances(member.member.id) == (400, 0)
    assert (await Reward.get(id=reward.id)).stock == 9
    assert await Coupon.all().count() == 1


async def test_key_reused_for_another_reward_is_refused(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 500)
    wash, other = await make_reward(points_price=100), await make_reward(points_price=50)
    await redeem(gql, member.token, wash, "k")
    payload = await redeem(gql, member.token, other, "k")
    assert error_codes(payload) == ["IDEMPOTENCY_KEY_REUSED"] and payload["coupon"] is None
    assert await balances(member.member.id) == (400, 0)


async def test_insufficient_points(gql: GraphQLClient) -> None:
    member = await make_member(locale="en")
    await fund(member.member.id, 99)
    reward = await make_reward(points_price=100, stock=5)
    payload = await redeem(gql, member.token, reward, "k")
    assert error_codes(payload) == ["INSUFFICIENT_POINTS"]
    assert payload["errors"][0]["message"] == "Not enough points."
    await _nothing_moved(member.member.id, 99, reward, 5)


async def test_contribution_cannot_be_spent(gql: GraphQLClient) -> None:
    member = await make_member()
    await add_contribution(member.member.id, 10_000, reason="CREW_DUTY", idempotency_key="c")
    reward = await make_reward(points_price=100)
    payload = await redeem(gql, member.token, reward, "k")
    assert error_codes(payload) == ["INSUFFICIENT_POINTS"]
    assert await Coupon.all().count() == 0


async def test_out_of_stock(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 500)
    reward = await make_reward(points_price=100, stock=0)
    payload = await redeem(gql, member.token, reward, "k")
    assert error_codes(payload) == ["OUT_OF_STOCK"]
    await _nothing_moved(member.member.id, 500, reward, 0)


async def test_per_member_limit(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 1000)
    reward = await make_reward(points_price=100, stock=10, per_member_limit=2)
    await redeem(gql, member.token, reward, "a")
    await redeem(gql, member.token, reward, "b")
    payload = await redeem(gql, member.token, reward, "c")
    assert error_codes(payload) == ["LIMIT_REACHED"]
    await _nothing_moved(member.member.id, 800, reward, 8, coupons=2)
    assert (await RewardClaim.get(member_id=member.member.id)).count == 2


async def test_tier_too_low(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 1000)
    reward = await make_reward(points_price=100, min_tier_rank=2)
    payload = await redeem(gql, member.token, reward, "k")
    assert error_codes(payload) == ["TIER_TOO_LOW"]
    await _nothing_moved(member.member.id, 1000, reward, None)
    # a GOLD member may
    await fund(member.member.id, 7000)
    assert (await MemberTier.get(member_id=member.member.id)).tier_key == "GOLD"
    assert (await redeem(gql, member.token, reward, "k2"))["errors"] == []


async def test_outside_the_validity_window(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 1000)
    now = clock.now()
    later = await make_reward(valid_from=now + timedelta(days=1))
    over = await make_reward(valid_until=now - timedelta(seconds=1))
    withdrawn = await make_reward(active=False)
    for reward in (later, over, withdrawn):
        payload = await redeem(gql, member.token, reward, f"k{reward.id}")
        assert error_codes(payload) == ["NOT_AVAILABLE"]
    await _nothing_moved(member.member.id, 1000, later, None)


async def test_unknown_reward_and_anonymous_caller(gql: GraphQLClient) -> None:
    member = await make_member()
    variables = {"input": {"rewardId": global_id("Reward", 999), "idempotencyKey": "k"}}
    payload = (await gql.data(REDEEM, variables, token=member.token))["redeemReward"]
    assert error_codes(payload) == ["NOT_FOUND"]
    wrong_type = {"input": {"rewardId": global_id("Member", 1), "idempotencyKey": "k"}}
    payload = (await gql.data(REDEEM, wrong_type, token=member.token))["redeemReward"]
    assert error_codes(payload) == ["NOT_FOUND"]
    anonymous = await gql(REDEEM, variables)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def _nothing_moved(
    member_id: int, balance: int, reward: Reward, stock: int | None, coupons: int = 0
) -> None:
    assert await balances(member_id) == (balance, 0)
    assert (await Reward.get(id=reward.id)).stock == stock
    assert await Coupon.filter(member_id=member_id).count() == coupons
    assert await LedgerEntry.filter(member_id=member_id, kind="REDEEM").count() == coupons
