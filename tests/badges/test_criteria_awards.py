"""Each criterion type awards the members who meet it and nobody else, and the preview of a
criterion counts exactly the members a sweep then awards."""

from __future__ import annotations

from datetime import UTC, datetime

from models.badges import Badge
from models.circles import ContentStatus
from models.rankings import LeaderboardSnapshot
from models.routes import Terrain
from services.badges import catalog, engine
from tests.badges.support import holders
from tests.factories import (
    complete_event,
    contribute,
    fund,
    make_admin,
    make_badge,
    make_circle,
    make_members,
    make_post,
    make_route,
    make_route_proposal,
)


async def sweep_and_preview(badge: Badge) -> list[tuple[str, int]]:
    """Preview the badge's criterion, sweep it, check the preview matched, return holders."""
    admin = await make_admin()
    preview = await catalog.preview_badge(actor=admin, criterion=badge.criterion)
    await engine.run_sweep(badge_keys=[badge.key])
    awarded = await holders(badge)
    # the sample is in member id order, which is handle order here (numbered as created)
    assert preview.count == len({handle for handle, _ in awarded})
    assert preview.sample == sorted({handle for handle, _ in awarded})
    return awarded


async def test_events_completed_with_difficulty_and_terrain() -> None:
    # given members with two hard desert completions, easy ones, one only, mountain ones
    hard = await make_route(difficulty=4, terrain=Terrain.DESERT)
    easy = await make_route(difficulty=2, terrain=Terrain.DESERT)
    mountain = await make_route(difficulty=5, terrain=Terrain.MOUNTAIN)
    a, b, c, d = await make_members(4, "ev")
    for member, route, times in ((a, hard, 2), (b, easy, 2), (c, hard, 1), (d, mountain, 2)):
        for _ in range(times):
            await complete_event(member, route, record=False)
    badge = await make_badge(
        "desert-veteran",
        {"type": "events_completed", "count": 2, "min_difficulty": 4, "terrain": "DESERT"},
    )
    # when / then only the member with two hard desert completions
    assert await sweep_and_preview(badge) == [("ev0", 1)]


async def test_repeatable_badge_counts_occurrences_and_reruns_add_none() -> None:
    # given a member with five completions and a repeatable badge per two completions
    route = await make_route()
    (rider,) = await make_members(1, "rep")
    for _ in range(5):
        await complete_event(rider, route, record=False)
    badge = await make_badge("every-two", {"type": "events_completed", "count": 2}, repeatable=True)
    # when swept twice
    assert await sweep_and_preview(badge) == [("rep0", 1), ("rep0", 2)]
    again = await engine.run_sweep(badge_keys=["every-two"])
    # then the second run adds nothing; a sixth completion adds the third occurrence
    assert again["awarded"] == 0
    await complete_event(rider, route, record=False)
    assert (await engine.run_sweep(badge_keys=["every-two"]))["awarded"] == 1
    assert await holders(badge) == [("rep0", 1), ("rep0", 2), ("rep0", 3)]


async def test_route_completed_only_that_route() -> None:
    target, other = await make_route(), await make_route()
    a, b = await make_members(2, "rt")
    await complete_event(a, target, record=False)
    await complete_event(b, other, record=False)
    badge = await make_badge("target", {"type": "route_completed", "route_id": target.id})
    assert await sweep_and_preview(badge) == [("rt0", 1)]


async def test_points_earned_sums_earn_entries() -> None:
    a, b = await make_members(2, "pt")
    await fund(a.id, 200)
    await fund(a.id, 200)
    await fund(b.id, 250)
    badge = await make_badge("points-300", {"type": "points_earned", "at_least": 300})
    assert await sweep_and_preview(badge) == [("pt0", 1)]


async def test_contribution_score_threshold() -> None:
    a, b = await make_members(2, "ct")
    await contribute(a.id, 500)
    await contribute(b.id, 499)
    badge = await make_badge("star", {"type": "contribution", "at_least": 500})
    assert await sweep_and_preview(badge) == [("ct0", 1)]


async def test_posts_count_visible_posts_only() -> None:
    circle = await make_circle()
    a, b = await make_members(2, "po")
    for author, status in ((a, ContentStatus.VISIBLE), (a, ContentStatus.VISIBLE),
                           (b, ContentStatus.VISIBLE), (b, ContentStatus.HIDDEN)):  # fmt: skip
        await make_post(circle, author, status=status)
    badge = await make_badge("writer", {"type": "posts", "at_least": 2})
    assert await sweep_and_preview(badge) == [("po0", 1)]


async def test_accepted_routes_need_a_route_from_the_proposal() -> None:
    circle = await make_circle()
    a, b = await make_members(2, "ar")
    accepted = await make_route_proposal(circle=circle, author=a)
    await make_route_proposal(circle=circle, author=b)  # still open, no route
    await make_route(source_proposal_id=accepted.id)
    badge = await make_badge("pathfinder", {"type": "accepted_routes", "at_least": 1})
    assert await sweep_and_preview(badge) == [("ar0", 1)]


def utc(year: int, month: int, day: int, hour: int = 4) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


async def test_consecutive_months_in_the_platform_zone() -> None:
    # given: a) Jan, Feb, Mar; b) Jan, Feb, Apr; c) Jan, then Jan 31 20:00 UTC which is
    # Feb 1 in Asia/Shanghai, then Mar
    route = await make_route()
    a, b, c = await make_members(3, "cm")
    plan = {
        a: [utc(2026, 1, 15), utc(2026, 2, 15), utc(2026, 3, 15)],
        b: [utc(2026, 1, 15), utc(2026, 2, 15), utc(2026, 4, 15)],
        c: [utc(2026, 1, 10), utc(2026, 1, 31, 20), utc(2026, 3, 10)],
    }
    for member, dates in plan.items():
        for at in dates:
            await complete_event(member, route, at=at, record=False)
    badge = await make_badge("regular", {"type": "consecutive_months", "months": 3})
    assert await sweep_and_preview(badge) == [("cm0", 1), ("cm2", 1)]


async def test_season_rank_reads_final_season_results() -> None:
    # given final GLOBAL season ranks 2 (a) and 4 (b); c ranked 1 but not final; d ranked 1
    # on another metric; e ranked 1 on a month board
    a, b, c, d, e = await make_members(5, "sr")
    rows = [
        (a, 2, "POINTS_EARNED", "SEASON", True),
        (b, 4, "POINTS_EARNED", "SEASON", True),
        (c, 1, "POINTS_EARNED", "SEASON", False),
        (d, 1, "CONTRIBUTION", "SEASON", True),
        (e, 1, "POINTS_EARNED", "MONTH", True),
    ]
    for member, rank, metric, period, final in rows:
        await LeaderboardSnapshot.create(
            metric=metric, scope="GLOBAL", scope_id="", period=period, period_key="2026Q3",
            member_id=member.id, rank=rank, score=1000 - rank, final=final,
            taken_at=datetime.now(UTC),
        )  # fmt: skip
    badge = await make_badge("season-king", {"type": "season_rank", "max_rank": 3})
    # when the season closer runs the sweep for season_rank badges
    summary = await engine.run_sweep(criterion_types={"season_rank"})
    # then
    assert summary["by_badge"] == {"season-king": 1}
    assert await holders(badge) == [("sr0", 1)]
