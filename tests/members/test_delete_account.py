"""deleteAccount and the erasure job."""

from __future__ import annotations

import asyncio
from typing import Any

from models.accounts import Account, RefreshToken
from models.audit import AuditLog
from models.members import DataExport, Member, Vehicle, VehicleModel
from models.notifications import Notification
from models.outbox import OutboxEvent
from services.members.deletion import erase_member
from tests.factories import (
    make_audit_entry,
    make_data_export,
    make_member,
    make_notification,
    make_refresh_token,
    make_vehicle,
)
from tests.members.conftest import PASSWORD, global_id

DELETE = """
mutation Delete($input: DeleteAccountInput!) {
  deleteAccount(input: $input) { deleted errors { code field message } }
}
"""
VIEWER = "query { viewer { member { handle } } }"
BY_HANDLE = "query($h: String!) { member(handle: $h) { id } }"
NODE = """
query($id: ID!) {
  node(id: $id) { ... on Member { handle displayName avatarUrl isDeleted profileVisible city } }
}
"""


async def deletion_events() -> list[dict[str, Any]]:
    return list(await OutboxEvent.filter(topic="member.deletion_requested").values("payload"))


async def test_wrong_password_changes_nothing(gql: Any) -> None:
    # given
    me = await make_member("rider", password=PASSWORD)
    before = await Account.filter(id=me.account.id).values()
    # when
    data = await gql.data(DELETE, {"input": {"password": "not-my-password-1"}}, token=me.token)
    empty = await gql.data(DELETE, {"input": {"password": ""}}, token=me.token)
    # then
    assert data["deleteAccount"]["deleted"] is False
    assert data["deleteAccount"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert data["deleteAccount"]["errors"][0]["field"] == ["input", "password"]
    assert empty["deleteAccount"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert await Account.filter(id=me.account.id).values() == before
    assert (await Member.get(id=me.member.id)).deleted_at is None
    assert await deletion_events() == []
    assert (await gql.data(VIEWER, token=me.token))["viewer"] == {"member": {"handle": "rider"}}


async def test_password_guessing_is_rate_limited(gql: Any) -> None:
    # given
    me = await make_member("rider", password=PASSWORD)
    for _ in range(5):
        await gql.data(DELETE, {"input": {"password": "guess-000000"}}, token=me.token)
    # when
    data = await gql.data(DELETE, {"input": {"password": PASSWORD}}, token=me.token)
    # then
    assert data["deleteAccount"]["errors"][0]["code"] == "RATE_LIMITED"
    assert (await Account.get(id=me.account.id)).status == "ACTIVE"


async def test_deletion_signs_out_at_once_and_hides_the_member(gql: Any) -> None:
    # given
    me = await make_member("rider", password=PASSWORD, visibility="PUBLIC")
    token_row = await make_refresh_token(me)
    reader = await make_member("reader")
    # when
    data = await gql.data(DELETE, {"input": {"password": PASSWORD}}, token=me.token)
    # then
    assert data["deleteAccount"] == {"deleted": True, "errors": []}
    account = await Account.get(id=me.account.id)
    assert (account.status, account.email, account.mobile) == ("DELETED", None, None)
    assert account.token_version == me.account.token_version + 1
    assert (await RefreshToken.get(id=token_row.id)).revoked_at is not None
    assert await deletion_events() == [{"payload": {"member_id": me.member.id}}]
    assert (await gql.data(VIEWER, token=me.token))["viewer"] is None
    again = await gql(DELETE, {"input": {"password": PASSWORD}}, token=me.token)
    assert again["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await gql.data(BY_HANDLE, {"h": "rider"}, token=reader.token))["member"] is None
    node = await gql.data(NODE, {"id": global_id("Member", me.member.id)}, token=reader.token)
    assert node["node"] == {
        "handle": f"deleted-{me.member.id}",
        "displayName": "已注销用户 / Deleted member",
        "avatarUrl": None,
        "isDeleted": True,
        "profileVisible": False,
        "city": None,
    }


async def test_erasure_pseudonymises_and_is_idempotent(gql: Any, catalog: None) -> None:
    # given a deleted member with personal data and history that refers to them
    me = await make_member(
        "rider", password=PASSWORD, avatar_url="https://a.example/a.png", bio="b"
    )
    model = await VehicleModel.get(key="tank-300")
    await make_vehicle(me, model=model, year=2023, plate="川A12345")
    await make_notification(me, kind="WELCOME")
    await make_data_export(me)
    await make_audit_entry(me)
    await make_refresh_token(me)
    await gql.data(DELETE, {"input": {"password": PASSWORD}}, token=me.token)
    # when the job runs (twice, as jobs may)
    await erase_member(me.member.id)
    first = await Member.filter(id=me.member.id).values()
    await erase_member(me.member.id)
    # then
    member = await Member.get(id=me.member.id)
    assert await Member.filter(id=me.member.id).values() == first
    assert (member.handle, member.handle_key) == (f"deleted-{me.member.id}",) * 2
    assert member.display_name == "已注销用户 / Deleted member"
    assert (member.avatar_url, member.city, member.bio) == (None, None, "")
    assert member.deleted_at is not None
    assert await Vehicle.filter(owner_id=me.member.id).count() == 0
    assert await Notification.filter(member_id=me.member.id).count() == 0
    assert await DataExport.filter(member_id=me.member.id).count() == 0
    assert await RefreshToken.filter(account_id=me.account.id).count() == 0
    assert await AuditLog.filter(subject_member_id=me.member.id).count() == 1
    account = await Account.get(id=me.account.id)
    assert account.password_hash == "!erased"
    # and the handle is free again
    newcomer = await make_member("Rider")
    assert newcomer.member.handle_key == "rider"


async def test_erasure_leaves_an_active_member_alone(gql: Any) -> None:
    # given
    me = await make_member("rider", bio="still here")
    before = await Member.filter(id=me.member.id).values()
    # when
    await erase_member(me.member.id)
    await erase_member(999_999)
    # then
    assert await Member.filter(id=me.member.id).values() == before


async def test_concurrent_deletions_close_the_account_once(gql: Any) -> None:
    # given
    me = await make_member("rider", password=PASSWORD)
    variables = {"input": {"password": PASSWORD}}
    # when
    results = await asyncio.gather(*(gql(DELETE, variables, token=me.token) for _ in range(4)))
    # then
    payloads = [(r.get("data") or {}).get("deleteAccount") or {} for r in results]
    deleted = [p for p in payloads if p.get("deleted")]
    assert len(deleted) == 1
    assert len(await deletion_events()) == 1
    assert (await Account.get(id=me.account.id)).token_version == me.account.token_version + 1
