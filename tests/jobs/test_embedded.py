"""Embedded mode: the API process runs a worker, the dispatcher and the scheduler itself."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from jobs.registry import JOBS, Job, Schedule
from models.outbox import JobRun
from runtime.config import Settings
from services import outbox
from tests.conftest import make_settings
from tests.jobs.conftest import COUNTED_TOPIC, eventually


async def test_api_process_applies_events_and_schedules_jobs(
    settings: Settings, counted: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    async def heartbeat() -> dict[str, Any]:
        return {}

    every_minute = Schedule(every=timedelta(minutes=1))
    monkeypatch.setitem(JOBS, "test.heartbeat", Job("test.heartbeat", "-", heartbeat, every_minute))
    saved = runtime.current()
    embedded = make_settings(settings.database_url, settings.redis_url or "", embedded_workers=True)
    try:
        async with LifespanManager(create_app(embedded, manage_orm=False)):
            # when
            await outbox.record(COUNTED_TOPIC, {"n": 42})
            # then
            await eventually(lambda: counted[42] == 1)
            await eventually(lambda: JobRun.filter(task="test.heartbeat").exists())
    finally:
        runtime.configure(saved.settings, saved.redis)
    assert counted == {42: 1}
