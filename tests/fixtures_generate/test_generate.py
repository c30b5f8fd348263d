"""The benchmark data generator on a small size: counts, consistency, determinism, refusal."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest
from tortoise.contrib.test import truncate_all_models
from typer.testing import CliRunner

from api.cli import app as cli
from fixtures import generate as generator
from fixtures import generate_community as community_rows
from fixtures import generate_people as people
from fixtures.generate import GenerationRefused, GenerationSpec, generate
from models.accounts import Account
from models.circles import Circle, Membership
from models.events import Event, Registration
from models.loyalty import (
    ContributionScore,
    LedgerEntry,
    MemberTier,
    PointsAccount,
    Tier,
    TierChange,
)
from models.members import Member
from services.core.sql import Sql
from services.loyalty.consistency import check_ledger
from services.loyalty.seed import seed_defaults
from tests.factories import make_member

AS_OF = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
SMALL = GenerationSpec(
    members=200, circles=8, events=12, ledger_entries=2_500, routes=6, seed=7, as_of=AS_OF
)
HANDLE = re.compile(r"^[A-Za-z0-9_-]{3,32}$")


async def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every generated row of the main tables, in id order."""
    db = Sql()
    tables = ("members", "accounts", "ledger_entries", "circle_memberships", "circles",
              "events", "event_registrations", "contribution_entries")  # fmt: skip
    snapshot = {}
    for table in tables:
        rows = await db.rows(f"SELECT * FROM {table} ORDER BY id")
        snapshot[table] = [tuple(str(value) for value in row.values()) for row in rows]
    return snapshot


async def test_row_counts_match_the_arguments(database_url):
    # when
    summary = await generate(database_url, SMALL)

    # then
    assert await Member.all().count() == summary.rows["members"] == 200
    assert await Account.all().count() == 200
    assert await PointsAccount.all().count() == 200
    assert await LedgerEntry.all().count() == summary.rows["ledger_entries"] == 2_500
    assert await Circle.all().count() == 8
    assert await Event.all().count() == 12
    assert await Registration.all().count() == summary.rows["event_registrations"] > 0
    db = Sql()
    per_member = await db.rows(
        "SELECT member_id, count(*) AS n FROM circle_memberships WHERE status = 'ACTIVE' "
        "GROUP BY member_id"
    )
    assert len(per_member) == 200
    assert {int(row["n"]) for row in per_member} <= {1, 2, 3, 4, 5}


async def test_circles_and_events_hold_exact_counters(database_url):
    # when
    await generate(database_url, SMALL)

    # then every circle has one owner, its founder, and counts its ACTIVE members
    for circle in await Circle.all():
        members = await Membership.filter(circle_id=circle.id, status="ACTIVE").count()
        owners = await Membership.filter(circle_id=circle.id, role="OWNER").values_list(
            "member_id", flat=True
        )
        assert circle.member_count == members
        assert list(owners) == [circle.founder_id]
    # and events count their seats and never exceed capacity
    seated = ("CONFIRMED", "OFFERED", "CHECKED_IN", "COMPLETED")
    for event in await Event.all():
        taken = await Registration.filter(event_id=event.id, status__in=seated).count()
        assert event.seats_taken == taken <= event.capacity
        assert event.starts_at < event.ends_at
    completed = await Registration.filter(status="COMPLETED")
    assert completed and all(r.completed_at is not None for r in completed)
    assert await Registration.filter(status="COMPLETED", completed_at__isnull=True).count() == 0


async def test_ledger_passes_the_consistency_check(database_url):
    # when
    await generate(database_url, SMALL)

    # then
    report = await check_ledger()
    assert report["accounts"] == 200
    assert report["mismatches"] == dict.fromkeys(report["mismatches"], 0)
    # and the check had something to prove: redemptions consumed parts of lots
    assert await LedgerEntry.filter(kind="REDEEM").count() > 0
    db = Sql()
    partly_spent = await db.scalar(
        "SELECT count(*) FROM ledger_entries WHERE kind = 'EARN' AND remaining < amount"
    )
    assert partly_spent > 0
    assert await ContributionScore.all().count() > 0
    assert all(entry.created_at <= AS_OF for entry in await LedgerEntry.all().limit(500))


