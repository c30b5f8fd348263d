"""A board page reads its members in one statement, as the ORM would read them."""

from __future__ import annotations

from datetime import UTC, datetime

from models.members import Member, Visibility
from services.rankings.members import page_members
from tests.factories import make_member
from tests.sqlcount import count_sql


async def test_page_members_hold_every_column_as_the_orm_reads_it() -> None:
    # given a member with every column set away from its default, and a deleted one
    shown = (
        await make_member(
            "shown",
            avatar_url="https://img.example/a.png",
            bio="越野十年",
            visibility=Visibility.CIRCLES,
            show_garage=False,
            show_badges=False,
            locale="en",
        )
    ).member
    gone = (await make_member("gone")).member
    gone.deleted_at = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
    await gone.save()
    # when the page's members are read, a missing id among them
    async with count_sql() as sql:
        found = await page_members([gone.id, 999_999_999, shown.id])
    # then in one statement, in order, None for the missing one
    assert sql.count == 1, sql.statements
    assert [member.id if member else None for member in found] == [gone.id, None, shown.id]
    # and each column holds what the ORM reads, with the ORM's types
    for member in (shown, gone):
        expected = await Member.get(id=member.id)
        read = found[0] if member is gone else found[2]
        assert read is not None
        for name, value in expected:  # every column (a model iterates its database fields)
            assert getattr(read, name) == value, name
            assert type(getattr(read, name)) is type(value), name
