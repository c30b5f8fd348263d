"""Builds one strawberry type from several domain mixins (with a description)."""

from __future__ import annotations

from typing import Any

import strawberry


def compose(name: str, mixins: tuple[type, ...], description: str) -> type:
    """Like ``strawberry.tools.merge_types`` but keeps a description for the SDL. A field's
    ``input`` argument left undescribed (every mutation takes one) is described by its input
    type's description, so the SDL says what each mutation takes without repeating it."""
    base = type(name, mixins[::-1], {})
    composed = strawberry.type(base, name=name, description=description)
    for field in composed.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        if field.base_resolver is None:
            continue  # its arguments come from an extension (relay's node), not read yet
        for argument in field.arguments:
            if argument.python_name == "input" and not argument.description:
                argument.description = _described_by(argument.type)
    return composed


def _described_by(kind: Any) -> str | None:
    """The description of an input type, through ``Optional`` wrappers."""
    while (of_type := getattr(kind, "of_type", None)) is not None:
        kind = of_type
    definition = getattr(kind, "__strawberry_definition__", None)
    return getattr(definition, "description", None)
