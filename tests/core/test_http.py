"""GraphQL-over-HTTP behaviour: media types, status codes, GET rules, bad requests, tokens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from services.accounts.tokens import AccessClaims, issue_access_token
from tests.factories import make_member

VIEWER = "query Viewer { viewer { member { handle } } }"
TYPENAME = "{ __typename }"
UNKNOWN_FIELD = "{ noSuchField }"
NEEDS_HANDLE = "query Member($handle: String!) { member(handle: $handle) { handle } }"
SUBSCRIPTION = "subscription Live { ping }"
MUTATION = "mutation M { __typename }"
TWO_OPERATIONS = "query A { __typename } query B { __typename }"

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}
LEGACY_JSON = {"accept": "application/json"}


def code_of(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


async def post(http: Any, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return await http.post("/graphql", json=body, headers=headers or GRAPHQL_RESPONSE)


# -- media types -----------------------------------------------------------------------------


async def test_graphql_response_json_is_used_when_accepted(http: Any) -> None:
    # when
    response = await post(http, {"query": VIEWER})
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert response.json()["data"] == {"viewer": None}
    assert response.json()["extensions"]["cost"] == {"requested": 3, "limit": 5000}


async def test_graphql_response_json_wins_a_tie_with_json(http: Any) -> None:
    accept = {"accept": "application/json, application/graphql-response+json"}
    response = await post(http, {"query": TYPENAME}, accept)
    assert response.headers["content-type"].startswith("application/graphql-response+json")


async def test_json_is_used_when_preferred_or_without_accept(http: Any) -> None:
    # when
    preferred = await post(
        http,
        {"query": TYPENAME},
        {"accept": "application/graphql-response+json;q=0.5, application/json"},
    )
    no_accept = await http.post(
        "/graphql",
        content=json.dumps({"query": TYPENAME}),
        headers={"content-type": "application/json"},
    )
    # then
    assert preferred.headers["content-type"] == "application/json; charset=utf-8"
    assert no_accept.headers["content-type"] == "application/json; charset=utf-8"
    assert no_accept.json()["data"] == {"__typename": "Query"}


async def test_unacceptable_accept_is_406(http: Any) -> None:
    response = await post(http, {"query": VIEWER}, {"accept": "text/csv"})
    assert response.status_code == 406


async def test_unsupported_content_type_is_415(http: Any) -> None:
    response = await http.post(
        "/graphql", content=VIEWER, headers={**GRAPHQL_RESPONSE, "content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert code_of(response) == "UNSUPPORTED_MEDIA_TYPE"


async def test_json_content_type_with_charset_is_accepted(http: Any) -> None:
    response = await http.post(
        "/graphql",
        content=json.dumps({"query": TYPENAME}),
        headers={**GRAPHQL_RESPONSE, "content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}


# -- request errors: 400 with graphql-response+json, 200 with legacy json --------------------


async def test_parse_error_is_400_for_graphql_response_json(http: Any) -> None:
    response = await post(http, {"query": "{ viewer {"})
    assert response.status_code == 400
    assert "data" not in response.json()
    assert code_of(response) == "GRAPHQL_PARSE_FAILED"
    assert response.json()["errors"][0]["locations"] == [{"line": 1, "column": 11}]


async def test_parse_error_is_200_for_legacy_json(http: Any) -> None:
    response = await post(http, {"query": "{ viewer {"}, LEGACY_JSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert code_of(response) == "GRAPHQL_PARSE_FAILED"


async def test_validation_error_is_400_or_200_by_media_type(http: Any) -> None:
    # when
    strict = await post(http, {"query": UNKNOWN_FIELD})
    legacy = await post(http, {"query": UNKNOWN_FIELD}, LEGACY_JSON)
    # then
    assert strict.status_code == 400
    assert legacy.status_code == 200
    for response in (strict, legacy):
        assert "data" not in response.json()
        assert code_of(response) == "GRAPHQL_VALIDATION_FAILED"
        assert "noSuchField" in response.json()["errors"][0]["message"]


async def test_variables_that_do_not_fit_are_a_request_error(http: Any) -> None:
    # when: a required variable is missing, then given the wrong type
    missing = await post(http, {"query": NEEDS_HANDLE})
    wrong = await post(http, {"query": NEEDS_HANDLE, "variables": {"handle": 42}}, LEGACY_JSON)
    # then: execution never started, so there is no data
    assert missing.status_code == 400
    assert "data" not in missing.json()
    assert code_of(missing) == "BAD_USER_INPUT"
    assert wrong.status_code == 200
    assert code_of(wrong) == "BAD_USER_INPUT"


async def test_operation_selection_errors(http: Any) -> None:
    # when
    unnamed = await post(http, {"query": TWO_OPERATIONS})
    unknown = await post(http, {"query": TWO_OPERATIONS, "operationName": "C"})
    chosen = await post(http, {"query": TWO_OPERATIONS, "operationName": "B"})
    # then
    assert (unnamed.status_code, code_of(unnamed)) == (400, "OPERATION_NAME_REQUIRED")
    assert (unknown.status_code, code_of(unknown)) == (400, "UNKNOWN_OPERATION")
    assert chosen.status_code == 200
    assert chosen.json()["data"] == {"__typename": "Query"}


async def test_subscriptions_are_refused_over_http(http: Any) -> None:
    response = await post(http, {"query": SUBSCRIPTION})
    assert response.status_code == 400
    assert code_of(response) in {"SUBSCRIPTION_OVER_HTTP", "GRAPHQL_VALIDATION_FAILED"}


async def test_malformed_requests_are_400_for_every_media_type(http: Any) -> None:
    bodies: list[Any] = [
        [{"query": TYPENAME}],
        {"query": 7},
        {"query": "   "},
        {},
        {"query": TYPENAME, "variables": [1]},
        {"query": TYPENAME, "extensions": "x"},
        {"query": TYPENAME, "operationName": 3},
    ]
    for headers in (GRAPHQL_RESPONSE, LEGACY_JSON):
        for body in bodies:
            # when
            response = await post(http, body, headers)
            # then
            assert response.status_code == 400, body
            assert code_of(response) == "BAD_REQUEST"
        for content in (b"{nope", b"\xff\xfe{}", b'{"query": ' + b"[" * 100_000 + b"]" * 100_000):
            not_json = await http.post(
                "/graphql", content=content, headers={**headers, "content-type": "application/json"}
            )
            assert not_json.status_code == 400, content[:20]
            assert code_of(not_json) == "BAD_REQUEST"


# -- GET ---------------------------------------------------------------------------------------


async def test_get_runs_queries(http: Any) -> None:
    # when
    response = await http.get(
        "/graphql",
        params={"query": NEEDS_HANDLE, "variables": json.dumps({"handle": "nobody"})},
        headers=GRAPHQL_RESPONSE,
    )
    # then
    assert response.status_code == 200
    assert response.json()["data"] == {"member": None}


async def test_get_refuses_mutations_with_405_and_allow(http: Any) -> None:
    for headers in (GRAPHQL_RESPONSE, LEGACY_JSON):
        response = await http.get("/graphql", params={"query": MUTATION}, headers=headers)
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert code_of(response) == "METHOD_NOT_ALLOWED"
        assert "data" not in response.json()


async def test_get_with_bad_variables_or_without_query_is_400(http: Any) -> None:
    bad = await http.get(
        "/graphql", params={"query": NEEDS_HANDLE, "variables": "{"}, headers=GRAPHQL_RESPONSE
    )
    empty = await http.get("/graphql", headers=GRAPHQL_RESPONSE)
    assert (bad.status_code, code_of(bad)) == (400, "BAD_REQUEST")
    assert (empty.status_code, code_of(empty)) == (400, "BAD_REQUEST")


async def test_other_methods_are_405(http: Any) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        response = await http.request(
            method, "/graphql", json={"query": TYPENAME}, headers=GRAPHQL_RESPONSE
        )
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, POST"
        assert code_of(response) == "METHOD_NOT_ALLOWED"


# -- body size ---------------------------------------------------------------------------------


async def test_oversize_body_is_413_by_content_length(http: Any, settings: Any) -> None:
    # given: a body one byte over the cap
    padding = settings.max_body_bytes
    body = json.dumps({"query": TYPENAME, "extensions": {"pad": "x" * padding}})
    # when
    response = await http.post(
        "/graphql", content=body, headers={**GRAPHQL_RESPONSE, "content-type": "application/json"}
    )
    # then
    assert response.status_code == 413
    assert code_of(response) == "PAYLOAD_TOO_LARGE"
    assert response.headers["content-type"].startswith("application/graphql-response+json")


async def test_oversize_streamed_body_is_413(http: Any, settings: Any) -> None:
    # given: a chunked body (no Content-Length) that grows past the cap
    chunk = b" " * 65536

    async def chunks() -> Any:
        yield b'{"query": "{ __typename }"'
        for _ in range(settings.max_body_bytes // len(chunk) + 2):
            yield chunk
        yield b"}"

    # when
    response = await http.post(
        "/graphql", content=chunks(), headers={**LEGACY_JSON, "content-type": "application/json"}
    )
    # then
    assert response.status_code == 413
    assert code_of(response) == "PAYLOAD_TOO_LARGE"


# -- bearer tokens -------------------------------------------------------------------------------


async def test_expired_token_is_401(http: Any) -> None:
    # given
    signed_in = await make_member()
    expired = issue_access_token(
        AccessClaims(
            account_id=signed_in.account.id,
            member_id=signed_in.member.id,
            roles=(),
            version=signed_in.account.token_version,
        ),
        now=datetime.now(UTC) - timedelta(hours=2),
    )
    # when
    response = await post(
        http, {"query": VIEWER}, {**GRAPHQL_RESPONSE, "authorization": f"Bearer {expired}"}
    )
    # then
    assert response.status_code == 401
    assert code_of(response) == "TOKEN_EXPIRED"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "data" not in response.json()


async def test_tampered_or_malformed_token_is_401(http: Any) -> None:
    # given
    signed_in = await make_member()
    header, payload, signature = signed_in.token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    for authorization in (f"Bearer {tampered}", "Bearer not-a-jwt", "Basic dXNlcjpwdw=="):
        # when
        response = await post(
            http, {"query": VIEWER}, {**LEGACY_JSON, "authorization": authorization}
        )
        # then
        assert response.status_code == 401, authorization
        assert code_of(response) == "INVALID_TOKEN"


async def test_valid_token_signs_the_viewer_in(http: Any) -> None:
    # given
    signed_in = await make_member("tokenholder")
    # when
    response = await post(
        http, {"query": VIEWER}, {**GRAPHQL_RESPONSE, "authorization": f"Bearer {signed_in.token}"}
    )
    # then
    assert response.status_code == 200
    assert response.json()["data"] == {"viewer": {"member": {"handle": "tokenholder"}}}


# -- probes --------------------------------------------------------------------------------------


async def test_health_and_readiness(http: Any) -> None:
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
