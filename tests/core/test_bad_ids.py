"""Every id goes through the one decoder: an id that is not ASCII digits within the keys'
range (``"<Type>:²"``, ``2**63``), or of another type, reads as a missing one, never a server
error (node/nodes for every node type, the mutations that take ids, the roster download)."""

from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from tests.factories import make_member

NODE_TYPES = [
    "AssistanceRequest",
    "Badge",
    "Circle",
    "CloneReview",
    "Comment",
    "Coupon",
    "DataExport",
    "Event",
    "Inspection",
    "IssuerKey",
    "Member",
    "Notification",
    "PartModel",
    "PartUnit",
    "PointsEntry",
    "Post",
    "Registration",
    "Report",
    "Reward",
    "Route",
    "RouteProposal",
    "Vehicle",
    "VehicleModel",
]
BAD_KEYS = ("²", "٣", str(2**63), str(2**64 + 1), "-1", "0", "1e3", " 1")
NODE = "query($id: ID!) { node(id: $id) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
MUTATIONS = {
    "moderateContent": ("ModerateContentInput", "Post", {"targetId": None, "action": "HIDE"}),
    "updateVehicle": ("UpdateVehicleInput", "Vehicle", {"vehicleId": None, "nickname": "x"}),
    "signUpForEvent": ("SignUpForEventInput", "Event",
                       {"eventId": None, "vehicleId": None, "idempotencyKey": "k"}),
    "redeemReward": ("RedeemRewardInput", "Reward", {"rewardId": None, "idempotencyKey": "k"}),
    "cancelRegistration": ("RegistrationInput", "Registration", {"registrationId": None}),
    "joinCircle": ("CircleInput", "Circle", {"circleId": None}),
    "markNotificationsRead": ("MarkNotificationsReadInput", "Notification", {"ids": None}),
}  # fmt: skip


def _server_errors(answer: dict) -> list[dict]:
    internal = (None, "INTERNAL_SERVER_ERROR")
    return [
        e for e in answer.get("errors", []) if (e.get("extensions") or {}).get("code") in internal
    ]


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_node_and_nodes_read_bad_ids_as_missing(gql, key):
    # given
    viewer = await make_member("viewer", roles=["admin"])
    ids = [to_base64(name, key) for name in NODE_TYPES]
    # when
    one = [await gql(NODE, {"id": global_id}, token=viewer.token) for global_id in ids]
    many = await gql(NODES, {"ids": ids}, token=viewer.token)
    # then
    assert [answer.get("errors") for answer in one] == [None] * len(ids)
    assert [answer["data"]["node"] for answer in one] == [None] * len(ids)
    assert "errors" not in many, many
    assert many["data"]["nodes"] == [None] * len(ids)


@pytest.mark.parametrize("key", ("²", str(2**63)))
@pytest.mark.parametrize("name", sorted(MUTATIONS))
async def test_mutations_refuse_bad_ids_with_not_found(gql, name, key):
    # given
    member = await make_member("member")
    input_type, node, template = MUTATIONS[name]
    bad = to_base64(node, key)
    values = {field: (bad if field != "ids" else [bad]) if value is None else value
              for field, value in template.items()}  # fmt: skip
    if "vehicleId" in values and node == "Event":
        values["vehicleId"] = to_base64("Vehicle", key)
    document = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ errors {{ code field }} }} }}"
    )
    # when
    answer = await gql(document, {"input": values}, token=member.token)
    # then
    assert _server_errors(answer) == [] and "errors" not in answer, answer
    assert [error["code"] for error in answer["data"][name]["errors"]] == ["NOT_FOUND"]


async def test_the_roster_of_a_key_past_the_range_is_not_found(http):
    member = await make_member("member")
    auth = {"authorization": f"Bearer {member.token}"}
    values = (str(2**63), to_base64("Event", 2**63), to_base64("Event", "²"))
    answers = [await http.get(f"/events/{value}/roster.csv", headers=auth) for value in values]
    assert [answer.status_code for answer in answers] == [404, 404, 404]
