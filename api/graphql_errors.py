"""Top-level GraphQL errors: request errors raised before execution, and how execution errors
are reported (domain errors with their code and a localized message, anything unexpected
masked and logged with the request id)."""

from __future__ import annotations

from typing import Any

import structlog
from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.relay.types import GlobalIDValueError
from strawberry.schema.exceptions import CannotGetOperationTypeError

from services.errors import DomainError
from services.i18n import normalize_locale

log = structlog.get_logger("convoy.graphql")

INTERNAL_ERROR = "Internal server error"

#: Messages of the request errors this layer raises: code -> (zh-CN, en).
MESSAGES: dict[str, tuple[str, str]] = {
    "BAD_REQUEST": ("请求格式不正确：{detail}", "Malformed request: {detail}"),
    "UNSUPPORTED_MEDIA_TYPE": (
        "请求体须为 application/json。",
        "Send the request body as application/json.",
    ),
    "METHOD_NOT_ALLOWED": ("请使用 GET（仅查询）或 POST。", "Use GET (queries only) or POST."),
    "QUERY_ONLY_OVER_GET": ("GET 仅用于查询，请使用 POST。", "GET is for queries only, use POST."),
    "OPERATION_NAME_REQUIRED": (
        "文档包含多个操作，请提供 operationName。",
        "The document has several operations: give operationName.",
    ),
    "UNKNOWN_OPERATION": ("找不到操作 {name}。", "Unknown operation {name}."),
    "SUBSCRIPTION_OVER_HTTP": (
        "订阅请通过 WebSocket（graphql-transport-ws）进行。",
        "Subscriptions are served over WebSocket (graphql-transport-ws).",
    ),
    "TOKEN_LIMIT_EXCEEDED": (
        "查询过长：超过 {limit} 个词法单元。",
        "The query has more than {limit} tokens.",
    ),
    "DEPTH_LIMIT_EXCEEDED": (
        "查询嵌套深度 {depth} 超过上限 {limit}。",
        "Query depth {depth} exceeds the limit of {limit}.",
    ),
    "ALIAS_LIMIT_EXCEEDED": (
        "查询使用了 {aliases} 个别名，超过上限 {limit}。",
        "{aliases} aliases exceed the limit of {limit}.",
    ),
    "REPEATED_FIELD_LIMIT_EXCEEDED": (
        "同一字段重复选择超过 {limit} 次。",
        "A field is selected more than {limit} times at one place.",
    ),
    "COST_LIMIT_EXCEEDED": (
        "查询成本 {cost} 超过上限 {limit}。",
        "Query cost {cost} exceeds the limit of {limit}.",
    ),
    "RATE_LIMITED": ("请求过于频繁，请稍后再试。", "Too many requests, please try again later."),
}


class RequestError(Exception):
    """A failure before execution, reported without ``data``.

    ``errors`` carries GraphQL errors already formatted (parse and validation errors keep
    graphql-core's English text and locations); otherwise the message comes from ``MESSAGES``
    in the request's locale."""

    def __init__(
        self,
        code: str,
        status: int = 400,
        *,
        message: str | None = None,
        message_key: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        extensions: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message or code)
        self.code = code
        self.status = status
        self.message = message
        self.message_key = message_key or code
        self.errors = errors
        self.extensions = extensions
        self.params = params

    def formatted(self, locale: str) -> list[dict[str, Any]]:
        if self.errors is not None:
            return self.errors
        message = self.message or request_message(self.message_key, locale, **self.params)
        return [{"message": message, "extensions": {"code": self.code}}]


def request_message(code: str, locale: str, **params: Any) -> str:
    zh, en = MESSAGES.get(code, (code, code))
    template = en if normalize_locale(locale) == "en" else zh
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def validation_errors(errors: list[GraphQLError]) -> list[dict[str, Any]]:
    formatted = []
    for error in errors:
        entry = coded(error)
        code = "GRAPHQL_VALIDATION_FAILED"
        if "introspection has been disabled" in error.message:
            code = "INTROSPECTION_DISABLED"
        entry.setdefault("extensions", {})["code"] = code
        formatted.append(entry)
    return formatted


def format_execution_error(error: GraphQLError, locale: str, request_id: str) -> dict[str, Any]:
    """A domain error keeps its code and gets a localized message; a GraphQL error (input
    coercion, a value that does not fit its type) keeps its text and gets a code if it has
    none; anything else is masked and logged."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        as_is = coded(error)
        if "code" not in as_is["extensions"]:
            coercion = isinstance(original, StrawberryInputCoercionError)
            as_is["extensions"]["code"] = "BAD_USER_INPUT" if coercion else "EXECUTION_ERROR"
        return as_is
    formatted: dict[str, Any] = {"message": "", "path": error.path}
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if isinstance(original, DomainError):
        formatted["message"] = original.message(locale)
        formatted["extensions"] = {"code": original.code.value}
        return formatted
    if isinstance(original, GlobalIDValueError):  # an ID naming a type that does not exist
        formatted["message"] = str(original)
        formatted["extensions"] = {"code": "BAD_USER_INPUT"}
        return formatted
    log.error(
        "graphql.unexpected_error",
        request_id=request_id,
        path=error.path,
        exc_info=(type(original), original, original.__traceback__),
    )
    formatted["message"] = INTERNAL_ERROR
    formatted["extensions"] = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    return formatted


def present_in_place(errors: list[GraphQLError], locale: str, request_id: str) -> None:
    """Give errors that a transport formats itself (strawberry's graphql-transport-ws
    handler sends ``error.formatted``) the message and extensions the HTTP path gives them:
    errors found before execution (parse, validation, limits) coded like HTTP's, an
    operation that cannot be chosen a BAD_USER_INPUT, domain errors coded and localized,
    anything unexpected masked and logged with the request id."""
    for error in errors:
        original = error.original_error
        if original is None and not error.path:
            presented = validation_errors([error])[0]
        elif isinstance(original, CannotGetOperationTypeError):
            presented = {"message": str(original), "extensions": {"code": "BAD_USER_INPUT"}}
        else:
            presented = format_execution_error(error, locale, request_id)
        error.message = presented["message"]
        error.extensions = presented["extensions"]


def coded(error: GraphQLError) -> dict[str, Any]:
    """graphql-core's formatted error, with an ``extensions`` dict of its own to add to."""
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["extensions"] = dict(formatted.get("extensions") or {})
    return formatted


def drop_tracebacks(errors: list[GraphQLError]) -> None:
    """Once reported and logged, an error's traceback only keeps frames alive in a cycle
    (frame -> local error -> traceback -> frame) for the cycle collector to find."""
    for error in errors:
        error.__traceback__ = None
        if error.original_error is not None:
            error.original_error.__traceback__ = None
