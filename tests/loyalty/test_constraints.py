"""The database itself refuses a negative balance, held amount, lot or stock."""

from __future__ import annotations

import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError, OperationalError

from models.loyalty import PointsAccount
from tests.factories import fund, make_member, make_reward


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE points_accounts SET balance = balance - 101",
        "UPDATE points_accounts SET held = held - 1",
        "UPDATE ledger_entries SET remaining = -1",
        "UPDATE rewards SET stock = stock - 3",
    ],
)
async def test_negative_values_are_refused_by_the_database(statement: str) -> None:
    member = (await make_member()).member
    await fund(member.id, 100)
    await make_reward(stock=2)
    connection = Tortoise.get_connection("default")
    with pytest.raises((IntegrityError, OperationalError)) as refused:
        await connection.execute_query(statement)
    assert "constraint" in str(refused.value).lower() or "check" in str(refused.value).lower()
    assert (await PointsAccount.get(member_id=member.id)).balance == 100
