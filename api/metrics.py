"""Prometheus metrics for requests, jobs and the outbox, served at ``/metrics``."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry()

REQUEST_LATENCY = Histogram(
    "convoy_graphql_request_seconds",
    "GraphQL request latency by operation name.",
    ["operation"],
    registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
REQUEST_ERRORS = Counter(
    "convoy_graphql_errors_total",
    "GraphQL requests that returned errors, by operation name.",
    ["operation"],
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "convoy_job_runs_total",
    "Job executions by task and outcome.",
    ["task", "outcome"],
    registry=REGISTRY,
)
JOB_DURATION = Histogram("convoy_job_seconds", "Job duration by task.", ["task"], registry=REGISTRY)
OUTBOX_LAG = Gauge(
    "convoy_outbox_lag_seconds",
    "Age of the oldest undispatched outbox event (0 when drained).",
    registry=REGISTRY,
)
OUTBOX_PENDING = Gauge("convoy_outbox_pending", "Undispatched outbox events.", registry=REGISTRY)

#: Operation names are client-chosen: cap the label set so metrics cannot explode.
_MAX_OPERATIONS = 500
_seen_operations: set[str] = set()


def _label(operation: str) -> str:
    if operation in _seen_operations:
        return operation
    if len(_seen_operations) >= _MAX_OPERATIONS:
        return "other"
    _seen_operations.add(operation)
    return operation


def observe_request(operation: str, seconds: float, *, error: bool) -> None:
    label = _label(operation)
    REQUEST_LATENCY.labels(label).observe(seconds)
    if error:
        REQUEST_ERRORS.labels(label).inc()


def render() -> bytes:
    return generate_latest(REGISTRY)
