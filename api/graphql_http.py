"""GraphQL over HTTP (GET for queries, POST for all), following the GraphQL-over-HTTP spec.

``application/graphql-response+json`` when the client accepts it: 400 for request errors
(parse, validation, limits, variables), 200 once execution started. Legacy
``application/json``: 200 for every well-formed request. 401 for a bad or expired bearer
token, 405 (with ``Allow``) for a mutation over GET, 406/415 for media types, 429 with
``Retry-After`` over the rate limit; the body-size middleware answers 413.

The path is kept short on purpose: the rate limit is usually decided in-process, documents
are parsed, measured and validated once per distinct text, structural limits are checked
before validation and cost before execution, and graphql-core executes the strawberry schema
directly. A query that reads the same for everyone is answered once and shared for a few
seconds (``api.shared_responses``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import structlog
from graphql import OperationType, specified_rules
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Scope

from api.auth import claims_from_authorization
from api.graphql_documents import DocumentCache, Limits, Operation, PreparedDocument
from api.graphql_errors import RequestError
from api.graphql_execution import build_executor, coerce_variables, run
from api.graphql_request import (
    JSON,
    GraphQLResponse,
    RawHeaders,
    encode,
    header_locale,
    negotiate,
    read_params,
    select_operation,
)
from api.middleware import BodyTooLarge
from api.rate_limiter import RequestRateLimiter
from api.shared_responses import SharedFields, SharedResponses
from runtime import metrics
from schema.compiled import Plans, execute_plan, trusted_documents
from schema.compiled.registry import digest
from schema.core.reporting import (
    INTERNAL_ERROR,
    coded,
    drop_tracebacks,
    format_execution_error,
)
from services.errors import DomainError

if TYPE_CHECKING:
    import strawberry

    from runtime.config import Settings
    from schema.core.context import Context

log = structlog.get_logger("convoy.graphql")


class _Outcome:
    """What the request log line and the metrics say about one request."""

    __slots__ = ("operation", "viewer", "code", "cost")

    def __init__(self) -> None:
        self.operation = "-"
        self.viewer: int | None = None
        self.code: str | None = None
        self.cost: int | None = None


class GraphQLEndpoint:
    def __init__(
        self,
        schema: strawberry.Schema,
        settings: Settings,
        context_factory: Any,
        shared_fields: SharedFields | None = None,
    ):
        self.schema = schema
        self.graphql_schema = schema._schema
        self.settings = settings
        self.context_factory = context_factory
        rules = list(specified_rules)
        if not settings.introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        limits = Limits(
            max_tokens=settings.max_query_tokens,
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_cost=settings.max_query_cost,
        )
        self.trusted = trusted_documents()
        self.documents = DocumentCache(
            self.graphql_schema, rules, limits, trusted=self.trusted.texts
        )
        self._max_cost = settings.max_query_cost
        self.rate_limiter = RequestRateLimiter(
            limit=settings.rate_limit_per_minute, prefix=settings.redis_prefix
        )
        self._limit = str(settings.rate_limit_per_minute).encode()
        self.shared = SharedResponses(
            self.graphql_schema, shared_fields or {}, settings.shared_response_seconds
        )

    async def close(self) -> None:
        await self.rate_limiter.close()

    async def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        outcome = _Outcome()
        headers: RawHeaders = []
        scope = request.scope
        request_headers = dict(scope["headers"])  # ASGI names are lower-case already
        media_type = negotiate(request_headers.get(b"accept"))
        try:
            if media_type is None:
                outcome.code = "NOT_ACCEPTABLE"
                response: Response = Response(
                    "Accept application/graphql-response+json or application/json",
                    status_code=406,
                    media_type="text/plain",
                )
            else:
                response = await self._handle(
                    request, request_headers, media_type, headers, outcome
                )
        except RequestError as exc:
            outcome.code = exc.code
            locale = header_locale(request_headers.get(b"accept-language"))
            response = _error_response(exc, locale, media_type or JSON, headers)
        except BodyTooLarge:
            raise  # the middleware answers 413
        except ClientDisconnect:
            outcome.code = "CLIENT_DISCONNECTED"
            response = Response(status_code=400)
        except Exception:
            request_id = scope["state"]["request_id"]
            log.exception("graphql.unexpected_error", request_id=request_id)
            outcome.code = "INTERNAL_SERVER_ERROR"
            body = {"errors": [_internal_error(request_id)]}
            response = GraphQLResponse(body, media_type or JSON, headers, 500)
        self._observe(scope, response.status_code, started, outcome)
        return response

    async def _handle(
        self,
        request: Request,
        request_headers: dict[bytes, bytes],
        media_type: str,
        headers: RawHeaders,
        outcome: _Outcome,
    ) -> Response:
        claims = None
        authorization = request_headers.get(b"authorization")
        if authorization is not None:
            try:
                claims = claims_from_authorization(authorization.decode("latin-1"), self.settings)
            except DomainError as exc:
                headers.append((b"www-authenticate", b'Bearer error="invalid_token"'))
                locale = header_locale(request_headers.get(b"accept-language"))
                raise RequestError(exc.code.value, 401, message=exc.message(locale)) from None
        if claims is not None:
            outcome.viewer = claims.member_id
            bucket = f"m{claims.member_id}"
        else:
            client = request.scope.get("client")
            bucket = f"ip{client[0] if client else '-'}"
        limiter = self.rate_limiter
        allowance = limiter.try_hit(bucket) or await limiter.hit_now(bucket)
        headers.append((b"ratelimit-limit", self._limit))
        headers.append((b"ratelimit-remaining", str(allowance.remaining).encode()))
        headers.append((b"ratelimit-reset", str(allowance.reset).encode()))
        if not allowance.allowed:
            headers.append((b"ratelimit-policy", self.rate_limiter.policy.encode()))
            headers.append((b"retry-after", str(max(1, allowance.reset)).encode()))
            raise RequestError("RATE_LIMITED", 429)

        if request.scope["method"] not in ("GET", "POST"):
            headers.append((b"allow", b"GET, POST"))
            raise RequestError("METHOD_NOT_ALLOWED", 405)
        params = await read_params(request, request_headers)
        params["query"] = self._document_text(params)
        prepared = self.documents.get(params["query"])
        if prepared.error is not None:
            raise prepared.error
        operation = select_operation(prepared, params.get("operationName"))
        kind = operation.node.operation
        outcome.operation = operation.name or kind.value
        if kind is not OperationType.QUERY:
            if request.scope["method"] == "GET":
                headers.append((b"allow", b"POST"))
                raise RequestError("METHOD_NOT_ALLOWED", 405, message_key="QUERY_ONLY_OVER_GET")
            if kind is OperationType.SUBSCRIPTION:
                raise RequestError("SUBSCRIPTION_OVER_HTTP")
        cost = self.documents.admit(prepared, operation, params.get("variables"))
        outcome.cost = cost
        cost_report = {"requested": cost, "limit": self._max_cost}

        async def execute() -> tuple[bytes, bool]:
            context: Context = await self.context_factory(
                request,
                claims,
                request_id=request.scope["state"]["request_id"],
                locale=header_locale(request_headers.get(b"accept-language")),
            )
            body = await self._execute(context, prepared, operation, params, cost_report, outcome)
            if "errors" in body:
                outcome.code = body["errors"][0].get("extensions", {}).get("code", "ERROR")
            return encode(body), "errors" not in body

        shared = None
        if kind is OperationType.QUERY and self.shared.enabled:
            shared = self.shared.key(
                params["query"],
                params.get("operationName"),
                operation.node.selection_set,
                prepared.fragments,
                params.get("variables"),
                signed_in=claims is not None,
                definitions=operation.node.variable_definitions or (),
            )
        if shared is None:
            return GraphQLResponse((await execute())[0], media_type, headers)
        return GraphQLResponse(await self.shared.body(shared, execute), media_type, headers)

    def _document_text(self, params: dict[str, Any]) -> str:
        """The query text: as sent, or the trusted document named by ``documentId`` or by
        Apollo's ``extensions.persistedQuery.sha256Hash``. Unknown ids and hashes are
        PERSISTED_QUERY_NOT_FOUND (documents are not registered at run time: Apollo clients
        then send the text with the hash, which runs like any document)."""
        query = params.get("query")
        document_id = params.get("documentId")
        persisted = (params.get("extensions") or {}).get("persistedQuery")
        if document_id is None and persisted is None:
            return query  # type: ignore[no-any-return]  # read_params checked it
        sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(document_id, str | None) or not isinstance(sha256, str | None):
            raise RequestError("BAD_REQUEST", detail="documentId and sha256Hash are strings")
        found = self.trusted.find(document_id=document_id, sha256=sha256)
        if found is None:
            if isinstance(query, str) and (sha256 is None or digest(query) == sha256.lower()):
                return query
            code = "PERSISTED_QUERY_MISMATCH" if query is not None else "PERSISTED_QUERY_NOT_FOUND"
            raise RequestError(code)
        if query is not None and query != found.text:
            raise RequestError("PERSISTED_QUERY_MISMATCH")
        return found.text

    async def _execute(
        self,
        context: Context,
        prepared: PreparedDocument,
        operation: Operation,
        params: dict[str, Any],
        cost_report: dict[str, int],
        outcome: _Outcome,
    ) -> dict[str, Any]:
        started = time.perf_counter()
        variable_values = coerce_variables(self.graphql_schema, operation, params.get("variables"))
        if isinstance(variable_values, list):  # variables that do not fit their definitions
            errors = [coded(error) for error in variable_values]
            for error in errors:
                error["extensions"]["code"] = "BAD_USER_INPUT"
            raise RequestError("BAD_USER_INPUT", errors=errors, extensions={"cost": cost_report})
        plan = None
        if prepared.trusted:
            if operation.plans is None:
                operation.plans = Plans(self.graphql_schema, operation.node, prepared.fragments)
            plan = operation.plans.get(variable_values)
        if plan is not None:
            data, field_errors = await execute_plan(plan, context, variable_values)
            path = "compiled"
        else:
            executor = build_executor(
                self.graphql_schema,
                prepared,
                operation,
                context,
                variable_values,
                params.get("extensions"),
            )
            result = await run(executor)
            data, field_errors = result.data, result.errors
            path = "graphql-core"
        metrics.observe_execution(outcome.operation, path, time.perf_counter() - started)
        if not field_errors:
            return {"data": data, "extensions": {"cost": cost_report}}
        if context.claims is not None and any(
            isinstance(error.original_error, DomainError) for error in field_errors
        ):
            await context.viewer()  # a signed-in member's own locale wins
        locale = context.locale
        errors = [
            format_execution_error(error, locale, context.request_id) for error in field_errors
        ]
        drop_tracebacks(field_errors)
        return {"errors": errors, "data": data, "extensions": {"cost": cost_report}}

    def _observe(self, scope: Scope, status: int, started: float, outcome: _Outcome) -> None:
        """Metrics by operation, and this request's fields for the access log line."""
        duration = time.perf_counter() - started
        metrics.observe_request(
            outcome.operation, duration, error=status >= 400 or outcome.code is not None
        )
        fields = scope["state"].get("log")
        if fields is not None:
            fields["operation"] = outcome.operation
            fields["viewer"] = outcome.viewer
            if outcome.cost is not None:
                fields["cost"] = outcome.cost
            if outcome.code is not None:
                fields["code"] = outcome.code


def _error_response(
    exc: RequestError, locale: str, media_type: str, headers: RawHeaders
) -> Response:
    body: dict[str, Any] = {"errors": exc.formatted(locale)}
    if exc.extensions:
        body["extensions"] = exc.extensions
    status = exc.status
    if media_type == JSON and status == 400 and exc.code != "BAD_REQUEST":
        status = 200  # legacy application/json: a well-formed request gets 200
    return GraphQLResponse(body, media_type, headers, status)


def _internal_error(request_id: str) -> dict[str, Any]:
    return {
        "message": INTERNAL_ERROR,
        "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    }
