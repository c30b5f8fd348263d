"""Query cost, computed from the document before execution.

Every field costs 1. A connection field (its type name ends in ``Connection``) multiplies the
cost of what it selects by its ``first``/``last`` (the default page size when absent); a list
field taking a list argument (``nodes(ids:)``) multiplies by that list's length. Introspection
fields count 1 each. Each fragment is costed once per request, so fragments spread many times
over cannot make the walk slow, and a fragment cycle ends it.
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
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from services.pagination import DEFAULT_PAGE

_PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class FieldInfo:
    type_name: str
    connection: bool
    list: bool


class CostModel:
    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self._fields: dict[tuple[str, str], FieldInfo] = {}
        for type_name, graphql_type in schema.type_map.items():
            fields = getattr(graphql_type, "fields", None)
            if not fields or type_name.startswith("__"):
                continue
            for field_name, field in fields.items():
                named, is_list = _unwrap(field.type)
                self._fields[(type_name, field_name)] = FieldInfo(
                    named, named.endswith("Connection"), is_list
                )

    def cost(
        self,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any] | None,
    ) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        walk = _CostWalk(self._fields, fragments, variables or {})
        return walk.selection_set(operation.selection_set, root.name)


class _CostWalk:
    def __init__(
        self,
        fields: dict[tuple[str, str], FieldInfo],
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.fields = fields
        self.fragments = fragments
        self.variables = variables
        self.memo: dict[str, int] = {}
        self.active: set[str] = set()

    def selection_set(self, selection_set: SelectionSetNode, parent: str) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1
                if selection.selection_set is None:
                    continue
                info = self.fields.get((parent, selection.name.value))
                if info is None:  # introspection, or a field validation will reject
                    total += self.selection_set(selection.selection_set, parent)
                    continue
                inner = self.selection_set(selection.selection_set, info.type_name)
                total += inner * self.multiplier(selection, info)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self.selection_set(
                    selection.selection_set, condition.name.value if condition else parent
                )
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
        return total

    def fragment(self, name: str) -> int:
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return 0
        self.active.add(name)
        try:
            cost = self.selection_set(
                definition.selection_set, definition.type_condition.name.value
            )
        finally:
            self.active.discard(name)
        self.memo[name] = cost
        return cost

    def multiplier(self, field: FieldNode, info: FieldInfo) -> int:
        if info.connection:
            return max(1, self.page_size(field))
        if info.list:
            for argument in field.arguments or ():
                size = self.list_size(argument.value)
                if size is not None:
                    return max(1, size)
        return 1

    def page_size(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value not in _PAGE_ARGUMENTS:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return given
        return DEFAULT_PAGE

    def list_size(self, value: Any) -> int | None:
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            if isinstance(given, list):
                return len(given)
        return None


def _unwrap(graphql_type: Any) -> tuple[str, bool]:
    """The named type under list/non-null wrappers, and whether a list wraps it."""
    is_list = False
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        if isinstance(graphql_type, GraphQLList):
            is_list = True
        graphql_type = graphql_type.of_type
    return str(getattr(graphql_type, "name", "")), is_list
