"""Errors at execution: domain errors become top-level errors with their code and a localized
message; anything unexpected is masked, carries the request id, and is logged with its
traceback."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from graphql import GraphQLError

from schema.core.reporting import INTERNAL_ERROR, present_in_place
from services.errors import DomainError, ErrorCode
from services.members import profile

MEMBER = 'query Member { member(handle: "someone") { handle } }'
MEMBER_AND_TYPENAME = 'query Both { __typename member(handle: "someone") { handle } }'


def log_lines(captured: str) -> list[dict[str, Any]]:
    lines = []
    for line in captured.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


async def test_unexpected_error_is_masked_and_logged(
    gql: Any, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    # given: the member lookup breaks with a message that must not leak
    async def broken(handle: str) -> Any:
        raise RuntimeError("connection to 10.0.0.7 refused; SELECT * FROM members")

    monkeypatch.setattr(profile, "find_by_handle", broken)
    # when
    response = await gql.raw(MEMBER_AND_TYPENAME)
    # then: the rest of the query still answers, the error says nothing internal
    body = response.json()
    request_id = response.headers["x-request-id"]
    assert response.status_code == 200
    assert body["data"] == {"__typename": "Query", "member": None}
    assert body["errors"] == [
        {
            "message": "Internal server error",
            "path": ["member"],
            "locations": [{"line": 1, "column": 25}],
            "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        }
    ]
    assert "10.0.0.7" not in response.text
    # and the log has the whole story under the same request id
    logged = [
        line
        for line in log_lines(capfd.readouterr().err)
        if line["event"] == "graphql.unexpected_error"
    ]
    assert len(logged) == 1
    assert logged[0]["request_id"] == request_id
    assert logged[0]["level"] == "error"
    assert "RuntimeError: connection to 10.0.0.7 refused" in logged[0]["exception"]
    assert "Traceback" in logged[0]["exception"]


async def test_client_request_id_is_echoed_and_used(
    gql: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    async def broken(handle: str) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(profile, "find_by_handle", broken)
    # when
    response = await gql.raw(MEMBER, headers={"x-request-id": "client-chosen.id-1"})
    # then
    assert response.headers["x-request-id"] == "client-chosen.id-1"
    assert response.json()["errors"][0]["extensions"]["requestId"] == "client-chosen.id-1"


async def test_unusable_client_request_id_is_replaced(gql: Any) -> None:
    response = await gql.raw(MEMBER, headers={"x-request-id": "bad id\twith spaces" + "x" * 80})
    assert response.headers["x-request-id"] != ""
    assert " " not in response.headers["x-request-id"]


async def test_domain_error_in_a_query_is_a_top_level_error_with_its_code(
    gql: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    async def forbidden(handle: str) -> Any:
        raise DomainError(ErrorCode.FORBIDDEN)

    monkeypatch.setattr(profile, "find_by_handle", forbidden)
    # when
    response = await gql.raw(MEMBER, headers={"accept-language": "en"})
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"member": None}
    assert body["errors"] == [
        {
            "message": "You are not allowed to do this.",
            "path": ["member"],
            "locations": [{"line": 1, "column": 16}],
            "extensions": {"code": "FORBIDDEN"},
        }
    ]


async def test_malformed_global_ids_are_coded_input_errors(gql: Any) -> None:
    unknown_type = base64.b64encode(b"NoSuchType:1").decode()
    for global_id in ("not-a-global-id", unknown_type):
        # when
        body = await gql("query Node($id: ID!) { node(id: $id) { id } }", {"id": global_id})
        # then
        assert body["data"] == {"node": None}
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", global_id
        assert body["errors"][0]["path"] == ["node"]


def test_errors_a_transport_formats_itself_are_coded_localized_and_masked() -> None:
    """Subscriptions: strawberry sends ``error.formatted``, so the errors are rewritten in
    place the way the HTTP path reports them."""
    # given
    domain = GraphQLError("x", original_error=DomainError(ErrorCode.NOT_FOUND))
    unexpected = GraphQLError("x", original_error=RuntimeError("password=hunter2"))
    # when
    present_in_place([domain, unexpected], "en", "req-1")
    # then
    assert domain.formatted["extensions"] == {"code": "NOT_FOUND"}
    assert domain.formatted["message"] == DomainError(ErrorCode.NOT_FOUND).message("en")
    assert unexpected.formatted["message"] == INTERNAL_ERROR
    assert unexpected.formatted["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": "req-1",
    }
