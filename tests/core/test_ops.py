"""Operations: access log lines, Prometheus metrics, readiness, and the request rate limit."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from services import ratelimit
from tests.core.apps import running_app, settings_like
from tests.factories import make_member

TYPENAME = "query Probe { __typename }"
GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}


def json_lines(captured: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


async def post(http: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    return await http.post(
        "/graphql", json={"query": query}, headers={**GRAPHQL_RESPONSE, **headers}
    )


async def test_each_request_logs_one_line_with_its_story(
    http: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    # given
    signed_in = await make_member()
    capfd.readouterr()
    # when
    response = await post(http, TYPENAME, authorization=f"Bearer {signed_in.token}")
    # then
    request_id = response.headers["x-request-id"]
    lines = [
        line for line in json_lines(capfd.readouterr().err) if line.get("request_id") == request_id
    ]
    assert len(lines) == 1
    line = lines[0]
    assert line["event"] == "http.request"
    assert line["level"] == "info"
    assert line["operation"] == "Probe"
    assert line["viewer"] == signed_in.member.id
    assert line["status"] == 200
    assert line["method"] == "POST" and line["path"] == "/graphql"
    assert line["cost"] == 1
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "timestamp" in line


async def test_concurrent_requests_keep_their_own_ids_and_log_lines(
    http: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    # when: 20 requests at once, each with its own id and operation name
    answers = await asyncio.gather(
        *(
            post(http, f"query Probe{n} {{ __typename }}", **{"x-request-id": f"concurrent-{n}"})
            for n in range(20)
        )
    )
    # then
    assert [a.headers["x-request-id"] for a in answers] == [f"concurrent-{n}" for n in range(20)]
    logged = {
        line["request_id"]: line["operation"]
        for line in json_lines(capfd.readouterr().err)
        if line.get("event") == "http.request"
    }
    for n in range(20):
        assert logged[f"concurrent-{n}"] == f"Probe{n}"


async def test_refused_requests_log_their_code(
    http: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    # when
    response = await post(http, "query Broken { nope }")
    # then
    request_id = response.headers["x-request-id"]
    (line,) = [
        line for line in json_lines(capfd.readouterr().err) if line.get("request_id") == request_id
    ]
    assert line["status"] == 400
    assert line["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert line["operation"] == "Broken"
    assert line["viewer"] is None


async def test_metrics_expose_latency_and_errors_by_operation(http: Any) -> None:
    # given
    await post(http, "query MetricsOk { __typename }")
    await post(http, "query MetricsOk { __typename }")
    await post(http, "query MetricsBroken { nope }")
    # when
    response = await http.get("/metrics")
    # then
    text = response.text
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'convoy_graphql_request_seconds_count{operation="MetricsOk"} 2.0' in text
    assert 'convoy_graphql_request_seconds_bucket{le="+Inf",operation="MetricsOk"} 2.0' in text
    assert 'convoy_graphql_errors_total{operation="MetricsOk"} 0.0' in text
    assert 'convoy_graphql_errors_total{operation="MetricsBroken"} 1.0' in text


async def test_readiness_fails_when_redis_is_unreachable(settings: Any) -> None:
    # given: an app whose Redis is a closed port (its lifespan must still start)
    broken = settings_like(settings, redis_url="redis://127.0.0.1:1/0")
    async with running_app(broken) as http:
        # when
        ready = await http.get("/readyz")
        health = await http.get("/healthz")
        query = await post(http, TYPENAME)
    # then
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["redis"].startswith("error")
    assert health.status_code == 200
    # the rate limit fails open: the API keeps answering without Redis
    assert query.status_code == 200
    assert query.json()["data"] == {"__typename": "Query"}


async def test_rate_limit_refuses_with_429_and_headers(settings: Any) -> None:
    # given: 3 requests per minute, and a minute that will not roll over mid-test
    await _not_near_a_window_edge()
    limited = settings_like(settings, rate_limit_per_minute=3)
    async with running_app(limited) as http:
        # when
        answers = [await post(http, TYPENAME) for _ in range(4)]
    # then
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = answers[3]
    assert refused.headers["ratelimit-limit"] == "3"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert int(refused.headers["ratelimit-reset"]) <= 60
    assert refused.headers["ratelimit-policy"] == "3;w=60"
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "data" not in refused.json()


async def test_rate_limit_holds_under_concurrent_requests(settings: Any) -> None:
    # given
    await _not_near_a_window_edge()
    limited = settings_like(settings, rate_limit_per_minute=5)
    async with running_app(limited) as http:
        # when: 20 requests at once
        answers = await asyncio.gather(*(post(http, TYPENAME) for _ in range(20)))
        await asyncio.sleep(0.1)
        counted = await ratelimit.peek("ip127.0.0.1", window=60)
    # then: exactly the limit got through, and refusals never reached Redis
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * 5 + [429] * 15
    assert counted == 5


async def test_rate_limit_is_shared_by_api_processes_through_redis(settings: Any) -> None:
    # given: two apps (two API processes) with a limit of 3 per minute
    await _not_near_a_window_edge()
    limited = settings_like(settings, rate_limit_per_minute=3)
    async with running_app(limited) as first, running_app(limited) as second:
        # when: the first process takes the whole allowance, then the second is asked
        first_answers = [(await post(first, TYPENAME)).status_code for _ in range(3)]
        second_answer = await post(second, TYPENAME)
        await asyncio.sleep(0.1)  # let batched hits reach Redis
        counted = await ratelimit.peek("ip127.0.0.1", window=60)
    # then
    assert first_answers == [200, 200, 200]
    assert second_answer.status_code == 429
    assert counted == 4


async def test_signed_in_viewers_have_their_own_allowance(settings: Any) -> None:
    # given
    await _not_near_a_window_edge()
    member = await make_member()
    limited = settings_like(settings, rate_limit_per_minute=2)
    async with running_app(limited) as http:
        # when: the anonymous allowance from this address is used up
        anonymous = [(await post(http, TYPENAME)).status_code for _ in range(3)]
        signed_in = await post(http, TYPENAME, authorization=f"Bearer {member.token}")
    # then
    assert anonymous == [200, 200, 429]
    assert signed_in.status_code == 200


async def _not_near_a_window_edge() -> None:
    """Fixed one-minute windows: start well inside one so a test's requests share it."""
    into_window = time.time() % 60
    if into_window > 55:
        await asyncio.sleep(60 - into_window + 0.1)
