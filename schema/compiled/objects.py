"""Compiled definitions of strawberry-object fields, taken from the strawberry types themselves.

A field without a resolver reads its attribute; a field with a resolver calls that resolver
(the same code graphql-core calls, so privacy and authorization decisions are the ones it
makes) once per source in the level's async step, awaiting what it returns when it is
awaitable. Fields carrying permission classes or field extensions, and resolvers taking
arguments other than scalars and enums, are not compiled: their documents keep graphql-core.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Sequence
from typing import Any

from graphql import GraphQLField, GraphQLInputObjectType, get_named_type
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from schema.compiled.definitions import OBJECT_FIELDS, Definition, Get, Load

BACKREF = "strawberry-definition"


class NotCompilable(Exception):
    """The selection uses something the compiled path does not do the way graphql-core does."""


def object_field(type_name: str, name: str, field: GraphQLField) -> Definition:
    """The definition of ``type_name.name`` for sources that are strawberry objects."""
    override = OBJECT_FIELDS.get(type_name, {}).get(name)
    if override is not None:
        return override
    definition = (field.extensions or {}).get(BACKREF)
    if not isinstance(definition, StrawberryField):
        raise NotCompilable(f"{type_name}.{name} has no strawberry definition")
    if definition.permission_classes or definition.extensions:
        raise NotCompilable(f"{type_name}.{name} has permissions or extensions")
    resolver = definition.base_resolver
    if resolver is None:
        attribute = definition.python_name
        return Get(lambda source: getattr(source, attribute), "objects")
    for argument in field.args.values():
        if isinstance(get_named_type(argument.type), GraphQLInputObjectType):
            raise NotCompilable(f"{type_name}.{name} takes an input object")
    return Load(_resolver_batch(definition), "objects")


def _resolver_batch(definition: StrawberryField) -> Any:
    resolver = definition.base_resolver
    assert resolver is not None
    function = resolver.wrapped_func
    takes_self = resolver.self_parameter is not None or resolver.root_parameter is not None
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    names = {
        argument.graphql_name or to_camel_case(argument.python_name): argument.python_name
        for argument in resolver.arguments
    }

    async def batch(run: Any, sources: Sequence[Any], args: dict[str, Any]) -> list[Any]:
        kwargs = {names[key]: value for key, value in args.items() if key in names}
        if info_name is not None:
            kwargs[info_name] = run.info
        values: list[Any] = []
        pending: list[int] = []
        for source in sources:
            try:
                value = function(source, **kwargs) if takes_self else function(**kwargs)
            except Exception as exc:  # the field's error, reported at its path
                value = exc
            if inspect.isawaitable(value):
                pending.append(len(values))
            values.append(value)
        if pending:
            done = await asyncio.gather(*(values[i] for i in pending), return_exceptions=True)
            for index, value in zip(pending, done, strict=True):
                values[index] = value
        return values

    return batch
