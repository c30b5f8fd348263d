"""Static query analysis run before validation and execution: depth, aliases and repeated
fields (the cost model is in ``api.query_cost``).

Introspection fields are left out of the depth (``MaxIntrospectionDepthRule`` bounds them
during validation). Fragments are analysed once per document, so neither a fragment cycle nor
a fragment spread many times over can make the walk slow; the walk is pure AST work, so a
rejected query never reaches Redis or the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from api.query_cost import CostModel

#: Fields with one response name merged into one selection set. Validation compares such fields
#: pairwise (quadratic), so a few hundred copies of one field would cost seconds of CPU.
MAX_REPEATED_FIELDS = 32

#: Merge steps the repeated-field count may take before the document counts as too complex.
_REPEAT_WORK_BUDGET = 20_000


@dataclass(frozen=True, slots=True)
class Shape:
    depth: int
    aliases: int
    #: The most fields sharing one response name in any selection set.
    repeats: int


class QueryAnalyzer:
    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self._cost = CostModel(schema)

    def shape(
        self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
    ) -> Shape:
        depth, aliases = _ShapeWalk(fragments).selection_set(operation.selection_set)
        repeats = _RepeatWalk(fragments).operation(operation.selection_set)
        return Shape(depth=depth, aliases=aliases, repeats=repeats)

    def cost(
        self,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any] | None,
    ) -> int:
        return self._cost.cost(operation, fragments, variables)


class _ShapeWalk:
    """Depth and aliases of one operation; each fragment is measured once."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.memo: dict[str, tuple[int, int]] = {}
        self.active: set[str] = set()

    def selection_set(self, selection_set: SelectionSetNode) -> tuple[int, int]:
        depth = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.alias is not None:
                    aliases += 1
                if selection.selection_set is None or selection.name.value.startswith("__"):
                    depth = max(depth, 1)
                    continue
                inner_depth, inner_aliases = self.selection_set(selection.selection_set)
                depth = max(depth, inner_depth + 1)
                aliases += inner_aliases
                continue
            if isinstance(selection, InlineFragmentNode):
                inner_depth, inner_aliases = self.selection_set(selection.selection_set)
            else:
                inner_depth, inner_aliases = self.fragment(selection.name.value)  # type: ignore[attr-defined]
            depth = max(depth, inner_depth)
            aliases += inner_aliases
        return depth, aliases

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return 0, 0  # an unknown fragment or a cycle: validation reports both
        self.active.add(name)
        try:
            measured = self.selection_set(definition.selection_set)
        finally:
            self.active.discard(name)
        self.memo[name] = measured
        return measured


#: A selection set flattened through fragments: response name -> (fields, their selection sets
#: keyed by node identity with how many times each is reached).
_Flat = dict[str, tuple[int, dict[int, tuple[SelectionSetNode, int]]]]


class _RepeatWalk:
    """The largest group of fields validation has to compare pairwise: fields with one response
    name at one response path, counted after merging their parents. Stops early (and reports
    too many) once a group or the work budget is exceeded."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.flat: dict[int, _Flat] = {}
        self.active: set[str] = set()
        self.budget = _REPEAT_WORK_BUDGET
        self.largest = 0

    def operation(self, selection_set: SelectionSetNode) -> int:
        pending = [{id(selection_set): (selection_set, 1)}]
        while pending and self.largest <= MAX_REPEATED_FIELDS:
            pending.extend(self.merge(pending.pop()))
        return self.largest

    def merge(
        self, parts: dict[int, tuple[SelectionSetNode, int]]
    ) -> list[dict[int, tuple[SelectionSetNode, int]]]:
        merged: dict[str, list[Any]] = {}
        for node, times in parts.values():
            for name, (count, children) in self.flatten(node).items():
                entry = merged.setdefault(name, [0, {}])
                entry[0] += count * times
                for key, (child, child_times) in children.items():
                    previous = entry[1].get(key)
                    entry[1][key] = (child, child_times * times + (previous[1] if previous else 0))
                self.budget -= 1
        if self.budget < 0:
            self.largest = MAX_REPEATED_FIELDS + 1
            return []
        nested = []
        for count, children in merged.values():
            self.largest = max(self.largest, count)
            if children:
                nested.append(children)
        return nested

    def flatten(self, selection_set: SelectionSetNode) -> _Flat:
        key = id(selection_set)
        cached = self.flat.get(key)
        if cached is not None:
            return cached
        flat: _Flat = {}
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                count, children = flat.get(name, (0, {}))
                if selection.selection_set is not None:
                    children = dict(children)
                    child_key = id(selection.selection_set)
                    previous = children.get(child_key)
                    children[child_key] = (
                        selection.selection_set,
                        1 + (previous[1] if previous else 0),
                    )
                flat[name] = (count + 1, children)
                continue
            if isinstance(selection, InlineFragmentNode):
                inner = self.flatten(selection.selection_set)
            else:
                inner = self.fragment(selection.name.value)  # type: ignore[attr-defined]
            for name, (count, children) in inner.items():
                own_count, own_children = flat.get(name, (0, {}))
                combined = dict(own_children)
                for child_key, (child, times) in children.items():
                    previous = combined.get(child_key)
                    combined[child_key] = (child, times + (previous[1] if previous else 0))
                flat[name] = (own_count + count, combined)
        self.flat[key] = flat
        return flat

    def fragment(self, name: str) -> _Flat:
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return {}
        self.active.add(name)
        try:
            return self.flatten(definition.selection_set)
        finally:
            self.active.discard(name)
