"""The HTTP contract of Label Studio 1.23.2, route by route, with the payloads LS really sends."""

from __future__ import annotations

import base64
import json

import pytest

from qawl.app import create_app
from qawl.labelstudio.validate import schema_for, validate_result

PROJECT = "7.1795535340"
TEXT = "وقال وزير الخارجية الأردني في عمّان إن «المنطقة تحتاج إلى حل سياسي عاجل». وأضاف أن بلاده ستدعم جهود الأمم المتحدة."


def ls_task(task_id: int, text) -> dict:
    """A task as Label Studio sends it to /predict (contract §4.1)."""
    return {"id": task_id, "data": {"text": text}, "meta": {}, "created_at": "2026-11-24T10:00:00Z",
            "updated_at": "2026-11-24T10:00:00Z", "is_labeled": False, "overlap": 1, "inner_id": task_id,
            "total_annotations": 0, "cancelled_annotations": 0, "total_predictions": 0, "comment_count": 0,
            "unresolved_comment_count": 0, "last_comment_updated_at": None, "project": 7, "updated_by": 1,
            "file_upload": None, "comment_authors": [], "annotations": [], "predictions": []}


def predict_payload(tasks, label_config, context=None) -> dict:
    return {"tasks": tasks, "project": PROJECT, "label_config": label_config,
            "params": {"login": None, "password": None, "context": context}}


def project_object(label_config) -> dict:
    return {"id": 7, "title": "أخبار", "label_config": label_config, "model_version": "qawl",
            "show_collab_predictions": True, "task_number": 2}


def annotation_event(action: str, label_config: str, annotation_id=31, cancelled=False) -> dict:
    result = [
        {"id": "s1", "from_name": "attribution", "to_name": "text", "type": "labels",
         "value": {"start": 5, "end": 26, "text": TEXT[5:26], "labels": ["SPEAKER"]}},
        {"id": "q1", "from_name": "attribution", "to_name": "text", "type": "labels",
         "value": {"start": 41, "end": 72, "text": TEXT[41:72], "labels": ["QUOTE"]}},
        {"from_id": "s1", "to_id": "q1", "type": "relation", "direction": "right", "labels": ["said"]},
    ]
    return {"action": action,
            "annotation": {"id": annotation_id, "result": result, "was_cancelled": cancelled, "ground_truth": True,
                           "lead_time": 12.5, "task": 3, "project": 7, "completed_by": 1},
            "task": {"id": 3, "data": {"text": TEXT}, "meta": {}, "is_labeled": True, "project": 7},
            "project": project_object(label_config)}


def assert_valid(prediction: dict, text: str, label_config: str) -> None:
    assert validate_result(prediction["result"], text, schema_for(label_config), prediction["score"]) == []
    for region in prediction["result"]:
        if region.get("type") != "relation":
            value = region["value"]
            assert value["text"] == text[value["start"]:value["end"]]


class TestHealthAndSetup:
    def test_health_and_root_answer_up(self, client):
        for path in ("/", "/health"):
            response = client.get(path)
            assert response.status_code == 200
            assert response.json["status"] == "UP"

    def test_setup_returns_the_model_version(self, client, label_config):
        payload = {"project": PROJECT, "schema": label_config, "hostname": "http://localhost:8080",
                   "access_token": "legacy-token", "extra_params": None}
        response = client.post("/setup", json=payload)
        assert response.status_code == 200
        assert response.json["model_version"]

    def test_setup_rejects_a_config_without_labels_clearly(self, client):
        payload = {"project": PROJECT, "schema": '<View><Text name="text" value="$text"/></View>'}
        response = client.post("/setup", json=payload)
        assert response.status_code == 400
        assert "Labels" in response.json["error"]


