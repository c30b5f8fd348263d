"""Shared documents and steps of the circles tests (everything goes through GraphQL)."""

from __future__ import annotations

from typing import Any

from strawberry.relay import from_base64, to_base64

from models.circles import Circle, Membership, MembershipStatus
from tests.factories import SignedIn, make_member

ERRORS = "errors { code field message }"
CIRCLE_FIELDS = """
    id slug name kind city tags description coverUrl joinPolicy certified certification
    memberCount postCount
"""
MEMBERSHIP_FIELDS = "id role status joinedAt circle { id memberCount } member { handle }"
POST_FIELDS = """
    id kind title body bodyHtml images status pinned commentCount createdAt
    reactions { like helpful cheer } viewerReactions author { handle } circle { slug }
"""

CREATE_CIRCLE = f"""
mutation Create($input: CreateCircleInput!) {{
  createCircle(input: $input) {{ circle {{ {CIRCLE_FIELDS} }} {ERRORS} }}
}}"""
JOIN = f"""
mutation Join($input: CircleInput!) {{
  joinCircle(input: $input) {{ membership {{ {MEMBERSHIP_FIELDS} }} {ERRORS} }}
}}"""
LEAVE = f"""
mutation Leave($input: CircleInput!) {{
  leaveCircle(input: $input) {{ membership {{ {MEMBERSHIP_FIELDS} }} {ERRORS} }}
}}"""
CREATE_POST = f"""
mutation Post($input: CreatePostInput!) {{
  createPost(input: $input) {{ post {{ {POST_FIELDS} }} {ERRORS} }}
}}"""
CIRCLE_BY_SLUG = f"""
query Circle($slug: String!) {{ circle(slug: $slug) {{ {CIRCLE_FIELDS} }} }}"""
PROPOSE = f"""
mutation Propose($input: ProposeRouteInput!) {{
  proposeRoute(input: $input) {{
    proposal {{ id name status upVotes downVotes score post {{ id kind title }} }} {ERRORS}
  }}
}}"""


def gid(type_name: str, pk: int) -> str:
    return to_base64(type_name, pk)


def pk(global_id: str) -> int:
    return int(from_base64(global_id)[1])


async def create_circle(gql: Any, owner: SignedIn, **fields: Any) -> dict[str, Any]:
    """A circle founded by ``owner`` (defaults: an OPEN interest circle in 北京)."""
    values: dict[str, Any] = {"name": "北京越野圈", "kind": "INTEREST", "city": "北京"}
    values.update(fields)
    data = await gql.data(CREATE_CIRCLE, {"input": values}, token=owner.token)
    payload = data["createCircle"]
    assert payload["errors"] == [], payload
    return payload["circle"]


async def join(gql: Any, member: SignedIn, circle_id: str) -> dict[str, Any]:
    data = await gql.data(JOIN, {"input": {"circleId": circle_id}}, token=member.token)
    return data["joinCircle"]


async def members_in(gql: Any, circle_id: str, count: int, prefix: str) -> list[SignedIn]:
    """``count`` new members who joined the (OPEN) circle."""
    joined = []
    for n in range(count):
        member = await make_member(f"{prefix}{n}")
        payload = await join(gql, member, circle_id)
        assert payload["errors"] == [], payload
        joined.append(member)
    return joined


async def post(gql: Any, author: SignedIn, circle_id: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"circleId": circle_id, "body": "今天去了**库布其**。"}
    values.update(fields)
    data = await gql.data(CREATE_POST, {"input": values}, token=author.token)
    return data["createPost"]


async def propose(gql: Any, author: SignedIn, circle_id: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "circleId": circle_id,
        "name": "库布其沙漠穿越",
        "region": "内蒙古鄂尔多斯",
        "terrain": "DESERT",
        "difficulty": 4,
        "distanceKm": 120.5,
        "requiredDrivetrain": "FOUR_WD",
        "description": "从七星湖出发，向东穿越。",
    }
    values.update(fields)
    data = await gql.data(PROPOSE, {"input": values}, token=author.token)
    return data["proposeRoute"]


async def active_count(circle_pk: int) -> int:
    return await Membership.filter(circle_id=circle_pk, status=MembershipStatus.ACTIVE).count()


async def stored_count(circle_pk: int) -> int:
    return (await Circle.get(id=circle_pk)).member_count


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]
