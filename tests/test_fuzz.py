"""A bounded fuzz of every route (issue 28): random payloads must never get a 5xx or a body that is not JSON,
/predict must never emit an invalid region, and one bad task must not change a good task's prediction.

Label Studio sends whatever its projects hold, and anyone who can reach the port sends anything; the
hand-written cases of test_hardening.py cover what we thought of, this covers what we did not. Payloads are
arbitrary JSON, raw bytes with odd content types, and Label Studio's own shapes (contract §3–§6) with parts
replaced by arbitrary values or removed. derandomize=True keeps CI reproducible; max_examples bounds the run.
The trainer's worker is stopped: START_TRAINING is still queued through the route, but no training runs
(none would pile up, and no new model version changes predictions between two requests of one example).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qawl.app import create_app
from qawl.labelstudio.config import mapping_for
from qawl.labelstudio.payloads import KNOWN_ACTIONS, project_id_of
from qawl.labelstudio.tasks import Context, TaskError, task_text
from qawl.labelstudio.validate import schema_for, validate_result

CONFIG = (Path(__file__).resolve().parent.parent / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
SENTENCE = "«سنواصل دعم المدارس الحكومية في الجنوب» قال وزير التربية أحمد الخطيب للصحفيين في بيروت يوم الاثنين."
VALID = {"id": 9999, "data": {"text": SENTENCE}}
LABELS = {"attribution": ["SPEAKER", "QUOTE"], "entity": ["PER", "ORG", "LOC", "MISC"]}

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# -- strategies -------------------------------------------------------------------------------------------
ODD = ["", " ", "\u200f", "\u200d", "\u202e", "\ufeff", "\x00", "\ud800", "\U0001F600\U0001F1F1\U0001F1E7",
       "أَحْمَد", "ـــ", "«", "»", "\r\n", "قال", "بيروت", "$text", "<View>", "1.17", "-1", "NaN", "a" * 300]
LONE_SURROGATES = st.builds("{}{}{}".format, st.text(max_size=4),  # st.text() never makes them; JSON escapes them
                            st.sampled_from(["\ud800", "\udfff", "\udfff\ud800"]), st.text(max_size=4))
TEXTS = st.one_of(st.text(max_size=20),
                  st.text(st.characters(min_codepoint=0x600, max_codepoint=0x6FF), max_size=40),
                  st.sampled_from(ODD), st.lists(st.sampled_from(ODD), max_size=5).map("".join), LONE_SURROGATES)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**70, 2**70), st.floats(), TEXTS)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
                    max_leaves=12)
PROJECT_IDS = st.sampled_from(["1.1795535340", "2", 3, "4.0", 0, "x"]) | JSON
CONFIGS = [CONFIG, "", CONFIG.replace("$text", "$article"), CONFIG[:300], "<View/>",
           "<View><Text name='t' value='$text'/></View>"]  # valid, none (qawl's own), valid, then unusable
DEEP = st.builds(lambda opener, depth: (opener * depth + {"[": "]", "{": "}"}.get(opener, "") * depth).encode(),
                 st.sampled_from(["[", "{", '{"a":']), st.sampled_from([1, 500, 10_000]))  # nested, or cut short
ENCODED = st.builds(lambda value, codec: json.dumps(value, ensure_ascii=False).encode(codec, "surrogatepass"),
                    JSON, st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-8-sig"]))
CONTENT_TYPES = ["application/json", "application/json; charset=utf-16", "text/plain", "", "application/octet-stream",
                 "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x"]
ROUTES = {"/setup": ["project", "schema", "hostname", "access_token", "extra_params"],
          "/predict": ["tasks", "project", "label_config", "params"],
          "/webhook": ["action", "project", "annotation", "task", "annotations", "tasks"]}


@st.composite
def regions(draw, text: str):
    """A region as Label Studio writes it, over ``text`` (an empty text gets offsets that cannot fit)."""
    start = draw(st.integers(0, max(len(text) - 1, 0)))
    end = draw(st.integers(start + 1, max(len(text), start + 1)))
    group = draw(st.sampled_from(sorted(LABELS)))
    return {"id": draw(st.text("abcdef0123456789", min_size=1, max_size=6)), "from_name": group, "to_name": "text",
            "type": "labels", "value": {"start": start, "end": end, "text": text[start:end],
                                        "labels": [draw(st.sampled_from(LABELS[group]))]}}


@st.composite
def mutated(draw, payloads):
    """A payload with up to three of its parts (any depth) replaced by an arbitrary value or removed."""
    payload = copy.deepcopy(draw(payloads))
    for _ in range(draw(st.integers(0, 3))):
        places = list(_places(payload))
        if not places:
            break
        parent, key = draw(st.sampled_from(places))
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[key]
        else:
            parent[key] = draw(JSON)
    return payload


def _places(node):
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in list(items):
        yield node, key
        yield from _places(child)


@st.composite
def news(draw):
    """SENTENCE with odd text put in at random places: quotes and names next to unusual characters."""
    text = SENTENCE
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(TEXTS) + text[at:]
    return text


def tasks(text=news() | TEXTS):
    return st.fixed_dictionaries({"id": st.integers(), "data": st.fixed_dictionaries({"text": text})},
                                 optional={"meta": JSON, "annotations": JSON, "predictions": JSON})


SETUP = st.fixed_dictionaries({"project": PROJECT_IDS, "schema": st.sampled_from(CONFIGS) | TEXTS},
                              optional={"hostname": TEXTS, "access_token": TEXTS, "extra_params": JSON})
PREDICT = st.fixed_dictionaries(  # valid but for the tasks: mutated() breaks the rest
    {"tasks": st.lists(tasks() | JSON, max_size=4)},
    optional={"project": st.sampled_from(["1.1795535340", "2", 3]), "label_config": st.sampled_from(CONFIGS[:3]),
              "params": st.fixed_dictionaries({"login": st.none(), "password": st.none(), "context": st.one_of(
                  st.none(), st.fixed_dictionaries({"result": st.lists(regions(SENTENCE), min_size=1, max_size=3)}))})})


@st.composite
def webhooks(draw, action=None):
    text = draw(news() | TEXTS)
    project = draw(st.fixed_dictionaries({"id": st.sampled_from([1, 2, 3]) | PROJECT_IDS},
                                         optional={"label_config": st.sampled_from(CONFIGS) | TEXTS, "title": TEXTS}))
    ids = st.integers(1, 50) | TEXTS  # Label Studio's ids are integers; a stranger's need not be
    action = action or draw(st.sampled_from(sorted(KNOWN_ACTIONS)) | TEXTS)
    return {"action": action, "project": project,
            "annotation": {"id": draw(ids), "result": draw(st.lists(regions(text), max_size=3)),
                           "was_cancelled": draw(st.booleans()), "ground_truth": True},
            "task": {"id": draw(ids), "data": {"text": text}},
            "annotations": [{"id": draw(ids)}], "tasks": [draw(tasks(st.just(text)))]}


# -- the app and the checks ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app({"model_dir": tmp_path_factory.mktemp("fuzz"), "basic_auth_user": "", "basic_auth_pass": "",
                      "retrain_every": 0, "train_entity_crf": "off", "label_studio_url": ""})
    trainer = app.extensions["qawl"]["trainer"]
    trainer.autostart = False  # see the docstring: requests are queued, never run
    trainer.stop()
    return app.test_client()


def send(client, method: str, path: str, body=None, raw: bytes | str | None = None,
         content_type: str = "application/json"):
    """One request; its answer must be JSON, and not a server error. Werkzeug's own redirect of a path with
    doubled slashes (``GET //`` -> 308 ``/``) is the one answer that may be HTML."""
    data = json.dumps(body) if raw is None else raw  # ensure_ascii: lone surrogates travel as \\ud800
    response = client.open(path, method=method, data=data, content_type=content_type)
    assert response.status_code < 500, (method, path, response.status_code, response.get_data(as_text=True))
    if response.status_code in (301, 308) and path.startswith("//"):
        return response.status_code, None
    assert response.mimetype == "application/json", (method, path, response.status_code, response.mimetype)
    return response.status_code, json.loads(response.get_data())


def predict(client, payload: dict):
    """POST /predict; when answered 200, every prediction must be valid against the config it was made for."""
    status, answer = send(client, "POST", "/predict", payload)
    if status == 200:
        config = _config_used(client, payload)
        schema, data_key = schema_for(config), mapping_for(config).data_key
        assert len(answer["results"]) == len(payload["tasks"])
        drawn = Context.from_params(payload.get("params")).drawn_ids()
        for task, prediction in zip(payload["tasks"], answer["results"]):
            problems = validate_result(prediction["result"], _text(task, data_key), schema, prediction["score"],
                                       known_ids=drawn)  # relations may point at the annotator's regions
            assert not problems, (task, [str(p) for p in problems])
    return status, answer


def _config_used(client, payload: dict) -> str:
    """The route's choice: the payload's config, else the one the project's /setup or webhooks carried, else
    qawl's own (the same file as label_config/arabic_news.xml)."""
    if isinstance(payload.get("label_config"), str) and payload["label_config"]:
        return payload["label_config"]
    pid = project_id_of(payload.get("project"))
    record = client.application.extensions["qawl"]["gold"].project(pid) if pid else None
    return (record and record.label_config) or CONFIG


def _text(task, data_key: str) -> str | None:
    try:
        return task_text(task, data_key)
    except TaskError:
        return None


# -- the fuzz --------------------------------------------------------------------------------------------
def test_the_valid_task_is_worth_comparing(client):
    """The comparison in test_predict means something only if the valid task gets regions and a relation."""
    _, answer = predict(client, {"tasks": [VALID], "label_config": CONFIG})
    result = answer["results"][0]["result"]
    labels = {label for r in result if r["type"] == "labels" for label in r["value"]["labels"]}
    assert {"QUOTE", "SPEAKER"} <= labels and any(r["type"] == "relation" for r in result)


@FUZZ
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
       path=st.sampled_from(["/", "/health", "/versions", "/metrics", "/setup", "/predict", "/webhook", "/train",
                             "/nowhere", "//", "/versions/"]),
       query=st.none() | TEXTS)
