"""The HTTP side of a GraphQL request: media types, request parameters and the response.

Kept free of allocations that are not needed: negotiation results and locales are cached
per header value, the body is read straight from ``receive``, and responses are built from raw
header pairs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message

from api.graphql_documents import Operation, PreparedDocument
from api.graphql_errors import RequestError
from services.i18n import DEFAULT_LOCALE, locale_from_accept_language

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
_CONTENT_TYPES = {
    JSON: b"application/json; charset=utf-8",
    GRAPHQL_RESPONSE: b"application/graphql-response+json; charset=utf-8",
}
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)

RawHeaders = list[tuple[bytes, bytes]]


class GraphQLResponse(Response):
    """A JSON response whose raw headers are given directly."""

    def __init__(
        self,
        body: dict[str, Any] | bytes,
        media_type: str,
        headers: RawHeaders,
        status_code: int = 200,
    ) -> None:
        self.status_code = status_code
        self.background = None
        self.body = body if isinstance(body, bytes) else encode(body)
        headers.append((b"content-type", _CONTENT_TYPES[media_type]))
        headers.append((b"content-length", str(len(self.body)).encode()))
        self.raw_headers = headers


def encode(body: dict[str, Any]) -> bytes:
    """A response body as sent."""
    return _ENCODER.encode(body).encode()


@lru_cache(maxsize=256)
def negotiate(accept: bytes | str | None) -> str | None:
    """The response media type for an ``Accept`` header: graphql-response+json when accepted
    (it wins ties), else application/json; no header at all means legacy application/json;
    None when neither is acceptable."""
    if not accept:
        return JSON
    if isinstance(accept, bytes):
        accept = accept.decode("latin-1")
    best: tuple[float, str] | None = None
    for part in accept.split(","):
        media, _, rest = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in rest.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            candidate = (q + 0.001, GRAPHQL_RESPONSE)
        elif media in (JSON, "application/*", "*/*"):
            candidate = (q, JSON)
        else:
            continue
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best[1] if best else None


@lru_cache(maxsize=256)
def header_locale(accept_language: bytes | str | None) -> str:
    """The locale an ``Accept-Language`` header asks for (zh-CN when none fits)."""
    if isinstance(accept_language, bytes):
        accept_language = accept_language.decode("latin-1")
    return locale_from_accept_language(accept_language) or DEFAULT_LOCALE


async def read_params(request: Request, headers: dict[bytes, bytes]) -> dict[str, Any]:
    """The GraphQL request parameters of a well-formed request, or a request error."""
    method = request.scope["method"]
    if method == "GET":
        query_params = request.query_params
        params: dict[str, Any] = {
            "query": query_params.get("query"),
            "operationName": query_params.get("operationName") or None,
        }
        document_id = query_params.get("documentId")
        if document_id:
            params["documentId"] = document_id
        for name in ("variables", "extensions"):
            raw = query_params.get(name)
            if raw:
                params[name] = _json(raw, name)
    elif method == "POST":
        content_type = headers.get(b"content-type", b"")
        if (
            content_type != b"application/json"
            and content_type.partition(b";")[0].strip().lower() != b"application/json"
        ):
            raise RequestError("UNSUPPORTED_MEDIA_TYPE", 415)
        message = await request.receive()
        if message.get("more_body") or message["type"] != "http.request":
            body = await _read_rest(request, message)
        else:
            body = message.get("body", b"")
        params = _json(body, "the request body")
        if not isinstance(params, dict):
            raise RequestError("BAD_REQUEST", detail="the body must be a JSON object")
    else:
        raise RequestError("METHOD_NOT_ALLOWED", 405)
    query = params.get("query")
    if query is None and _names_a_document(params):
        pass  # a trusted document by id or hash: the endpoint looks it up
    elif not isinstance(query, str) or not query or query.isspace():
        raise RequestError("BAD_REQUEST", detail="query must be a non-empty string")
    if len(params) > 1:
        for name in ("variables", "extensions"):
            value = params.get(name)
            if value is not None and not isinstance(value, dict):
                raise RequestError("BAD_REQUEST", detail=f"{name} must be a JSON object")
        operation_name = params.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError("BAD_REQUEST", detail="operationName must be a string")
    return params


def _names_a_document(params: dict[str, Any]) -> bool:
    """The request names a persisted document (``documentId``, or Apollo's
    ``extensions.persistedQuery``) instead of sending its text."""
    if params.get("documentId") is not None:
        return True
    extensions = params.get("extensions")
    return isinstance(extensions, dict) and extensions.get("persistedQuery") is not None


async def _read_rest(request: Request, first: Message) -> bytes:
    """The whole body when it did not come in one message (the body-size middleware caps it)."""
    message = first
    chunks = []
    while True:
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)
        message = await request.receive()


def select_operation(prepared: PreparedDocument, name: str | None) -> Operation:
    if name is None:
        if len(prepared.operations) != 1:
            raise RequestError("OPERATION_NAME_REQUIRED")
        return next(iter(prepared.operations.values()))
    operation = prepared.operations.get(name)
    if operation is None:
        raise RequestError("UNKNOWN_OPERATION", name=repr(name))
    return operation


def _json(raw: str | bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise RequestError("BAD_REQUEST", detail=f"{what} is not valid JSON") from None