class TestPredict:
    def test_batch_answers_one_valid_prediction_per_task_in_order(self, client, label_config, example_tasks):
        tasks = [ls_task(t["id"], t["data"]["text"]) for t in example_tasks]
        response = client.post("/predict", json=predict_payload(tasks, label_config))
        assert response.status_code == 200
        results = response.json["results"]
        assert len(results) == len(tasks)
        for task, prediction in zip(tasks, results):
            assert prediction["model_version"]
            assert 0.0 <= prediction["score"] <= 1.0
            assert_valid(prediction, task["data"]["text"], label_config)
        labels = {r["value"]["labels"][0] for p in results for r in p["result"] if r["type"] == "labels"}
        assert {"QUOTE", "SPEAKER"} <= labels
        assert any(r["type"] == "relation" and r["labels"] == ["said"] for p in results for r in p["result"])

    def test_task_score_is_the_lowest_region_score(self, client, label_config):
        prediction = client.post("/predict", json=predict_payload([ls_task(1, TEXT)], label_config)).json["results"][0]
        scores = [r["score"] for r in prediction["result"] if r["type"] == "labels"]
        assert scores and prediction["score"] == min(scores)

    def test_interactive_context_keeps_the_annotators_region(self, client, label_config):
        drawn = {"id": "abc", "from_name": "entity", "to_name": "text", "type": "labels",
                 "value": {"start": 36, "end": 41, "text": TEXT[36:41], "labels": ["LOC"]}}
        task = ls_task(1, TEXT) | {"drafts": [], "predictions": []}
        response = client.post("/predict", json=predict_payload([task], label_config, {"result": [drawn]}))
        prediction = response.json["results"][0]
        entity_regions = [r for r in prediction["result"] if r.get("from_name") == "entity"]
        assert all(not (r["value"]["start"] < 41 and 36 < r["value"]["end"]) for r in entity_regions)
        assert_valid(prediction, TEXT, label_config)

    def test_a_foreign_config_gets_its_own_names_and_only_its_labels(self, client):
        config = ('<View><Labels name="label" toName="doc"><Label value="Person"/><Label value="Quote"/></Labels>'
                  '<Text name="doc" value="$body"/></View>')
        task = {"id": 1, "data": {"body": TEXT}}
        prediction = client.post("/predict", json=predict_payload([task], config)).json["results"][0]
        regions = [r for r in prediction["result"] if r["type"] == "labels"]
        assert regions and {r["from_name"] for r in regions} == {"label"}
        assert {r["value"]["labels"][0] for r in regions} <= {"Person", "Quote"}
        assert_valid(prediction, TEXT, config)

    @pytest.mark.parametrize("bad_task", [
        {"id": 2, "data": {}},                        # no text key
        {"id": 2, "data": {"text": 42}},              # non-string text
        {"id": 2, "data": {"text": ["a", "b"]}},      # a list
        {"id": 2, "data": {"text": ""}},              # empty text
        {"id": 2, "data": {"text": "   \n "}},        # whitespace only
        {"id": 2},                                    # no data at all
        "not a task",                                 # not an object
    ])
    def test_a_bad_task_gets_an_empty_prediction_and_spares_the_others(self, client, label_config, bad_task):
        tasks = [ls_task(1, TEXT), bad_task, ls_task(3, TEXT)]
        response = client.post("/predict", json=predict_payload(tasks, label_config))
        assert response.status_code == 200
        first, middle, last = response.json["results"]
        assert middle["result"] == [] and middle["model_version"]
        assert first["result"] and first == last

    def test_lone_surrogates_and_odd_unicode_do_not_crash(self, client, label_config):
        odd = "\ud800 قال الوزير إن \"الوضع مستقر جداً\" \u200f\u202e\ufeff 🇱🇧 \udfff"
        body = json.dumps(predict_payload([ls_task(1, odd), ls_task(2, TEXT)], label_config))
        response = client.post("/predict", data=body, content_type="application/json")
        assert response.status_code == 200
        for prediction, text in zip(response.json["results"], (odd, TEXT)):
            assert_valid(prediction, text, label_config)

    def test_a_two_megabyte_text_is_answered(self, client, label_config):
        huge = ("قال المتحدث إن «الاجتماع سيعقد غدا في بيروت». " * 50_000)[:2_000_000]
        response = client.post("/predict", json=predict_payload([ls_task(1, huge), ls_task(2, TEXT)], label_config))
        assert response.status_code == 200
        for prediction, text in zip(response.json["results"], (huge, TEXT)):
            assert_valid(prediction, text, label_config)

    @pytest.mark.parametrize("body, reason", [
        ("{not json", "not valid JSON"),
        ("", "empty"),
        ("[1, 2]", "JSON object"),
        ('{"project": "7.1"}', "tasks"),
        ('{"tasks": []}', "tasks"),
        ('{"tasks": "x"}', "tasks"),
    ])
    def test_malformed_requests_get_a_clear_400(self, client, body, reason):
        response = client.post("/predict", data=body, content_type="application/json")
        assert response.status_code == 400
        assert reason in response.json["error"]

    def test_a_config_without_labels_gets_a_clear_400(self, client):
        config = '<View><Text name="text" value="$text"/></View>'
        response = client.post("/predict", json=predict_payload([ls_task(1, TEXT)], config))
        assert response.status_code == 400
        assert "Labels" in response.json["error"]

    def test_broken_config_xml_gets_a_clear_400(self, client):
        response = client.post("/predict", json=predict_payload([ls_task(1, TEXT)], "<View><Text"))
        assert response.status_code == 400
        assert "XML" in response.json["error"]

    def test_no_label_config_falls_back_to_the_one_from_setup(self, client, label_config):
        client.post("/setup", json={"project": PROJECT, "schema": label_config})
        response = client.post("/predict", json={"tasks": [ls_task(1, TEXT)], "project": PROJECT})
        assert response.status_code == 200
        assert_valid(response.json["results"][0], TEXT, label_config)


