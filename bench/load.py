"""Load generation against a loopback URL: ``wrk`` when installed, else a raw asyncio client.

Both keep connections alive and send one prebuilt request over and over, so the client costs
little next to the server being measured.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    failures: int
    tool: str

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(base_url: str, request: Request, *, connections: int, seconds: float) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(base_url, request, connections=connections, seconds=seconds)
    return asyncio.run(_asyncio_load(base_url, request, connections=connections, seconds=seconds))


def _lua_string(value: str | bytes) -> str:
    text = value.decode() if isinstance(value, bytes) else value
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrk(base_url: str, request: Request, *, connections: int, seconds: float) -> LoadResult:
    lines = [
        f"wrk.method = {_lua_string(request.method)}",
        f"wrk.body = {_lua_string(request.body)}",
    ]
    for name, value in request.headers:
        lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write("\n".join(lines) + "\n")
        script.flush()
        completed = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "-s",
                script.name,
                base_url + request.path,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    output = completed.stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    if total is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    unit = {"ms": 0.001, "s": 1.0, "m": 60.0}[total.group(3)]
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = int(failures.group(1)) if failures else 0
    if errors:
        failed += sum(int(n) for n in errors.groups())
    return LoadResult(int(total.group(1)), float(total.group(2)) * unit, failed, "wrk")


async def _asyncio_load(
    base_url: str, request: Request, *, connections: int, seconds: float
) -> LoadResult:
    url = urlsplit(base_url)
    head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {url.netloc}"]
    head += [f"{name}: {value}" for name, value in request.headers]
    head.append(f"Content-Length: {len(request.body)}")
    raw = ("\r\n".join(head) + "\r\n\r\n").encode() + request.body
    deadline = time.perf_counter() + seconds
    counts = [0, 0]  # done, failed

    async def client() -> None:
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        try:
            while time.perf_counter() < deadline:
                writer.write(raw)
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                counts[0] += 1
                if not status_line.split(b" ")[1].startswith(b"2"):
                    counts[1] += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return LoadResult(counts[0], time.perf_counter() - started, counts[1], "asyncio")