def test_every_route_and_method(client, method, path, query):
    if query is not None:  # ?project=… on every route; lone surrogates arrive as bytes that are not UTF-8
        path += "?project=" + quote(query.encode("utf-8", "surrogatepass"))
    send(client, method, path, raw=b"")


@FUZZ
@given(path=st.sampled_from(sorted(ROUTES)), body=JSON)
def test_arbitrary_json_bodies(client, path, body):
    send(client, "POST", path, body)


@FUZZ
@given(data=st.data(), path=st.sampled_from(sorted(ROUTES)))
def test_arbitrary_values_of_known_keys(client, data, path):
    body = data.draw(st.dictionaries(st.sampled_from(ROUTES[path]), JSON, max_size=len(ROUTES[path])))
    if path == "/predict":
        predict(client, body)
    else:
        send(client, "POST", path, body)


@FUZZ
@given(path=st.sampled_from(sorted(ROUTES)), raw=st.binary(max_size=64) | DEEP | ENCODED,
       content_type=st.sampled_from(CONTENT_TYPES))
def test_raw_bodies_and_content_types(client, path, raw, content_type):
    send(client, "POST", path, raw=raw, content_type=content_type)


@FUZZ
@given(payload=mutated(SETUP))
def test_setup(client, payload):
    send(client, "POST", "/setup", payload)


@FUZZ
@given(payload=mutated(PREDICT), where=st.integers(0, 4))
def test_predict(client, payload, where):
    """Every prediction is valid, and the valid task among fuzzed ones gets what it gets alone."""
    batch = payload.get("tasks")
    if isinstance(batch, list):
        where = min(where, len(batch))
        batch.insert(where, copy.deepcopy(VALID))
    status, answer = predict(client, payload)
    if isinstance(batch, list):
        alone_status, alone = predict(client, {**payload, "tasks": [copy.deepcopy(VALID)]})
        assert status == alone_status
        if status == 200:
            assert answer["results"][where]["result"] == alone["results"][0]["result"]


@pytest.mark.parametrize("action", ["ANNOTATION_CREATED", "ANNOTATIONS_DELETED", "START_TRAINING", None])
@FUZZ
@given(data=st.data())
def test_webhook(client, action, data):
    """Each event qawl acts on gets its own examples; None draws a known or random action."""
    send(client, "POST", "/webhook", data.draw(mutated(webhooks(action))))
