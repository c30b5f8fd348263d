"""Descriptions for every value of a GraphQL enum (the SDL a frontend reads, and the linter
CI runs, want one on each value)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


def describe_values(kind: type[Enum], values: dict[str, str]) -> None:
    """Describe each value of ``kind``, an enum already registered with ``strawberry.enum``.
    A value left out fails at import, so a new member cannot go undescribed."""
    for value in kind.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]


def described_enum(
    kind: type[E], *, name: str, description: str, values: dict[str, str]
) -> type[E]:
    """``strawberry.enum`` with a description on every value (a value without one fails)."""
    registered = strawberry.enum(kind, name=name, description=description)
    describe_values(registered, values)
    return registered
