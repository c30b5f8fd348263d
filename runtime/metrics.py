"""Prometheus metrics for requests, jobs and the outbox, served at ``/metrics``."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from runtime.request_metrics import ExecutionMetrics, RequestMetrics

REGISTRY = CollectorRegistry()

#: ``convoy_graphql_request_seconds`` and ``convoy_graphql_errors_total`` by operation.
REQUESTS = RequestMetrics((0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
REGISTRY.register(REQUESTS)
#: ``convoy_graphql_execution_seconds`` by operation and executor (compiled or graphql-core).
EXECUTIONS = ExecutionMetrics(
    (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
)
REGISTRY.register(EXECUTIONS)
JOB_RUNS = Counter(
    "convoy_job_runs_total",
    "Job executions by task and outcome.",
    ["task", "outcome"],
    registry=REGISTRY,
)
JOB_DURATION = Histogram(
    "convoy_job_seconds",
    "Job duration by task.",
    ["task"],
    registry=REGISTRY,
    buckets=(0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600),
)
OUTBOX_LAG = Gauge(
    "convoy_outbox_lag_seconds",
    "Age of the oldest undispatched outbox event (0 when drained).",
    registry=REGISTRY,
)
OUTBOX_PENDING = Gauge("convoy_outbox_pending", "Undispatched outbox events.", registry=REGISTRY)
OUTBOX_DEAD = Gauge(
    "convoy_outbox_dead",
    "Outbox events sent the maximum number of times without being applied.",
    registry=REGISTRY,
)
OUTBOX_DELIVERIES = Counter(
    "convoy_outbox_deliveries_total",
    "Outbox event deliveries by outcome (applied, duplicate, failed, ...).",
    ["outcome"],
    registry=REGISTRY,
)
LOYALTY_INCONSISTENCIES = Gauge(
    "convoy_loyalty_inconsistencies",
    "Points accounts disagreeing with their ledger at the last consistency check, by check.",
    ["check"],
    registry=REGISTRY,
)

observe_request = REQUESTS.observe
observe_execution = EXECUTIONS.observe


def render() -> bytes:
    return generate_latest(REGISTRY)
