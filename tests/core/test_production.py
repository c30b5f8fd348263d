"""Production mode: no placeholder secrets, Redis required, IDE and introspection off unless
enabled."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from runtime.config import Settings
from tests.core.apps import running_app, settings_like

STRONG = "s" * 40
INTROSPECTION = "query Schema { __schema { queryType { name } } }"
TYPE_LOOKUP = 'query T { __type(name: "Query") { name } }'
TYPENAME = "query Name { __typename }"
HTML = {"accept": "text/html"}
GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}


def production(**values: Any) -> Settings:
    base: dict[str, Any] = {
        "CONVOY_MODE": "production",
        "secret_key": STRONG,
        "vin_hash_key": STRONG,
        "part_key_encryption_key": STRONG,
        "claim_code_hash_key": STRONG,
        "redis_url": "redis://127.0.0.1:6379/0",
    }
    base.update(values)
    return Settings(**base)


@pytest.mark.parametrize(
    "values",
    [
        {"secret_key": "dev-secret-change-me"},
        {"vin_hash_key": "dev-vin-key-change-me"},
        {"secret_key": "changeme"},
        {"secret_key": "short-but-not-a-placeholder"},
        {"vin_hash_key": ""},
        {"part_key_encryption_key": "dev-part-key-encryption-key-change-me"},
        {"claim_code_hash_key": ""},
        {"redis_url": None},
    ],
)
def test_production_refuses_weak_settings(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        production(**values)


def test_production_accepts_strong_settings_and_turns_tools_off() -> None:
    # when
    settings = production()
    by_field_name = Settings(
        mode="production",
        secret_key=STRONG,
        vin_hash_key=STRONG,
        part_key_encryption_key=STRONG,
        claim_code_hash_key=STRONG,
        redis_url="redis://x/0",
    )
    # then
    assert settings.production and by_field_name.production
    assert not settings.ide
    assert not settings.introspection
    assert settings.json_logs


def test_development_keeps_placeholders_and_tools() -> None:
    settings = Settings()
    assert not settings.production
    assert settings.ide and settings.introspection


def test_tools_can_be_enabled_in_production() -> None:
    settings = production(ide_enabled=True, introspection_enabled=True)
    assert settings.ide and settings.introspection


async def test_production_app_refuses_introspection_and_hides_the_ide(settings: Any) -> None:
    # given
    prod = settings_like(settings, mode="production", log_json=True)
    async with running_app(prod) as http:
        # when
        schema = await http.post(
            "/graphql", json={"query": INTROSPECTION}, headers=GRAPHQL_RESPONSE
        )
        type_lookup = await http.post(
            "/graphql", json={"query": TYPE_LOOKUP}, headers=GRAPHQL_RESPONSE
        )
        typename = await http.post("/graphql", json={"query": TYPENAME}, headers=GRAPHQL_RESPONSE)
        ide = await http.get("/graphql", headers=HTML)
    # then
    for refused in (schema, type_lookup):
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
        assert "data" not in refused.json()
    assert typename.json()["data"] == {"__typename": "Query"}
    assert ide.status_code == 404
    assert "GraphiQL" not in ide.text


async def test_production_app_with_tools_enabled(settings: Any) -> None:
    # given
    prod = settings_like(settings, mode="production", ide_enabled=True, introspection_enabled=True)
    async with running_app(prod) as http:
        # when
        schema = await http.post(
            "/graphql", json={"query": INTROSPECTION}, headers=GRAPHQL_RESPONSE
        )
        ide = await http.get("/graphql", headers=HTML)
    # then
    assert schema.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert ide.status_code == 200
    assert "/ide-assets/graphiql.min.js" in ide.text
