"""The members named on a page of a board, read in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.members import Member, Visibility
from services.core.sql import Sql, as_datetime


async def page_members(member_ids: Sequence[int]) -> list[Member | None]:
    """The members of ``member_ids``, in order (None where one no longer exists), with the ids
    bound as one parameter: the ORM's ``id__in`` builds and renders a query term per id, which
    is measurable on a page of 100."""
    if not member_ids:
        return []
    db = Sql()
    rows = await db.rows("SELECT * FROM members WHERE id IN {ids}", db.ids(member_ids))
    by_id = {int(row["id"]): _member(row) for row in rows}
    return [by_id.get(member_id) for member_id in member_ids]


def _member(row: dict[str, Any]) -> Member:
    """A read-only ``Member`` of a ``members`` row (tortoise's ``construct``: no statement, no
    validation), its values converted here because SQLite returns timestamps as text and
    flags as integers. Every column is copied: a column added to ``Member`` is added here."""
    deleted_at = row["deleted_at"]
    return Member.construct(
        _saved_in_db=True,
        id=int(row["id"]),
        account_id=int(row["account_id"]),
        handle=row["handle"],
        handle_key=row["handle_key"],
        display_name=row["display_name"],
        avatar_url=row["avatar_url"],
        city=row["city"],
        bio=row["bio"],
        locale=row["locale"],
        visibility=Visibility(row["visibility"]),
        show_garage=bool(row["show_garage"]),
        show_badges=bool(row["show_badges"]),
        deleted_at=None if deleted_at is None else as_datetime(deleted_at),
        created_at=as_datetime(row["created_at"]),
    )
