"""The compiled executor for trusted documents (see docs/architecture.md, "Read path").

``Plans`` turns an operation of a trusted document into a ``Plan`` once per combination of
its ``@include``/``@skip`` variables (or None when it uses something the compiled path does
not do the way graphql-core does: it then runs through graphql-core); ``execute_plan`` runs a plan
and returns what graphql-core's ``ExecutionResult`` would hold.
"""

from __future__ import annotations

from typing import Any

import structlog
from graphql import FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode

from schema.compiled import fields  # noqa: F401  # registers the compiled field definitions
from schema.compiled.executor import execute as execute_plan
from schema.compiled.objects import NotCompilable
from schema.compiled.planner import Plan, Planner, condition_variables
from schema.compiled.registry import TrustedDocument, trusted_documents

__all__ = ["Plan", "Plans", "TrustedDocument", "execute_plan", "trusted_documents"]

log = structlog.get_logger("convoy.compiled")


class Plans:
    """The plans of one operation, one per combination of its ``@include``/``@skip``
    variables, compiled on first use."""

    __slots__ = ("schema", "operation", "fragments", "conditions", "_plans")

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments
        self.conditions = condition_variables(operation, fragments)
        self._plans: dict[tuple[bool, ...], Plan | None] = {}

    def get(self, variables: dict[str, Any]) -> Plan | None:
        """The plan for these (coerced) variables; None when the operation is not
        compilable, and then it runs through graphql-core."""
        key = tuple(bool(variables.get(name)) for name in self.conditions)
        if key in self._plans:
            return self._plans[key]
        flags = dict(zip(self.conditions, key, strict=True))
        try:
            plan: Plan | None = Planner(self.schema, self.fragments, flags).compile(self.operation)
        except NotCompilable as reason:
            name = self.operation.name.value if self.operation.name else None
            log.warning("compiled.not_compilable", operation=name, reason=str(reason))
            plan = None
        except Exception:  # a planner bug must not fail the request: graphql-core runs it
            name = self.operation.name.value if self.operation.name else None
            log.exception("compiled.planner_failed", operation=name)
            plan = None
        self._plans[key] = plan
        return plan
