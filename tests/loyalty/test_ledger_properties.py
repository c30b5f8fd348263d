"""Property: any sequence of earn/hold/capture/release/redeem/reverse/adjust/expire keeps the
ledger invariants, and balances and lots match a plain reference model (FIFO by expiry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.contrib.test import truncate_all_models

from models.loyalty import LedgerEntry
from services.core import clock
from services.errors import DomainError, ErrorCode
from services.loyalty import ledger
from services.loyalty.dates import lot_expiry
from services.loyalty.expiry import expire_points
from services.loyalty.rewards import redeem_reward
from services.loyalty.seed import seed_defaults
from services.loyalty.staff import adjust_points
from tests.factories import make_member, make_reward
from tests.loyalty.support import assert_consistent, balances

MEMBER = st.integers(0, 1)
AMOUNT = st.integers(1, 400)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("earn"), MEMBER, AMOUNT, st.integers(0, 30)),
        st.tuples(st.just("hold"), MEMBER, AMOUNT),
        st.tuples(st.just("capture"), st.integers(0, 5)),
        st.tuples(st.just("release"), st.integers(0, 5)),
        st.tuples(st.just("redeem"), MEMBER, st.sampled_from([50, 120, 300])),
        st.tuples(st.just("reverse"), st.integers(0, 5)),
        st.tuples(st.just("adjust"), MEMBER, st.integers(1, 300), st.booleans()),
        st.tuples(st.just("expire")),
    ),
    max_size=14,
)


@dataclass
class Account:
    balance: int = 0
    held: int = 0
    #: [expires_at, remaining] in creation (id) order.
    lots: list[list] = field(default_factory=list)

    def consume(self, amount: int) -> None:
        for lot in sorted(self.lots, key=lambda lot: lot[0]):  # stable: ties keep id order
            taken = min(lot[1], amount)
            lot[1] -= taken
            amount -= taken
        assert amount == 0


class Admin:
    id = 0
    roles = ["admin"]


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
async def test_random_sequences_keep_the_ledger_invariants(ops: list[tuple]) -> None:
    await truncate_all_models()
    await seed_defaults()
    members = [(await make_member()).member for _ in range(2)]
    admin = await make_member(roles=["admin"])
    Admin.id = admin.member.id
    rewards = {price: await make_reward(points_price=price) for price in (50, 120, 300)}
    model = [Account(), Account()]
    holds: list[tuple[int, int, int]] = []  # (hold id, member index, amount)
    earns: list[tuple[int, int, int]] = []  # (entry id, member index, amount)
    now = clock.now()
    for step, op in enumerate(ops):
        await _apply(op, step, now, members, rewards, model, holds, earns)
        for index, member in enumerate(members):
            assert await balances(member.id) == (model[index].balance, model[index].held)
            lots = await LedgerEntry.filter(member_id=member.id, remaining__isnull=False).order_by(
                "id"
            )
            assert [lot.remaining for lot in lots] == [lot[1] for lot in model[index].lots]
    await assert_consistent()


async def _apply(op, step, now, members, rewards, model, holds, earns) -> None:  # noqa: C901
    kind, key = op[0], f"op-{step}"
    if kind == "earn":
        _, who, amount, age = op
        at = now - timedelta(days=31 * age)
        posted = await ledger.earn(members[who].id, "SEASON_AWARD", amount=amount,
                                   idempotency_key=key, now=at)  # fmt: skip
        model[who].balance += amount
        model[who].lots.append([lot_expiry(at), amount])
        earns.append((posted.entry.id, who, amount))
    elif kind == "hold":
        _, who, amount = op
        ok = model[who].balance >= amount
        outcome = await _expect(ok, ledger.hold(members[who].id, amount, reason="EVENT_FEE",
                                                idempotency_key=key))  # fmt: skip
        if ok:
            model[who].balance -= amount
            model[who].held += amount
            holds.append((outcome.hold.id, who, amount))
    elif kind in ("capture", "release") and holds:
        hold_id, who, amount = holds.pop(op[1] % len(holds))
        await (ledger.capture if kind == "capture" else ledger.release)(hold_id)
        model[who].held -= amount
        if kind == "capture":
            model[who].consume(amount)
        else:
            model[who].balance += amount
    elif kind == "redeem":
        _, who, price = op
        ok = model[who].balance >= price
        await _expect(ok, redeem_reward(actor=members[who], reward_id=rewards[price].id,
                                        idempotency_key=key))  # fmt: skip
        if ok:
            model[who].balance -= price
            model[who].consume(price)
    elif kind == "reverse" and earns:
        entry_id, who, amount = earns.pop(op[1] % len(earns))
        ok = model[who].balance >= amount
        await _expect(ok, ledger.reverse(entry_id))
        if ok:
            model[who].balance -= amount
            model[who].consume(amount)
    elif kind == "adjust":
        _, who, size, add = op
        amount = size if add else -size
        ok = add or model[who].balance >= size
        await _expect(ok, adjust_points(actor=Admin, member_id=members[who].id, amount=amount,
                                        reason="property", idempotency_key=key))  # fmt: skip
        if ok and amount > 0:
            model[who].balance += amount
            model[who].lots.append([lot_expiry(now), amount])
        elif ok:
            model[who].balance += amount
            model[who].consume(-amount)
    elif kind == "expire":
        # a run is identified by its moment (its entries' keys): each run has its own, as
        # scheduled runs do; two runs at one moment are one run
        moment = now + timedelta(seconds=step)
        await expire_points(now=moment)
        for account in model:
            expired = sum(lot[1] for lot in account.lots if lot[0] <= moment)
            taken = min(expired, account.balance)
            account.balance -= taken
            account.consume(taken)


async def _expect(ok: bool, call):
    try:
        result = await call
    except DomainError as error:
        assert not ok and error.code == ErrorCode.INSUFFICIENT_POINTS, error
        return None
    assert ok
    return result
