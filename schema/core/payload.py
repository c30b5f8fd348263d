"""The one payload base: every mutation answers with what it changed and its ``errors``."""

from __future__ import annotations

from typing import Any, Self

import strawberry
from strawberry.types.base import StrawberryOptional, get_object_definition

from schema.core.errors import UserError


class Payload:
    """Base of every mutation payload: a subclass declares the changed object(s) and gets
    ``errors`` as its last field (``@strawberry.type`` still decorates the subclass)."""

    errors: list[UserError]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = dict(cls.__dict__.get("__annotations__", {}))
        own.pop("errors", None)
        cls.__annotations__ = {**own, "errors": list[UserError]}
        cls.errors = strawberry.field(  # type: ignore[assignment]  # the field declaration
            default_factory=list,
            description="Expected failures; when there are any, nothing was changed.",
        )

    @classmethod
    def of(cls, result: Any) -> Self:
        """The payload of a service result. By default the payload has one field besides
        ``errors``, and the result is that field's value, or the model its type is built
        ``from_model``. Payloads of several fields say how a result reads by overriding this."""
        if result is None:
            return cls()
        name, kind = _result_field(cls)
        if (
            not isinstance(kind, type)
            or isinstance(result, kind)
            or not hasattr(kind, "from_model")
        ):
            return cls(**{name: result})
        return cls(**{name: kind.from_model(result)})

    @classmethod
    def failed(cls, errors: list[UserError], *, subject: Any = None) -> Self:
        """The payload of a refusal: its ``errors``, and the ``subject`` the refusal is about
        (as ``of`` presents a result) when the service named one."""
        if subject is None:
            return cls(errors=errors)
        payload = cls.of(subject)
        payload.errors = errors
        return payload


def _result_field(cls: type) -> tuple[str, Any]:
    definition = get_object_definition(cls, strict=True)
    fields = [field for field in definition.fields if field.python_name != "errors"]
    if len(fields) != 1:
        raise TypeError(f"{cls.__name__} has {len(fields)} result fields: override Payload.of")
    kind = fields[0].type
    while isinstance(kind, StrawberryOptional):
        kind = kind.of_type
    return fields[0].python_name, kind
