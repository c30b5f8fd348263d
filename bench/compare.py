"""Reads measured three ways in one run: the trusted document through the compiled executor,
the same text as an untrusted document through graphql-core, and a hand-written baseline."""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Awaitable, Callable
from typing import Any

from bench.feed import run_for

UNTRUSTED_SUFFIX = "\n# the same document, not trusted: graphql-core executes it\n"


def bodies(document_id: str, variables: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(trusted request by ``documentId``, the same text sent as an untrusted document)."""
    from schema.compiled import trusted_documents

    text = trusted_documents().by_id[document_id].text
    return (
        {"documentId": document_id, "variables": variables},
        {"query": text + UNTRUSTED_SUFFIX, "variables": variables},
    )


async def rounds(
    args: argparse.Namespace, calls: dict[str, Callable[[], Awaitable[Any]]]
) -> dict[str, list[float]]:
    """A warm-up of each contender, then ``args.rounds`` alternating measured rounds."""
    for call in calls.values():
        await run_for(1.0, args.clients, call)
    rates: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(args.rounds):
        for name, call in calls.items():
            rates[name].append(await run_for(args.seconds, args.clients, call))
    return rates


def report(rates: dict[str, list[float]], labels: dict[str, str], unit: str) -> float:
    """Print medians, runs and ratios to the baseline; returns the compiled ratio."""
    base = statistics.median(rates["baseline"])
    print(f"{'':52}{unit:>9}  {'vs baseline':>11}  runs")
    for name, label in labels.items():
        median = statistics.median(rates[name])
        runs = ", ".join(f"{value:.0f}" for value in rates[name])
        print(f"{label:52}{median:9.0f}  {median / base:10.2f}x  {runs}")
    ratio = statistics.median(rates["compiled"]) / base
    core = statistics.median(rates["graphql_core"]) / base
    verdict = "met" if ratio >= 0.5 else "missed"
    print(f"ratio compiled {ratio:.2f}x (target >= 0.5x: {verdict}); graphql-core {core:.2f}x")
    return ratio


async def profile(name: str, call: Callable[[], Awaitable[Any]], count: int = 300) -> None:
    """cProfile of ``count`` sequential calls: the functions taking most time of their own."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        await call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"--- profile of {name}: {count} calls, {total / count * 1e3:.2f} ms each (profiled)")
    for order in ("tottime", "cumulative"):
        out.seek(0)
        out.truncate()
        stats.sort_stats(order).print_stats(24)
        print(f"by {order}:")
        print("\n".join(out.getvalue().splitlines()[6:34]))


def execution_times(operation: str) -> str:
    """Mean execution time per path, from the app's own metrics (what ``/metrics`` shows)."""
    from runtime import metrics

    parts = []
    for path in ("compiled", "graphql-core"):
        series = metrics.EXECUTIONS._series.get((operation, path))
        if series:
            count = sum(series[:-1])
            parts.append(f"{path} {series[-1] / count * 1e3:.2f} ms")
    return f"mean execution time of {operation} (/metrics): " + ", ".join(parts)
