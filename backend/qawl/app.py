"""The HTTP service: Label Studio's ML backend routes, thin (Flask's app factory).

Each route reads its payload through ``labelstudio.payloads`` into a typed
request, calls one function, and answers JSON. Errors are JSON too, with the
status that fits; nothing answers a bare 500 page. The model loads in
``create_app``, never in ``/health`` or ``/setup``; every worker answers with
the newest published version of a project (``learning.registry``).
"""

from __future__ import annotations

import base64
import functools
import hmac
import json
import logging
import time

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from .gate import Busy, PredictionGate
from .labelstudio.client import WebhookAuthorizer
from .labelstudio.config import ConfigError, mapping_for
from .labelstudio.predict import predict_task
from .labelstudio.payloads import (KNOWN_ACTIONS, AnnotationEvent, DeleteEvent, PayloadError, TrainingEvent,
                                   parse_predict, parse_setup, parse_webhook, project_id_of)
from .learning.gold import GoldStore, ProjectRecord
from .learning.registry import ModelRegistry
from .learning.trainer import Trainer
from .metrics import PROMETHEUS_CONTENT_TYPE, ServerMetrics, prometheus_text
from .shipped import SHIPPED_MODEL_DIR
from .settings import Settings

__all__ = ["create_app"]

log = logging.getLogger(__name__)

DEFAULT_LABEL_CONFIG = SHIPPED_MODEL_DIR.parent / "label_config.xml"


def create_app(config: dict | None = None) -> Flask:
    """Build the service: settings (the environment, overridden by ``config``), the model registry, the gold
    store, the trainer, the routes."""
    settings = Settings.from_mapping(config or {})
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_content_mb * 1024 * 1024
    app.json.sort_keys = False
    log.info("MODEL_DIR is %s (trained models, gold annotations, metrics)", settings.model_dir)

    registry = ModelRegistry(settings.model_dir, stage_options=settings.stage_options())
    gold = GoldStore(settings.model_dir / "gold.sqlite3")
    trainer = Trainer(registry, gold, settings)
    metrics = ServerMetrics(settings.model_dir / "metrics")
    gate = PredictionGate(settings.predict_concurrency, settings.predictions_waiting)
    webhooks = (WebhookAuthorizer(settings.label_studio_url, settings.label_studio_api_key, settings.authorization)
                if settings.auth_enabled and settings.label_studio_url and settings.label_studio_api_key else None)
    app.extensions["qawl"] = {"settings": settings, "registry": registry, "gold": gold, "trainer": trainer}

    @app.before_request
    def _authenticate():
        """With basic auth configured, every route needs it, /webhook included: Label Studio is given the
        header for the project webhook (``WebhookAuthorizer``), and nobody else may write gold."""
        g.started = time.perf_counter()
        if request.path == "/webhook":
            request.max_content_length = settings.max_webhook_mb * 1024 * 1024
        if not settings.auth_enabled:
            return None
        if _credentials_ok(request.headers.get("Authorization", ""), settings):
            return None
        response = jsonify(error="authentication required")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="Login required"'
        return response

    @app.after_request
    def _count(response):
        path = request.url_rule.rule if request.url_rule is not None else "other"  # never a stranger's path
        metrics.record(path, response.status_code, time.perf_counter() - g.get("started", time.perf_counter()),
                       tasks=g.get("predicted_tasks", 0), event=g.get("event"))
        return response

    @app.get("/")
    @app.get("/health")
    def health():
        return jsonify(status="UP", model_class="qawl", model_version=registry.version_for(None))

    @app.post("/setup")
    def setup():
        setup = parse_setup(_json_object())
        if setup.project is None:
            return jsonify(model_version=registry.version_for(None))
        gold.remember_project(setup.project.id, setup.project.label_config, setup.project.data_key)
        if webhooks is not None:
            webhooks.project_seen(setup.project.id)
        return jsonify(model_version=registry.version_for(setup.project.id))

    @app.post("/predict")
    def predict():
        asked = parse_predict(_json_object())
        label_config = (asked.label_config or _known(gold, asked.project_id).label_config
                        or _default_label_config())
        try:
            mapping = mapping_for(label_config)
        except ConfigError as error:
            raise PayloadError(f"this label config cannot take qawl predictions: {error}") from None
        with gate.slot():
            annotator = registry.for_project(asked.project_id)
            results = [predict_task(task, annotator, mapping, label_config, asked.context,
                                    settings.link_drawn_regions) for task in asked.tasks]
        g.predicted_tasks = len(asked.tasks)
        return jsonify(results=results, model_version=annotator.version)

    @app.post("/webhook")
    def webhook():
        event = parse_webhook(_json_object(), lambda project_id: _known(gold, project_id).data_key)
        g.event = event.action if event.action in KNOWN_ACTIONS else "other"
        if isinstance(event, AnnotationEvent):
            project = event.project
            if event.cancelled:  # a cancelled annotation teaches nothing, and forgets an older version
                gold.delete(project.id, [event.annotation_id])
                return jsonify(status="ok", stored=False), 201
            gold.remember_project(project.id, project.label_config, project.data_key)
            gold.put(project.id, event.annotation_id, event.task_id, event.text, event.result, project.label_config)
            trainer.annotation_stored(project.id)
            return jsonify(status="ok", stored=True), 201
        if isinstance(event, DeleteEvent):
            return jsonify(status="ok", deleted=gold.delete(event.project_id, event.annotation_ids)
                           if event.project_id else 0), 201
        if isinstance(event, TrainingEvent):
            gold.remember_project(event.project.id, event.project.label_config, event.project.data_key)
            # Durable request + background run; Label Studio's "Start training" must not wait for it.
            return jsonify(status="ok", training=trainer.request(event.project.id, "START_TRAINING", pull=True)), 201
        log.info("webhook event %s ignored", _loggable(event.action))
        return jsonify(status="Unknown event", action=event.action), 200

    @app.get("/versions")
    def versions():
        # Label Studio sends no project here; without ?project= every project's versions are listed.
        project_id = project_id_of(request.args.get("project"))
        if project_id:  # Label Studio reads "versions"; "details" is for people and scripts
            return jsonify(versions=registry.versions(project_id), details=registry.version_details(project_id))
        every = registry.versions(None)
        for pid in registry.store.projects():
            every += [v for v in registry.versions(pid) if v not in every]
        return jsonify(versions=every)

    @app.get("/metrics")
    def metrics_route():
        """JSON by default; Prometheus' text format for ``?format=prometheus`` or an Accept header preferring
        ``text/plain`` (as Prometheus' scraper sends), from the same numbers."""
        numbers = dict(model_version=registry.version_for(None), requests=metrics.snapshot(),
                       gold={"annotations": gold.count()}, training=trainer.metrics(), models=registry.status())
        if _wants_prometheus():
            return prometheus_text(numbers), 200, {"Content-Type": PROMETHEUS_CONTENT_TYPE}
        return jsonify(**numbers)

    @app.errorhandler(PayloadError)
    def _bad_request(error):
        return jsonify(error=str(error)), 400

    @app.errorhandler(Busy)
    def _busy(error):
        response = jsonify(error=f"busy: {error}; try again shortly")
        response.status_code = 503
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error):
        return jsonify(error=error.description or error.name), error.code

    @app.errorhandler(Exception)
    def _unexpected(error):
        log.exception("unexpected error on %s", _loggable(request.path))
        return jsonify(error=f"internal error: {type(error).__name__}"), 500

    return app