class TestWebhook:
    def test_annotation_created_is_stored_before_the_answer(self, app, client, label_config):
        response = client.post("/webhook", json=annotation_event("ANNOTATION_CREATED", label_config))
        assert response.status_code == 201
        stored = app.extensions["qawl"]["gold"].annotations("7")
        assert len(stored) == 1 and stored[0].text == TEXT and len(stored[0].result) == 3

    def test_an_annotation_on_text_with_a_lone_surrogate_is_kept_with_its_offsets(self, app, client, label_config):
        event = annotation_event("ANNOTATION_CREATED", label_config)
        event["task"]["data"]["text"] = TEXT + " \ud800"
        response = client.post("/webhook", data=json.dumps(event), content_type="application/json")
        assert response.status_code == 201
        stored = app.extensions["qawl"]["gold"].annotations("7")[0]
        assert stored.text == TEXT + " \ufffd"
        speaker = stored.result[0]["value"]
        assert stored.text[speaker["start"]:speaker["end"]] == speaker["text"] == TEXT[5:26]

    def test_annotation_updated_replaces_and_deleted_removes(self, app, client, label_config):
        client.post("/webhook", json=annotation_event("ANNOTATION_CREATED", label_config))
        client.post("/webhook", json=annotation_event("ANNOTATION_UPDATED", label_config))
        gold = app.extensions["qawl"]["gold"]
        assert gold.count("7") == 1
        deleted = {"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 31}], "project": project_object(label_config)}
        assert client.post("/webhook", json=deleted).status_code == 201
        assert gold.count("7") == 0

    def test_cancelled_annotations_are_not_gold(self, app, client, label_config):
        client.post("/webhook", json=annotation_event("ANNOTATION_CREATED", label_config, cancelled=True))
        assert app.extensions["qawl"]["gold"].count("7") == 0

    def test_start_training_answers_at_once(self, client, label_config):
        response = client.post("/webhook", json={"action": "START_TRAINING", "project": project_object(label_config)})
        assert response.status_code == 201

    @pytest.mark.parametrize("action", ["TASKS_CREATED", "PROJECT_UPDATED", "LABEL_LINK_CREATED", "SOMETHING_NEW"])
    def test_other_events_get_200(self, client, label_config, action):
        response = client.post("/webhook", json={"action": action, "project": project_object(label_config)})
        assert response.status_code == 200

    def test_bad_webhook_payloads_get_a_clear_400(self, client):
        assert client.post("/webhook", data="nope", content_type="application/json").status_code == 400
        assert client.post("/webhook", json={"project": {"id": 1}}).status_code == 400
        response = client.post("/webhook", json={"action": "ANNOTATION_CREATED", "project": {"id": 1}})
        assert response.status_code == 400 and "annotation" in response.json["error"]


class TestVersionsAndMetrics:
    def test_versions_lists_the_serving_version(self, client):
        response = client.get("/versions")
        assert response.status_code == 200 and response.json["versions"]

    def test_metrics_reports_requests_and_gold(self, client):
        client.get("/health")
        metrics = client.get("/metrics").json
        assert metrics["requests"]["by_path"]["/health"]["count"] == 1
        assert "gold" in metrics and "training" in metrics

    def test_unknown_routes_and_methods_answer_json(self, client):
        assert client.get("/nope").json["error"]
        response = client.get("/predict")
        assert response.status_code == 405 and response.json["error"]


class TestBasicAuth:
    @pytest.fixture
    def secured(self, tmp_path):
        app = create_app({"model_dir": tmp_path, "basic_auth_user": "ls", "basic_auth_pass": "s3cret"})
        return app.test_client()

    @staticmethod
    def basic(user, password):
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}

    def test_routes_need_the_right_credentials(self, secured, label_config):
        assert secured.get("/health").status_code == 401
        assert secured.get("/health").headers["WWW-Authenticate"].startswith("Basic")
        assert secured.get("/health", headers=self.basic("ls", "wrong")).status_code == 401
        assert secured.get("/health", headers=self.basic("ls", "s3cret")).status_code == 200
        good = self.basic("ls", "s3cret")
        posts = {"/predict": predict_payload([ls_task(1, TEXT)], label_config),
                 "/setup": {"project": PROJECT, "schema": label_config}}
        for path, payload in posts.items():
            assert secured.post(path, json=payload).status_code == 401
            assert secured.post(path, json=payload, headers=good).status_code == 200
        for path in ("/", "/versions", "/metrics"):
            assert secured.get(path).status_code == 401
            assert secured.get(path, headers=good).status_code == 200

    def test_start_training_with_credentials_is_accepted(self, secured, label_config):
        event = {"action": "START_TRAINING", "project": project_object(label_config)}
        assert secured.post("/webhook", json=event, headers=self.basic("ls", "s3cret")).status_code == 201

    def test_anonymous_webhooks_cannot_write_gold_or_start_training(self, secured, label_config):
        """With auth configured, /webhook needs it too: nobody without credentials can poison the gold."""
        for event in (annotation_event("ANNOTATION_CREATED", label_config),
                      {"action": "START_TRAINING", "project": project_object(label_config)}):
            assert secured.post("/webhook", json=event).status_code == 401
        answer = secured.post("/webhook", json=annotation_event("ANNOTATION_CREATED", label_config),
                              headers=self.basic("ls", "s3cret"))
        assert answer.status_code == 201 and answer.get_json()["stored"] is True
