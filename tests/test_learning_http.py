"""The learning loop over real HTTP: gunicorn on a loopback port, real files in a temporary MODEL_DIR.

Annotation webhooks teach an unseen person, an unseen organisation and a
reporting verb the shipped lexicon lacks; after START_TRAINING the model
version changes and held-out tasks containing them score higher. A second
test kills the server with SIGKILL mid-training and checks that every
acknowledged annotation survived and that the training runs again after a restart.
"""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from gunicorn_server import Server
from qawl.evaluation.matching import exact_match, match_spans, overlap_match
from qawl.settings import shared_data_dir

ROOT = Path(__file__).resolve().parent.parent
CONFIG = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
PROJECT = {"id": 21, "title": "تجربة التعلم", "label_config": CONFIG}

# Training tasks (written for this test): a new verb جزم, a new PER and a new ORG.
TRAIN = [
    ("جزم الباحث تيجاني قمّوشة بأن المحصول سيتضاعف هذا العام.",
     [("الباحث تيجاني قمّوشة", "SPEAKER"), ("المحصول سيتضاعف هذا العام", "QUOTE"), ("تيجاني قمّوشة", "PER")]),
    ("وجزمت هيئة سنابل الغد للتنمية أن الدعم سيستمر حتى نهاية البرنامج.",
     [("هيئة سنابل الغد للتنمية", "SPEAKER"), ("الدعم سيستمر حتى نهاية البرنامج", "QUOTE"),
      ("هيئة سنابل الغد للتنمية", "ORG")]),
    ("وأعلن تيجاني قمّوشة انضمامه إلى هيئة سنابل الغد للتنمية بصفة مستشار.",
     [("تيجاني قمّوشة", "PER"), ("هيئة سنابل الغد للتنمية", "ORG")]),
]
# Held-out tasks: the same names and verb in new sentences.
HELD_OUT = [
    ("وفي مؤتمر صحفي عقد أمس، جزم المدير الإقليمي رضا السوسي بأن أسعار الحبوب ستستقر خلال الأشهر المقبلة.",
     [("المدير الإقليمي رضا السوسي", "SPEAKER"), ("أسعار الحبوب ستستقر خلال الأشهر المقبلة", "QUOTE")]),
    ("وقدمت هيئة سنابل الغد للتنمية منحا دراسية لطلاب الجنوب، وأشرف على التوزيع تيجاني قمّوشة.",
     [("هيئة سنابل الغد للتنمية", "ORG"), ("تيجاني قمّوشة", "PER")]),
]


