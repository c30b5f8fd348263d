"""Entries reach the served boards between rebuilds, each exactly once: a rerun of the applier,
a redelivered completion or a rebuild in between never counts one twice."""

from __future__ import annotations

import runtime
from models.rankings import Metric, Period, Scope
from services.rankings.incremental import apply_completion, apply_new_entries
from services.rankings.keys import cursor_key
from services.rankings.rebuild import rebuild_all
from tests.factories import complete_event, make_circle, make_member
from tests.rankings.support import NOW, completion_payload, contribute, earn_points, scores


async def test_new_points_are_applied_once_however_often_the_applier_runs() -> None:
    # given: built boards, then alice earns again and bob for the first time
    alice = (await make_member("alice", city="北京")).member
    bob = (await make_member("bob", city="北京")).member
    circle = await make_circle(alice, bob)
    await earn_points(alice, 100)
    await rebuild_all(now=NOW)
    await earn_points(alice, 50)
    await earn_points(bob, 120)
    # when: the applier runs twice
    first = await apply_new_entries(Metric.POINTS_EARNED)
    second = await apply_new_entries(Metric.POINTS_EARNED)
    # then: every board of every period counts each entry once
    assert first["entries"] == 2 and second["entries"] == 0
    expected = [(alice.id, 150, 1), (bob.id, 120, 2)]
    for period in Period:
        assert await scores(Metric.POINTS_EARNED, Scope.GLOBAL, "", period) == expected
    assert await scores(Metric.POINTS_EARNED, Scope.CITY, "北京", Period.WEEK) == expected
    assert await scores(Metric.POINTS_EARNED, Scope.CIRCLE, str(circle.id), Period.MONTH) == (
        expected
    )


async def test_a_rerun_from_an_old_cursor_does_not_double() -> None:
    # given: contribution applied, then the cursor is put back as if the run had crashed
    # before saving it
    alice = (await make_member("alice")).member
    await contribute(alice, 5)
    await rebuild_all(now=NOW)
    cursor = await runtime.redis().get(cursor_key(Metric.CONTRIBUTION))
    await contribute(alice, 7)
    await apply_new_entries(Metric.CONTRIBUTION)
    await runtime.redis().set(cursor_key(Metric.CONTRIBUTION), cursor)
    # when
    rerun = await apply_new_entries(Metric.CONTRIBUTION)
    # then: the entry was read again but the boards' watermarks refused it
    assert rerun["entries"] == 1 and rerun["increments"] == 0
    assert await scores(Metric.CONTRIBUTION, Scope.GLOBAL, "", Period.WEEK) == [(alice.id, 12, 1)]


async def test_entries_applied_before_a_rebuild_are_not_counted_again_after_it() -> None:
    # given: an entry applied incrementally
    alice = (await make_member("alice")).member
    await earn_points(alice, 10)
    await rebuild_all(now=NOW)
    await earn_points(alice, 20)
    await apply_new_entries(Metric.POINTS_EARNED)
    # when: a rebuild (which includes it) and the applier again
    await rebuild_all(now=NOW)
    await earn_points(alice, 5)
    await apply_new_entries(Metric.POINTS_EARNED)
    await apply_new_entries(Metric.POINTS_EARNED)
    # then
    assert await scores(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.ALL_TIME) == [
        (alice.id, 35, 1)
    ]


async def test_a_completion_delivered_twice_counts_once() -> None:
    # given: built boards, then a completion after the rebuild
    alice = (await make_member("alice", city="上海")).member
    bob = (await make_member("bob", city="上海")).member
    await complete_event(bob, at=NOW.replace(hour=1), record=False)
    await rebuild_all(now=NOW.replace(hour=2))
    registration = await complete_event(alice, at=NOW.replace(hour=3), record=False)
    payload = completion_payload(registration)
    # when: the consumer gets the same event twice
    first = await apply_completion(payload)
    second = await apply_completion(payload)
    # then
    assert first > 0 and second == 0
    assert await scores(Metric.EVENTS_COMPLETED, Scope.CITY, "上海", Period.WEEK) == [
        (alice.id, 1, 1), (bob.id, 1, 1),
    ]  # fmt: skip


async def test_a_completion_the_rebuild_already_counted_is_not_added() -> None:
    # given: a completion before the rebuild, delivered after it
    alice = (await make_member("alice")).member
    registration = await complete_event(alice, at=NOW.replace(hour=1), record=False)
    await rebuild_all(now=NOW.replace(hour=2))
    # when
    applied = await apply_completion(completion_payload(registration))
    # then
    assert applied == 0
    assert await scores(Metric.EVENTS_COMPLETED, Scope.GLOBAL, "", Period.WEEK) == [
        (alice.id, 1, 1)
    ]
