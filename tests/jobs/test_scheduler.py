"""The scheduler: each period of a scheduled job runs once, however many schedulers tick."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jobs.broker import RUN_SCHEDULED, enqueue
from jobs.registry import JOBS, Job, Schedule
from jobs.scheduler import Scheduler
from models.outbox import JobRun, ScheduledRun
from services.jobs.runs import claim_period
from tests.jobs.conftest import eventually

NOW = datetime(2026, 11, 23, 2, 0, 30, tzinfo=UTC)


@pytest.fixture
def minutely(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Job, list[int]]]:
    """A job scheduled every minute that counts its runs."""
    calls: list[int] = []

    async def tally() -> dict[str, Any]:
        calls.append(1)
        return {"runs": len(calls)}

    job = Job("test.minutely", "Counts its runs.", tally, Schedule(every=timedelta(minutes=1)))
    monkeypatch.setitem(JOBS, job.name, job)
    yield job, calls


async def _runs(count: int) -> bool:
    return await JobRun.filter(task="test.minutely").count() == count


async def test_two_schedulers_run_a_period_once(worker: Any, minutely: Any) -> None:
    # given
    job, calls = minutely
    first, second = Scheduler([job]), Scheduler([job])
    # when
    enqueued = await asyncio.gather(first.tick(NOW), second.tick(NOW))
    await eventually(lambda: _runs(1))
    # then
    period = str(int(NOW.timestamp()) // 60 * 60)
    assert sorted(enqueued[0] + enqueued[1]) == [("test.minutely", period)]
    # when: both tick again in the same minute, then in the next one
    again = await asyncio.gather(first.tick(NOW), second.tick(NOW + timedelta(seconds=20)))
    following = await asyncio.gather(
        first.tick(NOW + timedelta(minutes=1)), second.tick(NOW + timedelta(minutes=1))
    )
    await eventually(lambda: _runs(2))
    await asyncio.sleep(0.3)
    # then
    assert again == [[], []]
    assert len(following[0] + following[1]) == 1
    assert len(calls) == 2
    assert await ScheduledRun.filter(task="test.minutely", finished_at__isnull=False).count() == 2


async def test_duplicate_run_message_runs_the_job_once(worker: Any, minutely: Any) -> None:
    # given: a claimed period whose message the broker carries twice
    job, calls = minutely
    assert await claim_period(job.name, "p1")
    # when
    await enqueue(RUN_SCHEDULED, job.name, "p1")
    await enqueue(RUN_SCHEDULED, job.name, "p1")
    await eventually(lambda: _runs(1))
    await asyncio.sleep(0.3)
    # then
    assert len(calls) == 1


async def test_daily_job_waits_for_its_local_time(minutely: Any) -> None:
    # given: 03:30 in Asia/Shanghai is 19:30 UTC the day before
    daily = Schedule(at=datetime.strptime("03:30", "%H:%M").time())
    # then
    assert daily.period(datetime(2026, 11, 22, 19, 29, tzinfo=UTC), "Asia/Shanghai") is None
    assert daily.period(datetime(2026, 11, 22, 19, 30, tzinfo=UTC), "Asia/Shanghai") == (
        "2026-11-23"
    )


async def test_claim_whose_message_was_lost_is_enqueued_again_once(
    worker: Any, minutely: Any
) -> None:
    # given: a period claimed 11 minutes ago whose message never reached Redis
    job, calls = minutely
    assert await claim_period(job.name, "lost")
    now = datetime.now(UTC)
    await ScheduledRun.filter(period="lost").update(claimed_at=now - timedelta(minutes=11))
    # when
    recovered = await asyncio.gather(Scheduler([job]).recover(now), Scheduler([job]).recover(now))
    await eventually(lambda: _runs(1))
    # then
    assert sorted(recovered[0] + recovered[1]) == [("test.minutely", "lost")]
    assert len(calls) == 1
    assert await Scheduler([job]).recover(now + timedelta(minutes=1)) == []
