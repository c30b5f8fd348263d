"""Real ``convoy`` processes for the tests of start-up, shut-down and several API processes:
each runs in a directory of its own, with an environment that holds only what the test sets."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from runtime.config import Settings

CONVOY = str(Path(sys.executable).with_name("convoy"))
#: Start-up on a loaded 2-core machine (migrations and demo data included) can be slow.
START_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(**values: str) -> dict[str, str]:
    """The test process's environment without any Convoy setting, plus ``values``."""
    names = {"CONVOY_MODE"} | {name.upper() for name in Settings.model_fields}
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in names and not name.startswith("TEST_")
    }
    env.update(values)
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``convoy <args>`` to its end."""
    return subprocess.run(
        [CONVOY, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=START_SECONDS
    )


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    url: str
    stderr: Path

    def errors(self) -> str:
        return self.stderr.read_text(errors="replace")

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 60) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=timeout)


@contextlib.contextmanager
def running(
    args: list[str], env: dict[str, str], cwd: Path, *, port: int, ready: str = "/healthz"
) -> Iterator[Running]:
    """``convoy <args>`` from its start until ``ready`` on ``port`` answers 200 to the end of
    the block; still running then, it is stopped (SIGTERM, then SIGKILL)."""
    cwd.mkdir(parents=True, exist_ok=True)
    stderr = cwd / f"stderr-{port}.txt"
    with open(cwd / f"stdout-{port}.txt", "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen([CONVOY, *args], env=env, cwd=cwd, stdout=out, stderr=err)
    started = Running(process, f"http://127.0.0.1:{port}", stderr)
    try:
        _wait_ready(started, ready)
        yield started
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(started: Running, path: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if started.process.poll() is not None:
            raise AssertionError(f"exited with {started.process.returncode}:\n{started.errors()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(started.url + path, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"not ready within {START_SECONDS} s:\n{started.errors()}")


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")
