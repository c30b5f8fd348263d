"""Responses shared between readers for a few seconds.

Some queries read the same for everyone: a leaderboard page with the members' names is the
same page whoever asks (names are never hidden, see ``services.members.privacy``). Such a
query is executed once per distinct request (query text, operation, variables, signed in or
not) and the encoded body is served to every reader for ``seconds``: a board that 64 clients
refresh costs one execution per period, not 64 per round. Concurrent misses of one key wait
for the first one's execution instead of running their own.

Which fields read the same for everyone is declared, field by field, in ``SharedFields``
(``schema.shared.SHARED_FIELDS``): a request is shared only when every field it selects,
through fragments, is declared and the declared condition on its arguments holds (a CITY
board shows a member only to readers allowed to see their city: not shared). Anything else,
``isViewer`` or a profile section for instance, makes the request an ordinary one. Only
complete answers are shared: a body with errors is returned to its own reader alone.

What a reader may see a few seconds late: a score that moved, a renamed member. The rate
limit, the query limits and the access log apply to every request as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)

from schema.shared import SharedFields

MAX_ENTRIES = 256
#: Bodies larger than this are not kept, and the kept ones never add up to more than
#: ``MAX_BYTES``; variables longer than ``MAX_VARIABLES_CHARS`` make a request unshared.
MAX_BODY_BYTES = 512 * 1024
MAX_BYTES = 16 * 1024 * 1024
MAX_VARIABLES_CHARS = 2048


class SharedResponses:
    def __init__(self, schema: GraphQLSchema, fields: SharedFields, seconds: float) -> None:
        self._schema = schema
        self._fields = fields
        self._seconds = seconds
        self._entries: OrderedDict[Hashable, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._running: dict[Hashable, asyncio.Future[bytes | None]] = {}

    @property
    def enabled(self) -> bool:
        return self._seconds > 0

    def key(
        self,
        query: str,
        operation_name: str | None,
        selection_set: SelectionSetNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any] | None,
        signed_in: bool,
        definitions: Sequence[VariableDefinitionNode] = (),
    ) -> Hashable | None:
        """The request's key when its answer is the same for every reader (signed in or
        not), else None. ``definitions`` are the operation's variables (for their defaults)."""
        root = self._schema.query_type
        sent = variables or {}
        canonical = json.dumps(sent, sort_keys=True, separators=(",", ":"), default=str)
        if root is None or len(canonical) > MAX_VARIABLES_CHARS:
            return None
        values = {**_defaults(definitions), **sent}
        if not self._shared(root, selection_set, fragments, values):
            return None
        text = hashlib.blake2b(query.encode(), digest_size=16).digest()
        return (text, operation_name, canonical, signed_in)

    async def body(
        self, key: Hashable, execute: Callable[[], Awaitable[tuple[bytes, bool]]]
    ) -> bytes:
        """The shared body of ``key``; ``execute`` runs when there is none (or the one run
        meanwhile was not complete) and says whether its body may be shared."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        running = self._running.get(key)
        if running is not None:
            shared = await asyncio.shield(running)
            if shared is not None:
                return shared
            return (await execute())[0]
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        shared_body: bytes | None = None
        try:
            body, complete = await execute()
            if complete:
                shared_body = body
                self._store(key, body, time.monotonic() + self._seconds)
            return body
        finally:
            del self._running[key]
            future.set_result(shared_body)

    def _store(self, key: Hashable, body: bytes, expires: float) -> None:
        if len(body) > MAX_BODY_BYTES:
            return
        replaced = self._entries.pop(key, None)
        if replaced is not None:
            self._bytes -= len(replaced[1])
        self._entries[key] = (expires, body)
        self._bytes += len(body)
        while len(self._entries) > MAX_ENTRIES or self._bytes > MAX_BYTES:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= len(dropped)

    def _shared(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> bool:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not self._shared_field(parent, selection, fragments, variables):
                    return False
                continue
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is None:
                    return False
                condition, inner = fragment.type_condition, fragment.selection_set
            elif isinstance(selection, InlineFragmentNode):
                condition, inner = selection.type_condition, selection.selection_set
            else:
                return False
            if condition is not None and condition.name.value != parent.name:
                return False  # a fragment on an interface or another type: not analysed
            if not self._shared(parent, inner, fragments, variables):
                return False
        return True

    def _shared_field(
        self,
        parent: GraphQLObjectType,
        node: FieldNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> bool:
        name = node.name.value
        if name == "__typename":
            return True
        declared = (parent.name, name)
        if declared not in self._fields or name not in parent.fields:
            return False
        condition = self._fields[declared]
        if condition is not None and not condition(_arguments(node, variables)):
            return False
        if node.selection_set is None:
            return True
        child = get_named_type(parent.fields[name].type)
        if not isinstance(child, GraphQLObjectType):
            return False
        return self._shared(child, node.selection_set, fragments, variables)


def _defaults(definitions: Sequence[VariableDefinitionNode]) -> dict[str, Any]:
    return {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in definitions
        if definition.default_value is not None
    }


def _arguments(node: FieldNode, variables: Mapping[str, Any]) -> Callable[[str], Any]:
    values: dict[str, ValueNode] = {arg.name.value: arg.value for arg in node.arguments or ()}

    def argument(name: str) -> Any:
        value = values.get(name)
        if value is None:
            return None
        if isinstance(value, VariableNode):
            return variables.get(value.name.value)
        return value_from_ast_untyped(value, variables)

    return argument
