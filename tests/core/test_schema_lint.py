"""``schema.graphql`` passes graphql-schema-linter (pinned in ``tools/graphql-lint``; the rules
it leaves off, and why, are in its config). Runs wherever node is installed, CI included."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "graphql-lint"
LINTER = TOOL / "node_modules" / ".bin" / "graphql-schema-linter"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None, reason="node is not installed"
)


def _lint(schema: Path) -> list[dict[str, object]]:
    """The linter's violations on ``schema`` (installs the pinned linter on first use)."""
    if not LINTER.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=TOOL,
            check=True,
            timeout=600,
        )
    result = subprocess.run(
        [str(LINTER), "--config-directory", str(TOOL), "--format", "json", str(schema)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout, result.stderr
    return json.loads(result.stdout)["errors"]


def _report(errors: list[dict[str, object]]) -> str:
    lines = [f"graphql-schema-linter: {len(errors)} violation(s)"]
    for error in errors:
        location = error.get("location") or {}
        assert isinstance(location, dict)
        lines.append(
            f"  rule {error['rule']} at schema.graphql:{location.get('line')}: {error['message']}"
        )
    return "\n".join(lines)


def test_the_schema_passes_the_linter() -> None:
    errors = _lint(ROOT / "schema.graphql")
    assert errors == [], _report(errors)


def test_a_violation_is_reported_with_its_rule(tmp_path: Path) -> None:
    # given: a schema with an enum value left undescribed
    schema = tmp_path / "schema.graphql"
    schema.write_text(
        (ROOT / "schema.graphql").read_text(encoding="utf-8")
        + '\n"""Made up."""\nenum Undescribed {\n  VALUE\n}\n',
        encoding="utf-8",
    )
    # when
    report = _report(_lint(schema))
    # then: the failure names the rule and the place
    assert "rule enum-values-have-descriptions at schema.graphql:" in report
    assert "`Undescribed.VALUE` is missing a description" in report
