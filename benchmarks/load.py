"""/predict throughput and latency, and /health latency, while qawl serve is under load.

Starts ``qawl serve --workers 2`` on a free loopback port with a temporary MODEL_DIR. Phase one sends
batches from ``--clients`` concurrent clients for ``--seconds``; phase two quadruples them past what the
workers admit, where a client that is told 503 waits its Retry-After and sends again, as Label Studio's
retries would. Throughout, a probe asks /health every 50 ms, as Label Studio's 1-second check does.
Usage: .venv/bin/python benchmarks/load.py [--clients 8] [--batch 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import requests

from service_latency import served

ROOT = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run_phase(url: str, payload: dict, clients: int, seconds: float, tasks_per_batch: int) -> dict:
    latencies, health, counts = [], [], {"ok": 0, "busy": 0, "errors": 0}
    lock, stop = threading.Lock(), threading.Event()

    def client():
        session = requests.Session()
        while not stop.is_set():
            started = time.perf_counter()
            try:
                answer = session.post(f"{url}/predict", json=payload, timeout=100)
            except requests.RequestException:
                with lock:
                    counts["errors"] += 1
                continue
            with lock:
                if answer.status_code == 200:
                    counts["ok"] += 1
                    latencies.append(time.perf_counter() - started)
                elif answer.status_code == 503:
                    counts["busy"] += 1
                else:
                    counts["errors"] += 1
            if answer.status_code == 503:
                time.sleep(float(answer.headers.get("Retry-After", 1)))

    def probe():
        session = requests.Session()
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ok = session.get(f"{url}/health", timeout=5).status_code == 200
            except requests.RequestException:
                ok = False
            with lock:
                health.append(time.perf_counter() - started)
                counts["errors"] += not ok
            time.sleep(0.05)

    threads = [threading.Thread(target=client) for _ in range(clients)] + [threading.Thread(target=probe)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"clients": clients, "seconds": round(elapsed, 1), "batches": counts["ok"],
            "tasks_per_second": round(counts["ok"] * tasks_per_batch / elapsed, 1),
            "predict_ms": {q: round(percentile(latencies, p), 1) for q, p in (("p50", .5), ("p95", .95), ("p99", .99))},
            "health_ms": {"p50": round(percentile(health, .5), 1), "p99": round(percentile(health, .99), 1),
                          "max": round(1000 * max(health, default=0), 1), "n": len(health)},
            "answered_503_then_retried": counts["busy"], "errors": counts["errors"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients in phase one (default 8)")
    parser.add_argument("--batch", type=int, default=20, help="tasks per /predict (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase (default 20)")
    args = parser.parse_args()

    config = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
    examples = json.loads((ROOT / "examples" / "tasks.json").read_text(encoding="utf-8"))
    tasks = [{"id": i + 1, "data": examples[i % len(examples)]["data"]} for i in range(args.batch)]
    payload = {"tasks": tasks, "project": "1.1795535340", "label_config": config}
    with served("--workers", "2") as (url, _):
        time.sleep(3)  # both workers loaded
        print(f"qawl serve --workers 2 (8 threads each), batches of {args.batch} example tasks")
        for clients in (args.clients, 4 * args.clients):
            print(json.dumps(run_phase(url, payload, clients, args.seconds, args.batch)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
