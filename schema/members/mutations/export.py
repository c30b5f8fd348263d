"""Asking for a copy of the viewer's data."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.runner import run
from schema.members.inputs import RequestDataExportInput
from schema.members.mutations.payloads import RequestDataExportPayload
from services.members import export


@strawberry.type
class ExportMutations:
    @strawberry.mutation(
        description="Ask for a copy of everything held about the viewer; a job builds it and "
        "a DATA_EXPORT_READY notification follows. Fetch it from `viewer.dataExports`."
    )
    async def request_data_export(
        self, info: Info, input: RequestDataExportInput | None = None
    ) -> RequestDataExportPayload:
        payload = await run(info, RequestDataExportPayload, export.request_data_export)
        payload.client_mutation_id = input.client_mutation_id if input else None  # echoed always
        return payload
