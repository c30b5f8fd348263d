"""A retry that arrives after the retention job purged its idempotency record gets a coded
answer and moves nothing (the ledger, holds and coupons keep their own unique keys)."""

from __future__ import annotations

from datetime import timedelta

from jobs.execution import execute
from models.loyalty import Coupon, IdempotencyRecord, LedgerEntry, PointsAccount
from services.core import clock
from services.loyalty import ledger
from tests.events.support import gid
from tests.factories import fund, make_member, make_reward

ADJUST = """mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) {
  entry { id amount } errors { code field } } }"""
GRANT = """mutation($input: GrantPointsInput!) { grantPoints(input: $input) {
  grantedCount errors { code field } } }"""
REDEEM = """mutation($input: RedeemRewardInput!) { redeemReward(input: $input) {
  coupon { id } errors { code field } } }"""


async def _purge_records() -> None:
    """Age every idempotency record past the retention and run the retention job."""
    await IdempotencyRecord.all().update(created_at=clock.now() - timedelta(days=31))
    run = await execute("data.retention")
    assert run.ok and run.summary["idempotency_records"] > 0
    assert await IdempotencyRecord.all().count() == 0


async def _balances(*members) -> list[int]:
    return [(await PointsAccount.get(member_id=m.member.id)).balance for m in members]


async def test_late_staff_retries_move_nothing(gql):
    # given: an adjustment, a grant and a redemption, whose records are then purged
    admin = await make_member("admin", roles=["admin"])
    alice, bob = await make_member("alice"), await make_member("bob")
    await fund(alice.member.id, 500)
    reward = await make_reward(stock=10)
    adjust = {"memberId": gid("Member", alice.member.id), "amount": 50, "reason": "补偿",
              "idempotencyKey": "adj-1"}  # fmt: skip
    grant = {"memberIds": [gid("Member", alice.member.id), gid("Member", bob.member.id)],
             "amount": 30, "reason": "活动", "idempotencyKey": "grant-1"}  # fmt: skip
    redeem = {"rewardId": gid("Reward", reward.id), "idempotencyKey": "redeem-1"}
    first = [
        await gql.data(ADJUST, {"input": adjust}, token=admin.token),
        await gql.data(GRANT, {"input": grant}, token=admin.token),
        await gql.data(REDEEM, {"input": redeem}, token=alice.token),
    ]
    assert [list(answer.values())[0]["errors"] for answer in first] == [[], [], []]
    before = await _balances(alice, bob)
    entries = await LedgerEntry.all().count()
    await _purge_records()
    # when: each is retried with its key, twice
    late = []
    for _ in range(2):
        late.append(await gql(ADJUST, {"input": adjust}, token=admin.token))
        late.append(await gql(GRANT, {"input": grant}, token=admin.token))
        late.append(await gql(REDEEM, {"input": redeem}, token=alice.token))
    # then: coded answers, no server error, and nothing moved
    for answer in late:
        assert "errors" not in answer, answer
        payload = list(answer["data"].values())[0]
        assert [error["code"] for error in payload["errors"]] == ["IDEMPOTENCY_KEY_EXPIRED"]
    assert await _balances(alice, bob) == before
    assert await LedgerEntry.all().count() == entries
    assert await Coupon.all().count() == 1
    assert (await reward.refresh_from_db()) is None and reward.stock == 9


async def test_a_late_earn_from_a_job_is_refused_with_a_code(gql):
    # given: an earn whose record was purged
    alice = await make_member("alice")
    await ledger.earn(alice.member.id, "SEASON_AWARD", amount=300, idempotency_key="season:x:1")
    await _purge_records()
    # when / then: the retry is refused with the code and the balance stays
    try:
        await ledger.earn(alice.member.id, "SEASON_AWARD", amount=300, idempotency_key="season:x:1")
    except Exception as error:  # noqa: BLE001 - the code is what is checked
        code = getattr(error, "code", None)
    else:
        code = None
    assert code is not None and code.value == "IDEMPOTENCY_KEY_EXPIRED"
    assert await _balances(alice) == [300]
