"""The HTTP service: Label Studio's ML backend routes, thin.

Each route parses its payload, calls one function, and answers JSON. Errors
are JSON too, with the status that fits; nothing answers a bare 500 page.
The model loads in ``create_app``, never in ``/health`` or ``/setup``.
"""

from __future__ import annotations

import base64
import functools
import hmac
import logging
import threading
import time
from collections import Counter

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from .labelstudio.config import ConfigError, mapping_for
from .learning.gold import GoldStore
from .learning.registry import ModelRegistry
from .learning.trainer import Trainer
from .pipeline import SHIPPED_MODEL_DIR
from .predict import Context, predict_task
from .settings import Settings

__all__ = ["create_app"]

log = logging.getLogger(__name__)

DEFAULT_LABEL_CONFIG = SHIPPED_MODEL_DIR.parent / "label_config.xml"
_GOLD_EVENTS = {"ANNOTATION_CREATED", "ANNOTATION_UPDATED"}
_DELETE_EVENTS = {"ANNOTATIONS_DELETED", "ANNOTATION_DELETED"}


class BadRequest(Exception):
    """A payload we cannot act on; answered as 400 with the message."""


def create_app(config: dict | None = None) -> Flask:
    """Build the service: settings, the loaded model registry, the gold store, the routes."""
    settings = Settings.from_mapping(config or {})
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_content_mb * 1024 * 1024
    app.json.sort_keys = False

    registry = ModelRegistry(settings.model_dir)
    gold = GoldStore(settings.model_dir / "gold.sqlite3")
    trainer = Trainer(registry, gold, settings)
    stats = _Stats()
    projects: dict[str, str] = {}  # project id -> label config seen at /setup
    app.extensions["qawl"] = {"settings": settings, "registry": registry, "gold": gold, "trainer": trainer}

    @app.before_request
    def _authenticate():
        g.started = time.perf_counter()
        if not settings.auth_enabled or (request.path == "/webhook" and not settings.webhook_requires_auth):
            return None
        if _credentials_ok(request.headers.get("Authorization", ""), settings):
            return None
        response = jsonify(error="authentication required")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="Login required"'
        return response

    @app.after_request
    def _count(response):
        stats.record(request.path, response.status_code, time.perf_counter() - g.get("started", time.perf_counter()))
        return response

    @app.get("/")
    @app.get("/health")
    def health():
        return jsonify(status="UP", model_class="qawl", model_version=registry.version_for(None))

    @app.post("/setup")
    def setup():
        payload = _json_object()
        project_id = _project_id(payload.get("project"))
        schema = payload.get("schema")
        if schema is not None:
            try:
                mapping_for(schema)
            except ConfigError as error:
                raise BadRequest(f"this label config cannot take qawl predictions: {error}") from None
            if project_id:
                projects[project_id] = schema
        return jsonify(model_version=registry.version_for(project_id))

    @app.post("/predict")
    def predict():
        payload = _json_object()
        tasks = payload.get("tasks")
        if not isinstance(tasks, list) or not tasks:
            raise BadRequest("'tasks' must be a non-empty list of Label Studio tasks")
        project_id = _project_id(payload.get("project"))
        label_config = payload.get("label_config") or projects.get(project_id) or _default_label_config()
        try:
            mapping = mapping_for(label_config)
        except ConfigError as error:
            raise BadRequest(f"this label config cannot take qawl predictions: {error}") from None
        annotator = registry.for_project(project_id)
        context = Context.from_params(payload.get("params"))
        results = [predict_task(task, annotator, mapping, label_config, context) for task in tasks]
        stats.tasks += len(tasks)
        return jsonify(results=results, model_version=annotator.version)

    @app.post("/webhook")
    def webhook():
        payload = _json_object()
        action = payload.get("action")
        if not isinstance(action, str) or not action:
            raise BadRequest("webhook payload has no 'action'")
        project_id = _project_id(payload.get("project"))
        stats.events[action] += 1
        if action in _GOLD_EVENTS:
            stored = _store_annotation(payload, project_id, gold)
            if stored:
                trainer.annotation_stored(project_id)
            return jsonify(status="ok", stored=stored), 201
        if action in _DELETE_EVENTS:
            ids = [str(a.get("id")) for a in payload.get("annotations") or [] if isinstance(a, dict)]
            return jsonify(status="ok", deleted=gold.delete(project_id, ids) if project_id else 0), 201
        if action == "START_TRAINING":
            if not project_id:
                raise BadRequest("START_TRAINING needs a project")
            # Durable request + background run; Label Studio's "Start training" must not wait for it.
            return jsonify(status="ok", training=trainer.request(project_id, "START_TRAINING", pull=True)), 201
        log.info("webhook event %s ignored", action)
        return jsonify(status="Unknown event", action=action), 200

    @app.get("/versions")
    def versions():
        # Label Studio sends no project here; without ?project= every project's versions are listed.
        project_id = _project_id(request.args.get("project"))
        if project_id:
            return jsonify(versions=registry.versions(project_id))
        every = registry.versions(None)
        for pid in registry.store.projects():
            every += [v for v in registry.versions(pid) if v not in every]
        return jsonify(versions=every)

    @app.get("/metrics")
    def metrics():
        return jsonify(model_version=registry.version_for(None), requests=stats.snapshot(),
                       gold={"annotations": gold.count()}, training=trainer.metrics(),
                       models=registry.status())

    @app.errorhandler(BadRequest)
    def _bad_request(error):
        return jsonify(error=str(error)), 400

    @app.errorhandler(HTTPException)
    def _http_error(error):
        return jsonify(error=error.description or error.name), error.code

    @app.errorhandler(Exception)
    def _unexpected(error):
        log.exception("unexpected error on %s", request.path)
        return jsonify(error=f"internal error: {type(error).__name__}"), 500

    return app


