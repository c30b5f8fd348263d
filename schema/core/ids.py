"""The one decoder of Relay global IDs into database keys."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay

from services.errors import NotFound

#: Database keys are positive BIGINTs: ASCII digits only (``isdigit`` admits ``²``).
_KEY = re.compile(r"[1-9][0-9]{0,18}")
_MAX_KEY = 2**63 - 1


def type_name(node: type | str) -> str:
    """The GraphQL name of a node type (given as its class or its name)."""
    if isinstance(node, str):
        return node
    definition = getattr(node, "__strawberry_definition__", None)
    return definition.name if definition is not None else node.__name__


def key_of(value: relay.GlobalID | str | None, node: type | str) -> int | None:
    """The database key inside a global ID of ``node``'s type, or None when ``value`` is not
    one (malformed, another type, or out of the key range)."""
    if value is None:
        return None
    try:
        global_id = value if isinstance(value, relay.GlobalID) else relay.GlobalID.from_id(value)
    except Exception:  # malformed base64 or text: strawberry raises several kinds
        return None
    if global_id.type_name != type_name(node) or not _KEY.fullmatch(global_id.node_id):
        return None
    key = int(global_id.node_id)
    return key if key <= _MAX_KEY else None


def decode_id(value: relay.GlobalID | str, node: type | str, *, field: str | None = None) -> int:
    """The database key inside a global ID of ``node``'s type; NOT_FOUND (at ``field``, a
    service parameter name) for anything that is not one, so a bad id reads as a missing one."""
    key = key_of(value, node)
    if key is None:
        raise NotFound(field=field)
    return key


def decode_ids(
    values: Iterable[relay.GlobalID | str], node: type | str, *, field: str | None = None
) -> list[int]:
    """Keys of several global IDs, in order; NOT_FOUND if any is not one of ``node``'s type."""
    return [decode_id(value, node, field=field) for value in values]


class Id:
    """A global ID argument of a mutation, decoded by the runner into the service's key (its
    NOT_FOUND then names the service parameter it was passed as)."""

    __slots__ = ("node", "optional", "value")

    def __init__(self, value: Any, node: type | str, *, optional: bool = False) -> None:
        self.value = value
        self.node = node
        self.optional = optional

    def decode(self, field: str) -> Any:
        if self.optional and (self.value is None or self.value is strawberry.UNSET):
            return self.value
        if isinstance(self.value, list | tuple):
            return decode_ids(self.value, self.node, field=field)
        return decode_id(self.value, self.node, field=field)
