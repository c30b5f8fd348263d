"""Production mode: no placeholder secrets, Redis required, IDE and introspection off unless
enabled."""

from __future__ import annotations

from typing import Any

import pytest

from runtime.config import InvalidSettings, Settings
from tests.core.apps import running_app, settings_like

SECRETS = {
    "secret_key": "k" * 40,
    "vin_hash_key": "v" * 40,
    "part_key_encryption_key": "p" * 40,
    "claim_code_hash_key": "c" * 40,
}
INTROSPECTION = "query Schema { __schema { queryType { name } } }"
TYPE_LOOKUP = 'query T { __type(name: "Query") { name } }'
TYPENAME = "query Name { __typename }"
HTML = {"accept": "text/html"}
GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}


def production(**values: Any) -> Settings:
    base: dict[str, Any] = {
        "CONVOY_MODE": "production",
        **SECRETS,
        "redis_url": "redis://127.0.0.1:6379/0",
        "database_url": "postgres://convoy@db.internal:5432/convoy",
    }
    base.update(values)
    return Settings(**base)


@pytest.mark.parametrize(
    "values",
    [
        {"secret_key": "dev-secret-change-me"},
        {"secret_key": Settings().secret_key},
        {"vin_hash_key": "dev-vin-key-change-me"},
        {"secret_key": "changeme"},
        {"secret_key": "short-but-not-a-placeholder"},
        {"vin_hash_key": ""},
        {"part_key_encryption_key": "dev-part-key-encryption-key-change-me"},
        {"claim_code_hash_key": ""},
        {"redis_url": None},
        {"vin_hash_key": SECRETS["secret_key"]},
        {"metrics_token": "short"},
    ],
)
def test_production_refuses_weak_settings(values: dict[str, Any]) -> None:
    with pytest.raises(InvalidSettings):
        production(**values)


def test_production_lists_every_problem_and_never_a_value() -> None:
    # given: five problems at once, two of them secrets an echo would leak
    shared = "shared-secret-value-AAAA-BBBB-CCCC-DDDD"
    values: dict[str, Any] = {
        "CONVOY_MODE": "production",
        "secret_key": shared,
        "vin_hash_key": shared,
        "part_key_encryption_key": "tiny-pk",
        "claim_code_hash_key": SECRETS["claim_code_hash_key"],
        "rate_limit_per_minute": "lots",
    }
    # when
    with pytest.raises(InvalidSettings) as refused:
        Settings(**values)
    # then
    message = str(refused.value)
    assert refused.value.problems == [
        "RATE_LIMIT_PER_MINUTE: Input should be a valid integer, unable to parse string as "
        "an integer",
        "PART_KEY_ENCRYPTION_KEY is shorter than 32 characters",
        "SECRET_KEY and VIN_HASH_KEY must differ",
        "REDIS_URL must be set (production runs no embedded Redis)",
        "DATABASE_URL must be set (production never falls back to SQLite)",
        refused.value.problems[-1],
    ]
    assert refused.value.problems[-1].startswith("secrets: 32+ random characters")
    for secret in (shared, "tiny-pk", SECRETS["claim_code_hash_key"], "lots"):
        for piece in (secret, secret[:8], secret[-8:]):
            assert piece not in message
    assert len(message.splitlines()) == 7


def test_production_needs_an_explicit_database_url() -> None:
    values = {**SECRETS, "CONVOY_MODE": "production", "redis_url": "redis://r/0"}
    with pytest.raises(InvalidSettings) as refused:
        Settings(**values)
    assert refused.value.problems[0].startswith("DATABASE_URL must be set")
    # the same URL as the development default is fine once it is given
    assert production(database_url="sqlite://var/convoy.sqlite3").production


def test_production_accepts_strong_settings_and_turns_tools_off() -> None:
    # when
    settings = production()
    by_field_name = Settings(
        mode="production", redis_url="redis://x/0", database_url="postgres://d/c", **SECRETS
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
