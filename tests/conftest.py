"""Shared fixtures: the label config, the example tasks and a Flask test client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABEL_CONFIG_PATH = ROOT / "label_config" / "arabic_news.xml"


@pytest.fixture(scope="session")
def label_config() -> str:
    return LABEL_CONFIG_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_tasks() -> list[dict]:
    return json.loads((ROOT / "examples" / "tasks.json").read_text(encoding="utf-8"))


@pytest.fixture
def app(tmp_path):
    from qawl.app import create_app

    return create_app({"model_dir": tmp_path / "models", "basic_auth_user": "", "basic_auth_pass": ""})


@pytest.fixture
def client(app):
    return app.test_client()
