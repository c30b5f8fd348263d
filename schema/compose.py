"""Builds one strawberry type from several domain mixins (with a description)."""

from __future__ import annotations

import strawberry


def compose(name: str, mixins: tuple[type, ...], description: str) -> type:
    """Like ``strawberry.tools.merge_types`` but keeps a description for the SDL."""
    base = type(name, mixins[::-1], {})
    return strawberry.type(base, name=name, description=description)
