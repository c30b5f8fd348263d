"""GraphQL-over-HTTP behaviour: media types, status codes, GET rules."""

from __future__ import annotations

from typing import Any

VIEWER = "query Viewer { viewer { member { handle } } }"


async def test_graphql_response_json_is_used_when_accepted(http: Any) -> None:
    # when
    response = await http.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"accept": "application/graphql-response+json"},
    )
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert response.json()["data"] == {"viewer": None}
    assert response.json()["extensions"]["cost"]["requested"] == 3


async def test_parse_error_is_400_for_graphql_response_json(http: Any) -> None:
    response = await http.post(
        "/graphql",
        json={"query": "{ viewer {"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_parse_error_is_200_for_legacy_json(http: Any) -> None:
    response = await http.post(
        "/graphql", json={"query": "{ viewer {"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_get_allows_queries_only(http: Any) -> None:
    ok = await http.get("/graphql", params={"query": VIEWER})
    assert ok.status_code == 200
    assert ok.json()["data"] == {"viewer": None}
    refused = await http.get("/graphql", params={"query": "mutation { x }"})
    assert refused.status_code in (400, 405, 200)


async def test_unsupported_content_type_is_415(http: Any) -> None:
    response = await http.post("/graphql", content=VIEWER, headers={"content-type": "text/plain"})
    assert response.status_code == 415


async def test_unacceptable_accept_is_406(http: Any) -> None:
    response = await http.post("/graphql", json={"query": VIEWER}, headers={"accept": "text/csv"})
    assert response.status_code == 406


async def test_health_and_readiness(http: Any) -> None:
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
