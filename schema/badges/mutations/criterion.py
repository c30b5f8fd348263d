"""A badge criterion as the API takes it: a JSON document that names a route by its global ID,
and whose refusals point at the document's keys as written."""

from __future__ import annotations

from typing import Any

from schema.core.ids import key_of
from schema.core.runner import Service
from schema.routes.types import RouteNode
from services.badges.criteria import CriterionError


def plain_criterion(criterion: Any) -> Any:
    """The criterion with a Route's global ID in ``route_id`` replaced by the route's database
    id, which is all the services know. Anything else is left for the services to refuse."""
    if not isinstance(criterion, dict):
        return criterion
    route_id = criterion.get("route_id")
    if not isinstance(route_id, str) or (route_id.isascii() and route_id.isdigit()):
        return criterion
    key = key_of(route_id, RouteNode)
    return criterion if key is None else {**criterion, "route_id": key}


def keeping_criterion_keys(service: Service) -> Service:
    """``service``, its refused criteria reported at the document's key as written
    (``["input", "criterion", "min_difficulty"]``). The runner camelCases every part of a
    path, right for input fields but not for the keys of a JSON value, which are data."""

    async def call(**arguments: Any) -> Any:
        try:
            return await service(**arguments)
        except CriterionError as error:
            error.field = ["input", *(error.field or [])]  # a GraphQL path: the runner keeps it
            raise

    return call
