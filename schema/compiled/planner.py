"""Compiling an operation into a plan: the selection of each level, with every field's
definition, arguments, leaf serializer and nullability resolved once.

Fields are collected the way graphql-core collects them (fragments spread and inline, type
conditions, ``@include``/``@skip``, fields of the same response key merged), from the
schema's types. ``@include``/``@skip`` on variables make one plan per combination of their
values. Abstract types (interfaces and unions as field types) are not compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from graphql.execution.values import get_argument_values

from schema.compiled.definitions import Definition, Get, Load, Mode, row_definition
from schema.compiled.objects import NotCompilable, object_field
from services.core.sql import as_datetime


@dataclass
class PlannedField:
    key: str
    nodes: list[FieldNode]
    definition: Definition
    field_def: GraphQLField
    #: Arguments without variables, coerced once; None when they depend on variables.
    args: dict[str, Any] | None
    nonnull: bool
    is_list: bool
    item_nonnull: bool
    leaf: Callable[[Any], Any] | None
    child: Selection | None
    index: int = 0

    @property
    def is_load(self) -> bool:
        return isinstance(self.definition, Load)


@dataclass
class Selection:
    type_name: str
    fields: list[PlannedField]
    #: Some field here or below is a Load.
    has_loads: bool = False


@dataclass
class Plan:
    root: Selection
    loads: int = 0
    fields: list[PlannedField] = field(default_factory=list)


def condition_variables(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    """The variables ``@include``/``@skip`` read: a plan is made per combination of them."""
    found: list[str] = []

    def walk(selection_set: SelectionSetNode | None, seen: set[str]) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                if directive.name.value in ("include", "skip"):
                    for argument in directive.arguments:
                        if isinstance(argument.value, VariableNode):
                            name = argument.value.name.value
                            if name not in found:
                                found.append(name)
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    walk(fragments[name].selection_set, seen | {name})
            else:
                walk(selection.selection_set, seen)

    walk(operation.selection_set, set())
    return tuple(found)


class Planner:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        conditions: dict[str, bool],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.conditions = conditions
        self.plan = Plan(Selection("", []))

    def compile(self, operation: OperationDefinitionNode) -> Plan:
        root = self.schema.query_type
        if operation.operation.value != "query" or root is None:
            raise NotCompilable("only queries are compiled")
        self.plan.root = self._selection(root, [operation.selection_set], "objects")
        return self.plan

    def _selection(
        self, parent: GraphQLObjectType, sets: list[SelectionSetNode], mode: Mode
    ) -> Selection:
        grouped: dict[str, list[FieldNode]] = {}
        for selection_set in sets:
            self._collect(parent, selection_set, grouped, set())
        selection = Selection(parent.name, [])
        for key, nodes in grouped.items():
            planned = self._field(parent, key, nodes, mode)
            selection.fields.append(planned)
            if planned.is_load or (planned.child is not None and planned.child.has_loads):
                selection.has_loads = True
        return selection

    def _collect(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode,
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(parent, selection.type_condition):
                    self._collect(parent, selection.selection_set, grouped, visited)
            else:
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if self._applies(parent, fragment.type_condition):
                    self._collect(parent, fragment.selection_set, grouped, visited)

    def _applies(self, parent: GraphQLObjectType, condition: Any) -> bool:
        if condition is None:
            return True
        named = self.schema.get_type(condition.name.value)
        if named is parent:
            return True
        if named is None or isinstance(named, GraphQLObjectType):
            return False
        return self.schema.is_sub_type(named, parent)  # type: ignore[arg-type]

    def _included(self, selection: Any) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("include", "skip"):
                continue
            value = directive.arguments[0].value if directive.arguments else None
            if isinstance(value, VariableNode):
                flag = bool(self.conditions.get(value.name.value))
            elif isinstance(value, BooleanValueNode):
                flag = value.value
            else:
                raise NotCompilable("unexpected @include/@skip argument")
            if (name == "include") != flag:
                return False
        return True

    def _field(
        self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode], mode: Mode
    ) -> PlannedField:
        name = nodes[0].name.value
        if name == "__typename":
            type_name = parent.name
            typename = GraphQLField(GraphQLNonNull(self.schema.type_map["String"]))
            return self._add(
                PlannedField(
                    key,
                    nodes,
                    Get(lambda _: type_name),
                    typename,
                    {},
                    True,
                    False,
                    False,
                    _identity,
                    None,
                )  # fmt: skip
            )
        if name.startswith("__"):
            raise NotCompilable("introspection is not compiled")
        field_def = parent.fields.get(name)
        if field_def is None:
            raise NotCompilable(f"{parent.name}.{name} is not a field")
        if mode == "objects":
            definition = object_field(parent.name, name, field_def)
        else:
            found = row_definition(parent.name, name)
            if found is None:
                raise NotCompilable(f"{parent.name}.{name} has no row definition")
            definition = found
        args: dict[str, Any] | None = None
        if not any(_has_variable(argument.value) for argument in nodes[0].arguments or ()):
            args = get_argument_values(field_def, nodes[0], {})
        output = field_def.type
        nonnull = isinstance(output, GraphQLNonNull)
        if nonnull:
            output = output.of_type  # type: ignore[union-attr]
        is_list = isinstance(output, GraphQLList)
        item_nonnull = False
        if is_list:
            output = output.of_type  # type: ignore[union-attr]
            item_nonnull = isinstance(output, GraphQLNonNull)
            if item_nonnull:
                output = output.of_type  # type: ignore[union-attr]
            if isinstance(output, GraphQLList):
                raise NotCompilable("lists of lists are not compiled")
        leaf = None
        child = None
        if isinstance(output, GraphQLObjectType):
            sets = [node.selection_set for node in nodes if node.selection_set is not None]
            child = self._selection(output, sets, definition.child)
        elif isinstance(output, GraphQLScalarType | GraphQLEnumType):
            leaf = serializer(output)
        else:
            raise NotCompilable(f"{parent.name}.{name} returns an abstract type")
        return self._add(
            PlannedField(
                key, nodes, definition, field_def, args, nonnull, is_list, item_nonnull, leaf, child
            )  # fmt: skip
        )

    def _add(self, planned: PlannedField) -> PlannedField:
        planned.index = len(self.plan.fields)
        self.plan.fields.append(planned)
        if planned.is_load:
            self.plan.loads += 1
        return planned


def _has_variable(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    for name in ("values", "fields"):
        for item in getattr(value, name, ()) or ():
            if _has_variable(getattr(item, "value", item)):
                return True
    return False


def _identity(value: Any) -> Any:
    return value


def _datetime(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return as_datetime(value).isoformat()  # SQLite rows hold text


def _date(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)).isoformat()


def _global_id(value: Any) -> str:
    return str(value)


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "Int": _identity,
    "String": _identity,
    "Float": float,
    "Boolean": bool,
    "ID": _global_id,
    "GlobalID": _global_id,
    "DateTime": _datetime,
    "Date": _date,
    "JSON": _identity,
}


def serializer(leaf: GraphQLScalarType | GraphQLEnumType) -> Callable[[Any], Any]:
    """What turns a leaf value into its JSON form, decided once per field."""
    if isinstance(leaf, GraphQLEnumType):
        names: dict[Any, str] = {}
        for name, value in leaf.values.items():
            names[value.value] = name
            raw = getattr(value.value, "value", None)
            if raw is not None:
                names.setdefault(raw, name)  # rows hold the stored value
        return names.__getitem__
    found = _SCALARS.get(leaf.name)
    if found is not None:
        return found
    return leaf.serialize
