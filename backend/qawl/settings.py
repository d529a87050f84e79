"""Every setting qawl reads, from the environment, in one place.

Nothing else in qawl reads ``os.environ``: the server reads the environment
once in ``create_app``, each command once in the CLI, and the training job
gets its ``Settings`` from the server as a JSON file, not as variables.
Names follow Label Studio's own ML backends (LABEL_STUDIO_URL, MODEL_DIR,
BASIC_AUTH_USER, ...) so a deployment that runs one of those runs qawl too.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Mapping

__all__ = ["Settings", "data_dir", "default_data_dir", "shared_data_dir"]

_CHECKOUT = Path(__file__).resolve().parents[2]
_REPO_SHARED_DATA = _CHECKOUT.parent / "shared" / "data"


def default_data_dir() -> Path:
    """Where the data sets are when ``QAWL_DATA`` does not say: ``../shared/data`` beside the checkout when that
    folder exists, else ``var/data`` in the checkout (ignored by git), else, for an install that is not a
    checkout, ``~/.local/share/qawl/data``. ``qawl data`` fetches the public sets there."""
    if _REPO_SHARED_DATA.is_dir():
        return _REPO_SHARED_DATA
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "backend" / "qawl").is_dir():
        return _CHECKOUT / "var" / "data"
    return Path.home() / ".local" / "share" / "qawl" / "data"


def _absolute(path: str | Path) -> Path:
    """``path`` made absolute against the working directory now (``~`` expanded), so a relative ``MODEL_DIR``
    means the same folder wherever the server or a training job later looks."""
    return Path(os.path.abspath(os.path.expanduser(str(path))))


def _env(environ: Mapping[str, str], *names: str, default: str = "") -> str:
    for name in names:
        value = environ.get(name)
        if value:
            return value
    return default


@dataclass
class Settings:
    # Label Studio, for pulling annotations before a training
    label_studio_url: str = ""
    label_studio_api_key: str = ""
    # the service
    model_dir: Path = field(default_factory=lambda: _absolute("var/models"))
    basic_auth_user: str = ""
    basic_auth_pass: str = ""
    port: int = 9090
    workers: int = 1
    threads: int = 8
    log_level: str = "INFO"
    max_content_mb: int = 64
    max_webhook_mb: int = 8
    predict_concurrency: int = 2
    link_drawn_regions: bool = False
    # learning
    retrain_every: int = 10
    gold_weight: int = 5
    train_entity_crf: str = "auto"
    train_base_sentences: int = 0
    crf_iterations: int = 0
    # the data sets (ANERcorp, the dev sets, news_raw): benchmarks, scorers and entity retraining read them
    data: Path = field(default_factory=default_data_dir)
    # the optional CAMeL BERT entity tagger
    ner_backend: str = ""
    camel_ner_model: str = ""
    camel_tools_data: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        return cls(
            label_studio_url=_env(env, "LABEL_STUDIO_URL", "LABEL_STUDIO_HOST"),
            label_studio_api_key=_env(env, "LABEL_STUDIO_API_KEY", "LABEL_STUDIO_ACCESS_TOKEN"),
            model_dir=_absolute(_env(env, "MODEL_DIR", default="var/models")),
            basic_auth_user=_env(env, "BASIC_AUTH_USER"),
            basic_auth_pass=_env(env, "BASIC_AUTH_PASS"),
            port=int(_env(env, "PORT", default="9090")),
            workers=int(_env(env, "WORKERS", default="1")),
            threads=int(_env(env, "THREADS", default="8")),
            log_level=_env(env, "LOG_LEVEL", default="INFO").upper(),
            max_content_mb=int(_env(env, "QAWL_MAX_CONTENT_MB", default="64")),
            max_webhook_mb=int(_env(env, "QAWL_MAX_WEBHOOK_MB", default="8")),
            predict_concurrency=int(_env(env, "QAWL_PREDICT_CONCURRENCY", default="2")),
            link_drawn_regions=_env(env, "QAWL_LINK_DRAWN_REGIONS", default="false").strip().lower()
            in {"1", "true", "yes", "on"},
            retrain_every=int(_env(env, "QAWL_RETRAIN_EVERY", default="10")),
            gold_weight=int(_env(env, "QAWL_GOLD_WEIGHT", default="5")),
            train_entity_crf=_env(env, "QAWL_TRAIN_ENTITY_CRF", default="auto").lower(),
            train_base_sentences=int(_env(env, "QAWL_TRAIN_BASE_SENTENCES", default="0")),
            crf_iterations=int(_env(env, "QAWL_CRF_ITERATIONS", default="0")),
            # QAWL_SHARED_DATA is the setting's old name, still read
            data=_absolute(_env(env, "QAWL_DATA", "QAWL_SHARED_DATA") or default_data_dir()),
            ner_backend=_env(env, "QAWL_NER"),
            camel_ner_model=_env(env, "QAWL_CAMEL_NER_MODEL"),
            camel_tools_data=_env(env, "CAMELTOOLS_DATA"),
        )

    @classmethod
    def from_mapping(cls, values: Mapping, environ: Mapping[str, str] | None = None) -> "Settings":
        """Environment settings overridden by ``values`` (used by tests and create_app(config))."""
        settings = cls.from_env(environ)
        names = {f.name for f in fields(cls)}
        for key, value in values.items():
            key = _ALIASES.get(key.lower(), key.lower())
            if key in names:
                setattr(settings, key, Path(value) if key in _PATHS else value)
        settings.model_dir = _absolute(settings.model_dir)
        return settings

    @property
    def shared_data(self) -> Path:
        """The data directory under its old name."""
        return self.data

    @shared_data.setter
    def shared_data(self, value: str | Path) -> None:
        self.data = Path(value)

    @property
    def auth_enabled(self) -> bool:
        return bool(self.basic_auth_user and self.basic_auth_pass)

    @property
    def authorization(self) -> str:
        """The ``Authorization`` header value Label Studio must send (empty without auth)."""
        if not self.auth_enabled:
            return ""
        import base64

        pair = f"{self.basic_auth_user}:{self.basic_auth_pass}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    @property
    def predictions_waiting(self) -> int:
        """How many predictions may wait for a slot: the threads left once two are kept for /health and /setup."""
        return max(0, self.threads - self.predict_concurrency - 2)

    def stage_options(self) -> dict[str, dict]:
        """Options that override a model's ``model.json`` per stage: today only the entity tagger's choice."""
        entities = {}
        if self.ner_backend:
            entities["backend"] = self.ner_backend
        if self.camel_ner_model:
            entities["camel_model"] = self.camel_ner_model
        if self.camel_tools_data:
            entities["camel_data"] = self.camel_tools_data
        return {"entities": entities} if entities else {}

    # -- handing the settings to the training subprocess ------------------------------------
    def to_json(self) -> str:
        return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()})

    @classmethod
    def from_json(cls, text: str) -> "Settings":
        values = json.loads(text)
        names = {f.name for f in fields(cls)}
        settings = cls()
        for key, value in values.items():
            key = _ALIASES.get(key, key)
            if key in names:
                setattr(settings, key, Path(value) if key in _PATHS else value)
        return settings


_PATHS = {"model_dir", "data"}
_ALIASES = {"shared_data": "data"}  # old names of settings, still understood


def data_dir() -> Path:
    """The data sets (ANERcorp, the dev sets, news_raw): ``$QAWL_DATA`` (or its old name ``$QAWL_SHARED_DATA``),
    else :func:`default_data_dir`. Tests, benchmarks, the scorers' defaults and entity retraining all read
    them from here; serving never does. ``qawl data --check`` says whether they are the files the README's
    figures were made on."""
    return Settings.from_env().data


shared_data_dir = data_dir  # the old name