def _json_object() -> dict:
    """The request body as a JSON object, or PayloadError saying what is wrong with it.

    The body is read raw, whatever the content type says (curl sends JSON as a form by default)."""
    body = request.get_data(cache=True, parse_form_data=False)
    if not body:
        raise PayloadError("request body is empty; send a JSON object")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise PayloadError("request body is not valid JSON") from None
    except RecursionError:
        raise PayloadError("request body is nested too deeply") from None
    if not isinstance(payload, dict):
        raise PayloadError("request body must be a JSON object")
    return payload


def _wants_prometheus() -> bool:
    asked = request.args.get("format", "").lower()
    if asked:
        return asked in {"prometheus", "text"}
    # Parameters are ignored (Prometheus asks for "text/plain;version=0.0.4;q=0.5"); only an explicit text
    # type preferred over JSON counts, so a browser's or curl's */* still gets JSON.
    text = json_ = 0.0
    for value, quality in request.accept_mimetypes:
        kind = value.split(";", 1)[0].strip().lower()
        if kind in {"text/plain", "application/openmetrics-text"}:
            text = max(text, quality)
        elif kind in {"application/json", "application/*", "*/*"}:
            json_ = max(json_, quality)
    return text > json_


def _loggable(value: str, limit: int = 80) -> str:
    """A value from a request, safe for one log line: escaped (no forged lines) and cut short."""
    return repr(value[:limit]) + ("…" if len(value) > limit else "")


def _known(gold: GoldStore, project_id: str | None) -> ProjectRecord:
    """The config (and its data key) the project's /setup or webhooks carried: any worker may have heard it."""
    record = gold.project(project_id) if project_id else None
    return record or ProjectRecord(project_id or "", None, None)


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
