"""Large commissioning runs for the command line: find the part model, commission in chunks
and write each chunk's label payloads (claim codes included) to a CSV as it commits."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from models.accounts import Account
from models.parts import PartModel
from services.core.actors import MemberActor
from services.errors import InvalidInput, NotFound
from services.parts.commissioning import Label, commission_units

COLUMNS = (
    "code",
    "url",
    "claim_code",
    "issuer",
    "key_id",
    "part_number",
    "serial",
    "commissioned_at",
    "signature",
)


async def find_part_model(part: str, issuer_handle: str | None = None) -> PartModel:
    """The part model with this part number (or id); INVALID_INPUT when several issuers list
    it and no ``issuer_handle`` says whose."""
    query = PartModel.filter(part_number=part)
    if issuer_handle:
        query = query.filter(issuer__handle_key=issuer_handle.lower())
    found = list(await query.limit(2))
    if not found and part.isascii() and part.isdigit() and len(part) <= 18:  # a key, not "²"
        found = list(await PartModel.filter(id=int(part)))
    if not found:
        raise NotFound(field="part")
    if len(found) > 1:
        raise InvalidInput(field="issuer_handle")
    return found[0]


async def commission_to_csv(
    *,
    part: str,
    count: int,
    path: Path,
    issuer_handle: str | None = None,
    city: str | None = None,
    advance: Callable[[int], object] | None = None,
) -> int:
    """Commission ``count`` units as the part model's issuer and write them to ``path``;
    returns the number written. Chunks that committed before a failure stay written."""
    model = await find_part_model(part, issuer_handle)
    account = await Account.get(member__id=model.issuer_id)
    actor = MemberActor(id=model.issuer_id, roles=tuple(account.roles))
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)

        def on_chunk(labels: list[Label]) -> None:
            nonlocal written
            for label in labels:
                p = label.payload
                writer.writerow(
                    (
                        label.code,
                        p["url"],
                        label.claim_code,
                        p["issuer"],
                        p["keyId"],
                        p["partNumber"],
                        p["serial"],
                        p["commissionedAt"],
                        p["signature"],
                    )
                )
            handle.flush()
            written += len(labels)
            if advance is not None:
                advance(len(labels))

        await commission_units(
            actor=actor,
            part_model_id=model.id,
            count=count,
            city=city,
            max_count=count,
            on_chunk=on_chunk,
            keep_labels=False,
        )
    return written
