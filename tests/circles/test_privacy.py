"""A CIRCLES-visibility profile is visible to co-members only (through ``member(handle:)``)."""

from __future__ import annotations

from tests.circles.support import LEAVE, create_circle, join
from tests.factories import make_member

MEMBER = """
query Member($handle: String!) { member(handle: $handle) { handle profileVisible city bio } }
"""


async def _profile(gql, reader, handle):
    data = await gql.data(MEMBER, {"handle": handle}, token=reader.token if reader else None)
    return data["member"]


async def test_circles_profiles_are_for_co_members(gql):
    # given
    private = await make_member("private", visibility="CIRCLES", bio="沙漠")
    fellow = await make_member("fellow")
    stranger = await make_member("stranger")
    pending = await make_member("pending")
    circle = await create_circle(gql, private)
    await join(gql, fellow, circle["id"])
    closed = await create_circle(gql, private, slug="closed", joinPolicy="APPROVAL")
    await join(gql, pending, closed["id"])
    # when / then
    seen = await _profile(gql, fellow, "private")
    assert seen["profileVisible"] is True and seen["bio"] == "沙漠"
    for reader in (stranger, pending, None):
        hidden = await _profile(gql, reader, "private")
        assert hidden["profileVisible"] is False and hidden["bio"] is None
        assert hidden["handle"] == "private"
    # and leaving the circle hides it again
    await gql.data(LEAVE, {"input": {"circleId": circle["id"]}}, token=fellow.token)
    assert (await _profile(gql, fellow, "private"))["profileVisible"] is False
