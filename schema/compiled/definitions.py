"""How a field joins the compiled path: a synchronous getter or a batch load, per GraphQL type.

Two kinds of source objects flow through a plan. *Objects* are what the strawberry resolvers
return (the ``Viewer``, ``Member`` nodes, ``Points``...): their fields compile by themselves
from the strawberry definitions (``schema.compiled.objects``), unless a definition here
overrides one. *Rows* are plain dicts a batch load read with one statement: their types need a
definition for every field a trusted document selects (``row_type``). A document selecting a
field that has no definition is not compiled and runs through graphql-core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from services.core.rows import Prefixed

if TYPE_CHECKING:
    from schema.compiled.executor import Run

Mode = Literal["objects", "rows"]
BatchFn = Callable[["Run", Sequence[Any], dict[str, Any]], Awaitable[Sequence[Any]]]


@dataclass(frozen=True)
class Get:
    """A value read from its source without I/O, while the response is built."""

    fn: Callable[[Any], Any]
    #: How the child selection reads the value (object fields only).
    child: Mode = "rows"


@dataclass(frozen=True)
class Load:
    """A value for every source of a level at once, in the level's one async step. ``fn``
    gets the run, the sources and the field's arguments (GraphQL names, coerced) and returns
    one value per source, or an exception for a source whose field failed."""

    fn: BatchFn
    child: Mode = "rows"


Definition = Get | Load

#: Field definitions of row types: type name -> field name -> definition.
ROW_FIELDS: dict[str, dict[str, Definition]] = {}
#: Definitions that replace a strawberry resolver for object sources.
OBJECT_FIELDS: dict[str, dict[str, Definition]] = {}


def row_type(type_name: str, **fields: Definition | Callable[[Any], Any]) -> None:
    """Declare how fields of ``type_name`` read a row (a callable is a ``Get``)."""
    target = ROW_FIELDS.setdefault(type_name, {})
    for name, definition in fields.items():
        target[name] = definition if isinstance(definition, Get | Load) else Get(definition)


def load(
    type_name: str, field_name: str, *, source: Mode = "objects", child: Mode = "rows"
) -> Callable[[BatchFn], BatchFn]:
    """Register a batch load for ``type_name.field_name`` on sources of mode ``source``."""

    def register(fn: BatchFn) -> BatchFn:
        registry = OBJECT_FIELDS if source == "objects" else ROW_FIELDS
        registry.setdefault(type_name, {})[field_name] = Load(fn, child)
        return fn

    return register


def column(name: str) -> Callable[[dict[str, Any]], Any]:
    """The row's ``name`` column as it is."""
    return lambda row: row[name]


def nested(prefix: str) -> Get:
    """An object field whose row was joined into the parent row, its columns read under
    ``prefix__`` (``services.core.rows.columns``)."""
    prefix = f"{prefix}__"
    return Get(lambda row: Prefixed(row, prefix), "rows")


#: Relay connections over a ``services.pagination.Page`` of rows (any ``…Connection`` type).
CONNECTION_FIELDS: dict[str, Definition] = {
    "edges": Get(lambda page: list(zip(page.items, page.cursors, strict=True))),
    "pageInfo": Get(lambda page: page),
    "totalCount": Get(lambda page: None),
}
EDGE_FIELDS: dict[str, Definition] = {
    "node": Get(lambda edge: edge[0]),
    "cursor": Get(lambda edge: edge[1]),
}
PAGE_INFO_FIELDS: dict[str, Definition] = {
    "hasNextPage": Get(lambda page: page.has_next_page),
    "hasPreviousPage": Get(lambda page: page.has_previous_page),
    "startCursor": Get(lambda page: page.cursors[0] if page.cursors else None),
    "endCursor": Get(lambda page: page.cursors[-1] if page.cursors else None),
}


def row_definition(type_name: str, field_name: str) -> Definition | None:
    """The definition of a row type's field, connections and their edges included."""
    found = ROW_FIELDS.get(type_name, {}).get(field_name)
    if found is not None:
        return found
    if type_name.endswith("Connection"):
        return CONNECTION_FIELDS.get(field_name)
    if type_name.endswith("Edge"):
        return EDGE_FIELDS.get(field_name)
    if type_name == "PageInfo":
        return PAGE_INFO_FIELDS.get(field_name)
    return None
