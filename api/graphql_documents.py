"""Parsed, analysed and validated GraphQL documents, cached per query text, and the checks an
operation passes before it may execute.

The cache is an LRU bounded both by entries and by the total length of the cached texts, so
a stream of distinct large queries cannot grow memory without bound. A document is parsed
once and its operations measured once (depth, aliases, repeated fields); structural limits
are checked before validation (which is quadratic in repeated fields), validation runs once,
and cost is checked last. An operation without variables that passed is remembered as such,
so later requests skip straight to execution.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    validate,
)
from graphql.validation import ASTValidationRule

from api.graphql_errors import RequestError
from api.input_strings import Scan, check_variables, scan
from api.limits import MAX_REPEATED_FIELDS, QueryAnalyzer, Shape
from schema.core.reporting import coded, validation_errors

#: Query texts longer than this are prepared every time instead of being cached.
MAX_CACHED_QUERY_CHARS = 32 * 1024


@dataclass(frozen=True)
class Limits:
    max_tokens: int
    max_depth: int
    max_aliases: int
    max_cost: int


@dataclass
class Operation:
    name: str | None
    node: OperationDefinitionNode
    shape: Shape
    #: Set once an operation without variables passed every check: its cost.
    admitted_cost: int | None = None
    #: The compiled plans of an operation of a trusted document (made on first execution).
    plans: Any = None


@dataclass
class PreparedDocument:
    document: DocumentNode | None
    error: RequestError | None = None
    operations: dict[str | None, Operation] = field(default_factory=dict)
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    #: None until validated; then the validation errors, empty when valid.
    validation_errors: list[GraphQLError] | None = None
    #: The fragments as graphql-core's executor takes them, built on first execution.
    fragment_details: dict[str, Any] | None = None
    #: Its string literals checked and its variables' places (``api.input_strings``), once.
    strings: Scan | None = None
    #: One of the app's trusted (persisted) documents: executed from its compiled plan.
    trusted: bool = False


class DocumentCache:
    def __init__(
        self,
        schema: GraphQLSchema,
        rules: list[type[ASTValidationRule]],
        limits: Limits,
        *,
        trusted: frozenset[str] = frozenset(),
        max_entries: int = 1024,
        max_chars: int = 8 * 1024 * 1024,
    ) -> None:
        self.schema = schema
        self.rules = rules
        self.limits = limits
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.analyzer = QueryAnalyzer(schema)
        self.trusted = trusted
        self._entries: OrderedDict[str, PreparedDocument] = OrderedDict()
        self._chars = 0

    def get(self, query: str) -> PreparedDocument:
        prepared = self._entries.get(query)
        if prepared is not None:
            self._entries.move_to_end(query)
            return prepared
        prepared = self.prepare(query)
        if len(query) <= MAX_CACHED_QUERY_CHARS:
            self._entries[query] = prepared
            self._chars += len(query)
            while len(self._entries) > self.max_entries or self._chars > self.max_chars:
                evicted, _ = self._entries.popitem(last=False)
                self._chars -= len(evicted)
        return prepared

    def prepare(self, query: str) -> PreparedDocument:
        try:
            document = parse(query, max_tokens=self.limits.max_tokens)
        except GraphQLSyntaxError as exc:
            return PreparedDocument(None, self._syntax_error(exc))
        prepared = PreparedDocument(document, trusted=query in self.trusted)
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                prepared.fragments[definition.name.value] = definition
        try:
            for definition in document.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    name = definition.name.value if definition.name else None
                    shape = self.analyzer.shape(definition, prepared.fragments)
                    prepared.operations[name] = Operation(name, definition, shape)
        except RecursionError:  # fragments nested beyond what a token limit this high allows
            return PreparedDocument(None, self._too_deep())
        return prepared

    def admit(
        self, prepared: PreparedDocument, operation: Operation, variables: dict[str, Any] | None
    ) -> int:
        """The operation's cost once it passed every limit and validation; else a request
        error (cost errors carry the cost in ``extensions``)."""
        if operation.admitted_cost is not None:  # no variables: its literals passed already
            return operation.admitted_cost
        limits = self.limits
        shape = operation.shape
        if shape.depth > limits.max_depth:
            raise RequestError("DEPTH_LIMIT_EXCEEDED", depth=shape.depth, limit=limits.max_depth)
        if shape.aliases > limits.max_aliases:
            raise RequestError(
                "ALIAS_LIMIT_EXCEEDED", aliases=shape.aliases, limit=limits.max_aliases
            )
        if shape.repeats > MAX_REPEATED_FIELDS:
            raise RequestError("REPEATED_FIELD_LIMIT_EXCEEDED", limit=MAX_REPEATED_FIELDS)
        if prepared.validation_errors is None:
            assert prepared.document is not None
            prepared.validation_errors = validate(
                self.schema, prepared.document, self.rules, max_errors=20
            )
        if prepared.validation_errors:
            errors = validation_errors(prepared.validation_errors)
            raise RequestError(errors[0]["extensions"]["code"], errors=errors)
        if prepared.strings is None:
            assert prepared.document is not None
            prepared.strings = scan(self.schema, prepared.document)
        if prepared.strings.error is not None:
            raise prepared.strings.error
        check_variables(
            self.schema, prepared.strings, operation.node.variable_definitions, variables
        )
        cost = self.analyzer.cost(operation.node, prepared.fragments, variables)
        if cost > limits.max_cost:
            raise RequestError(
                "COST_LIMIT_EXCEEDED",
                extensions={"cost": {"requested": cost, "limit": limits.max_cost}},
                cost=cost,
                limit=limits.max_cost,
            )
        if not operation.node.variable_definitions:
            operation.admitted_cost = cost
        return cost

    def _too_deep(self) -> RequestError:
        limit = self.limits.max_depth
        return RequestError("DEPTH_LIMIT_EXCEEDED", depth=f"> {limit}", limit=limit)

    def _syntax_error(self, exc: GraphQLSyntaxError) -> RequestError:
        if "tokens" in exc.message:
            return RequestError("TOKEN_LIMIT_EXCEEDED", limit=self.limits.max_tokens)
        if "nested too deeply" in exc.message:
            return self._too_deep()
        formatted = coded(exc)
        formatted["extensions"]["code"] = "GRAPHQL_PARSE_FAILED"
        return RequestError("GRAPHQL_PARSE_FAILED", errors=[formatted])
