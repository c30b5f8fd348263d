"""createCircle and updateCircle."""

from __future__ import annotations

from models.circles import Circle, CircleTag, Membership
from models.outbox import OutboxEvent
from tests.circles.support import CIRCLE_FIELDS, CREATE_CIRCLE, ERRORS, codes, create_circle, pk
from tests.factories import make_member

UPDATE_CIRCLE = f"""
mutation Update($input: UpdateCircleInput!) {{
  updateCircle(input: $input) {{ circle {{ {CIRCLE_FIELDS} }} {ERRORS} }}
}}"""
VIEWER_CIRCLES = """
query { viewer { circles(first: 10) { edges { node { role status circle { slug } } } } } }
"""


async def test_any_member_founds_a_circle_and_owns_it(gql):
    # given
    owner = await make_member("founder")
    # when
    circle = await create_circle(
        gql,
        owner,
        name="阿拉善沙漠穿越",
        slug="alxa-desert",
        tags=["Desert", "沙漠", "desert"],
        joinPolicy="APPROVAL",
    )
    # then
    assert circle["slug"] == "alxa-desert"
    assert circle["tags"] == ["desert", "沙漠"]
    assert circle["memberCount"] == 1
    assert circle["certified"] is False and circle["certification"] == "NONE"
    data = await gql.data(VIEWER_CIRCLES, token=owner.token)
    edges = data["viewer"]["circles"]["edges"]
    assert [(e["node"]["role"], e["node"]["circle"]["slug"]) for e in edges] == [
        ("OWNER", "alxa-desert")
    ]
    assert await CircleTag.filter(circle_id=pk(circle["id"])).count() == 2
    assert await OutboxEvent.filter(topic="circle.created").count() == 1


async def test_slug_is_generated_for_chinese_names(gql):
    owner = await make_member("founder")
    circle = await create_circle(gql, owner, name="亲子露营")
    assert circle["slug"].startswith("circle-")


async def test_taken_slug_and_bad_fields_change_nothing(gql):
    # given
    owner = await make_member("founder")
    await create_circle(gql, owner, slug="beijing-offroad")
    cases = [
        ({"slug": "beijing-offroad"}, "SLUG_TAKEN"),
        ({"slug": "Bad Slug!"}, "INVALID_INPUT"),
        ({"name": "x"}, "INVALID_INPUT"),
        ({"tags": [f"t{n}" for n in range(11)]}, "INVALID_INPUT"),
        ({"coverUrl": "http://insecure.example/x.png"}, "INVALID_INPUT"),
        ({"kind": "OFFICIAL"}, "FORBIDDEN"),
    ]
    for fields, code in cases:
        values = {"name": "北京越野圈", "kind": "INTEREST", **fields}
        # when
        data = await gql.data(CREATE_CIRCLE, {"input": values}, token=owner.token)
        # then
        assert codes(data["createCircle"]) == [code], fields
        assert data["createCircle"]["circle"] is None
    assert await Circle.all().count() == 1
    assert await Membership.all().count() == 1


async def test_staff_found_official_circles_already_certified(gql):
    staff = await make_member("staffer", roles=["admin"])
    circle = await create_circle(gql, staff, name="官方越野俱乐部", kind="OFFICIAL")
    assert circle["certified"] is True and circle["certification"] == "CERTIFIED"


async def test_creating_needs_a_signed_in_member(gql):
    values = {"name": "北京越野圈", "kind": "INTEREST"}
    body = await gql(CREATE_CIRCLE, {"input": values})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await Circle.all().count() == 0


async def test_owner_updates_the_circle_and_others_cannot(gql):
    # given
    owner = await make_member("founder")
    other = await make_member("other")
    circle = await create_circle(gql, owner, slug="beijing-offroad")
    changes = {"circleId": circle["id"], "name": "Beijing Off-road", "tags": ["4wd"]}
    # when
    refused = await gql.data(UPDATE_CIRCLE, {"input": changes}, token=other.token)
    changed = await gql.data(UPDATE_CIRCLE, {"input": changes}, token=owner.token)
    # then
    assert codes(refused["updateCircle"]) == ["FORBIDDEN"]
    updated = changed["updateCircle"]["circle"]
    assert updated["name"] == "Beijing Off-road" and updated["tags"] == ["4wd"]
    assert updated["city"] == "北京"  # omitted fields stay
    stored = await Circle.get(id=pk(circle["id"]))
    assert stored.search_text.startswith("beijing off-road")
