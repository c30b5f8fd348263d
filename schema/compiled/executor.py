"""Running a plan: every level's loads in one async step, then the response in one synchronous
walk.

Level by level, the loads of every selection at that depth run together (``asyncio.gather``)
over all the sources of that level; their results, and the getters' values that lead to
deeper loads, give the next level's sources. Once no level has loads left, the response is
built without awaiting: getters read their sources, loads' results are looked up, leaves
serialized by the function chosen when the plan was made. A failed field is reported like
graphql-core reports it (message, locations, path; the original error kept for the
formatter) and its null propagates to the nearest nullable parent.
"""

from __future__ import annotations

import asyncio
from typing import Any

from graphql import GraphQLError, located_error
from graphql.execution.values import get_argument_values

from schema.compiled.planner import Plan, PlannedField, Selection


class Info:
    """What resolvers called by the compiled path may use of their ``info``: the context."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


class _Null(Exception):
    """A null in a non-null position, on its way to the nearest nullable parent."""


class Run:
    """One execution of a plan."""

    __slots__ = ("plan", "context", "info", "variables", "loaded", "errors", "_args")

    def __init__(self, plan: Plan, context: Any, variables: dict[str, Any]) -> None:
        self.plan = plan
        self.context = context
        self.info = Info(context)
        self.variables = variables
        self.loaded: list[dict[int, Any] | None] = [None] * len(plan.fields)
        self.errors: list[GraphQLError] = []
        self._args: list[dict[str, Any] | None] = [None] * len(plan.fields)

    def args(self, planned: PlannedField) -> dict[str, Any]:
        if planned.args is not None:
            return planned.args
        found = self._args[planned.index]
        if found is None:
            found = get_argument_values(planned.field_def, planned.nodes[0], self.variables)
            self._args[planned.index] = found
        return found


async def execute(plan: Plan, context: Any, variables: dict[str, Any]) -> tuple[Any, list]:
    """``(data, errors)`` as graphql-core's ``ExecutionResult`` holds them."""
    run = Run(plan, context, variables)
    root: Any = None
    level: list[tuple[Selection, list[Any]]] = [(plan.root, [root])]
    while level:
        await _load_level(run, level)
        level = _next_level(run, level)
    try:
        data = _object(run, plan.root, root, None)
    except _Null:
        data = None
    return data, run.errors


async def _load_level(run: Run, level: list[tuple[Selection, list[Any]]]) -> None:
    jobs = []
    for selection, sources in level:
        for planned in selection.fields:
            if planned.is_load:
                jobs.append((planned, sources))
    if not jobs:
        return
    results = await asyncio.gather(*(_batch(run, planned, sources) for planned, sources in jobs))
    for (planned, sources), values in zip(jobs, results, strict=True):
        store = run.loaded[planned.index]
        if store is None:
            store = run.loaded[planned.index] = {}
        for source, value in zip(sources, values, strict=True):
            store[id(source)] = value


async def _batch(run: Run, planned: PlannedField, sources: list[Any]) -> Any:
    try:
        return await planned.definition.fn(run, sources, run.args(planned))  # type: ignore[call-arg]
    except Exception as exc:  # the whole batch failed: every source's field fails
        return [exc] * len(sources)


def _next_level(
    run: Run, level: list[tuple[Selection, list[Any]]]
) -> list[tuple[Selection, list[Any]]]:
    following = []
    for selection, sources in level:
        for planned in selection.fields:
            child = planned.child
            if child is None or not child.has_loads:
                continue
            found: list[Any] = []
            for source in sources:
                value = _value(run, planned, source)
                if value is None or isinstance(value, Exception):
                    continue
                if planned.is_list:
                    found.extend(item for item in value if item is not None)
                else:
                    found.append(value)
            if found:
                following.append((child, found))
    return following


def _value(run: Run, planned: PlannedField, source: Any) -> Any:
    if planned.is_load:
        store = run.loaded[planned.index]
        return store.get(id(source)) if store is not None else None
    try:
        return planned.definition.fn(source)  # type: ignore[call-arg]
    except Exception as exc:
        return exc


def _object(run: Run, selection: Selection, source: Any, path: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    loaded = run.loaded
    for planned in selection.fields:
        key = planned.key
        if planned.is_load:
            store = loaded[planned.index]
            value = store.get(id(source)) if store is not None else None
        else:
            try:
                value = planned.definition.fn(source)  # type: ignore[call-arg]
            except Exception as exc:
                value = exc
        try:
            out[key] = _complete(run, planned, value, path, key)
        except _Null:
            if planned.nonnull:
                raise
            out[key] = None
    return out


def _complete(run: Run, planned: PlannedField, value: Any, path: Any, key: Any) -> Any:
    if isinstance(value, Exception):
        _fail(run, planned, value, (path, key))
        raise _Null
    if value is None:
        if planned.nonnull:
            raise _Null
        return None
    if planned.is_list:
        here = (path, key)
        items = []
        for index, item in enumerate(value):
            try:
                items.append(_item(run, planned, item, here, index))
            except _Null:
                raise _Null from None  # a null item in a list of non-null items nulls the list
        return items
    leaf = planned.leaf
    if leaf is not None:
        return leaf(value)
    child = planned.child
    assert child is not None
    return _object(run, child, value, (path, key))


def _item(run: Run, planned: PlannedField, item: Any, path: Any, index: int) -> Any:
    if item is None:
        if planned.item_nonnull:
            raise _Null
        return None
    leaf = planned.leaf
    if leaf is not None:
        return leaf(item)
    child = planned.child
    assert child is not None
    try:
        return _object(run, child, item, (path, index))
    except _Null:
        if planned.item_nonnull:
            raise
        return None


def _fail(run: Run, planned: PlannedField, error: Exception, path: Any) -> None:
    keys: list[Any] = []
    while path is not None:
        path, key = path
        keys.append(key)
    keys.reverse()
    run.errors.append(located_error(error, planned.nodes, keys))
