"""Request latencies against a loopback URL from concurrent keep-alive clients.

Two ways of loading: ``closed`` (every client sends its next request as soon as the previous
answer is in: the throughput limit, where latency is mostly queueing) and ``paced`` (the
clients share a fixed request rate; latency is counted from when a request was due, so a
server that falls behind is charged for the wait).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench.load import Request


@dataclass(frozen=True)
class Latencies:
    seconds: float
    #: Milliseconds per request, sorted.
    samples: list[float]
    failures: int

    @property
    def per_second(self) -> float:
        return len(self.samples) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.samples:
            return float("nan")
        return self.samples[min(len(self.samples) - 1, int(share * len(self.samples)))]

    def merged(self, other: Latencies) -> Latencies:
        return Latencies(
            self.seconds + other.seconds,
            sorted(self.samples + other.samples),
            self.failures + other.failures,
        )

    def describe(self) -> str:
        if not self.samples:
            return "no requests"
        return (
            f"{self.per_second:8.0f} req/s  p50 {self.percentile(0.5):7.2f} ms  "
            f"p99 {self.percentile(0.99):7.2f} ms  mean {statistics.fmean(self.samples):7.2f} ms"
        )


def _raw(base_url: str, request: Request) -> bytes:
    url = urlsplit(base_url)
    head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {url.netloc}"]
    head += [f"{name}: {value}" for name, value in request.headers]
    head.append(f"Content-Length: {len(request.body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + request.body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[bool, bytes]:
    writer.write(raw)
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    body = await reader.readexactly(length)
    return status_line.split(b" ")[1].startswith(b"2"), body


async def measure(
    base_url: str,
    request: Request,
    *,
    clients: int,
    seconds: float,
    rate: float | None = None,
    reject: bytes | None = None,
) -> Latencies:
    """Latencies of ``request`` from ``clients`` connections for ``seconds``: closed loop, or
    paced at ``rate`` requests per second in total. A response that is not 2xx, or whose body
    contains ``reject``, counts as a failure."""
    url = urlsplit(base_url)
    raw = _raw(base_url, request)
    samples: list[float] = []
    failures = 0
    started = time.perf_counter()
    deadline = started + seconds
    interval = clients / rate if rate else 0.0

    async def client(index: int) -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        due = started + interval * index / clients
        try:
            while True:
                if rate:
                    if due >= deadline:
                        break
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    begin = due
                    due += interval
                else:
                    begin = time.perf_counter()
                    if begin >= deadline:
                        break
                ok, body = await _exchange(reader, writer, raw)
                samples.append((time.perf_counter() - begin) * 1000)
                if not ok or (reject is not None and reject in body):
                    failures += 1
        finally:
            writer.close()

    await asyncio.gather(*(client(index) for index in range(clients)))
    return Latencies(time.perf_counter() - started, sorted(samples), failures)