def regions(text, marks):
    out, ids = [], {}
    for i, (fragment, label) in enumerate(marks):
        start = text.index(fragment)
        group = "attribution" if label in ("SPEAKER", "QUOTE") else "entity"
        out.append({"id": f"r{i}", "from_name": group, "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}})
        ids[label] = f"r{i}"
    if "SPEAKER" in ids and "QUOTE" in ids:
        out.append({"type": "relation", "from_id": ids["SPEAKER"], "to_id": ids["QUOTE"], "direction": "right",
                    "labels": ["said"]})
    return out


def annotation_event(annotation_id, task_id, text, marks):
    return {"action": "ANNOTATION_CREATED", "project": PROJECT,
            "annotation": {"id": annotation_id, "result": regions(text, marks), "was_cancelled": False,
                           "ground_truth": False, "task": task_id, "project": 21},
            "task": {"id": task_id, "data": {"text": text}, "project": 21}}


def setup_version(server) -> str:
    return server.post("/setup", {"project": "21.1795535340", "schema": CONFIG})[1]["model_version"]


def scores(server, tasks):
    """Entity exact F1 and quote overlap recall (with the right speaker) over the given tasks."""
    payload = {"project": "21.1795535340", "label_config": CONFIG,
               "tasks": [{"id": 100 + i, "data": {"text": text}} for i, (text, _) in enumerate(tasks)]}
    _, answer = server.post("/predict", payload)
    tp = predicted = gold = quotes_right = quotes = 0
    for (text, marks), result in zip(tasks, answer["results"]):
        by_id = {r["id"]: r for r in result["result"] if r.get("type") != "relation"}
        ents = [(r["value"]["start"], r["value"]["end"]) for r in by_id.values()
                if r["value"]["labels"][0] in ("PER", "ORG", "LOC", "MISC")]
        gold_ents = [(text.index(f), text.index(f) + len(f)) for f, label in marks if label not in ("SPEAKER", "QUOTE")]
        tp += len(match_spans(text, gold_ents, ents, exact_match))
        predicted += len(ents)
        gold += len(gold_ents)
        said = {r["to_id"]: by_id[r["from_id"]] for r in result["result"] if r.get("type") == "relation"}
        for fragment, label in marks:
            if label != "QUOTE":
                continue
            quotes += 1
            want = (text.index(fragment), text.index(fragment) + len(fragment))
            speaker = next(f for f, lab in marks if lab == "SPEAKER")
            want_speaker = (text.index(speaker), text.index(speaker) + len(speaker))
            for rid, region in by_id.items():
                got = (region["value"]["start"], region["value"]["end"])
                if region["value"]["labels"][0] == "Quote" or region["value"]["labels"][0] == "QUOTE":
                    head = said.get(rid)
                    if overlap_match(text, want, got) and head is not None and overlap_match(
                            text, want_speaker, (head["value"]["start"], head["value"]["end"])):
                        quotes_right += 1
                        break
    f1 = 2 * tp / (predicted + gold) if predicted + gold else 0.0
    return round(f1, 3), quotes_right / quotes, answer["results"][0]["model_version"]


def wait_for(predicate, seconds, what):
    """``predicate``'s first true value, polled until ``seconds`` pass. The deadlines are generous on purpose:
    they only catch a training that never ends, and a busy 2-core machine trains several times slower than an
    idle one (how fast training is belongs to benchmarks/training_speed.py, not here)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def model_dir(tmp_path):
    path = tmp_path / "models"
    path.mkdir()
    return path


def test_annotations_teach_the_served_model_over_http(model_dir):
    server = Server(model_dir, {"QAWL_TRAIN_ENTITY_CRF": "off", "QAWL_RETRAIN_EVERY": "100"}).start()
    try:
        before_version = setup_version(server)
        before = scores(server, HELD_OUT)
        for i, (text, marks) in enumerate(TRAIN):
            status, body = server.post("/webhook", annotation_event(500 + i, 40 + i, text, marks))
            assert status == 201 and body["stored"] is True
        started = time.perf_counter()
        status, _ = server.post("/webhook", {"action": "START_TRAINING", "project": PROJECT})
        assert status == 201 and time.perf_counter() - started < 1.0  # answered at once, trained later
        new_version = wait_for(lambda: (v := setup_version(server)) != before_version and v, 300, "a new version")
        assert new_version.endswith("+p21.1")
        # Every worker answers with it from the moment it is published.
        assert {setup_version(server) for _ in range(8)} == {new_version}
        after = scores(server, HELD_OUT)
        assert after[2] == new_version and before[2] == before_version
        print(f"held-out entity F1 / quote+speaker recall: before {before[:2]}, after {after[:2]}")
        assert after[0] > before[0] and after[1] > before[1], (before, after)
        listed = server.get("/versions?project=21")
        assert new_version in listed["versions"]
        # what decided the version is kept with it: in /versions and at the end of its own model card
        [details] = [d for d in listed["details"] if d["version"] == new_version]
        assert details["gold_annotations"] == 3 and details["promotion"]["passed"] is True
        assert details["rules_off"] == []  # these annotations follow the guidelines, as the rules do
        card = [c for c in model_dir.rglob("MODEL_CARD.md") if new_version in c.parts]
        assert card and f"## This version: {new_version}" in card[0].read_text(encoding="utf-8"), card
        # The version is served as soon as it is published; the job's process may still be exiting.
        training = wait_for(lambda: (t := server.get("/metrics")["training"]["21"])["state"] == "idle" and t, 15,
                            "the training to finish")
        assert training["last_version"] == new_version
        assert training["gold"]["annotations"] == 3
    finally:
        server.kill(signal.SIGTERM)


def test_sigkill_mid_training_loses_no_acknowledged_annotation_and_training_resumes(model_dir):
    # The neural tagger adapts here (gold mixed with a sample of part of ANERcorp) so there is a run to interrupt.
    corpus = shared_data_dir() / "anercorp" / "train.txt"
    if not corpus.is_file():
        pytest.skip("ANERcorp is not available")
    env = {"QAWL_TRAIN_BASE_SENTENCES": "2500", "QAWL_CRF_ITERATIONS": "60", "QAWL_RETRAIN_EVERY": "1000"}
    server = Server(model_dir, env).start()
    acknowledged = set()
    try:
        for i, (text, marks) in enumerate(TRAIN):
            assert server.post("/webhook", annotation_event(600 + i, 60 + i, text, marks))[0] == 201
            acknowledged.add(str(600 + i))
        server.post("/webhook", {"action": "START_TRAINING", "project": PROJECT})
        wait_for(lambda: server.get("/metrics")["training"].get("21", {}).get("state") == "training", 30,
                 "training to start")
        for i in range(20):  # annotators keep working while it trains
            text, marks = TRAIN[i % len(TRAIN)]
            status, _ = server.post("/webhook", annotation_event(700 + i, 80 + i, text, marks))
            if status == 201:
                acknowledged.add(str(700 + i))
        assert server.get("/metrics")["training"]["21"]["state"] == "training"
    finally:
        server.kill(signal.SIGKILL)
    with sqlite3.connect(model_dir / "gold.sqlite3") as db:
        stored = {r[0] for r in db.execute("SELECT annotation_id FROM annotations WHERE project_id='21'")}
        requested, done = db.execute("SELECT requested, done FROM training WHERE project_id='21'").fetchone()
    assert acknowledged <= stored and len(acknowledged) == 23
    assert requested > done  # the interrupted run is still wanted
    assert not (model_dir / "projects" / "21" / "CURRENT").exists()

    server = Server(model_dir, env).start()
    try:
        version = wait_for(lambda: (v := setup_version(server)).endswith("+p21.1") and v, 400,
                           "the resumed training to publish")
        metrics = wait_for(lambda: (m := server.get("/metrics")["training"]["21"])["state"] == "idle" and m, 15,
                           "the resumed training to finish")
        entities = metrics["last_summary"]["summary"]["entities"]
        assert metrics["last_version"] == version and entities["neural"] == "adapted"
        assert entities["crf"]["sentences"] > 0  # the CRF adapted too, beside its unchanged crfsuite file
        assert list((model_dir / "projects" / "21").rglob("entities.crfsuite.adapted.npz"))
        assert metrics["gold"]["annotations"] == 23
        assert not any((model_dir / "projects" / "21" / "building").iterdir())  # the half-built version is gone
    finally:
        server.kill(signal.SIGTERM)
