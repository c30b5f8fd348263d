"""Static query analysis run before execution: depth, aliases and cost.

Cost model: every field costs 1; a connection field (its type name ends in ``Connection``)
multiplies the cost of what it selects by its ``first``/``last`` (default page size when
absent). The walk is pure AST work, so a rejected query never reaches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from services.pagination import DEFAULT_PAGE


@dataclass(frozen=True, slots=True)
class Shape:
    depth: int
    aliases: int


class QueryAnalyzer:
    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        #: (parent type, field) -> (named return type, returns a connection)
        self._fields: dict[tuple[str, str], tuple[str, bool]] = {}
        for type_name, graphql_type in schema.type_map.items():
            fields = getattr(graphql_type, "fields", None)
            if not fields or type_name.startswith("__"):
                continue
            for field_name, field in fields.items():
                named = _named(field.type)
                self._fields[(type_name, field_name)] = (named, named.endswith("Connection"))

    def shape(
        self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
    ) -> Shape:
        aliases = 0
        max_depth = 0
        stack: list[tuple[SelectionSetNode, int, frozenset[str]]] = [
            (operation.selection_set, 1, frozenset())
        ]
        while stack:
            selection_set, depth, seen = stack.pop()
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    if selection.alias is not None:
                        aliases += 1
                    max_depth = max(max_depth, depth)
                    if selection.selection_set is not None:
                        stack.append((selection.selection_set, depth + 1, seen))
                elif isinstance(selection, InlineFragmentNode):
                    stack.append((selection.selection_set, depth, seen))
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = fragments.get(name)
                    if fragment is not None and name not in seen:
                        stack.append((fragment.selection_set, depth, seen | {name}))
        return Shape(depth=max_depth, aliases=aliases)

    def cost(
        self,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any] | None,
    ) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        return self._selection_cost(
            operation.selection_set, root.name, fragments, variables or {}, frozenset()
        )

    def _selection_cost(
        self,
        selection_set: SelectionSetNode,
        parent: str,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        seen: frozenset[str],
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1
                if selection.selection_set is None:
                    continue
                named, is_connection = self._fields.get(
                    (parent, selection.name.value), (parent, False)
                )
                inner = self._selection_cost(
                    selection.selection_set, named, fragments, variables, seen
                )
                if is_connection:
                    inner *= max(1, _page_argument(selection, variables))
                total += inner
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self._selection_cost(
                    selection.selection_set,
                    condition.name.value if condition else parent,
                    fragments,
                    variables,
                    seen,
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    total += self._selection_cost(
                        fragment.selection_set,
                        fragment.type_condition.name.value,
                        fragments,
                        variables,
                        seen | {name},
                    )
        return total


def _named(graphql_type: Any) -> str:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return (
        graphql_type.name
        if isinstance(graphql_type, GraphQLObjectType)
        else str(getattr(graphql_type, "name", ""))
    )


def _page_argument(field: FieldNode, variables: dict[str, Any]) -> int:
    for argument in field.arguments:
        if argument.name.value not in ("first", "last"):
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            if isinstance(given, int):
                return given
    return DEFAULT_PAGE
