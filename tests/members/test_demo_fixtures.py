"""The demo loader: a believable bilingual community, loaded idempotently."""

from __future__ import annotations

from typing import Any

from fixtures.loader import load_demo_data, load_vehicle_catalog
from fixtures.members import DEMO_PASSWORD
from models.accounts import Account
from models.members import Drivetrain, Member, Vehicle, VehicleModel
from services.accounts.passwords import verify_password
from services.accounts.tokens import AccessClaims, issue_access_token


async def counts() -> dict[str, int]:
    return {
        "models": await VehicleModel.all().count(),
        "accounts": await Account.all().count(),
        "members": await Member.all().count(),
        "vehicles": await Vehicle.all().count(),
    }


async def test_loader_is_idempotent(gql: Any) -> None:
    # when
    first_summary = await load_demo_data()
    first = await counts()
    second_summary = await load_demo_data()
    # then
    assert await counts() == first
    assert first["members"] >= 54
    assert first["vehicles"] > first["members"] - 4
    assert "0 new" in second_summary
    assert first_summary != second_summary


async def test_demo_community_is_believable(gql: Any) -> None:
    # given
    await load_demo_data()
    # then
    assert await Account.filter(is_demo=False).count() == 0
    held = [role for roles in await Account.all().values_list("roles", flat=True) for role in roles]
    assert sorted(held) == ["admin", "dealer", "issuer", "moderator"]
    members = await Member.all()
    cities = {m.city for m in members}
    assert {"北京", "成都", "银川", "阿拉善", "乌鲁木齐", "上海", "深圳"} <= cities
    assert {m.locale for m in members} == {"zh-CN", "en"}
    assert {str(m.visibility) for m in members} == {"PUBLIC", "MEMBERS", "CIRCLES"}
    owners = set(await Vehicle.all().values_list("owner_id", flat=True))
    ordinary = [m for m in members if not m.handle.startswith("convoy-")]
    assert all(m.id in owners for m in ordinary)
    account = await Account.get(email="lao_zhou@demo.convoy.example")
    assert verify_password(account.password_hash, DEMO_PASSWORD)


async def test_demo_members_can_sign_in_and_see_their_garage(gql: Any) -> None:
    # given
    await load_demo_data()
    member = await Member.get(handle_key="lao_zhou").select_related("account")
    token = issue_access_token(
        AccessClaims(member.account.id, member.id, (), member.account.token_version)
    )
    # when
    data = await gql.data("query { viewer { vehicles { plate model { key } } } }", token=token)
    # then
    assert [v["model"]["key"] for v in data["viewer"]["vehicles"]] == ["ford-bronco", "baic-bj40"]
    assert all(v["plate"] for v in data["viewer"]["vehicles"])


async def test_catalog_has_real_drivetrains_and_updates_in_place(gql: Any) -> None:
    # given
    await load_vehicle_catalog()
    await VehicleModel.filter(key="ford-bronco").update(name_zh="旧名称")
    # when
    summary = await load_vehicle_catalog()
    # then
    assert summary.startswith("vehicle models: 0 new")
    drivetrains = dict(await VehicleModel.all().values_list("key", "drivetrain"))
    assert drivetrains["ford-bronco"] == Drivetrain.FOUR_WD
    assert drivetrains["ford-explorer"] == Drivetrain.AWD
    assert drivetrains["ford-territory"] == Drivetrain.TWO_WD
    assert (await VehicleModel.get(key="ford-bronco")).name_zh == "Bronco 烈马"
