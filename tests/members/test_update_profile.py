"""updateProfile and updatePrivacy: the viewer's own profile and settings."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from models.members import Member
from tests.factories import make_member

UPDATE_PROFILE = """
mutation Update($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    member { handle displayName avatarUrl city bio isViewer }
    errors { code field message }
  }
}
"""
UPDATE_PRIVACY = """
mutation Privacy($input: UpdatePrivacyInput!) {
  updatePrivacy(input: $input) {
    privacy { visibility showGarage showBadges }
    errors { code field message }
  }
}
"""
VIEWER = "query { viewer { email mobile locale privacy { visibility showGarage showBadges } } }"


async def snapshot(member_id: int) -> dict[str, Any]:
    return (await Member.filter(id=member_id).values())[0]


async def test_update_profile_changes_given_fields_only(gql: Any) -> None:
    # given
    me = await make_member("rider", bio="old bio")
    # when
    data = await gql.data(
        UPDATE_PROFILE,
        {
            "input": {
                "displayName": "  沙漠狐 Desert Fox ",
                "avatarUrl": "https://cdn.example.com/fox.png",
                "locale": "en",
            }
        },
        token=me.token,
    )
    # then
    payload = data["updateProfile"]
    assert payload["errors"] == []
    assert payload["member"] == {
        "handle": "rider",
        "displayName": "沙漠狐 Desert Fox",
        "avatarUrl": "https://cdn.example.com/fox.png",
        "city": "北京",
        "bio": "old bio",
        "isViewer": True,
    }
    assert (await snapshot(me.member.id))["locale"] == "en"


async def test_blank_city_bio_and_avatar_clear_them(gql: Any) -> None:
    # given
    me = await make_member("rider", bio="x", avatar_url="https://a.example/a.png")
    # when
    data = await gql.data(
        UPDATE_PROFILE, {"input": {"city": " ", "bio": None, "avatarUrl": None}}, token=me.token
    )
    # then
    member = data["updateProfile"]["member"]
    assert (member["city"], member["bio"], member["avatarUrl"]) == (None, "", None)


BAD_PROFILE_INPUTS = [
    ({"displayName": ""}, ["input", "displayName"], "This field cannot be empty."),
    ({"displayName": None}, ["input", "displayName"], "This field cannot be empty."),
    ({"displayName": "x" * 65}, ["input", "displayName"], "Too long (at most 64 characters)."),
    ({"displayName": "bad\x00name"}, ["input", "displayName"], "The input is not valid."),
    ({"avatarUrl": "http://a.example/a.png"}, ["input", "avatarUrl"], None),
    ({"avatarUrl": "javascript:alert(1)"}, ["input", "avatarUrl"], None),
    ({"avatarUrl": "https://"}, ["input", "avatarUrl"], None),
    ({"avatarUrl": "https://a.example/" + "a" * 500}, ["input", "avatarUrl"], None),
    ({"city": "城" * 65}, ["input", "city"], None),
    ({"bio": "b" * 501}, ["input", "bio"], None),
    ({"locale": "fr"}, ["input", "locale"], "The language must be zh-CN or en."),
    ({"locale": None}, ["input", "locale"], None),
    ({"displayName": "Fine", "locale": "de-DE"}, ["input", "locale"], None),
]


@pytest.mark.parametrize(("given", "field", "message"), BAD_PROFILE_INPUTS)
async def test_bad_profile_input_changes_nothing(
    gql: Any, given: dict[str, Any], field: list[str], message: str | None
) -> None:
    # given
    me = await make_member("rider", locale="en")
    before = await snapshot(me.member.id)
    # when
    data = await gql.data(UPDATE_PROFILE, {"input": given}, token=me.token)
    # then
    payload = data["updateProfile"]
    assert payload["member"] is None
    [error] = payload["errors"]
    assert error["code"] == "INVALID_INPUT"
    assert error["field"] == field
    if message is not None:
        assert error["message"] == message
    assert await snapshot(me.member.id) == before


async def test_error_messages_follow_the_viewer_locale(gql: Any) -> None:
    # given
    me = await make_member("rider", locale="zh-CN")
    # when
    data = await gql.data(UPDATE_PROFILE, {"input": {"locale": "fr"}}, token=me.token)
    # then
    assert data["updateProfile"]["errors"][0]["message"] == "语言只能是 zh-CN 或 en。"


async def test_signed_out_update_is_a_top_level_error(gql: Any) -> None:
    # when
    result = await gql(UPDATE_PROFILE, {"input": {"displayName": "x"}})
    # then
    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_update_privacy_and_read_it_back_on_viewer(gql: Any) -> None:
    # given
    me = await make_member("rider")
    # when
    data = await gql.data(
        UPDATE_PRIVACY, {"input": {"visibility": "CIRCLES", "showGarage": False}}, token=me.token
    )
    viewer = (await gql.data(VIEWER, token=me.token))["viewer"]
    # then
    expected = {"visibility": "CIRCLES", "showGarage": False, "showBadges": True}
    assert data["updatePrivacy"] == {"privacy": expected, "errors": []}
    assert viewer == {
        "email": "rider@example.test",
        "mobile": None,
        "locale": "zh-CN",
        "privacy": expected,
    }


@pytest.mark.parametrize("given", [{"visibility": None}, {"showGarage": None}])
async def test_null_privacy_setting_is_refused(gql: Any, given: dict[str, Any]) -> None:
    # given
    me = await make_member("rider")
    before = await snapshot(me.member.id)
    # when
    data = await gql.data(UPDATE_PRIVACY, {"input": given}, token=me.token)
    # then
    assert data["updatePrivacy"]["privacy"] is None
    assert data["updatePrivacy"]["errors"][0]["code"] == "INVALID_INPUT"
    assert await snapshot(me.member.id) == before


async def test_unknown_visibility_is_rejected_by_the_schema(gql: Any) -> None:
    # given
    me = await make_member("rider")
    # when
    result = await gql(UPDATE_PRIVACY, {"input": {"visibility": "FRIENDS"}}, token=me.token)
    # then
    assert "data" not in result or result["data"] is None
    assert result["errors"]
    assert (await snapshot(me.member.id))["visibility"] == "MEMBERS"


async def test_concurrent_updates_leave_one_consistent_profile(gql: Any) -> None:
    # given
    me = await make_member("rider")
    names = [f"Rider {n}" for n in range(8)]
    # when
    results = await asyncio.gather(
        *(
            gql.data(UPDATE_PROFILE, {"input": {"displayName": name}}, token=me.token)
            for name in names
        )
    )
    # then
    assert all(r["updateProfile"]["errors"] == [] for r in results)
    assert (await snapshot(me.member.id))["display_name"] in names
