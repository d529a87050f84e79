"""Latency of /health, /setup and /predict under gunicorn on loopback.

Starts ``qawl serve`` on a free port with a temporary MODEL_DIR, sends a
bounded number of requests, prints percentiles, and stops the server.
Usage: .venv/bin/python benchmarks/service_latency.py [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if requests.get(url + "/health", timeout=1).ok:
                return time.perf_counter() - started
        except (requests.ConnectionError, requests.Timeout):  # bound, but the worker is still loading
            time.sleep(0.1)
    raise RuntimeError("server did not come up")


@contextmanager
def served(*serve_args: str):
    """``qawl serve`` on a free loopback port with a temporary MODEL_DIR: yields (url, seconds to come up),
    and stops the server after. The other benchmarks start theirs with this too."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as model_dir:
        env = dict(os.environ, MODEL_DIR=model_dir, LOG_LEVEL="WARNING")
        server = subprocess.Popen([sys.executable, "-m", "qawl.cli", "serve", "--port", str(port), *serve_args],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT / "backend")
        try:
            yield url, wait_until_up(url)
        finally:
            server.terminate()
            server.wait(timeout=30)


def percentiles(samples: list[float]) -> str:
    ms = sorted(1000 * s for s in samples)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return f"p50 {pick(0.5):7.2f} ms  p95 {pick(0.95):7.2f} ms  p99 {pick(0.99):7.2f} ms  max {ms[-1]:7.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    config = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
    tasks = json.loads((ROOT / "examples" / "tasks.json").read_text(encoding="utf-8"))
    with served() as (url, seconds):
        print(f"server up in {seconds:.2f} s (model loaded at start)")
        session = requests.Session()
        setup = {"project": "1.1795535340", "schema": config, "hostname": "http://localhost:8080",
                 "access_token": "x", "extra_params": None}
        predict = {"tasks": tasks, "project": "1.1795535340", "label_config": config,
                   "params": {"login": None, "password": None, "context": None}}
        for name, call in [
            ("GET /health", lambda: session.get(url + "/health", timeout=5)),
            ("POST /setup", lambda: session.post(url + "/setup", json=setup, timeout=5)),
            (f"POST /predict ({len(tasks)} tasks)", lambda: session.post(url + "/predict", json=predict, timeout=100)),
        ]:
            samples = []
            count = args.requests if "predict" not in name else max(10, args.requests // 10)
            for _ in range(count):
                started = time.perf_counter()
                response = call()
                samples.append(time.perf_counter() - started)
                response.raise_for_status()
            print(f"{name:28s} n={count:4d}  {percentiles(samples)}  mean {1000 * statistics.mean(samples):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
