"""Documents and helpers shared by the garage tests."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from models.members import Vehicle

VEHICLE_FIELDS = "id year nickname plate vinRegistered model { key nameZh drivetrain }"
ADD = f"""
mutation Add($input: AddVehicleInput!) {{
  addVehicle(input: $input) {{ vehicle {{ {VEHICLE_FIELDS} }} errors {{ code field message }} }}
}}
"""
UPDATE = f"""
mutation Update($input: UpdateVehicleInput!) {{
  updateVehicle(input: $input) {{ vehicle {{ {VEHICLE_FIELDS} }} errors {{ code field }} }}
}}
"""
REMOVE = """
mutation Remove($input: RemoveVehicleInput!) {
  removeVehicle(input: $input) { removedVehicleId errors { code field } }
}
"""
MY_GARAGE = f"query {{ viewer {{ vehicles {{ {VEHICLE_FIELDS} }} }} }}"
VIN = "LVSHFFAL5PS123456"


def keyed_hash(vin: str) -> str:
    key = b"test-vin-key-that-is-long-enough-000000"
    return hmac.new(key, vin.encode(), hashlib.sha256).hexdigest()


async def garage_rows(member_id: int) -> list[dict[str, Any]]:
    return list(await Vehicle.filter(owner_id=member_id).order_by("id").values())
