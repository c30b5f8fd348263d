"""createRoute (staff) and the ``routes`` catalog query."""

from __future__ import annotations

from models.routes import Route
from tests.circles.support import ERRORS, codes
from tests.factories import make_member

CREATE_ROUTE = f"""
mutation Route($input: CreateRouteInput!) {{
  createRoute(input: $input) {{ route {{ id name nameEn difficulty requiredDrivetrain }} {ERRORS} }}
}}"""
ROUTES = """
query Routes($filter: RouteFilterInput, $first: Int, $after: String) {
  routes(filter: $filter, first: $first, after: $after) {
    edges { node { name } } pageInfo { hasNextPage endCursor }
  }
}"""
BASE = {"region": "内蒙古", "terrain": "DESERT", "difficulty": 3, "distanceKm": 80}


async def _create(gql, member, **fields):
    values = {"name": "库布其沙漠穿越", **BASE, **fields}
    return (await gql.data(CREATE_ROUTE, {"input": values}, token=member.token))["createRoute"]


async def test_staff_add_routes_and_members_cannot(gql):
    staff = await make_member("staff", roles=["moderator"])
    rider = await make_member("rider")
    created = await _create(gql, staff, nameEn="Kubuqi Crossing")
    assert created["route"]["nameEn"] == "Kubuqi Crossing"
    assert codes(await _create(gql, rider)) == ["FORBIDDEN"]
    assert codes(await _create(gql, staff, difficulty=0)) == ["INVALID_INPUT"]
    assert codes(await _create(gql, staff, distanceKm=-1)) == ["INVALID_INPUT"]
    assert await Route.all().count() == 1


async def test_catalog_filters_and_pages(gql):
    # given
    staff = await make_member("staff", roles=["admin"])
    await _create(gql, staff, name="乌兰布统草原", terrain="FOREST", difficulty=1)
    await _create(gql, staff, name="阿拉善腾格里", difficulty=4, requiredDrivetrain="FOUR_WD")
    await _create(gql, staff, name="川藏南线", terrain="MOUNTAIN", difficulty=3,
                  requiredDrivetrain="AWD", region="四川")  # fmt: skip

    async def names(**filter_):
        data = await gql.data(ROUTES, {"filter": filter_, "first": 10})
        return [e["node"]["name"] for e in data["routes"]["edges"]]

    # then
    assert await names() == ["川藏南线", "阿拉善腾格里", "乌兰布统草原"]
    assert await names(terrain="DESERT") == ["阿拉善腾格里"]
    assert await names(minDifficulty=3) == ["川藏南线", "阿拉善腾格里"]
    assert await names(drivetrain="AWD") == ["川藏南线", "乌兰布统草原"]
    assert await names(drivetrain="TWO_WD") == ["乌兰布统草原"]
    assert await names(text="四川") == ["川藏南线"]
    page = await gql.data(ROUTES, {"first": 2})
    assert page["routes"]["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(ROUTES, {"first": 2, "after": page["routes"]["pageInfo"]["endCursor"]})
    assert [e["node"]["name"] for e in rest["routes"]["edges"]] == ["乌兰布统草原"]
