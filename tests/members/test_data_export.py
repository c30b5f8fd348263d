"""requestDataExport and the export job: request, build, notify, fetch."""

from __future__ import annotations

import asyncio
from typing import Any

from models.members import DataExport, VehicleModel
from models.notifications import Notification
from models.outbox import OutboxEvent
from services.members.export import build_data_export
from tests.factories import make_audit_entry, make_member, make_notification, make_vehicle

REQUEST = """
mutation Request($input: RequestDataExportInput) {
  requestDataExport(input: $input) {
    dataExport { id status requestedAt completedAt document }
    clientMutationId
    errors { code }
  }
}
"""
MY_EXPORTS = "query { viewer { dataExports { id status completedAt document } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on DataExport { status document } } }"


async def export_events() -> list[dict[str, Any]]:
    return list(
        await OutboxEvent.filter(topic="member.export_requested").order_by("id").values("payload")
    )


async def test_export_end_to_end(gql: Any, catalog: None) -> None:
    # given a member with a vehicle, a notice and a staff read in the audit log
    me = await make_member("rider", bio="desert driver")
    model = await VehicleModel.get(key="ford-bronco")
    await make_vehicle(me, model=model, plate="京A12345", vin_hash="f" * 64)
    await make_notification(me, kind="WELCOME", payload={"x": 1})
    await make_audit_entry(me)
    # when the member asks
    data = await gql.data(REQUEST, {"input": {"clientMutationId": "abc"}}, token=me.token)
    # then a pending export and an outbox event exist
    payload = data["requestDataExport"]
    assert payload["errors"] == []
    assert payload["clientMutationId"] == "abc"
    assert payload["dataExport"]["status"] == "PENDING"
    assert payload["dataExport"]["document"] is None
    export = await DataExport.get(member_id=me.member.id)
    assert await export_events() == [{"payload": {"export_id": export.id}}]
    # when the job builds it
    await build_data_export(export.id)
    # then the member is notified and can fetch the document
    notice = await Notification.get(member_id=me.member.id, kind="DATA_EXPORT_READY")
    assert notice.payload == {"exportId": export.id}
    [fetched] = (await gql.data(MY_EXPORTS, token=me.token))["viewer"]["dataExports"]
    assert fetched["id"] == payload["dataExport"]["id"]
    assert fetched["status"] == "READY"
    assert fetched["completedAt"] is not None
    document = fetched["document"]
    assert document["member_id"] == me.member.id
    assert document["account"]["email"] == "rider@example.test"
    assert document["profile"]["handle"] == "rider"
    assert document["profile"]["bio"] == "desert driver"
    assert document["privacy"] == {
        "visibility": "MEMBERS",
        "show_garage": True,
        "show_badges": True,
    }
    [vehicle] = document["vehicles"]
    assert (vehicle["model"], vehicle["plate"], vehicle["vin_registered"]) == (
        "ford-bronco",
        "京A12345",
        True,
    )
    assert "f" * 64 not in str(document)
    assert [n["kind"] for n in document["notifications"]] == ["WELCOME"]
    assert [a["action"] for a in document["audit_log"]] == ["member.private_read"]
    assert document["sessions"] == []


async def test_build_is_idempotent(gql: Any) -> None:
    # given
    me = await make_member("rider")
    await gql.data(REQUEST, token=me.token)
    export = await DataExport.get(member_id=me.member.id)
    await build_data_export(export.id)
    first = await DataExport.get(id=export.id)
    # when
    await build_data_export(export.id)
    await build_data_export(999_999)
    # then
    again = await DataExport.get(id=export.id)
    assert (again.completed_at, again.document) == (first.completed_at, first.document)
    assert await Notification.filter(kind="DATA_EXPORT_READY").count() == 1


async def test_a_second_request_while_pending_returns_the_pending_export(gql: Any) -> None:
    # given
    me = await make_member("rider")
    # when
    results = await asyncio.gather(*(gql.data(REQUEST, token=me.token) for _ in range(5)))
    # then
    ids = {r["requestDataExport"]["dataExport"]["id"] for r in results}
    assert len(ids) == 1
    assert await DataExport.filter(member_id=me.member.id).count() == 1
    assert len(await export_events()) == 1


async def test_a_new_export_can_be_requested_once_the_last_is_ready(gql: Any) -> None:
    # given
    me = await make_member("rider")
    await gql.data(REQUEST, token=me.token)
    await build_data_export((await DataExport.get(member_id=me.member.id)).id)
    # when
    data = await gql.data(REQUEST, token=me.token)
    # then
    assert data["requestDataExport"]["dataExport"]["status"] == "PENDING"
    statuses = (
        await DataExport.filter(member_id=me.member.id)
        .order_by("id")
        .values_list("status", flat=True)
    )
    assert [str(s) for s in statuses] == ["READY", "PENDING"]
    assert len(await export_events()) == 2


async def test_nobody_else_can_read_an_export(gql: Any) -> None:
    # given
    me = await make_member("rider")
    other = await make_member("other")
    admin = await make_member("admin", roles=["admin"])
    data = await gql.data(REQUEST, token=me.token)
    export_id = data["requestDataExport"]["dataExport"]["id"]
    await build_data_export((await DataExport.get(member_id=me.member.id)).id)
    # when
    as_owner = await gql.data(NODE, {"id": export_id}, token=me.token)
    as_other = await gql.data(NODE, {"id": export_id}, token=other.token)
    as_admin = await gql.data(NODE, {"id": export_id}, token=admin.token)
    anonymous = await gql.data(NODE, {"id": export_id})
    others_list = await gql.data(MY_EXPORTS, token=other.token)
    # then
    assert as_owner["node"]["status"] == "READY"
    assert as_owner["node"]["document"]["profile"]["handle"] == "rider"
    assert as_other["node"] is None
    assert as_admin["node"] is None
    assert anonymous["node"] is None
    assert others_list["viewer"]["dataExports"] == []


async def test_signed_out_request_is_refused(gql: Any) -> None:
    # when
    result = await gql(REQUEST)
    # then
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await DataExport.all().count() == 0
    assert await export_events() == []
