"""Webhook acknowledgement latency while a training runs (gunicorn, loopback only).

Starts qawl under gunicorn on a free 127.0.0.1 port with a temporary
MODEL_DIR, stores a few annotations, starts a training (in a subprocess: the
neural tagger adapts to the gold mixed with ANERcorp and the replayed news,
with torch on both cores) and, while it runs,
sends ANNOTATION_CREATED webhooks one after another, as Label Studio does,
until the training ends (at most 20 times ``--requests``). Prints p50/p95/p99/max of the acknowledgements sent
during the training, and the same with no training running, for comparison.

    .venv/bin/python benchmarks/webhook_latency.py [--requests 400] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
PROJECT = {"id": 31, "title": "قياس", "label_config": CONFIG}
TEXT = "جزم الباحث تيجاني قمّوشة بأن المحصول سيتضاعف هذا العام، وأضاف أن هيئة سنابل الغد للتنمية ستدعم المزارعين."


def event(annotation_id: int) -> dict:
    def reg(rid, fragment, label, name):
        start = TEXT.index(fragment)
        return {"id": rid, "from_name": name, "to_name": "text", "type": "labels",
                "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}}

    result = [reg("s", "الباحث تيجاني قمّوشة", "SPEAKER", "attribution"),
              reg("q", "المحصول سيتضاعف هذا العام", "QUOTE", "attribution"),
              reg("p", "تيجاني قمّوشة", "PER", "entity"), reg("o", "هيئة سنابل الغد للتنمية", "ORG", "entity"),
              {"type": "relation", "from_id": "s", "to_id": "q", "direction": "right", "labels": ["said"]}]
    return {"action": "ANNOTATION_CREATED", "project": PROJECT,
            "annotation": {"id": annotation_id, "result": result, "was_cancelled": False, "task": annotation_id},
            "task": {"id": annotation_id, "data": {"text": TEXT}, "project": 31}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(port: int, path: str, body: dict) -> tuple[int, float, dict]:
    data = json.dumps(body, ensure_ascii=False).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.perf_counter()
    conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, elapsed, json.loads(payload)


def get(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    body = json.loads(conn.getresponse().read())
    conn.close()
    return body


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(f"{name:<28} n={len(ms):<4} p50 {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  "
          f"p99 {percentile(ms, 99):6.1f} ms  max {max(ms):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="webhooks per phase (bounded)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    args.requests = max(10, min(args.requests, 5000))

    with tempfile.TemporaryDirectory(prefix="qawl-latency-") as tmp:
        port = free_port()
        env = {**os.environ, "MODEL_DIR": tmp, "LABEL_STUDIO_URL": "", "LABEL_STUDIO_API_KEY": "",
               "QAWL_RETRAIN_EVERY": "0", "LOG_LEVEL": "WARNING"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
             "--threads", str(args.threads), "--timeout", "0", "qawl.wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.time() + 60
            while True:
                try:
                    get(port, "/health")
                    break
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.2)
            idle = [post(port, "/webhook", event(i))[1] for i in range(args.requests)]
            post(port, "/webhook", {"action": "START_TRAINING", "project": PROJECT})
            deadline = time.time() + 30
            while get(port, "/metrics")["training"].get("31", {}).get("state") != "training":
                if time.time() > deadline:
                    raise RuntimeError("training did not start")
                time.sleep(0.1)
            busy, statuses = [], set()
            i = args.requests
            while len(busy) < 20 * args.requests:  # the whole training, not only its start (bounded)
                status, seconds, _ = post(port, "/webhook", event(i))
                statuses.add(status)
                i += 1
                if get(port, "/metrics")["training"]["31"]["state"] != "training":
                    break  # only acknowledgements sent during the training count
                busy.append(seconds)
            print(f"qawl webhook acknowledgements, gunicorn {args.workers} workers x {args.threads} threads, "
                  f"loopback, {os.cpu_count()} CPUs; each stored durably (SQLite WAL, synchronous=FULL)")
            report("no training running", idle)
            report("while training", busy)
            print(f"statuses during training: {sorted(statuses)}")
            print(f"(the training ran for {len(busy)} of these requests"
                  + (")" if len(busy) < 20 * args.requests else ", and was still running after them)"))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
