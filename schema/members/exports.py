"""Data export and privacy settings types (seen by the member themself only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.members import DataExport, ExportStatus, Member, Visibility
from schema.core.context import Info
from schema.core.enums import describe_values
from schema.core.ids import key_of, type_name
from services.members import export

# ``strawberry.enum`` registers the GraphQL enum on the model's enum class itself
strawberry.enum(
    Visibility,
    name="Visibility",
    description="Who sees a profile: PUBLIC (everyone), MEMBERS (signed-in members), CIRCLES "
    "(members sharing a circle). The member themself and staff always do.",
)
describe_values(
    Visibility,
    {
        "PUBLIC": "Everyone.",
        "MEMBERS": "Signed-in members.",
        "CIRCLES": "Members sharing a circle.",
    },
)
strawberry.enum(ExportStatus, name="ExportStatus", description="Progress of a data export.")
describe_values(
    ExportStatus,
    {
        "PENDING": "Being built.",
        "READY": "Built; the document can be read.",
        "FAILED": "Could not be built; request another.",
    },
)
VisibilityEnum = Visibility
ExportStatusEnum = ExportStatus


@strawberry.type(description="The viewer's privacy settings.")
class PrivacySettings:
    visibility: VisibilityEnum = strawberry.field(description="Who sees the profile.")
    show_garage: bool = strawberry.field(description="Others who see the profile see the garage.")
    show_badges: bool = strawberry.field(description="Others who see the profile see badges.")

    @classmethod
    def from_model(cls, member: Member) -> PrivacySettings:
        return cls(
            visibility=member.visibility,
            show_garage=member.show_garage,
            show_badges=member.show_badges,
        )


@strawberry.type(
    name="DataExport",
    description="A copy of everything the platform holds about the viewer, built by a job.",
)
class DataExportNode(relay.Node):
    export_id: relay.NodeID[int]
    status: ExportStatusEnum = strawberry.field(description="PENDING until built, then READY.")
    requested_at: datetime = strawberry.field(description="When the export was requested.")
    completed_at: datetime | None = strawberry.field(description="When it was built.")
    document: JSON | None = strawberry.field(
        description="The export document (JSON), null until READY."
    )

    @classmethod
    def from_model(cls, row: DataExport) -> DataExportNode:
        return cls(
            export_id=row.id,
            status=row.status,
            requested_at=row.requested_at,
            completed_at=row.completed_at,
            document=JSON(row.document) if row.status == ExportStatus.READY else None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # relay.Node overloads it on `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[DataExportNode | None]:
        """Only the member who requested an export can fetch it (null for anyone else)."""
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) for raw in node_ids]
        viewer = await info.context.viewer()
        wanted = [key for key in keys if key is not None]
        rows = await export.own_exports(
            actor_id=viewer.member.id if viewer else None, export_ids=wanted
        )
        by_id = {row.id: row for row in rows if row is not None}
        return [cls.from_model(by_id[k]) if k is not None and k in by_id else None for k in keys]
