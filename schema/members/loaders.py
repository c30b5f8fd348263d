"""Member loaders: one query per batch, per request."""

from __future__ import annotations

from collections import defaultdict

from models.members import Member, Vehicle, VehicleModel
from schema.loaders import BatchLoader, many_per_key, one_per_key
from services.members import audit, privacy
from services.members.privacy import Reader


class MemberByIdLoader(BatchLoader[int, Member | None]):
    async def load_batch(self, keys: list[int]) -> list[Member | None]:
        rows = await Member.filter(id__in=keys)
        return one_per_key(keys, rows, lambda row: row.id)


class VehiclesByOwnerLoader(BatchLoader[int, list[Vehicle]]):
    """A member's garage (catalog entries joined in), oldest first."""

    async def load_batch(self, keys: list[int]) -> list[list[Vehicle]]:
        rows = await Vehicle.filter(owner_id__in=keys).select_related("model").order_by("id")
        return many_per_key(keys, rows, lambda row: row.owner_id)


class VehicleByIdLoader(BatchLoader[int, Vehicle | None]):
    async def load_batch(self, keys: list[int]) -> list[Vehicle | None]:
        rows = await Vehicle.filter(id__in=keys).select_related("model")
        return one_per_key(keys, rows, lambda row: row.id)


class VehicleModelByIdLoader(BatchLoader[int, VehicleModel | None]):
    async def load_batch(self, keys: list[int]) -> list[VehicleModel | None]:
        rows = await VehicleModel.filter(id__in=keys)
        return one_per_key(keys, rows, lambda row: row.id)


class CoMemberLoader(BatchLoader[tuple[Reader, int], bool]):
    """Whether the reader shares an ACTIVE circle with a member (keys: reader, member id)."""

    async def load_batch(self, keys: list[tuple[Reader, int]]) -> list[bool]:
        by_reader: dict[Reader, list[int]] = defaultdict(list)
        for reader, member_id in keys:
            by_reader[reader].append(member_id)
        shared: dict[Reader, set[int]] = {}
        for reader, member_ids in by_reader.items():
            shared[reader] = await privacy.shared_circle_members(reader, member_ids)
        return [member_id in shared[reader] for reader, member_id in keys]


class PrivateReadAuditLoader(BatchLoader[tuple[Reader, int, frozenset[str]], bool]):
    """Writes the audit rows of staff reads of private sections, one statement per batch and
    at most one row per (reader, member) per request (keys: reader, member id, sections)."""

    async def load_batch(self, keys: list[tuple[Reader, int, frozenset[str]]]) -> list[bool]:
        by_reader: dict[Reader, dict[int, frozenset[str]]] = defaultdict(dict)
        for reader, member_id, sections in keys:
            by_reader[reader][member_id] = sections
        for reader, reads in by_reader.items():
            assert reader.member_id is not None
            await audit.record_private_reads(
                actor_id=reader.member_id, request_id=reader.request_id, reads=reads
            )
        return [True] * len(keys)
