from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.factories import SignedIn


@pytest.fixture(scope="module")
def home_member() -> Iterator[list[SignedIn]]:
    """A member built once for all of a property test's examples (the tables are emptied
    after the test, not between its examples)."""
    yield []
