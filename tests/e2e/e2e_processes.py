"""Start, poll and stop the real services of the end-to-end tests.

Every service runs in a session of its own, logs to a file, and is ended by
its own process id (its process group) in teardown: nothing is ever looked up
or killed by name. Readiness is polled with a deadline, and a service that
dies while starting fails at once with the tail of its log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

__all__ = ["Service", "free_port", "wait_until"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.3):
    """Call ``check`` until it returns something truthy; TimeoutError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as error:  # the service may not be up yet
            last_error = error
        time.sleep(interval)
    raise TimeoutError(f"{what}: not reached in {timeout:.0f} s" + (f" (last error: {last_error})" if last_error else ""))


class Service:
    """One child process with its log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_path: Path, cwd: Path | None = None):
        self.name, self.argv, self.env, self.log_path, self.cwd = name, argv, env, Path(log_path), cwd
        self.process: subprocess.Popen | None = None

    def start(self) -> "Service":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_http(self, url: str, timeout: float, accept=lambda response: response.ok, fail_if=None) -> None:
        """Poll ``url`` until ``accept(response)``; fail early, with the log, if the process exits
        or ``fail_if()`` returns a reason."""
        def check():
            if not self.running():
                raise ServiceDied(f"{self.name} exited with code {self.process.returncode} while starting:\n"
                                  f"{self.log_tail()}")
            reason = fail_if() if fail_if else None
            if reason:
                raise ServiceDied(f"{self.name}: {reason}\n{self.log_tail()}")
            return accept(requests.get(url, timeout=2))

        try:
            wait_until(check, timeout, f"{self.name} at {url}")
        except ServiceDied:
            raise
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n--- {self.name} log ---\n{self.log_tail()}") from None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the service's own process group, SIGKILL after ``grace`` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the group id is the child's pid
        _signal_group(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)
        # Workers that outlived their parent get the same end.
        _signal_group(pgid, signal.SIGKILL)


class ServiceDied(RuntimeError):
    """The process ended before it was ready."""


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
