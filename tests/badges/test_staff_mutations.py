"""Staff badge mutations over GraphQL: validation of every bad criterion, staff only,
versioning, retroactive awards when a badge is switched on, preview and queued sweeps."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

import pytest
from strawberry.relay import to_base64

import services.badges
from models.badges import Badge, BadgeVersion, MemberBadge
from models.outbox import OutboxEvent
from tests.badges.support import ERRORS, deliver_and_run, deliver_outbox, holders
from tests.factories import complete_event, make_admin, make_badge, make_member, make_route

BADGE = "id key nameZh nameEn tier group repeatable enabled criterion version holderCount rarity"
CREATE = f"""mutation C($input: CreateBadgeInput!) {{
  createBadge(input: $input) {{ badge {{ {BADGE} }} {ERRORS} }} }}"""
UPDATE = f"""mutation U($input: UpdateBadgeInput!) {{
  updateBadge(input: $input) {{ badge {{ {BADGE} }} {ERRORS} }} }}"""
ENABLE = f"""mutation E($input: SetBadgeEnabledInput!) {{
  setBadgeEnabled(input: $input) {{ badge {{ {BADGE} }} {ERRORS} }} }}"""
PREVIEW = f"""mutation P($input: PreviewBadgeInput!) {{
  previewBadge(input: $input) {{ count sample {ERRORS} }} }}"""
SWEEP = f"""mutation S($input: RunBadgeSweepInput!) {{
  runBadgeSweep(input: $input) {{ queued {ERRORS} }} }}"""


def new_badge(criterion: Any, **overrides: Any) -> dict[str, Any]:
    values = {"key": "newbie", "nameZh": "越野新人", "nameEn": "Off-road rookie",
              "group": "EVENTS", "criterion": criterion}  # fmt: skip
    values.update(overrides)
    return values


async def create(gql: Any, token: str, **values: Any) -> dict[str, Any]:
    return (await gql.data(CREATE, {"input": values}, token=token))["createBadge"]


@pytest.mark.parametrize(
    ("criterion", "code", "field"),
    [
        ({"type": "moon_landing", "count": 1}, "UNKNOWN_CRITERION", "type"),
        ({"type": "events_completed", "count": -3}, "INVALID_THRESHOLD", "count"),
        ({"type": "events_completed", "count": 0}, "INVALID_THRESHOLD", "count"),
        ({"type": "points_earned", "at_least": 2.5}, "INVALID_THRESHOLD", "at_least"),
        ({"type": "events_completed", "count": 1, "terrain": "LAVA"}, "UNKNOWN_TERRAIN", "terrain"),
        ({"type": "events_completed", "count": 1, "min_difficulty": 6}, "INVALID_THRESHOLD",
         "min_difficulty"),
        ({"type": "route_completed", "route_id": 987654321}, "UNKNOWN_ROUTE", "route_id"),
        ({"type": "route_completed", "route_id": "not-an-id"}, "UNKNOWN_ROUTE", "route_id"),
        ({"type": "route_completed", "route_id": "²"}, "UNKNOWN_ROUTE", "route_id"),
        ({"type": "route_completed", "route_id": str(2**63)}, "INVALID_THRESHOLD", "route_id"),
        ({"type": "route_completed", "route_id": to_base64("Badge", 1)}, "UNKNOWN_ROUTE",
         "route_id"),
        ({"type": "route_completed"}, "CRITERION_INVALID", "route_id"),
        ({"type": "posts", "at_least": 3, "extra": 1}, "CRITERION_INVALID", "extra"),
        ({"type": "season_rank", "max_rank": 3, "metric": "KARMA"}, "CRITERION_INVALID", "metric"),
        ({"type": "consecutive_months", "months": 0}, "INVALID_THRESHOLD", "months"),
        (["events_completed"], "CRITERION_INVALID", None),
    ],
)  # fmt: skip
async def test_bad_criteria_are_refused_naming_the_field(
    gql: Any, criterion: Any, code: str, field: str | None
) -> None:
    # given an admin
    admin = await make_admin()
    # when they save a badge with a bad criterion, or preview it
    created = await create(gql, admin.token, **new_badge(criterion))
    preview = await gql.data(PREVIEW, {"input": {"criterion": criterion}}, token=admin.token)
    # then both are refused with the code and the field, and nothing is saved
    expected_field = ["input", "criterion"] + ([field] if field else [])
    for payload in (created, preview["previewBadge"]):
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, expected_field)]
        assert payload["errors"][0]["message"]
    assert created["badge"] is None
    assert await Badge.all().count() == 0


async def test_taken_key_is_refused(gql: Any) -> None:
    admin = await make_admin()
    await create(gql, admin.token, **new_badge({"type": "posts", "at_least": 1}))
    again = await create(gql, admin.token, **new_badge({"type": "posts", "at_least": 2}))
    assert [e["code"] for e in again["errors"]] == ["BADGE_KEY_TAKEN"]
    assert await Badge.all().count() == 1


async def test_a_route_is_named_by_its_global_id_and_stored_as_its_id(gql: Any) -> None:
    # given a rider who completed an event on a route, and an admin
    route = await make_route()
    rider = await make_member("by-node")
    await complete_event(rider, route, record=False)
    admin = await make_admin()
    criterion = {"type": "route_completed", "route_id": to_base64("Route", route.id)}
    # when the admin previews, then creates a badge naming the route by its global ID
    preview = (await gql.data(PREVIEW, {"input": {"criterion": criterion}},
                              token=admin.token))["previewBadge"]  # fmt: skip
    created = await create(gql, admin.token, **new_badge(criterion))
    # then the preview counts the rider and the saved criterion holds the route's id
    assert preview == {"count": 1, "sample": ["by-node"], "errors": []}
    assert created["errors"] == []
    badge = await Badge.get(key="newbie")
    assert badge.criterion == {"type": "route_completed", "route_id": route.id}


def test_badge_services_know_nothing_of_the_api() -> None:
    # given every module of the badge services
    root = Path(services.badges.__file__).parent
    for module in sorted(root.glob("*.py")):
        # when its imports are read
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
        }
        # then none of them is the GraphQL or HTTP layer
        assert not imported & {"strawberry", "starlette", "api", "schema"}, module.name


async def test_members_cannot_use_staff_mutations(gql: Any) -> None:
    # given an ordinary member and an existing badge
    member = await make_member("plain")
    route = await make_route()
    badge = await make_badge("kept", {"type": "route_completed", "route_id": route.id},
                             enabled=False)  # fmt: skip
    badge_id = to_base64("Badge", badge.id)
    calls = [
        (CREATE, "createBadge", {"input": new_badge({"type": "posts", "at_least": 1})}),
        (UPDATE, "updateBadge", {"input": {"id": badge_id, "nameEn": "Mine"}}),
        (ENABLE, "setBadgeEnabled", {"input": {"id": badge_id, "enabled": True}}),
        (PREVIEW, "previewBadge", {"input": {"criterion": {"type": "posts", "at_least": 1}}}),
        (SWEEP, "runBadgeSweep", {"input": {}}),
    ]
    for document, name, variables in calls:
        # when
        payload = (await gql.data(document, variables, token=member.token))[name]
        # then
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"], name
    await badge.refresh_from_db()
    assert (badge.enabled, badge.name_en, badge.version) == (False, "Badge kept", 1)
    assert await Badge.all().count() == 1
    assert await OutboxEvent.filter(topic__startswith="badge.").count() == 0


async def test_creating_an_enabled_badge_awards_retroactively(gql: Any) -> None:
    # given a member who completed an event before the badge existed
    route = await make_route()
    rider = await make_member("early")
    await complete_event(rider, route, record=False)
    admin = await make_admin()
    # when an enabled badge is created, the outbox delivered and the badge job run
    created = await create(
        gql, admin.token, **new_badge({"type": "events_completed", "count": 1}, enabled=True)
    )
    assert created["errors"] == []
    await deliver_and_run()
    # then the member holds it and rarity counts them (1 of 2 members)
    badge = await Badge.get(key="newbie")
    assert await holders(badge) == [("early", 1)]
    assert (badge.holder_count, badge.holder_pct) == (1, 50.0)


async def test_enabling_later_awards_retroactively_and_versions_are_kept(gql: Any) -> None:
    # given a disabled badge and a member who meets it
    route = await make_route()
    rider = await make_member("later")
    await complete_event(rider, route, record=False)
    admin = await make_admin()
    created = await create(gql, admin.token, **new_badge({"type": "route_completed",
                                                          "route_id": route.id}))  # fmt: skip
    badge_id = created["badge"]["id"]
    await deliver_outbox()
    assert await MemberBadge.all().count() == 0
    # when an admin renames it, then switches it on
    renamed = (await gql.data(UPDATE, {"input": {"id": badge_id, "nameEn": "Dune master",
                                                 "expectedVersion": 1}},
                              token=admin.token))["updateBadge"]  # fmt: skip
    enabled = (await gql.data(ENABLE, {"input": {"id": badge_id, "enabled": True}},
                              token=admin.token))["setBadgeEnabled"]  # fmt: skip
    await deliver_and_run()
    # then each edit is a version, the old definitions are kept, and the award is made
    assert renamed["badge"]["version"] == 2 and renamed["badge"]["nameEn"] == "Dune master"
    assert enabled["badge"]["version"] == 3 and enabled["badge"]["enabled"] is True
    badge = await Badge.get(key="newbie")
    versions = await BadgeVersion.filter(badge_id=badge.id).order_by("version")
    assert [(v.version, v.definition["name_en"], v.definition["enabled"]) for v in versions] == [
        (1, "Off-road rookie", False), (2, "Dune master", False), (3, "Dune master", True),
    ]  # fmt: skip
    assert await holders(badge) == [("later", 1)]
    assert (await MemberBadge.get(badge_id=badge.id)).source_ref == "v3"


async def test_a_stale_edit_is_a_conflict(gql: Any) -> None:
    admin = await make_admin()
    created = await create(gql, admin.token, **new_badge({"type": "posts", "at_least": 1}))
    badge_id = created["badge"]["id"]
    await gql.data(UPDATE, {"input": {"id": badge_id, "nameEn": "A", "expectedVersion": 1}},
                   token=admin.token)  # fmt: skip
    stale = (await gql.data(UPDATE, {"input": {"id": badge_id, "nameEn": "B",
                                               "expectedVersion": 1}},
                            token=admin.token))["updateBadge"]  # fmt: skip
    assert [e["code"] for e in stale["errors"]] == ["CONFLICT"]
    assert (await Badge.get(key="newbie")).name_en == "A"


async def test_preview_then_queued_sweep_award_the_same_members(gql: Any) -> None:
    # given two riders who completed an event, a third who did not, and a badge saved enabled
    # but whose retroactive run has not happened yet
    route = await make_route()
    riders = [await make_member(f"pv{n}") for n in range(2)]
    await make_member("pv-idle")
    for rider in riders:
        await complete_event(rider, route, record=False)
    admin = await make_admin()
    criterion = {"type": "route_completed", "route_id": str(route.id)}
    # when an admin previews it, creates it and queues a sweep
    preview = (await gql.data(PREVIEW, {"input": {"criterion": criterion}},
                              token=admin.token))["previewBadge"]  # fmt: skip
    await create(gql, admin.token, **new_badge(criterion))
    await Badge.filter(key="newbie").update(enabled=True)
    queued = (await gql.data(SWEEP, {"input": {"badgeKeys": ["newbie"]}},
                             token=admin.token))["runBadgeSweep"]  # fmt: skip
    assert await MemberBadge.all().count() == 0
    await deliver_and_run()
    # then the preview named exactly who the sweep awarded
    assert preview == {"count": 2, "sample": ["pv0", "pv1"], "errors": []}
    assert queued == {"queued": True, "errors": []}
    assert await holders(await Badge.get(key="newbie")) == [("pv0", 1), ("pv1", 1)]


async def test_sweep_of_an_unknown_badge_is_not_found(gql: Any) -> None:
    admin = await make_admin()
    payload = (await gql.data(SWEEP, {"input": {"badgeKeys": ["nope"]}},
                              token=admin.token))["runBadgeSweep"]  # fmt: skip
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("NOT_FOUND", ["input", "badgeKeys"])
    ]


HISTORY = """query History($key: String!) { badge(key: $key) {
  version history { version definition editedBy } } }"""


async def test_history_is_for_staff(gql: Any) -> None:
    # given a badge saved twice by an admin
    admin = await make_admin()
    created = await create(gql, admin.token, **new_badge({"type": "posts", "at_least": 1},
                                                         enabled=True))  # fmt: skip
    await gql.data(UPDATE, {"input": {"id": created["badge"]["id"], "nameZh": "新人"}},
                   token=admin.token)  # fmt: skip
    member = await make_member("curious")
    # when the admin and a member read its history
    staff_view = (await gql.data(HISTORY, {"key": "newbie"}, token=admin.token))["badge"]
    member_view = await gql(HISTORY, {"key": "newbie"}, token=member.token)
    # then staff see both versions newest first, the member gets FORBIDDEN
    assert [(v["version"], v["definition"]["name_zh"]) for v in staff_view["history"]] == [
        (2, "新人"), (1, "越野新人"),
    ]  # fmt: skip
    assert staff_view["history"][0]["editedBy"] == to_base64("Member", admin.member.id)
    assert member_view["data"]["badge"] is None
    assert member_view["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_concurrent_creates_with_one_key_make_one_badge(gql: Any) -> None:
    admin = await make_admin()
    results = await asyncio.gather(
        *(create(gql, admin.token, **new_badge({"type": "posts", "at_least": n + 1}))
          for n in range(4))
    )  # fmt: skip
    codes = sorted(e["code"] for r in results for e in r["errors"])
    assert codes == ["BADGE_KEY_TAKEN"] * 3
    assert await Badge.all().count() == 1
    assert await BadgeVersion.all().count() == 1


async def test_concurrent_edits_of_one_version_save_once(gql: Any) -> None:
    admin = await make_admin()
    created = await create(gql, admin.token, **new_badge({"type": "posts", "at_least": 1}))
    badge_id = created["badge"]["id"]
    results = await asyncio.gather(
        *(gql.data(UPDATE, {"input": {"id": badge_id, "nameEn": f"Edit {n}",
                                      "expectedVersion": 1}}, token=admin.token)
          for n in range(3))
    )  # fmt: skip
    payloads = [r["updateBadge"] for r in results]
    saved = [p["badge"]["nameEn"] for p in payloads if not p["errors"]]
    assert len(saved) == 1
    assert sorted(e["code"] for p in payloads for e in p["errors"]) == ["CONFLICT"] * 2
    badge = await Badge.get(key="newbie")
    assert (badge.version, badge.name_en) == (2, saved[0])
    assert await BadgeVersion.filter(badge_id=badge.id).count() == 2
