"""GraphQL overhead: a trivial query against a bare Starlette JSON endpoint in the same app.

    .venv/bin/python -m bench.overhead [--seconds 10] [--connections 32] [--rounds 3]

One uvicorn process serves the regular app plus one extra route, ``/bench/bare``, returning a
constant JSON body. Both endpoints get the same POST request and sit behind the same
middleware (request id, access log line, body cap); the GraphQL one also pays for its rate
limit, limits, context, execution and metrics. The two are measured in alternating rounds;
the medians give the ratio (target: >= 0.5). The server's CPU time per request is printed too,
as it is less sensitive to other load on the machine than requests per second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics

from starlette.applications import Starlette
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.load import Request, run_load
from bench.server import Server, bench_environment, serve

BARE_PATH = "/bench/bare"
UNLOGGED_BASELINE = "CONVOY_BENCH_UNLOGGED_BASELINE"
TRIVIAL_QUERY = "{ __typename }"
HEADERS = (("Content-Type", "application/json"), ("Accept", "application/graphql-response+json"))


async def bare(request: StarletteRequest) -> Response:
    return JSONResponse({"data": {"ping": "pong"}})


def make_app() -> Starlette:
    """The regular app with one extra bare JSON route (the baseline)."""
    from api import middleware
    from api.app import create_app

    if os.environ.get(UNLOGGED_BASELINE):
        middleware.QUIET_PATHS = middleware.QUIET_PATHS | {BARE_PATH}
    app = create_app()
    # right after /graphql: each route is found after the same number of misses, give or take one
    app.router.routes.insert(1, Route(BARE_PATH, bare, methods=["GET", "POST"]))
    return app


def measure(
    server: Server, request: Request, *, connections: int, seconds: float
) -> tuple[float, float]:
    """Requests per second, and server CPU microseconds per request."""
    cpu_before = server.cpu_seconds()
    result = run_load(server.url, request, connections=connections, seconds=seconds)
    cpu = server.cpu_seconds() - cpu_before
    if result.failures:
        raise RuntimeError(f"{result.failures} failed requests to {request.path}")
    return result.per_second, cpu / max(1, result.requests) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements each")
    parser.add_argument(
        "--unlogged-baseline",
        action="store_true",
        help="spare the bare endpoint its access log line (GraphQL keeps it)",
    )
    args = parser.parse_args()

    body = json.dumps({"query": TRIVIAL_QUERY}).encode()
    requests = {
        "bare": Request("POST", BARE_PATH, body, HEADERS),
        "graphql": Request("POST", "/graphql", body, HEADERS),
    }
    # the limit is real (Redis-backed) but high enough never to refuse the load
    env = bench_environment(RATE_LIMIT_PER_MINUTE=str(10**9), LOG_JSON="true")
    if args.unlogged_baseline:
        env[UNLOGGED_BASELINE] = "1"
    rates: dict[str, list[float]] = {name: [] for name in requests}
    cpu: dict[str, list[float]] = {name: [] for name in requests}
    with serve("bench.overhead:make_app", env) as server:
        for request in requests.values():  # warm-up: caches, connections, lazy imports
            measure(server, request, connections=args.connections, seconds=2)
        for _ in range(args.rounds):
            for name, request in requests.items():
                rate, micros = measure(
                    server, request, connections=args.connections, seconds=args.seconds
                )
                rates[name].append(rate)
                cpu[name].append(micros)
    bare_rate, graphql_rate = (statistics.median(rates[name]) for name in requests)
    bare_cpu, graphql_cpu = (statistics.median(cpu[name]) for name in requests)
    tool = "wrk" if shutil.which("wrk") else "asyncio client"
    baseline = "without" if args.unlogged_baseline else "with"
    print(
        f"load: {tool}, {args.connections} connections, {args.rounds} x {args.seconds:g} s each; "
        f"baseline {baseline} its access log line"
    )
    print(f"{'':24}{'req/s':>10}{'CPU us/req':>12}  runs (req/s)")
    print(f"{'bare Starlette JSON':24}{bare_rate:10.0f}{bare_cpu:12.1f}  {_runs(rates['bare'])}")
    print(
        f"{'GraphQL ' + TRIVIAL_QUERY:24}{graphql_rate:10.0f}{graphql_cpu:12.1f}"
        f"  {_runs(rates['graphql'])}"
    )
    print(
        f"ratio {graphql_rate / bare_rate:.2f}x by throughput, "
        f"{bare_cpu / graphql_cpu:.2f}x by CPU per request (target >= 0.5x)"
    )


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values)


if __name__ == "__main__":
    main()
