"""Applies the privacy rule (``services.members.privacy``) to a batch of members per request.

A batch costs at most one co-membership query, however many members it holds, and the audit
rows of staff reads are written in one statement per batch, right before the data leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.members import Member
from schema.core.context import Info
from schema.members.loaders import CoMemberLoader, PrivateReadAuditLoader
from services.members import privacy
from services.members.privacy import ANONYMOUS, ProfileAccess, Reader


async def reader_of(info: Info) -> Reader:
    """The reader of this request (anonymous when signed out)."""
    viewer = await info.context.viewer()
    if viewer is None:
        return ANONYMOUS
    return Reader(
        member_id=viewer.member.id,
        roles=tuple(viewer.account.roles),
        request_id=info.context.request_id,
    )


async def profile_accesses(
    info: Info, members: Sequence[Member | None]
) -> tuple[Reader, list[ProfileAccess | None]]:
    """What the reader may see of each member (None stays None)."""
    reader = await reader_of(info)
    to_check = [m.id for m in members if m is not None and privacy.needs_co_member_check(reader, m)]
    shared: set[int] = set()
    if to_check:
        flags = await info.context.loaders.get(CoMemberLoader).load_many(
            [(reader, member_id) for member_id in to_check]
        )
        shared = {member_id for member_id, flag in zip(to_check, flags, strict=True) if flag}
    accesses = [
        privacy.decide(reader, m, co_member=m.id in shared) if m is not None else None
        for m in members
    ]
    return reader, accesses


async def audit_reads(
    info: Info, reader: Reader, reads: Sequence[tuple[int, ProfileAccess]]
) -> None:
    """Record the staff reads among ``reads`` (member id, access) before their data is used."""
    keys = [(reader, member_id, access.audited) for member_id, access in reads if access.audited]
    if keys:
        await info.context.loaders.get(PrivateReadAuditLoader).load_many(keys)


def reveal(
    info: Info, reader: Reader, member_id: int, access: ProfileAccess, section: str, value: Any
) -> Any:
    """``value`` when the reader sees ``section``, None when not, and for a staff-only section
    an awaitable that writes the audit row first (resolvers stay synchronous otherwise)."""
    if not access.sees(section):
        return None
    if section in access.audited:
        return _after_audit(info, reader, member_id, access, value)
    return value


async def _after_audit(
    info: Info, reader: Reader, member_id: int, access: ProfileAccess, value: Any
) -> Any:
    await audit_reads(info, reader, [(member_id, access)])
    return value
