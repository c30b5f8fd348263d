"""viewer.points, viewer.tier, viewer.contribution and viewer.coupons."""

from __future__ import annotations

from datetime import timedelta

from models.loyalty import LedgerEntry
from services.core import clock
from services.loyalty import ledger
from services.loyalty.contribution import add_contribution
from services.loyalty.dates import expiry_date
from services.loyalty.rewards import redeem_reward
from tests.factories import fund, make_member, make_reward
from tests.support import GraphQLClient

POINTS = """
query Points(
  $kind: PointsEntryKind, $reason: String, $from: DateTime, $first: Int, $after: String
) {
  viewer {
    points {
      balance held lifetimeEarned
      expiringSoon { amount date }
      history(first: $first, after: $after, kind: $kind, reason: $reason, from: $from) {
        edges { node { kind reason amount heldChange remaining } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

TIER = """
query Tier {
  viewer {
    tier {
      current { key name benefits { earnMultiplierPct earlySignupHours } }
      progress { qualifyingPoints nextThreshold }
      nextTier { key threshold }
      history { edges { node { fromKey toKey qualifyingPoints } } }
    }
    contribution { score history { edges { node { amount reason } } } }
  }
}
"""

COUPONS = """
query Coupons($status: CouponState) {
  viewer { coupons(first: 10, status: $status) { edges { node { code state reward { nameZh } } } } }
}
"""


async def test_points_balance_held_expiring_and_history(gql: GraphQLClient) -> None:
    # given
    member = await make_member()
    mid = member.member.id
    await fund(mid, 500)
    await ledger.hold(mid, 120, reason="EVENT_FEE", idempotency_key="event:1:hold")
    await ledger.earn(mid, "DAILY_CHECKIN", idempotency_key="checkin")
    soon = clock.now() + timedelta(days=10)
    await LedgerEntry.filter(member_id=mid, reason="DAILY_CHECKIN").update(expires_at=soon)
    # when
    data = await gql.data(POINTS, {"first": 2}, token=member.token)
    # then
    points = data["viewer"]["points"]
    assert (points["balance"], points["held"], points["lifetimeEarned"]) == (390, 120, 510)
    assert points["expiringSoon"] == [{"amount": 10, "date": expiry_date(soon).isoformat()}]
    history = points["history"]
    assert [edge["node"]["reason"] for edge in history["edges"]] == ["DAILY_CHECKIN", "EVENT_FEE"]
    assert history["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(
        POINTS, {"first": 5, "after": history["pageInfo"]["endCursor"]}, token=member.token
    )
    assert [e["node"]["amount"] for e in rest["viewer"]["points"]["history"]["edges"]] == [500]
    held = await gql.data(POINTS, {"kind": "HOLD"}, token=member.token)
    assert [e["node"]["heldChange"] for e in held["viewer"]["points"]["history"]["edges"]] == [120]
    by_reason = await gql.data(POINTS, {"reason": "SEASON_AWARD"}, token=member.token)
    assert len(by_reason["viewer"]["points"]["history"]["edges"]) == 1
    future = (clock.now() + timedelta(hours=1)).isoformat()
    later = await gql.data(POINTS, {"from": future}, token=member.token)
    assert later["viewer"]["points"]["history"]["edges"] == []


async def test_tier_progress_history_and_contribution(gql: GraphQLClient) -> None:
    member = await make_member(locale="en")
    await fund(member.member.id, 2500)
    await add_contribution(member.member.id, 30, reason="ROUTE_ACCEPTED", idempotency_key="r1")
    data = (await gql.data(TIER, token=member.token))["viewer"]
    tier = data["tier"]
    assert tier["current"] == {
        "key": "SILVER", "name": "Silver",
        "benefits": {"earnMultiplierPct": 110, "earlySignupHours": 12},
    }  # fmt: skip
    assert tier["progress"] == {"qualifyingPoints": 2500, "nextThreshold": 8000}
    assert tier["nextTier"] == {"key": "GOLD", "threshold": 8000}
    assert tier["history"]["edges"] == [
        {"node": {"fromKey": "STANDARD", "toKey": "SILVER", "qualifyingPoints": 2500}}
    ]
    assert data["contribution"] == {
        "score": 30, "history": {"edges": [{"node": {"amount": 30, "reason": "ROUTE_ACCEPTED"}}]}
    }  # fmt: skip


async def test_coupons_by_state(gql: GraphQLClient) -> None:
    member = await make_member()
    await fund(member.member.id, 1000)
    reward = await make_reward(points_price=100)
    for key in ("a", "b"):
        await redeem_reward(actor=member.member, reward_id=reward.id, idempotency_key=key)
    from models.loyalty import Coupon

    first = await Coupon.filter(member_id=member.member.id).order_by("id").first()
    assert first is not None
    await Coupon.filter(id=first.id).update(expires_at=clock.now() - timedelta(days=1))
    everything = await gql.data(COUPONS, token=member.token)
    states = [e["node"]["state"] for e in everything["viewer"]["coupons"]["edges"]]
    assert states == ["VALID", "EXPIRED"]
    expired = await gql.data(COUPONS, {"status": "EXPIRED"}, token=member.token)
    assert [e["node"]["code"] for e in expired["viewer"]["coupons"]["edges"]] == [first.code]
