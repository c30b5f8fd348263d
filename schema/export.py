"""SDL export of the schema (``schema.graphql``)."""

from __future__ import annotations

from strawberry.printer import print_schema

from schema import build_schema


def schema_sdl() -> str:
    return print_schema(build_schema()) + "\n"