async def test_tiers_follow_the_points_earned(database_url):
    # given
    await seed_defaults()

    # when
    await generate(database_url, SMALL)

    # then each member holds the highest tier their earned points reach (none: STANDARD)
    tiers = sorted((t.threshold, t.key) for t in await Tier.all())
    states = {s.member_id: s.tier_key for s in await MemberTier.all()}
    for account in await PointsAccount.all():
        reached = [key for threshold, key in tiers if account.lifetime_earned >= threshold][-1]
        assert states.get(account.member_id, "STANDARD") == reached
    assert set(states.values()) - {"STANDARD"}, "some members must have climbed"
    # and the last recorded change of each of them ends in that tier
    for member_id, key in states.items():
        last = await TierChange.filter(member_id=member_id).order_by("-id").first()
        assert last is not None and last.to_key == key


async def test_handles_are_unique_and_valid(database_url):
    # when
    await generate(database_url, SMALL)

    # then
    handles = await Member.all().values_list("handle", "handle_key")
    assert len({key for _, key in handles}) == 200
    assert all(HANDLE.match(handle) and key == handle.lower() for handle, key in handles)
    cities = set(await Member.all().values_list("city", flat=True))
    assert len(cities) > 5 and "北京" in cities


async def test_same_seed_same_data_other_seed_other_data(database_url):
    # given
    await generate(database_url, SMALL)
    first = await _snapshot()
    await truncate_all_models()

    # when
    await generate(database_url, SMALL)
    again = await _snapshot()
    await truncate_all_models()
    await generate(database_url, GenerationSpec(**{**SMALL.__dict__, "seed": 8}))
    other = await _snapshot()

    # then
    assert again == first
    assert other["members"] != first["members"]
    assert other["ledger_entries"] != first["ledger_entries"]


async def test_batching_does_not_change_the_data(database_url, monkeypatch):
    # given small blocks, so that 200 members and 12 events span several blocks
    monkeypatch.setattr(people, "BLOCK", 30)
    monkeypatch.setattr(community_rows, "EVENT_BLOCK", 5)
    monkeypatch.setattr(generator, "BLOCKS_PER_BATCH", 100)
    monkeypatch.setattr(generator, "EVENT_BLOCKS_PER_BATCH", 100)
    await generate(database_url, SMALL)
    in_one_batch = await _snapshot()
    await truncate_all_models()

    # when the blocks are written two at a time (the next batch built while one is written)
    monkeypatch.setattr(generator, "BLOCKS_PER_BATCH", 2)
    monkeypatch.setattr(generator, "EVENT_BLOCKS_PER_BATCH", 2)
    summary = await generate(database_url, SMALL)

    # then
    assert await _snapshot() == in_one_batch
    assert summary.rows["ledger_entries"] == 2_500


async def test_a_database_with_data_is_refused(database_url):
    # given
    await make_member("rider")

    # when
    with pytest.raises(GenerationRefused, match="already holds data"):
        await generate(database_url, SMALL)

    # then nothing was written
    assert await Member.all().count() == 1
    assert await LedgerEntry.all().count() == 0
    assert await Circle.all().count() == 0


async def test_a_second_run_is_refused_and_changes_nothing(database_url):
    # given
    await generate(database_url, SMALL)

    # when
    with pytest.raises(GenerationRefused):
        await generate(database_url, SMALL)

    # then
    assert await Member.all().count() == 200
    assert await LedgerEntry.all().count() == 2_500


async def test_bad_arguments_are_refused(database_url):
    with pytest.raises(ValueError, match="circles"):
        await generate(database_url, GenerationSpec(**{**SMALL.__dict__, "circles": 201}))
    assert await Member.all().count() == 0


async def test_command_line_generates_and_refuses(database_url):
    # given
    runner = CliRunner()
    arguments = ["generate-data", "--members", "50", "--circles", "3", "--events", "2",
                 "--ledger-entries", "300", "--database-url", database_url]  # fmt: skip

    # when (the command runs its own event loop, so in a thread)
    first = await asyncio.to_thread(runner.invoke, cli, arguments)
    second = await asyncio.to_thread(runner.invoke, cli, arguments)

    # then
    assert first.exit_code == 0, first.output
    assert "ledger_entries 300" in first.output
    assert second.exit_code == 2
    assert "already holds data" in second.output
    assert await Member.all().count() == 50


def test_help_says_what_the_command_does():
    result = CliRunner().invoke(cli, ["generate-data", "--help"])
    assert result.exit_code == 0
    assert "benchmark data set" in result.output
    assert "--ledger-entries" in result.output
