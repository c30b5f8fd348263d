"""Executing a prepared operation with graphql-core, the way strawberry resolvers expect.

graphql-core's plain executor is used (the schema has no ``@defer``/``@stream``, and the
incremental executor costs more per request), and it is built from what the document cache
already holds (operation, fragments) instead of re-scanning the document on every request.
The schema was validated when it was built, so that check is not repeated either.
"""

from __future__ import annotations

from typing import Any, cast

from graphql import ExecutionResult, GraphQLError, GraphQLSchema
from graphql.execution.collect_fields import FragmentDetails
from graphql.execution.executor import default_field_resolver, default_type_resolver
from graphql.execution.executor_throwing_on_incremental import ExecutorThrowingOnIncremental
from graphql.execution.values import get_variable_values
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql_documents import Operation, PreparedDocument

is_awaitable = optimized_is_awaitable


class Executor(ExecutorThrowingOnIncremental):
    """Hands resolvers strawberry's resolve info (with the request's ``extensions``)."""

    def __init__(self, *args: Any, operation_extensions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operation_extensions = operation_extensions

    build_resolve_info = StrawberryGraphQLCoreExecutionContext.build_resolve_info


def coerce_variables(
    schema: GraphQLSchema, operation: Operation, variables: dict[str, Any] | None
) -> dict[str, Any] | list[GraphQLError]:
    """The operation's variables coerced to their definitions, or the errors of those that
    do not fit."""
    return get_variable_values(
        schema, operation.node.variable_definitions or (), variables or {}, max_errors=50
    )


def build_executor(
    schema: GraphQLSchema,
    prepared: PreparedDocument,
    operation: Operation,
    context: Any,
    variable_values: dict[str, Any],
    extensions: dict[str, Any] | None,
) -> Executor:
    """An executor for the operation with its coerced variables."""
    fragments = prepared.fragment_details
    if fragments is None:
        fragments = prepared.fragment_details = {
            name: FragmentDetails(definition) for name, definition in prepared.fragments.items()
        }
    return Executor(
        schema,
        prepared.fragments,
        fragments,
        None,
        context,
        operation.node,
        variable_values,
        default_field_resolver,
        default_type_resolver,
        default_field_resolver,
        False,
        None,
        is_awaitable,
        operation_extensions=extensions,
    )


async def run(executor: Executor) -> ExecutionResult:
    """Execute, then break the executor's reference cycle (see ``release``)."""
    try:
        result: Any = executor.execute_operation()
        if is_awaitable(result):
            result = await result
    finally:
        release(executor)
    return cast(ExecutionResult, result)


def release(executor: Executor) -> None:
    """Break the executor's reference cycle (it holds bound methods of itself), so it and the
    request context it references are freed at once rather than by the cycle collector: a
    collection per few requests would otherwise cost more than the execution itself."""
    executor.async_helpers = None  # type: ignore[assignment]
