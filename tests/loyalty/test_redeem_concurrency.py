"""Concurrent redemptions over HTTP: no oversold stock, no overdrawn balance, one effect per key."""

from __future__ import annotations

import asyncio
from typing import Any

from models.loyalty import Coupon, PointsAccount, Reward
from tests.factories import fund, make_member, make_reward
from tests.loyalty.support import assert_consistent, balances, global_id
from tests.loyalty.test_redeem_reward import REDEEM
from tests.support import GraphQLClient


def _variables(reward: Reward, key: str) -> dict[str, Any]:
    return {"input": {"rewardId": global_id("Reward", reward.id), "idempotencyKey": key}}


async def test_200_members_race_for_a_stock_of_5(gql: GraphQLClient) -> None:
    # given
    members = [await make_member() for _ in range(200)]
    for member in members:
        await fund(member.member.id, 150)
    reward = await make_reward(points_price=100, stock=5)
    # when
    results = await asyncio.gather(
        *(gql.data(REDEEM, _variables(reward, "race"), token=m.token) for m in members)
    )
    # then
    payloads = [result["redeemReward"] for result in results]
    winners = [p for p in payloads if p["coupon"] is not None]
    losers = [p["errors"][0]["code"] for p in payloads if p["coupon"] is None]
    assert len(winners) == 5 and set(losers) == {"OUT_OF_STOCK"}
    assert await Coupon.filter(reward_id=reward.id).count() == 5
    assert (await Reward.get(id=reward.id)).stock == 0
    spent = await PointsAccount.filter(balance=50).count()
    assert spent == 5 and await PointsAccount.filter(balance=150).count() == 195
    await assert_consistent()


async def test_one_member_who_can_afford_3_sends_100(gql: GraphQLClient) -> None:
    # given
    member = await make_member()
    await fund(member.member.id, 300)
    reward = await make_reward(points_price=100, stock=None)
    # when
    results = await asyncio.gather(
        *(gql.data(REDEEM, _variables(reward, f"k{i}"), token=member.token) for i in range(100))
    )
    # then
    payloads = [result["redeemReward"] for result in results]
    assert sum(p["coupon"] is not None for p in payloads) == 3
    assert {p["errors"][0]["code"] for p in payloads if p["coupon"] is None} == {
        "INSUFFICIENT_POINTS"
    }
    assert await balances(member.member.id) == (0, 0)
    assert await Coupon.filter(member_id=member.member.id).count() == 3
    await assert_consistent()


async def test_one_request_replayed_50_times_at_once_has_one_effect(gql: GraphQLClient) -> None:
    # given
    member = await make_member()
    await fund(member.member.id, 1000)
    reward = await make_reward(points_price=100, stock=10)
    # when
    results = await asyncio.gather(
        *(gql.data(REDEEM, _variables(reward, "once"), token=member.token) for _ in range(50))
    )
    # then
    payloads = [result["redeemReward"] for result in results]
    assert all(p["errors"] == [] for p in payloads)
    assert len({p["coupon"]["id"] for p in payloads}) == 1
    assert await Coupon.filter(member_id=member.member.id).count() == 1
    assert await balances(member.member.id) == (900, 0)
    assert (await Reward.get(id=reward.id)).stock == 9
    await assert_consistent()
