"""``qawl serve --workers 2``: every worker answers with the newest version, and /metrics speaks for the server.

A version published by another process (here ``qawl train --from-export``,
as a lead would run it beside a live server) must be named by the very next
/setup of every worker and run by the very next /predict, or Label Studio's
"Retrieve predictions" right after a training re-predicts nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from gunicorn_server import ROOT, Server

CONFIG = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
SETUP = {"project": "8.1795535340", "schema": CONFIG}
TEXT = "وصرّح مدير مستشفى الكرك الحكومي سامر الطراونة بأن الجناح الجديد سيفتح أبوابه في أيار."


def export_file(path):
    speaker, quote = "مدير مستشفى الكرك الحكومي سامر الطراونة", "الجناح الجديد سيفتح أبوابه في أيار"
    result = []
    for rid, fragment, label in (("s", speaker, "SPEAKER"), ("q", quote, "QUOTE")):
        start = TEXT.index(fragment)
        result.append({"id": rid, "from_name": "attribution", "to_name": "text", "type": "labels",
                       "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}})
    result.append({"type": "relation", "from_id": "s", "to_id": "q", "direction": "right", "labels": ["said"]})
    path.write_text(json.dumps([{"id": 1, "data": {"text": TEXT}, "annotations": [{"id": 9, "result": result}]}],
                               ensure_ascii=False), encoding="utf-8")
    return path


def predict(server, text=TEXT):
    return server.post("/predict", {"tasks": [{"id": 1, "data": {"text": text}}], "project": SETUP["project"],
                                    "label_config": CONFIG})[1]


@pytest.fixture
def server(tmp_path, request):
    """Two workers; one request at a time each (gunicorn's sync worker) when the test asks, so that
    concurrent requests are bound to reach both."""
    (tmp_path / "models").mkdir()
    server = Server(tmp_path / "models", {"QAWL_RETRAIN_EVERY": "0"}, workers=2,
                    threads=getattr(request, "param", 4)).start()
    yield server
    server.kill()


def test_a_version_published_beside_the_server_is_served_by_every_worker_at_once(server, tmp_path):
    shipped = server.post("/setup", SETUP)[1]["model_version"]
    with ThreadPoolExecutor(8) as pool:  # both workers have answered for the project before the training
        assert set(pool.map(lambda _: server.post("/setup", SETUP)[1]["model_version"], range(16))) == {shipped}
    trained = subprocess.run([sys.executable, "-m", "qawl.cli", "train", "--from-export",
                              str(export_file(tmp_path / "export.json")), "--project", "8"],
                             env={**os.environ, "MODEL_DIR": str(server.model_dir), "QAWL_TRAIN_ENTITY_CRF": "off"},
                             capture_output=True, text=True, timeout=300)
    assert trained.returncode == 0, trained.stderr
    version = json.loads(trained.stdout)["version"]
    assert version != shipped and version.endswith("+p8.1")

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: server.post("/setup", SETUP)[1]["model_version"], range(12)))
        predictions = list(pool.map(lambda _: predict(server), range(12)))
    assert answers == [version] * 12
    assert [p["results"][0]["model_version"] for p in predictions] == [version] * 12


@pytest.mark.parametrize("server", [1], indirect=True)
def test_metrics_count_the_requests_of_every_worker(server):
    sent, deadline = 0, time.monotonic() + 60
    with ThreadPoolExecutor(10) as pool:
        while True:  # until both workers have served (the second may still be loading its model)
            list(pool.map(lambda _: predict(server), range(10)))
            sent += 10
            if len(server.get("/metrics")["requests"]["workers"]) == 2 or time.monotonic() > deadline:
                break
    answers = [server.get("/metrics")["requests"] for _ in range(6)]
    assert [a["tasks_predicted"] for a in answers] == [sent] * 6
    assert all(a["by_path"]["/predict"]["count"] == sent for a in answers)
    workers = answers[-1]["workers"]
    assert len(workers) == 2 and sum(w["tasks_predicted"] for w in workers) == sent
