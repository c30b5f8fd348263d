"""Member loaders."""

from __future__ import annotations

from models.members import Member
from schema.loaders import BatchLoader, one_per_key


class MemberByIdLoader(BatchLoader[int, Member | None]):
    async def batch(self, keys: list[int]) -> list[Member | None]:
        rows = await Member.filter(id__in=keys)
        return one_per_key(keys, rows, lambda row: row.id)
