"""Per-request DataLoader registry. Domains define loaders next to their types
(``schema/<domain>/loaders.py``); ``info.context.loaders.get(MemberByIdLoader)`` creates each
one lazily, once per request."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
L = TypeVar("L", bound=DataLoader[Any, Any])


class Loaders:
    def __init__(self) -> None:
        self._loaders: dict[type, DataLoader[Any, Any]] = {}

    def get(self, loader_class: type[L]) -> L:
        loader = self._loaders.get(loader_class)
        if loader is None:
            loader = loader_class()
            self._loaders[loader_class] = loader
        return loader  # type: ignore[return-value]  # keyed by its own class, so it is an L


def one_per_key(keys: Sequence[K], rows: Iterable[V], key_of: Callable[[V], K]) -> list[V | None]:
    """Align rows to keys, ``None`` where a key has no row."""
    by_key = {key_of(row): row for row in rows}
    return [by_key.get(key) for key in keys]


def many_per_key(keys: Sequence[K], rows: Iterable[V], key_of: Callable[[V], K]) -> list[list[V]]:
    """Group rows by key, ``[]`` where a key has none."""
    grouped: dict[K, list[V]] = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(row)
    return [grouped.get(key, []) for key in keys]


class BatchLoader(DataLoader[K, V]):
    """A DataLoader whose batch function is the ``load_batch`` method (one query per batch)."""

    def __init__(self) -> None:
        super().__init__(load_fn=self.load_batch)

    async def load_batch(self, keys: list[K]) -> list[V]:  # pragma: no cover - abstract
        raise NotImplementedError
