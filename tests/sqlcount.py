"""Counts the SQL statements tortoise sends during a block, to prove a query has no N+1::

    async with count_sql() as sql:
        await gql(QUERY, {"first": 10}, token=token)
    assert sql.count == 3, sql.statements

Every ``execute_*`` method of the connection's client class (and of its transaction wrapper)
is wrapped for the duration of the block, so statements run inside transactions count too.
A statement counts once even where one ``execute_*`` method calls another. Transaction
control (BEGIN, COMMIT, SAVEPOINT) is not counted.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

METHODS = (
    "execute_query",
    "execute_query_dict",
    "execute_insert",
    "execute_many",
    "execute_script",
)

_counting: ContextVar[bool] = ContextVar("sqlcount_counting", default=False)


@dataclass
class SqlCounter:
    #: The statements in the order they were sent.
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextlib.asynccontextmanager
async def count_sql(connection_name: str = "default") -> AsyncIterator[SqlCounter]:
    """Count the statements sent through ``connection_name`` while the block runs."""
    counter = SqlCounter()
    client_class = type(Tortoise.get_connection(connection_name))
    with pytest.MonkeyPatch.context() as patch:
        for cls in _client_classes(client_class):
            for name in METHODS:
                if name in vars(cls):
                    patch.setattr(cls, name, _counted(vars(cls)[name], counter))
        yield counter


def _counted(method: Callable[..., Any], counter: SqlCounter) -> Callable[..., Any]:
    @functools.wraps(method)
    async def wrapper(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if _counting.get():
            return await method(self, query, *args, **kwargs)
        counter.statements.append(query)
        token = _counting.set(True)
        try:
            return await method(self, query, *args, **kwargs)
        finally:
            _counting.reset(token)

    return wrapper


def _client_classes(client_class: type) -> Iterator[type]:
    """The client class, its bases and its subclasses (transaction wrappers among them)."""
    seen: set[type] = set()
    pending = [*client_class.__mro__, *client_class.__subclasses__()]
    while pending:
        cls = pending.pop()
        if cls in seen or not issubclass(cls, BaseDBAsyncClient):
            continue
        seen.add(cls)
        if issubclass(cls, client_class):
            pending.extend(cls.__subclasses__())
        yield cls
