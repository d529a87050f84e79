"""/health answers within Label Studio's 1-second timeout while every worker is busy with big batches.

Sixteen concurrent /predict calls of 150 tasks each used to fill all 2 × 8 threads, and /health then took
seconds; now each worker runs two predictions, lets four wait, and refuses the rest at once with 503 and
Retry-After, keeping threads for /health and /setup.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from gunicorn_server import ROOT, Server

CONFIG = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
EXAMPLES = json.loads((ROOT / "examples" / "tasks.json").read_text(encoding="utf-8"))


@pytest.fixture
def server(tmp_path):
    server = Server(tmp_path, {"QAWL_RETRAIN_EVERY": "0"}, workers=2, threads=8).start()
    time.sleep(2)  # the second worker loads its model too
    yield server
    server.kill()


def big_predict(server) -> tuple[int, str | None]:
    tasks = [{"id": i, "data": EXAMPLES[i % len(EXAMPLES)]["data"]} for i in range(150)]
    body = json.dumps({"tasks": tasks, "label_config": CONFIG}, ensure_ascii=False).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/predict", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")


def test_health_stays_fast_while_every_worker_predicts(server):
    delays, stop = [], threading.Event()

    def probe():
        while not stop.is_set():
            started = time.perf_counter()
            server.get("/health")
            delays.append(time.perf_counter() - started)
            time.sleep(0.05)

    prober = threading.Thread(target=probe)
    with ThreadPoolExecutor(16) as pool:
        batches = [pool.submit(big_predict, server) for _ in range(16)]
        time.sleep(0.5)
        prober.start()
        answers = [batch.result() for batch in batches]
    stop.set()
    prober.join()
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 4, statuses
    assert all(retry == "1" for status, retry in answers if status == 503)
    assert len(delays) >= 5 and max(delays) < 1.0, f"/health took up to {max(delays):.2f} s under load"
