"""How execution errors are reported: domain errors with their code and a localized message,
GraphQL errors coded, anything unexpected masked and logged with the request id. The HTTP path
and the WebSocket path (through ``ConvoySchema.process_errors``) both report through here."""

from __future__ import annotations

from typing import Any

import structlog
from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.relay.types import GlobalIDValueError
from strawberry.schema.exceptions import CannotGetOperationTypeError

from services.errors import DomainError

log = structlog.get_logger("convoy.graphql")

INTERNAL_ERROR = "Internal server error"


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
