"""``circles`` (filters, orders, keyset pages, constant SQL) and ``suggestedCircles``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.circles import Circle
from tests.circles.support import create_circle, join, members_in
from tests.factories import make_circle, make_member, make_vehicle
from tests.sqlcount import count_sql

CIRCLES = """
query Circles($filter: CircleFilterInput, $orderBy: CircleOrder, $first: Int, $after: String) {
  circles(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { node { slug name memberCount founder { handle } viewerMembership { role } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
SUGGESTED = "query { suggestedCircles { slug } }"


async def _slugs(gql, token=None, **variables):
    data = await gql.data(CIRCLES, variables, token=token)
    return [e["node"]["slug"] for e in data["circles"]["edges"]], data["circles"]["pageInfo"]


async def _world(gql):
    owner = await make_member("owner")
    staff = await make_member("staff", roles=["admin"])
    specs = [
        ("beijing-offroad", "北京越野圈", "CITY", "北京", ["越野", "4wd"]),
        ("alxa-desert", "阿拉善沙漠穿越", "INTEREST", "阿拉善", ["沙漠", "desert"]),
        ("sichuan-tibet", "川藏自驾", "INTEREST", "成都", ["自驾"]),
        ("family-camping", "亲子露营 Family Camping", "FAMILY", "北京", ["露营"]),
        ("doctors", "医生车友会", "PROFESSION", None, ["医生"]),
    ]
    circles = {}
    for slug, name, kind, city, tags in specs:
        circles[slug] = await create_circle(
            gql, owner, slug=slug, name=name, kind=kind, city=city, tags=tags
        )
    await members_in(gql, circles["alxa-desert"]["id"], 3, "sand")
    await members_in(gql, circles["family-camping"]["id"], 1, "kid")
    await Circle.filter(slug="doctors").update(certified=True, certification="CERTIFIED")
    return owner, staff, circles


async def test_filters_by_kind_city_tag_text_and_certification(gql):
    await _world(gql)
    assert (await _slugs(gql, filter={"kind": "FAMILY"}))[0] == ["family-camping"]
    assert sorted((await _slugs(gql, filter={"city": "北京"}))[0]) == [
        "beijing-offroad",
        "family-camping",
    ]
    assert (await _slugs(gql, filter={"tag": "Desert"}))[0] == ["alxa-desert"]
    assert (await _slugs(gql, filter={"text": "沙漠"}))[0] == ["alxa-desert"]
    assert (await _slugs(gql, filter={"text": "越野"}))[0] == ["beijing-offroad"]
    assert (await _slugs(gql, filter={"text": "family CAMP"}))[0] == ["family-camping"]
    assert (await _slugs(gql, filter={"text": "tibet"}))[0] == ["sichuan-tibet"]
    assert (await _slugs(gql, filter={"text": "100%_"}))[0] == []
    assert (await _slugs(gql, filter={"certified": True}))[0] == ["doctors"]
    both = await _slugs(gql, filter={"city": "北京", "kind": "CITY"})
    assert both[0] == ["beijing-offroad"]


async def test_orders_and_keyset_pages(gql):
    # given
    await _world(gql)
    await Circle.filter(slug="sichuan-tibet").update(
        last_activity_at=datetime.now(UTC) + timedelta(hours=1)
    )
    # when / then: MEMBERS (ties broken by newest)
    first, info = await _slugs(gql, orderBy="MEMBERS", first=2)
    assert first == ["alxa-desert", "family-camping"]
    rest, info2 = await _slugs(gql, orderBy="MEMBERS", first=10, after=info["endCursor"])
    assert rest == ["doctors", "sichuan-tibet", "beijing-offroad"]
    assert info["hasNextPage"] and not info2["hasNextPage"]
    activity, _ = await _slugs(gql, orderBy="ACTIVITY", first=1)
    assert activity == ["sichuan-tibet"]
    newest, _ = await _slugs(gql, orderBy="NEWEST", first=2)
    assert newest == ["doctors", "family-camping"]


async def test_circle_list_statements_do_not_grow_with_page_size(gql):
    owner, _, _ = await _world(gql)
    for _ in range(110):
        await make_circle(kind="INTEREST", founder=owner.member)
    async with count_sql() as small:
        page_small, _ = await _slugs(gql, token=owner.token, first=10)
    async with count_sql() as large:
        page_large, _ = await _slugs(gql, token=owner.token, first=100)
    assert (len(page_small), len(page_large)) == (10, 100)
    assert small.count == large.count, large.statements


async def test_suggestions_follow_city_vehicle_and_fellow_members(gql):
    # given
    owner, _, circles = await _world(gql)
    reader = await make_member("reader", city="成都")
    await make_vehicle(reader, "4WD")
    fellow = await make_member("fellow")
    await join(gql, reader, circles["doctors"]["id"])
    await join(gql, fellow, circles["doctors"]["id"])
    await join(gql, fellow, circles["family-camping"]["id"])
    # when
    data = await gql.data(SUGGESTED, token=reader.token)
    slugs = [c["slug"] for c in data["suggestedCircles"]]
    # then: city (成都) first, then the 4wd tag, then where a fellow member is
    assert slugs[:3] == ["sichuan-tibet", "beijing-offroad", "family-camping"]
    assert "doctors" not in slugs
    assert len(slugs) <= 10


async def test_a_newcomer_gets_the_liveliest_circles(gql):
    await _world(gql)
    newcomer = await make_member("newcomer", city=None)
    data = await gql.data(SUGGESTED, token=newcomer.token)
    assert [c["slug"] for c in data["suggestedCircles"]][:2] == ["alxa-desert", "family-camping"]
    anonymous = await gql.data(SUGGESTED)
    assert anonymous["suggestedCircles"] == []
