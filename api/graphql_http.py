"""GraphQL over HTTP (GET for queries, POST for all), following the GraphQL-over-HTTP spec.

The request path is kept short on purpose: documents are parsed, analysed and validated once
per distinct query text (LRU), limits are checked before execution, and graphql-core executes
the strawberry schema directly.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import structlog
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    OperationType,
    execute,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.requests import Request
from starlette.responses import Response
from strawberry.execution import optimized_is_awaitable as _is_awaitable
from strawberry.schema.schema import (
    StrawberryGraphQLCoreExecutionContext,
    execution_context_class_kwargs,
)
from strawberry.utils.await_maybe import await_maybe

from api import metrics
from api.auth import claims_from_request
from api.limits import QueryAnalyzer, Shape
from services import ratelimit
from services.errors import DomainError

if TYPE_CHECKING:
    import strawberry

    from api.context import Context
    from api.settings import Settings

log = structlog.get_logger("convoy.graphql")

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
CACHE_SIZE = 1024


class RequestError(Exception):
    """A failure before execution: reported without ``data``."""

    def __init__(self, message: str, code: str, status: int = 400, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.extra = extra


@dataclass
class PreparedDocument:
    document: DocumentNode | None
    error: RequestError | None = None
    operations: dict[str | None, OperationDefinitionNode] = field(default_factory=dict)
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    shapes: dict[str | None, Shape] = field(default_factory=dict)
    validation_errors: list[GraphQLError] | None = None


class GraphQLEndpoint:
    def __init__(self, schema: strawberry.Schema, settings: Settings, context_factory: Any):
        self.schema = schema
        self.graphql_schema = schema._schema
        self.settings = settings
        self.context_factory = context_factory
        self.analyzer = QueryAnalyzer(self.graphql_schema)
        self.rules = list(specified_rules)
        if not settings.introspection:
            self.rules.append(NoSchemaIntrospectionCustomRule)
        self._cache: OrderedDict[str, PreparedDocument] = OrderedDict()
        self._exec_kwargs = execution_context_class_kwargs(StrawberryGraphQLCoreExecutionContext)

    # -- document preparation (cached) ------------------------------------------------------

    def prepare(self, query: str) -> PreparedDocument:
        prepared = self._cache.get(query)
        if prepared is not None:
            self._cache.move_to_end(query)
            return prepared
        prepared = self._prepare(query)
        self._cache[query] = prepared
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return prepared

    def _prepare(self, query: str) -> PreparedDocument:
        try:
            document = parse(query, max_tokens=self.settings.max_query_tokens)
        except GraphQLSyntaxError as exc:
            code = "TOKEN_LIMIT_EXCEEDED" if "tokens" in exc.message else "GRAPHQL_PARSE_FAILED"
            return PreparedDocument(None, RequestError(exc.message, code))
        prepared = PreparedDocument(document)
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                name = definition.name.value if definition.name else None
                prepared.operations[name] = definition
            elif isinstance(definition, FragmentDefinitionNode):
                prepared.fragments[definition.name.value] = definition
        for name, operation in prepared.operations.items():
            prepared.shapes[name] = self.analyzer.shape(operation, prepared.fragments)
        return prepared

    def _validated(self, prepared: PreparedDocument) -> list[GraphQLError]:
        if prepared.validation_errors is None:
            assert prepared.document is not None
            prepared.validation_errors = validate(
                self.graphql_schema, prepared.document, self.rules, max_errors=20
            )
        return prepared.validation_errors

    def select_operation(
        self, prepared: PreparedDocument, operation_name: str | None
    ) -> tuple[str | None, OperationDefinitionNode]:
        if operation_name is None:
            if len(prepared.operations) != 1:
                raise RequestError(
                    "Give operationName: the document has several operations",
                    "OPERATION_NAME_REQUIRED",
                )
            return next(iter(prepared.operations.items()))
        operation = prepared.operations.get(operation_name)
        if operation is None:
            raise RequestError(f"Unknown operation {operation_name!r}", "UNKNOWN_OPERATION")
        return operation_name, operation

    def check_limits(
        self, prepared: PreparedDocument, name: str | None, variables: dict[str, Any] | None
    ) -> int:
        shape = prepared.shapes[name]
        settings = self.settings
        if shape.depth > settings.max_query_depth:
            raise RequestError(
                f"Query depth {shape.depth} exceeds the limit of {settings.max_query_depth}",
                "DEPTH_LIMIT_EXCEEDED",
            )
        if shape.aliases > settings.max_aliases:
            raise RequestError(
                f"{shape.aliases} aliases exceed the limit of {settings.max_aliases}",
                "ALIAS_LIMIT_EXCEEDED",
            )
        cost = self.analyzer.cost(prepared.operations[name], prepared.fragments, variables)
        if cost > settings.max_query_cost:
            raise RequestError(
                f"Query cost {cost} exceeds the limit of {settings.max_query_cost}",
                "COST_LIMIT_EXCEEDED",
                cost={"requested": cost, "limit": settings.max_query_cost},
            )
        return cost

    # -- HTTP -------------------------------------------------------------------------------

    async def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            return Response(
                "Accept application/graphql-response+json or application/json",
                status_code=406,
                media_type="text/plain",
            )
        request_id = request.state.request_id
        operation_label = "-"
        try:
            claims = claims_from_request(request, self.settings)
        except DomainError as exc:
            error = RequestError(exc.message(_header_locale(request)), exc.code.value, 401)
            return self._error_response(error, media_type, request_id, operation_label, started)
        allowance = await ratelimit.hit(
            f"m{claims.member_id}" if claims else f"ip{_client_ip(request)}",
            limit=self.settings.rate_limit_per_minute,
            window=60,
        )
        rate_headers = {
            "RateLimit-Limit": str(allowance.limit),
            "RateLimit-Remaining": str(allowance.remaining),
            "RateLimit-Reset": str(allowance.reset),
        }
        if not allowance.allowed:
            error = RequestError("Too many requests", "RATE_LIMITED", 429)
            response = self._error_response(error, media_type, request_id, "-", started)
            response.headers.update({**rate_headers, "Retry-After": str(allowance.reset)})
            return response
        try:
            params = await read_params(request)
            prepared = self.prepare(params["query"])
            if prepared.error is not None:
                raise prepared.error
            name, operation = self.select_operation(prepared, params.get("operationName"))
            operation_label = name or operation.operation.value
            if request.method == "GET" and operation.operation != OperationType.QUERY:
                raise RequestError("GET is for queries only, use POST", "METHOD_NOT_ALLOWED", 405)
            if operation.operation == OperationType.SUBSCRIPTION:
                raise RequestError(
                    "Subscriptions are served over WebSocket (graphql-transport-ws)",
                    "BAD_REQUEST",
                )
            errors = self._validated(prepared)
            if errors:
                raise RequestError(
                    errors[0].message,
                    _validation_code(errors[0]),
                    errors=[e.formatted for e in errors],
                )
            variables = params.get("variables")
            cost = self.check_limits(prepared, name, variables)
            context: Context = await self.context_factory(request, claims)
            result = await await_maybe(
                execute(
                    self.graphql_schema,
                    prepared.document,  # type: ignore[arg-type]
                    context_value=context,
                    variable_values=variables,
                    operation_name=name,
                    is_awaitable=_is_awaitable,
                    **self._exec_kwargs,
                )
            )
        except RequestError as exc:
            response = self._error_response(exc, media_type, request_id, operation_label, started)
            response.headers.update(rate_headers)
            return response

        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [format_error(e, context, request_id) for e in result.errors]
        body["data"] = result.data
        body["extensions"] = {"cost": {"requested": cost, "limit": self.settings.max_query_cost}}
        self._observe(operation_label, started, bool(result.errors), request_id, context)
        return Response(_dumps(body), media_type=media_type, headers=rate_headers)

    def _error_response(
        self,
        exc: RequestError,
        media_type: str,
        request_id: str,
        operation: str,
        started: float,
    ) -> Response:
        extensions: dict[str, Any] = {"code": exc.code}
        cost = exc.extra.get("cost")
        errors = exc.extra.get("errors") or [{"message": str(exc)}]
        for error in errors:
            error.setdefault("extensions", {}).update(extensions)
        body: dict[str, Any] = {"errors": errors}
        if cost:
            body["extensions"] = {"cost": cost}
        status = exc.status
        if media_type == JSON and status == 400 and exc.code not in _ALWAYS_400:
            status = 200  # legacy application/json: well-formed requests get 200
        headers = {"Allow": "POST"} if status == 405 else None
        metrics.observe_request(operation, time.perf_counter() - started, error=True)
        log.info("graphql.rejected", code=exc.code, operation=operation, request_id=request_id)
        return Response(_dumps(body), status_code=status, media_type=media_type, headers=headers)

    def _observe(
        self, operation: str, started: float, failed: bool, request_id: str, context: Context
    ) -> None:
        duration = time.perf_counter() - started
        metrics.observe_request(operation, duration, error=failed)
        viewer = context.claims.member_id if context.claims else None
        log.info(
            "graphql.request",
            operation=operation,
            request_id=request_id,
            viewer=viewer,
            duration_ms=round(duration * 1000, 2),
            errors=failed,
        )


#: Request errors that stay 400 even for legacy ``application/json`` clients.
_ALWAYS_400 = frozenset({"BAD_REQUEST", "OPERATION_NAME_REQUIRED", "UNKNOWN_OPERATION"})


def negotiate(accept: str | None) -> str | None:
    """Pick the response media type from ``Accept`` (spec: prefer graphql-response+json)."""
    if not accept:
        return JSON
    best: tuple[float, str] | None = None
    for part in accept.split(","):
        media, _, rest = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in rest.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            candidate = (q + 0.001, GRAPHQL_RESPONSE)  # wins ties
        elif media in (JSON, "application/*", "*/*"):
            candidate = (q, JSON)
        else:
            continue
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best[1] if best else None


async def read_params(request: Request) -> dict[str, Any]:
    if request.method == "GET":
        query_params = request.query_params
        params: dict[str, Any] = {
            "query": query_params.get("query"),
            "operationName": query_params.get("operationName") or None,
        }
        raw_variables = query_params.get("variables")
        if raw_variables:
            try:
                params["variables"] = json.loads(raw_variables)
            except ValueError as exc:
                raise RequestError("variables is not valid JSON", "BAD_REQUEST") from exc
    elif request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != JSON:
            raise RequestError("Send the request body as application/json", "BAD_REQUEST", 415)
        try:
            params = json.loads(await request.body())
        except ValueError as exc:
            raise RequestError("The request body is not valid JSON", "BAD_REQUEST") from exc
        if not isinstance(params, dict):
            raise RequestError("The request body must be a JSON object", "BAD_REQUEST")
    else:
        raise RequestError("Use GET or POST", "METHOD_NOT_ALLOWED", 405)
    if not isinstance(params.get("query"), str) or not params["query"].strip():
        raise RequestError("The request has no query", "BAD_REQUEST")
    variables = params.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError("variables must be a JSON object", "BAD_REQUEST")
    name = params.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestError("operationName must be a string", "BAD_REQUEST")
    return params


def format_error(error: GraphQLError, context: Context, request_id: str) -> dict[str, Any]:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return error.formatted
    formatted: dict[str, Any] = {"message": "", "path": error.path}
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if isinstance(original, DomainError):
        formatted["message"] = original.message(context.locale)
        formatted["extensions"] = {"code": original.code.value}
        return formatted
    log.error(
        "graphql.unexpected_error",
        request_id=request_id,
        path=error.path,
        exc_info=(type(original), original, original.__traceback__),
    )
    formatted["message"] = "Internal server error"
    formatted["extensions"] = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    return formatted


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _validation_code(error: GraphQLError) -> str:
    if "introspection" in error.message.lower():
        return "INTROSPECTION_DISABLED"
    return "GRAPHQL_VALIDATION_FAILED"


def _header_locale(request: Request) -> str:
    from services.i18n import DEFAULT_LOCALE, locale_from_accept_language

    return locale_from_accept_language(request.headers.get("accept-language")) or DEFAULT_LOCALE


def _dumps(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode()
