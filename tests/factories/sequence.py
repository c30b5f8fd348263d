"""Numbers that keep the builders' unique values (handles, slugs, keys) apart within a run."""

from __future__ import annotations

import itertools

_numbers = itertools.count(1)


def next_number() -> int:
    return next(_numbers)
