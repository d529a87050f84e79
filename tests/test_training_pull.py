""""Start training" on a project whose text is not under ``text``: the pull reads the project's own data key.

Label Studio's task API is played by a small HTTP server on 127.0.0.1 that
answers ``GET /api/tasks/`` the way Label Studio 1.23.2 does (pages until an
empty one), so the real label-studio-sdk client runs against it.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from qawl.app import create_app
from qawl.learning.gold import GoldStore

BODY_CONFIG = """<View>
  <Labels name="entity" toName="article"><Label value="PER"/><Label value="ORG"/><Label value="LOC"/></Labels>
  <Labels name="attribution" toName="article"><Label value="SPEAKER"/><Label value="QUOTE"/></Labels>
  <Relations><Relation value="said"/></Relations>
  <Text name="article" value="$body"/>
</View>"""

TEXTS = {
    1: "أعلنت المهندسة رنا الخطيب أن محطة تحلية المياه في العقبة ستعمل بكامل طاقتها في الربيع.",
    2: "وقال رئيس بلدية إربد نضال العمري إن أعمال توسعة الطريق ستنتهي قبل نهاية العام.",
    3: "وأكدت شركة نسيم البحر للملاحة أن رحلاتها إلى نويبع ستستأنف الأسبوع المقبل.",
}


def region(rid: str, text: str, fragment: str, label: str, group: str) -> dict:
    start = text.index(fragment)
    return {"id": rid, "from_name": group, "to_name": "article", "type": "labels",
            "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}}


def annotation_result(task_id: int) -> list:
    text = TEXTS[task_id]
    speaker, quote, name = {
        1: ("المهندسة رنا الخطيب", "محطة تحلية المياه في العقبة ستعمل بكامل طاقتها في الربيع", "رنا الخطيب"),
        2: ("رئيس بلدية إربد نضال العمري", "أعمال توسعة الطريق ستنتهي قبل نهاية العام", "نضال العمري"),
        3: ("شركة نسيم البحر للملاحة", "رحلاتها إلى نويبع ستستأنف الأسبوع المقبل", "نسيم البحر للملاحة"),
    }[task_id]
    return [region("s", text, speaker, "SPEAKER", "attribution"), region("q", text, quote, "QUOTE", "attribution"),
            region("e", text, name, "ORG" if task_id == 3 else "PER", "entity"),
            {"type": "relation", "from_id": "s", "to_id": "q", "direction": "right", "labels": ["said"]}]


def ls_task(task_id: int) -> dict:
    return {"id": task_id, "data": {"body": TEXTS[task_id]}, "project": 5, "total_annotations": 1,
            "annotations": [{"id": 100 + task_id, "result": annotation_result(task_id), "was_cancelled": False}]}


class FakeLabelStudioTasks:
    """``GET /api/tasks/?project=5&page=N``: every task on page 1, an empty page after it."""

    def __init__(self):
        self.requests: list[dict] = []
        self.server = make_server("127.0.0.1", 0, self)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append(dict(request.args))
        if not request.path.startswith("/api/tasks"):
            return Response("{}", status=404, mimetype="application/json")(environ, start_response)
        tasks = [ls_task(t) for t in TEXTS] if request.args.get("page", "1") == "1" else []
        body = {"tasks": tasks, "total": len(TEXTS), "total_annotations": len(TEXTS), "total_predictions": 0}
        return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")(environ, start_response)


@pytest.fixture
def fake_label_studio():
    fake = FakeLabelStudioTasks()
    fake.thread.start()
    yield fake
    fake.server.shutdown()


def webhook(client, action: str, **extra):
    project = {"id": 5, "title": "مقالات", "label_config": BODY_CONFIG}
    return client.post("/webhook", json={"action": action, "project": project, **extra})


def test_start_training_on_a_body_project_keeps_and_uses_its_gold(tmp_path, fake_label_studio):
    app = create_app({"model_dir": tmp_path, "label_studio_url": fake_label_studio.url,
                      "label_studio_api_key": "qawl-test-legacy-token", "retrain_every": 0,
                      "train_entity_crf": "off"})
    client = app.test_client()
    assert client.post("/setup", json={"project": "5.1795535340", "schema": BODY_CONFIG}).status_code == 200
    for task_id in TEXTS:
        answer = webhook(client, "ANNOTATION_CREATED", task={"id": task_id, "data": {"body": TEXTS[task_id]}},
                         annotation={"id": 100 + task_id, "result": annotation_result(task_id)})
        assert answer.status_code == 201 and answer.get_json()["stored"] is True
    gold = GoldStore(tmp_path / "gold.sqlite3")
    assert gold.count("5") == 3

    assert webhook(client, "START_TRAINING").status_code == 201
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        training = client.get("/metrics").get_json()["training"].get("5", {})
        if training.get("runs"):
            break
        time.sleep(0.5)
    assert training.get("runs") == 1 and training["last_error"] is None, training

    assert gold.count("5") == 3, "the training deleted the project's gold"
    outcome = training["last_summary"]
    assert outcome["pull_error"] is None and fake_label_studio.requests, "Label Studio was never asked"
    assert outcome["pull"]["pulled"] == 3 and outcome["pull"]["pruned"] == 0
    assert outcome["summary"]["gold_annotations"] == 3  # the new version was built from all of it
    assert client.post("/setup", json={"project": "5.1795535340", "schema": BODY_CONFIG}).get_json()[
        "model_version"] == outcome["version"]
    assert {a.text for a in gold.annotations("5")} == set(TEXTS.values())


def test_a_pull_that_cannot_read_the_text_never_prunes(tmp_path):
    """A pull under a data key the tasks lack (a config qawl never saw) is not taken for deleted annotations."""
    from qawl.labelstudio.client import Pull
    from qawl.learning.sync import sync_gold

    gold = GoldStore(tmp_path / "gold.sqlite3")
    for task_id in TEXTS:
        gold.put("5", str(100 + task_id), str(task_id), TEXTS[task_id], annotation_result(task_id))
    summary = sync_gold(gold, "5", Pull(tasks=3, tasks_without_text=3), started=time.time() + 1)
    assert summary["pruned"] == 0 and gold.count("5") == 3
