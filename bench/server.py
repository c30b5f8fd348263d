"""Runs an ASGI app factory under uvicorn in a child process on a loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_environment(**overrides: str) -> dict[str, str]:
    """Environment for a throw-away server: SQLite in a temp dir, and the embedded Redis unless
    ``REDIS_URL`` is already set."""
    directory = Path(tempfile.mkdtemp(prefix="convoy-bench-"))
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite://{directory / 'bench.sqlite3'}")
    env.setdefault("REDIS_PREFIX", f"bench{os.getpid()}:")
    env.update(overrides)
    return env


@dataclass(frozen=True)
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server process has used so far (Linux)."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(factory: str, env: dict[str, str], *, port: int | None = None) -> Iterator[Server]:
    """Start ``uvicorn --factory <factory>`` and yield it once ``/healthz`` answers. Without
    ``REDIS_URL`` an embedded Redis is started here (and stopped afterwards) for the server."""
    if env.get("REDIS_URL"):
        with _serve(factory, env, port=port) as server:
            yield server
        return
    from runtime.redis_client import embedded_redis_url, shutdown_embedded

    redis_url = embedded_redis_url(Path(tempfile.mkdtemp(prefix="convoy-bench-redis-")))
    try:
        with _serve(factory, {**env, "REDIS_URL": redis_url}, port=port) as server:
            yield server
    finally:
        shutdown_embedded()


@contextlib.contextmanager
def _serve(factory: str, env: dict[str, str], *, port: int | None) -> Iterator[Server]:
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        factory,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with tempfile.NamedTemporaryFile(prefix="convoy-bench-", suffix=".log") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base_url, process, Path(log.name))
            yield Server(base_url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the server exited with {process.returncode}:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError("the server did not become healthy within 60 s")
