"""Composes the GraphQL schema from the domain mixins (``schema/<domain>/``)."""

from __future__ import annotations

from functools import lru_cache

import strawberry
from graphql import GraphQLError, OperationDefinitionNode, OperationType
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

import runtime
from schema.accounts.mutations import AccountMutations
from schema.badges.mutations import BadgeMutations
from schema.badges.queries import BadgeQueries
from schema.circles.mutations import CircleMutations
from schema.circles.queries import CircleQueries
from schema.compose import compose
from schema.core.node import NodeQueries
from schema.core.reporting import present_in_place
from schema.events.mutations import (
    CheckInMutations,
    CompletionMutations,
    EventLifecycleMutations,
    InspectionMutations,
    SignUpMutations,
    SupportMutations,
)
from schema.events.queries import EventQueries
from schema.events.subscriptions import EventSubscriptions
from schema.loyalty.mutations import LoyaltyMutations, LoyaltyStaffMutations
from schema.loyalty.queries import LoyaltyQueries
from schema.members.mutations import MemberMutations
from schema.members.queries import MemberQueries
from schema.notifications.mutations import NotificationMutations
from schema.notifications.subscriptions import NotificationSubscriptions
from schema.parts.mutations import PartMutations
from schema.parts.queries import PartQueries
from schema.rankings.mutations import RankingMutations
from schema.rankings.queries import RankingQueries
from schema.rankings.subscriptions import RankingSubscriptions
from schema.routes.mutations import RouteMutations
from schema.routes.queries import RouteQueries
from services.i18n import DEFAULT_LOCALE

QUERIES: tuple[type, ...] = (
    NodeQueries,
    MemberQueries,
    LoyaltyQueries,
    CircleQueries,
    RouteQueries,
    EventQueries,
    BadgeQueries,
    RankingQueries,
    PartQueries,
)
MUTATIONS: tuple[type, ...] = (
    AccountMutations,
    NotificationMutations,
    MemberMutations,
    LoyaltyMutations,
    LoyaltyStaffMutations,
    CircleMutations,
    RouteMutations,
    SignUpMutations,
    EventLifecycleMutations,
    InspectionMutations,
    SupportMutations,
    CompletionMutations,
    CheckInMutations,
    BadgeMutations,
    RankingMutations,
    PartMutations,
)
SUBSCRIPTIONS: tuple[type, ...] = (
    NotificationSubscriptions,
    EventSubscriptions,
    RankingSubscriptions,
)


def _depth_limiter() -> QueryDepthLimiter:
    return QueryDepthLimiter(max_depth=runtime.settings().max_query_depth)


def _alias_limiter() -> MaxAliasesLimiter:
    return MaxAliasesLimiter(max_alias_count=runtime.settings().max_aliases)


def _introspection_guard() -> AddValidationRules:
    """Production turns introspection off on the WebSocket path too (HTTP has its own rule).
    The WebSocket serves subscriptions only: queries and mutations go over HTTP, where the
    rate limit and the cost limit apply."""
    rules: list[type[ASTValidationRule]] = [SubscriptionsOnlyRule]
    if not runtime.settings().introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return AddValidationRules(rules)


class SubscriptionsOnlyRule(ASTValidationRule):
    """Refuses queries and mutations on the path strawberry executes (the WebSocket)."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        if node.operation is not OperationType.SUBSCRIPTION:
            self.report_error(
                GraphQLError(
                    "Only subscriptions are served over WebSocket: send queries and "
                    "mutations to /graphql over HTTP.",
                    node,
                )
            )


def _token_limiter() -> MaxTokensLimiter:
    return MaxTokensLimiter(max_token_count=runtime.settings().max_query_tokens)


class ConvoySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Strawberry executes subscriptions itself and sends ``error.formatted``: those errors
        get the codes, localized messages and masking of the HTTP path (HTTP requests are
        executed and reported by ``api.graphql_http``, not here)."""
        context = execution_context.context if execution_context else None
        present_in_place(
            errors,
            getattr(context, "locale", None) or DEFAULT_LOCALE,
            getattr(context, "request_id", None) or "",
        )


@lru_cache(maxsize=1)
def build_schema() -> strawberry.Schema:
    """The schema, built once per process (relay fields cannot be bound twice).

    HTTP requests are parsed, limited and validated by ``api.graphql_http``; the extensions
    here guard the WebSocket path, which strawberry executes itself. The limiters are
    factories reading the running settings, never shared instances."""
    query = compose("Query", QUERIES, "Read operations.")
    mutation = compose("Mutation", MUTATIONS, "Write operations.") if MUTATIONS else None
    subscription = (
        compose("Subscription", SUBSCRIPTIONS, "Live streams over graphql-transport-ws.")
        if SUBSCRIPTIONS
        else None
    )
    return ConvoySchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        extensions=[
            ParserCache,
            ValidationCache,
            _depth_limiter,
            _alias_limiter,
            _token_limiter,
            _introspection_guard,
        ],
    )
