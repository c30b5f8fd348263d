"""Every query and mutation, called with arguments hypothesis-graphql generates from the
schema, answers without an internal error or an HTTP 5xx: bad input is refused, never a crash.

The run is deterministic (``derandomize``: the same documents every run) and bounded
(``EXAMPLES`` documents per root field). A failure lists each field, the document and what
came back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import graphql
import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from tests.factories import make_admin, make_member

SDL = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text(encoding="utf-8")
SCHEMA = graphql.build_schema(SDL)
#: Documents per root field: about 1000 requests in all.
EXAMPLES = 8

_garbage = st.text(max_size=30).map(nodes.String)
CUSTOM_SCALARS = {
    "Date": st.one_of(
        st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(nodes.String),
        _garbage,
    ),
    "DateTime": st.one_of(
        st.datetimes(
            min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
        ).map(nodes.String),
        _garbage,
    ),
    "JSON": st.one_of(_garbage, st.integers().map(nodes.Int)),
}


def _fields(kind: graphql.GraphQLObjectType | None) -> list[str]:
    return sorted(kind.fields) if kind is not None else []


def _documents(strategy: st.SearchStrategy[Any]) -> list[str]:
    """``EXAMPLES`` documents drawn from ``strategy``, the same ones every run."""
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: str) -> None:
        found.append(document)

    collect()
    return found


def _cases() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for name in _fields(SCHEMA.query_type):
        strategy = queries(SCHEMA, fields=[name], custom_scalars=CUSTOM_SCALARS)
        cases += [(name, document) for document in _documents(strategy)]
    for name in _fields(SCHEMA.mutation_type):
        strategy = mutations(SCHEMA, fields=[name], custom_scalars=CUSTOM_SCALARS)
        cases += [(name, document) for document in _documents(strategy)]
    return cases


def _internal(response: httpx.Response) -> bool:
    if response.status_code >= 500:
        return True
    try:
        body = response.json()
    except ValueError:
        return False
    errors = body.get("errors") or [] if isinstance(body, dict) else []
    return any(
        (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR" for error in errors
    )


async def test_generated_operations_never_fail_internally(http: httpx.AsyncClient) -> None:
    # given: a signed-in admin (who reaches the most code) and a member to point at
    admin = await make_admin("fuzzadmin")
    await make_member("fuzzmember")
    cases = _cases()
    assert {name for name, _ in cases} >= set(_fields(SCHEMA.query_type)) | set(
        _fields(SCHEMA.mutation_type)
    )
    # when: each generated document is sent as the admin
    failures: list[str] = []
    for number, (name, document) in enumerate(cases):
        if name in ("deleteAccount", "signOut", "changePassword"):
            # these end the admin's session: give each its own admin
            admin = await make_admin(f"fuzzadmin{number}")
        response = await http.post(
            "/graphql",
            json={"query": document},
            headers={"authorization": f"Bearer {admin.token}"},
        )
        if _internal(response):
            failures.append(f"{name}: {response.status_code} {response.text[:300]}\n  {document}")
    # then
    assert failures == [], f"{len(failures)} of {len(cases)} failed:\n" + "\n".join(failures)
