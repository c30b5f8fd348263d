"""vehicleModels: the bilingual vehicle catalog."""

from __future__ import annotations

from typing import Any

CATALOG = """
query Catalog($drivetrain: Drivetrain, $brand: String) {
  vehicleModels(drivetrain: $drivetrain, brand: $brand) {
    key brand brandZh name nameZh drivetrain body
  }
}
"""


async def test_catalog_is_bilingual_and_filterable(gql: Any, catalog: None) -> None:
    # when
    everything = (await gql.data(CATALOG))["vehicleModels"]
    awd = (await gql.data(CATALOG, {"drivetrain": "AWD"}))["vehicleModels"]
    ford_4wd = (await gql.data(CATALOG, {"drivetrain": "FOUR_WD", "brand": "福特"}))[
        "vehicleModels"
    ]
    two_wd_ford = (await gql.data(CATALOG, {"drivetrain": "TWO_WD", "brand": "ford"}))[
        "vehicleModels"
    ]
    # then
    assert len(everything) >= 25
    assert all(m["nameZh"] and m["brandZh"] for m in everything)
    assert {m["key"] for m in awd} >= {"ford-explorer", "subaru-forester", "toyota-rav4"}
    assert all(m["drivetrain"] == "AWD" for m in awd)
    assert {m["key"] for m in ford_4wd} >= {"ford-bronco", "ford-everest", "ford-ranger-raptor"}
    assert "ford-explorer" not in {m["key"] for m in ford_4wd}
    assert [m["key"] for m in two_wd_ford] == ["ford-territory"]
