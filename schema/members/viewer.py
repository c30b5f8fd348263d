"""Viewer fields owned by the members domain: the viewer's own profile, private settings,
garage with plates and data exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import strawberry

from schema.core.context import Info
from schema.members.exports import DataExportNode, PrivacySettings
from schema.members.loaders import VehiclesByOwnerLoader
from schema.members.types import MemberNode
from schema.members.vehicles import VehicleNode
from services.members import export

if TYPE_CHECKING:
    from schema.core.context import Viewer


def _viewer(fields: object) -> Viewer:
    """The request's viewer, which strawberry hands these resolvers as ``self``."""
    return cast("Viewer", fields)


@strawberry.type
class MemberViewerFields:
    @strawberry.field(description="The viewer's own member profile.")
    def member(self) -> MemberNode:
        return MemberNode.for_owner(_viewer(self).member)

    @strawberry.field(description="Staff roles held (admin, moderator, dealer, issuer).")
    def roles(self) -> list[str]:
        return _viewer(self).roles

    @strawberry.field(description="Sign-in email address (private).")
    def email(self) -> str | None:
        return _viewer(self).account.email

    @strawberry.field(description="Sign-in mobile number in E.164 form (private).")
    def mobile(self) -> str | None:
        return _viewer(self).account.mobile

    @strawberry.field(description="Language of messages and notifications: zh-CN or en.")
    def locale(self) -> str:
        return _viewer(self).member.locale

    @strawberry.field(description="Who sees the viewer's profile, garage and badges.")
    def privacy(self) -> PrivacySettings:
        return PrivacySettings.from_model(_viewer(self).member)

    @strawberry.field(description="The viewer's own garage, plates included.")
    async def vehicles(self, info: Info) -> list[VehicleNode]:
        loader = info.context.loaders.get(VehiclesByOwnerLoader)
        vehicles = await loader.load(_viewer(self).id)
        return [VehicleNode.from_model(vehicle, owner=True) for vehicle in vehicles]

    @strawberry.field(description="The viewer's latest data exports (newest first, at most 10).")
    async def data_exports(self) -> list[DataExportNode]:
        rows = await export.recent_exports(actor=_viewer(self))
        return [DataExportNode.from_model(row) for row in rows]
