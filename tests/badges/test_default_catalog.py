"""The default badge catalog loads once, refers to its route by name, and is awarded."""

from __future__ import annotations

from fixtures.badges import DEFAULT_BADGES, load_default_badges
from models.badges import Badge, BadgeVersion
from models.outbox import OutboxEvent
from tests.badges.support import deliver_and_run, holders
from tests.factories import complete_event, make_member, make_route


async def test_default_catalog_loads_once_and_awards() -> None:
    # given the Kubuqi route and a member who crossed it
    kubuqi = await make_route(name="库布其沙漠穿越")
    rider = await make_member("crosser")
    await complete_event(rider, kubuqi, record=False)
    # when the catalog is loaded twice, the outbox delivered and the badge job run
    first = await load_default_badges()
    second = await load_default_badges()
    await deliver_and_run()
    # then every default badge exists once, enabled, at version 1, and the rider holds the
    # rookie and the desert badges
    assert first == f"{len(DEFAULT_BADGES)} badges added"
    assert second == "0 badges added"
    assert await Badge.filter(enabled=True, version=1).count() == len(DEFAULT_BADGES)
    assert await BadgeVersion.all().count() == len(DEFAULT_BADGES)
    assert await OutboxEvent.filter(topic="badge.enabled").count() == len(DEFAULT_BADGES)
    desert = await Badge.get(key="desert-conqueror")
    assert desert.criterion == {"type": "route_completed", "route_id": kubuqi.id}
    assert await holders(desert) == [("crosser", 1)]
    assert await holders(await Badge.get(key="offroad-rookie")) == [("crosser", 1)]
    assert await holders(await Badge.get(key="old-hand")) == []


async def test_route_badge_is_skipped_without_its_route() -> None:
    summary = await load_default_badges()
    assert summary.endswith("skipped desert-conqueror (route not in the catalog)")
    assert not await Badge.filter(key="desert-conqueror").exists()