def _json_object() -> dict:
    """The request body as a JSON object, or BadRequest saying what is wrong with it."""
    if not request.data:
        raise BadRequest("request body is empty; send a JSON object")
    try:
        payload = request.get_json(force=True, silent=False)
    except Exception:
        raise BadRequest("request body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise BadRequest("request body must be a JSON object")
    return payload


def _project_id(project) -> str | None:
    """Label Studio sends "id.timestamp" to /setup and /predict, an object to webhooks."""
    if isinstance(project, dict):
        project = project.get("id")
    if project is None or isinstance(project, bool):
        return None
    text = str(project).split(".", 1)[0].strip()
    return text or None


def _store_annotation(payload: dict, project_id: str | None, gold: GoldStore) -> bool:
    """Write one annotation to the gold store; cancelled ones are ignored (and forget an older version)."""
    annotation, task = payload.get("annotation"), payload.get("task")
    if not isinstance(annotation, dict) or not isinstance(task, dict) or not project_id:
        raise BadRequest("annotation events need 'annotation', 'task' and 'project' objects")
    annotation_id = str(annotation.get("id"))
    if annotation.get("was_cancelled"):
        gold.delete(project_id, [annotation_id])
        return False
    project = payload.get("project") if isinstance(payload.get("project"), dict) else {}
    label_config = project.get("label_config")
    data = task.get("data") if isinstance(task.get("data"), dict) else {}
    data_key = "text"
    if label_config:
        try:
            data_key = mapping_for(label_config).data_key
        except ConfigError:
            pass
    text = data.get(data_key)
    result = annotation.get("result")
    if not isinstance(text, str) or not isinstance(result, list):
        raise BadRequest(f"annotation event needs task.data.{data_key} as a string and annotation.result as a list")
    gold.put(project_id, annotation_id, str(task.get("id")), text, result, label_config)
    return True


def _credentials_ok(header: str, settings: Settings) -> bool:
    if not header.startswith("Basic "):
        return False
    try:
        user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except Exception:
        return False
    return (hmac.compare_digest(user.encode(), settings.basic_auth_user.encode())
            and hmac.compare_digest(password.encode(), settings.basic_auth_pass.encode()))


@functools.cache
def _default_label_config() -> str:
    """qawl's own config, for /predict calls that carry none (and no /setup came first)."""
    return DEFAULT_LABEL_CONFIG.read_text(encoding="utf-8")


class _Stats:
    """Request counts and latencies for /metrics."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts: Counter = Counter()
        self.seconds: Counter = Counter()
        self.events: Counter = Counter()
        self.tasks = 0

    def record(self, path: str, status: int, seconds: float) -> None:
        with self._lock:
            self.counts[(path, status)] += 1
            self.seconds[path] += seconds

    def snapshot(self) -> dict:
        with self._lock:
            by_path: dict[str, dict] = {}
            for (path, status), count in self.counts.items():
                entry = by_path.setdefault(path, {"count": 0, "statuses": {}, "mean_ms": 0.0})
                entry["count"] += count
                entry["statuses"][str(status)] = count
            for path, entry in by_path.items():
                entry["mean_ms"] = round(1000 * self.seconds[path] / entry["count"], 2)
            return {"by_path": by_path, "tasks_predicted": self.tasks, "webhook_events": dict(self.events)}
