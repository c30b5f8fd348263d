"""Route loaders."""

from __future__ import annotations

from models.routes import Route
from schema.loaders import BatchLoader, one_per_key


class RouteByIdLoader(BatchLoader[int, Route | None]):
    async def load_batch(self, keys: list[int]) -> list[Route | None]:
        return one_per_key(keys, await Route.filter(id__in=keys), lambda row: row.id)


class RouteByProposalLoader(BatchLoader[int, Route | None]):
    async def load_batch(self, keys: list[int]) -> list[Route | None]:
        rows = await Route.filter(source_proposal_id__in=keys)
        return one_per_key(keys, rows, lambda row: row.source_proposal_id)
