"""The privacy rule on every read path: ``member(handle:)``, ``node(id:)``, ``nodes(ids:)``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from models.audit import AuditLog
from models.members import VehicleModel
from services.members import privacy
from tests.factories import SignedIn, make_member, make_vehicle
from tests.members.conftest import global_id

PROFILE_FIELDS = """
    id handle displayName avatarUrl profileVisible badgesVisible isViewer isDeleted
    city bio memberSince vehicles { year nickname plate vinRegistered model { key } }
"""
BY_HANDLE = f"query Member($handle: String!) {{ member(handle: $handle) {{ {PROFILE_FIELDS} }} }}"
BY_NODE = f"query Node($id: ID!) {{ node(id: $id) {{ ... on Member {{ {PROFILE_FIELDS} }} }} }}"
BY_NODES = (
    f"query Nodes($ids: [ID!]!) {{ nodes(ids: $ids) {{ ... on Member {{ {PROFILE_FIELDS} }} }} }}"
)


async def read_member(gql: Any, path: str, target: SignedIn, token: str | None, **kw: Any) -> Any:
    """The ``Member`` object read through ``path`` (the other ids in ``nodes`` do not exist)."""
    member_id = global_id("Member", target.member.id)
    if path == "handle":
        variables = {"handle": target.member.handle.upper()}
        return (await gql.data(BY_HANDLE, variables, token=token, **kw))["member"]
    if path == "node":
        return (await gql.data(BY_NODE, {"id": member_id}, token=token, **kw))["node"]
    missing = global_id("Member", 999_999_999)
    data = await gql.data(BY_NODES, {"ids": [missing, member_id]}, token=token, **kw)
    assert data["nodes"][0] is None
    return data["nodes"][1]


async def owner_with_vehicle(handle: str, visibility: str, catalog: None, **kw: Any) -> SignedIn:
    owner = await make_member(
        handle,
        visibility=visibility,
        bio="Sand and stars",
        avatar_url="https://a.example/x.png",
        **kw,
    )
    model = await VehicleModel.get(key="ford-bronco")
    await make_vehicle(owner, model=model, plate="京A12345")
    return owner


def assert_hidden(member: dict[str, Any], owner: SignedIn) -> None:
    assert member["handle"] == owner.member.handle
    assert member["displayName"] == owner.member.display_name
    assert member["avatarUrl"] == "https://a.example/x.png"
    assert member["profileVisible"] is False
    assert member["badgesVisible"] is False
    for field in ("city", "bio", "memberSince", "vehicles"):
        assert member[field] is None, field


def assert_visible(member: dict[str, Any], *, plate: str | None) -> None:
    assert member["profileVisible"] is True
    assert member["city"] == "北京"
    assert member["bio"] == "Sand and stars"
    assert member["memberSince"] is not None
    assert [v["plate"] for v in member["vehicles"]] == [plate]
    assert member["vehicles"][0]["model"]["key"] == "ford-bronco"


PATHS = ["handle", "node", "nodes"]

#: (visibility, reader) -> whether the reader sees the profile (staff and self always do).
MATRIX = [
    ("PUBLIC", "anonymous", True),
    ("PUBLIC", "member", True),
    ("MEMBERS", "anonymous", False),
    ("MEMBERS", "member", True),
    ("CIRCLES", "anonymous", False),
    ("CIRCLES", "member", False),
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("visibility", "reader", "visible"), MATRIX)
async def test_profile_visibility_for_others(
    gql: Any, catalog: None, path: str, visibility: str, reader: str, visible: bool
) -> None:
    # given
    owner = await owner_with_vehicle("owner", visibility, catalog)
    token = (await make_member("reader")).token if reader == "member" else None
    # when
    member = await read_member(gql, path, owner, token)
    # then
    if visible:
        assert_visible(member, plate=None)
        assert member["vehicles"][0]["vinRegistered"] is None
    else:
        assert_hidden(member, owner)
    assert member["isViewer"] is False
    assert await AuditLog.all().count() == 0


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("visibility", ["PUBLIC", "MEMBERS", "CIRCLES"])
async def test_self_sees_everything_with_plates(
    gql: Any, catalog: None, path: str, visibility: str
) -> None:
    # given
    owner = await owner_with_vehicle("owner", visibility, catalog, show_garage=False)
    # when
    member = await read_member(gql, path, owner, owner.token)
    # then
    assert_visible(member, plate="京A12345")
    assert member["isViewer"] is True
    assert member["vehicles"][0]["vinRegistered"] is False
    assert await AuditLog.all().count() == 0


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("role", ["admin", "moderator"])
async def test_staff_read_of_hidden_profile_is_audited(
    gql: Any, catalog: None, path: str, role: str
) -> None:
    # given
    owner = await owner_with_vehicle("owner", "CIRCLES", catalog)
    staff = await make_member("staff", roles=[role])
    # when
    member = await read_member(
        gql, path, owner, staff.token, headers={"x-request-id": "req-staff-read-1"}
    )
    # then
    assert_visible(member, plate=None)
    rows = await AuditLog.all().values()
    assert len(rows) == 1
    assert rows[0]["action"] == "member.private_read"
    assert rows[0]["actor_id"] == staff.member.id
    assert rows[0]["subject_member_id"] == owner.member.id
    assert rows[0]["request_id"] == "req-staff-read-1"
    assert rows[0]["detail"] == {"sections": ["badges", "garage", "profile"]}


async def test_staff_read_of_visible_profile_is_not_audited(gql: Any, catalog: None) -> None:
    # given
    owner = await owner_with_vehicle("owner", "MEMBERS", catalog)
    staff = await make_member("staff", roles=["admin"])
    # when
    member = await read_member(gql, "handle", owner, staff.token)
    # then
    assert_visible(member, plate=None)
    assert await AuditLog.all().count() == 0


async def test_staff_read_of_only_names_writes_no_audit_row(gql: Any) -> None:
    # given
    await make_member("owner", visibility="CIRCLES")
    staff = await make_member("staff", roles=["moderator"])
    # when
    data = await gql.data(
        'query { member(handle: "owner") { handle displayName profileVisible } }',
        token=staff.token,
    )
    # then
    assert data["member"] == {"handle": "owner", "displayName": "Owner", "profileVisible": True}
    assert await AuditLog.all().count() == 0


async def test_dealer_and_issuer_are_not_privacy_staff(gql: Any, catalog: None) -> None:
    # given
    owner = await owner_with_vehicle("owner", "CIRCLES", catalog)
    dealer = await make_member("dealer", roles=["dealer", "issuer"])
    # when
    member = await read_member(gql, "node", owner, dealer.token)
    # then
    assert_hidden(member, owner)
    assert await AuditLog.all().count() == 0


async def test_hidden_garage_is_hidden_from_members_who_see_the_profile(
    gql: Any, catalog: None
) -> None:
    # given
    owner = await owner_with_vehicle("owner", "PUBLIC", catalog, show_garage=False)
    reader = await make_member("reader")
    staff = await make_member("staff", roles=["admin"])
    # when
    as_member = await read_member(gql, "handle", owner, reader.token)
    as_staff = await read_member(gql, "handle", owner, staff.token)
    # then
    assert as_member["profileVisible"] is True
    assert as_member["city"] == "北京"
    assert as_member["vehicles"] is None
    assert [v["plate"] for v in as_staff["vehicles"]] == [None]
    rows = await AuditLog.all().values("subject_member_id", "detail")
    assert rows == [{"subject_member_id": owner.member.id, "detail": {"sections": ["garage"]}}]


async def test_hidden_badges_are_flagged(gql: Any) -> None:
    # given
    owner = await make_member("owner", visibility="PUBLIC", show_badges=False)
    # when
    member = await read_member(gql, "handle", owner, None)
    # then
    assert member["profileVisible"] is True
    assert member["badgesVisible"] is False


async def test_circles_profile_is_visible_to_co_members(
    gql: Any, catalog: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a circles domain that says reader and owner share a circle
    owner = await owner_with_vehicle("owner", "CIRCLES", catalog)
    reader = await make_member("reader")
    stranger = await make_member("stranger")
    calls: list[tuple[int, list[int]]] = []

    async def shares_a_circle(reader_id: int, member_ids: Any) -> set[int]:
        calls.append((reader_id, list(member_ids)))
        return {owner.member.id} if reader_id == reader.member.id else set()

    monkeypatch.setattr(privacy, "co_member_checker", shares_a_circle)
    # when
    as_co_member = await read_member(gql, "nodes", owner, reader.token)
    as_stranger = await read_member(gql, "nodes", owner, stranger.token)
    # then
    assert_visible(as_co_member, plate=None)
    assert_hidden(as_stranger, owner)
    assert calls == [(reader.member.id, [owner.member.id]), (stranger.member.id, [owner.member.id])]


async def test_unknown_or_deleted_handle_is_null(gql: Any) -> None:
    # given
    await make_member("gone", deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
    # when
    data = await gql.data(
        'query { a: member(handle: "nobody") { id } b: member(handle: "gone") { id } }'
    )
    # then
    assert data == {"a": None, "b": None}


async def test_garbage_node_id_is_null(gql: Any) -> None:
    # when
    data = await gql.data(BY_NODE, {"id": global_id("Member", "abc")})
    # then
    assert data["node"] is None
