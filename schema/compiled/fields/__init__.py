"""Compiled field definitions, one module per domain; importing this package registers them."""

from schema.compiled.fields import badges, circles, events

__all__ = ["badges", "circles", "events"]
