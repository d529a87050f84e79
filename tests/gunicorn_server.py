"""qawl under a real gunicorn on a loopback port, for tests that need several workers or a SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def qawl_command() -> list[str]:
    """How to run the installed ``qawl`` command (its script beside this Python, else the module)."""
    command = Path(sys.executable).parent / "qawl"
    return [str(command)] if command.exists() else [sys.executable, "-m", "qawl.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group, so the whole server (workers, training) can be SIGKILLed."""

    def __init__(self, model_dir: Path, env: dict, workers: int = 2, threads: int = 4):
        self.model_dir, self.env, self.workers, self.threads = model_dir, env, workers, threads
        self.port = free_port()
        self.process = None

    def start(self) -> "Server":
        env = {**os.environ, "MODEL_DIR": str(self.model_dir), "LABEL_STUDIO_URL": "", "LABEL_STUDIO_API_KEY": "",
               "BASIC_AUTH_USER": "", "BASIC_AUTH_PASS": "", "LOG_LEVEL": "WARNING", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--threads", str(self.threads), "--timeout", "0", "qawl.wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(self.model_dir / "server.log", "ab"),
            start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.get("/health")
                return self
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not start: " + (self.model_dir / "server.log").read_text()[-2000:])

    def call(self, method, path, body=None):
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())

    def get(self, path):
        return self.call("GET", path)[1]

    def post(self, path, body):
        return self.call("POST", path, body)

    def kill(self, sig=signal.SIGKILL):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
