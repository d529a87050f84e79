"""Every setting qawl reads, from the environment, in one place.

Names follow Label Studio's own ML backends (LABEL_STUDIO_URL, MODEL_DIR,
BASIC_AUTH_USER, ...) so a deployment that runs one of those runs qawl too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

__all__ = ["Settings", "shared_data_dir"]


def shared_data_dir() -> Path:
    """The shared data sets (ANERcorp, the dev sets, news_raw): ``$QAWL_SHARED_DATA``, else ``<repo>/../shared/data``.

    Only benchmarks, evaluation commands and entity retraining read them; serving never does.
    """
    env = os.environ.get("QAWL_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _env(*names: str, default: str = "") -> str:
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return default


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Settings:
    label_studio_url: str = ""
    label_studio_api_key: str = ""
    model_dir: Path = field(default_factory=lambda: Path("var/models"))
    basic_auth_user: str = ""
    basic_auth_pass: str = ""
    webhook_requires_auth: bool = False
    port: int = 9090
    workers: int = 1
    threads: int = 8
    log_level: str = "INFO"
    retrain_every: int = 10
    max_content_mb: int = 64

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            label_studio_url=_env("LABEL_STUDIO_URL", "LABEL_STUDIO_HOST"),
            label_studio_api_key=_env("LABEL_STUDIO_API_KEY", "LABEL_STUDIO_ACCESS_TOKEN"),
            model_dir=Path(_env("MODEL_DIR", default="var/models")),
            basic_auth_user=_env("BASIC_AUTH_USER"),
            basic_auth_pass=_env("BASIC_AUTH_PASS"),
            webhook_requires_auth=_flag(_env("WEBHOOK_REQUIRES_AUTH", default="false")),
            port=int(_env("PORT", default="9090")),
            workers=int(_env("WORKERS", default="1")),
            threads=int(_env("THREADS", default="8")),
            log_level=_env("LOG_LEVEL", default="INFO").upper(),
            retrain_every=int(_env("QAWL_RETRAIN_EVERY", default="10")),
            max_content_mb=int(_env("QAWL_MAX_CONTENT_MB", default="64")),
        )

    @classmethod
    def from_mapping(cls, values: dict) -> "Settings":
        """Environment settings overridden by ``values`` (used by tests and create_app(config))."""
        settings = cls.from_env()
        names = {f.name for f in fields(cls)}
        for key, value in values.items():
            key = key.lower()
            if key in names:
                setattr(settings, key, Path(value) if key == "model_dir" else value)
        return settings

    @property
    def auth_enabled(self) -> bool:
        return bool(self.basic_auth_user and self.basic_auth_pass)
