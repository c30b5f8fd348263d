"""Every string a request hands the schema is bounded, here and nowhere else, before any
resolver (or the database behind it) sees it: a string argument or input field is at most
its bound in characters, and never holds a lone UTF-16 surrogate (``"\\ud800"`` is valid JSON
but no text: no database can store it). A literal in the document is checked once per
distinct document; a variable on every request, against each place the document uses it.

Bounds are by coordinate (``Query.circle.slug``, ``JoinWithInviteInput.code``): a lookup key
is bounded by its column, long texts (``body``, ``description``) by the longest the services
take, everything else by ``DEFAULT_MAX``. The services still apply their own, finer limits
with a coded error naming the field; this only makes sure nothing longer ever gets there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)
from graphql.utilities import type_from_ast

from api.graphql_errors import RequestError

#: Any string not listed below (names, notes, reasons, codes, keys, cursors, ids).
DEFAULT_MAX = 4_000  # twice the longest short text the services take (2,000)
#: Post and proposal bodies, event and badge descriptions: twice the 10,000 the services take,
#: so an overshoot still gets their coded payload error naming the field.
LONG_MAX = 20_000
LONG_NAMES = frozenset({"body", "description"})
#: Lookup keys whose column is shorter than ``DEFAULT_MAX`` (models: the column's length).
BOUNDS: dict[str, int] = {
    "Query.circle.slug": 64,
    "Query.member.handle": 32,
    "JoinWithInviteInput.code": 32,  # 16 stored, spaces around it allowed
    "VerifyCouponInput.code": 64,  # 16 stored, spaces and dashes ignored
}
_STRING_SCALARS = frozenset({"String", "ID"})


def bound(coordinate: str) -> int:
    """The most characters a string at ``coordinate`` may hold."""
    if coordinate in BOUNDS:
        return BOUNDS[coordinate]
    return LONG_MAX if coordinate.rpartition(".")[2] in LONG_NAMES else DEFAULT_MAX


def problem(value: str, limit: int) -> str | None:
    """Why ``value`` is refused (``too_long``, ``not_text``), or None."""
    if len(value) > limit:
        return "too_long"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "not_text"
    return None


@dataclass
class Scan:
    """What a document's literals broke (checked once) and where it uses each variable."""

    error: RequestError | None = None
    #: variable name -> the coordinates it is passed to directly (arguments, input fields).
    usages: dict[str, list[str]] = field(default_factory=dict)


def scan(schema: GraphQLSchema, document: DocumentNode) -> Scan:
    """Check the document's string literals and record its variables' coordinates."""
    type_info = TypeInfo(schema)
    found = Scan()
    visitor = _Walker(type_info, found)
    visit(document, TypeInfoVisitor(type_info, visitor))
    return found


def check_variables(
    schema: GraphQLSchema, scanned: Scan, definitions: Any, variables: dict[str, Any] | None
) -> None:
    """INVALID_INPUT (a request error) when a variable's string breaks a bound."""
    if not variables:
        return
    for definition in definitions or ():
        name = definition.variable.name.value
        if name not in variables:
            continue
        value = variables[name]
        declared = type_from_ast(schema, definition.type)
        for coordinate in scanned.usages.get(name, ()) or ("",):
            _walk_value(value, declared, coordinate, [name])


def _walk_value(value: Any, graphql_type: Any, coordinate: str, path: list[Any]) -> None:
    while isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if isinstance(graphql_type, GraphQLList):
        if isinstance(value, list):
            for index, item in enumerate(value):
                _walk_value(item, graphql_type.of_type, coordinate, [*path, index])
        else:
            _walk_value(value, graphql_type.of_type, coordinate, path)
        return
    if isinstance(graphql_type, GraphQLInputObjectType):
        if isinstance(value, dict):
            for key, item in value.items():
                input_field = graphql_type.fields.get(key)
                if input_field is not None:
                    inner = f"{graphql_type.name}.{key}"
                    _walk_value(item, input_field.type, inner, [*path, key])
        return
    if isinstance(value, str) and _is_string(graphql_type):
        _refuse_if_bad(value, coordinate, path)


def _is_string(graphql_type: Any) -> bool:
    return isinstance(graphql_type, GraphQLScalarType) and graphql_type.name in _STRING_SCALARS


def _refuse_if_bad(value: str, coordinate: str, path: list[Any]) -> None:
    limit = bound(coordinate) if coordinate else DEFAULT_MAX
    why = problem(value, limit)
    if why is None:
        return
    if why == "too_long":
        raise RequestError(
            "INVALID_INPUT", message_key="STRING_TOO_LONG", field=path,
            limit=limit, where=".".join(map(str, path)),
        )  # fmt: skip
    raise RequestError(
        "INVALID_INPUT", message_key="STRING_NOT_TEXT", field=path,
        where=".".join(map(str, path)),
    )  # fmt: skip


class _Walker(Visitor):
    """Keeps the coordinate of the innermost argument or input field being visited."""

    def __init__(self, type_info: TypeInfo, found: Scan) -> None:
        super().__init__()
        self.type_info = type_info
        self.found = found
        self.stack: list[str] = []
        self.fields: list[str] = []

    def enter_field(self, node: Any, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        self.fields.append(f"{getattr(parent, 'name', '')}.{node.name.value}")

    def leave_field(self, *_: Any) -> None:
        self.fields.pop()

    def enter_argument(self, node: Any, *_: Any) -> None:
        owner = self.fields[-1] if self.fields and self.type_info.get_directive() is None else ""
        self.stack.append(f"{owner}.{node.name.value}" if owner else "")

    def leave_argument(self, *_: Any) -> None:
        self.stack.pop()

    def enter_object_field(self, node: Any, *_: Any) -> None:
        parent = self.type_info.get_parent_input_type()
        while isinstance(parent, GraphQLNonNull | GraphQLList):
            parent = parent.of_type
        name = getattr(parent, "name", "")
        self.stack.append(f"{name}.{node.name.value}" if name else "")

    def leave_object_field(self, *_: Any) -> None:
        self.stack.pop()

    def enter_variable(self, node: Any, *_: Any) -> None:
        if self.stack:
            self.found.usages.setdefault(node.name.value, []).append(self.stack[-1])

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if self.found.error is not None or not self.stack:
            return
        try:
            _refuse_if_bad(node.value, self.stack[-1], [self.stack[-1]])
        except RequestError as error:
            self.found.error = error
