"""What an outside probe broke, each case as it was sent: bad ids, malformed regions, odd bodies, logs, limits."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time

import pytest
import requests

from gunicorn_server import ROOT, free_port, qawl_command
from qawl.app import create_app
from qawl.labelstudio.validate import schema_for, validate_result
from qawl.learning.gold import GoldStore
from qawl.learning.queue import TrainingQueue
from qawl.learning.registry import ModelRegistry
from qawl.learning.store import ModelStore
from qawl.learning.trainer import Trainer
from qawl.settings import Settings

CONFIG = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
TEXT = "وأكد محافظ البنك المركزي فادي الشريف أن معدل التضخم سينخفض إلى ثلاثة في المئة بنهاية العام."
PROJECT = {"id": 4, "title": "اقتصاد", "label_config": CONFIG}


def region(fragment: str, label: str, rid: str) -> dict:
    start = TEXT.index(fragment)
    group = "attribution" if label in ("SPEAKER", "QUOTE") else "entity"
    return {"id": rid, "from_name": group, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}}


def annotation(annotation_id=1, result=None, project=None) -> dict:
    return {"action": "ANNOTATION_CREATED", "project": project or PROJECT,
            "annotation": {"id": annotation_id, "result": result if result is not None else
                           [region("فادي الشريف", "PER", "p")]},
            "task": {"id": annotation_id, "data": {"text": TEXT}}}


@pytest.fixture
def client(tmp_path):
    return create_app({"model_dir": tmp_path, "basic_auth_user": "", "basic_auth_pass": "",
                       "retrain_every": 0, "train_entity_crf": "off"}).test_client()


# 1. project ids ----------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["a b", "../x", "0", "-3", "", "1e3", True, 2.5, ["1"]])
def test_a_project_id_that_is_not_a_positive_integer_is_refused_everywhere(client, bad):
    for path, payload in [("/webhook", annotation(project={**PROJECT, "id": bad})),
                          ("/webhook", {"action": "START_TRAINING", "project": {"id": bad}}),
                          ("/setup", {"project": bad, "schema": CONFIG}),
                          ("/predict", {"tasks": [{"id": 1, "data": {"text": TEXT}}], "project": bad})]:
        answer = client.post(path, json=payload)
        assert answer.status_code == 400 and "positive integer" in answer.get_json()["error"], (path, bad)


def test_a_project_that_cannot_be_trained_never_blocks_the_others(tmp_path):
    """A bad id queued by an older version sits first in the queue; the project after it still trains."""
    gold = GoldStore(tmp_path / "gold.sqlite3")
    queue = TrainingQueue(gold.path)
    queue.request("a b", "START_TRAINING", 0)
    gold.put("6", "1", "1", TEXT, [region("فادي الشريف", "PER", "p")])
    time.sleep(0.01)
    queue.request("6", "START_TRAINING", 1)
    settings = Settings.from_mapping({"model_dir": tmp_path, "train_entity_crf": "off", "label_studio_url": ""})
    trainer = Trainer(ModelRegistry(tmp_path), gold, settings, autostart=False)
    trainer.run_all_pending()
    assert queue.pending() == []
    assert ModelStore(tmp_path).current("6") is not None
    assert "cannot be trained" in queue.rows()["a b"]["last_error"]


# 4. malformed regions -----------------------------------------------------------------------------
@pytest.mark.parametrize("result, words", [([{"type": "labels", "value": "oops"}], "not an object"),
                                           (["region"], "not an object"),
                                           ([{"type": "labels", "value": {"start": "1", "end": 4}}], "integers"),
                                           ([{"type": "labels", "value": {"start": 5, "end": 9999}}], "outside"),
                                           ([{"type": "labels", "value": {"labels": "PER"}}], "not a list")])
def test_the_webhook_refuses_a_malformed_region_with_the_reason(client, result, words):
    answer = client.post("/webhook", json=annotation(result=result))
    assert answer.status_code == 400 and words in answer.get_json()["error"]


def test_a_malformed_stored_annotation_is_left_out_of_training_not_fatal(tmp_path):
    """Stored before the webhook checked regions: the training reads the rest and counts what it left out."""
    gold = GoldStore(tmp_path / "gold.sqlite3")
    gold.put("6", "1", "1", TEXT, [{"type": "labels", "value": "oops"}, {"type": "relation", "labels": 5,
                                                                          "from_id": "a", "to_id": "b"}])
    gold.put("6", "2", "2", TEXT, [region("فادي الشريف", "PER", "p")])
    settings = Settings.from_mapping({"model_dir": tmp_path, "train_entity_crf": "off", "label_studio_url": ""})
    trainer = Trainer(ModelRegistry(tmp_path), gold, settings, autostart=False)
    trainer.request("6", "START_TRAINING")
    assert trainer.run_pending("6") is True
    row = trainer.metrics()["6"]
    assert row["last_error"] is None and row["last_summary"]["summary"]["gold_annotations"] == 2


# 5. what anonymous clients can make the server keep ------------------------------------------------
def test_metrics_keep_only_known_routes_and_actions(client):
    for i in range(5):
        client.get(f"/no-such-page-{i}")
        client.post("/webhook", json={"action": f"X{i}" * 1000, "project": PROJECT})
    requests_seen = client.get("/metrics").get_json()["requests"]
    assert not any(path.startswith("/no-such") for path in requests_seen["by_path"])
    assert set(requests_seen["webhook_events"]) == {"other"}


def test_the_webhook_body_limit_is_smaller_than_predicts(tmp_path):
    client = create_app({"model_dir": tmp_path, "max_webhook_mb": 1, "basic_auth_user": ""}).test_client()
    big = annotation()
    big["task"]["data"]["text"] = TEXT * 20_000  # ≈ 1.8 MB
    assert client.post("/webhook", json=big).status_code == 413
    assert GoldStore(tmp_path / "gold.sqlite3").count() == 0
    tasks = [{"id": 1, "data": {"text": TEXT * 15_000}}]
    assert client.post("/predict", json={"tasks": tasks, "label_config": CONFIG}).status_code == 200


def test_a_label_config_far_larger_than_any_real_one_is_refused(client):
    huge = CONFIG.replace("<View>", "<View>" + "<Header value='x'/>" * 60_000, 1)
    assert client.post("/setup", json={"project": "4.1", "schema": huge}).status_code == 400


# 7. 400, not 500 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path, payload", [
    ("/setup", {"project": "4.1", "schema": ["<View/>"]}),
    ("/setup", {"project": "4.1", "schema": {"xml": "<View/>"}}),
    ("/predict", {"tasks": [{"id": 1, "data": {"text": TEXT}}], "label_config": ["<View/>"]}),
    ("/webhook", {"action": "ANNOTATIONS_DELETED", "project": PROJECT, "annotations": 5}),
    ("/webhook", annotation(project={**PROJECT, "label_config": {"x": 1}})),
])
def test_payloads_of_the_wrong_shape_get_400_with_the_reason(client, path, payload):
    answer = client.post(path, json=payload)
    assert answer.status_code == 400 and answer.get_json()["error"]


def test_json_sent_as_a_form_is_read_as_json(client):
    """curl -d sends application/x-www-form-urlencoded unless told otherwise."""
    answer = client.post("/setup", data=json.dumps({"project": "4.1", "schema": CONFIG}),
                         content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200 and answer.get_json()["model_version"]


# 9. interactive context --------------------------------------------------------------------------
def test_a_malformed_drawn_region_is_ignored_and_the_prediction_kept(client):
    task = {"id": 1, "data": {"text": TEXT}}
    plain = client.post("/predict", json={"tasks": [task], "label_config": CONFIG}).get_json()["results"][0]
    context = {"result": [{"value": "x"}, {"from_name": "entity", "value": {"start": "a"}}, 7]}
    drawn = client.post("/predict", json={"tasks": [task], "label_config": CONFIG,
                                          "params": {"context": context}}).get_json()["results"][0]
    assert plain["result"] and drawn["result"] == plain["result"]
    assert validate_result(drawn["result"], TEXT, schema_for(CONFIG), drawn["score"]) == []


# 8. logs -----------------------------------------------------------------------------------------
def test_logs_never_hold_credentials_or_a_forged_line(tmp_path):
    """gunicorn logged the whole credential string of a header without a colon; a newline in an action forged
    a log line."""
    port, log_path = free_port(), tmp_path / "server.log"
    env = {**os.environ, "MODEL_DIR": str(tmp_path), "LOG_LEVEL": "INFO", "BASIC_AUTH_USER": "ls",
           "BASIC_AUTH_PASS": "s3cret-pass"}
    command = qawl_command()
    with open(log_path, "wb") as log:
        server = subprocess.Popen([*command, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_up(url)
        secret = "correct-horse-battery"
        for header in (secret, f"ls:{secret}"):
            token = base64.b64encode(header.encode()).decode()
            assert requests.get(f"{url}/health", headers={"Authorization": f"Basic {token}"}, timeout=5).status_code == 401
        good = {"Authorization": "Basic " + base64.b64encode(b"ls:s3cret-pass").decode()}
        forged = "PING\n2026-12-05 10:00:00 INFO qawl: training finished"
        assert requests.post(f"{url}/webhook", json={"action": forged, "project": PROJECT}, headers=good,
                             timeout=5).status_code == 200
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    logged = log_path.read_text(encoding="utf-8", errors="replace")
    assert "webhook event" in logged  # the ignored event was logged, escaped
    assert secret not in logged and base64.b64encode(secret.encode()).decode() not in logged
    assert "s3cret-pass" not in logged
    assert not any(line.startswith("2026-12-05 10:00:00 INFO qawl: training finished") for line in logged.splitlines())


def _wait_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/health", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("qawl serve did not start")


# found by tests/test_fuzz.py ------------------------------------------------------------------------
def test_json_nested_too_deeply_is_a_400(client):
    answer = client.post("/predict", data=b"[" * 10_000 + b"]" * 10_000, content_type="application/json")
    assert answer.status_code == 400 and "nested" in answer.get_json()["error"]


def test_ids_with_a_lone_surrogate_are_stored_and_deleted(client):
    """JSON may escape a lone surrogate ("\\ud800"); SQLite's UTF-8 cannot hold it, so it is kept as U+FFFD."""
    event = annotation()
    event["annotation"]["id"], event["task"]["id"] = "\ud800", "\udfff"
    assert client.post("/webhook", data=json.dumps(event), content_type="application/json").status_code == 201
    deleted = {"action": "ANNOTATIONS_DELETED", "project": PROJECT, "annotations": [{"id": "\ud800"}]}
    answer = client.post("/webhook", data=json.dumps(deleted), content_type="application/json")
    assert answer.status_code == 201 and answer.get_json()["deleted"] == 1
