"""Staff badge mutations (admins): define, edit, switch on/off, preview, sweep."""

from schema.badges.mutations.catalog import BadgeMutations

__all__ = ["BadgeMutations"]
