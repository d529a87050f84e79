"""Session fixtures of the end-to-end tests: a real Label Studio 1.23.2, qawl under gunicorn, one project.

Label Studio starts once per session on a free port of 127.0.0.1 with a fresh
data directory and the settings of the contract (§9): a legacy token known in
advance, local ML backends allowed, nothing sent outside the machine. qawl
runs with ``qawl serve`` and a temporary MODEL_DIR. The project is set up the
way an annotator would: label config, ML backend connected, examples
imported, "Retrieve predictions" pressed. qawl runs two gunicorn workers and
basic auth, which Label Studio is given on connecting; qawl puts it on the
project's webhook itself.

Missing Label Studio or Chromium skips these tests on a workstation and fails
them under CI (env ``CI``), where a skip would hide that nothing was proved.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys

from pathlib import Path

import pytest

from e2e_processes import Service, free_port
from e2e_project import (EXAMPLES_PATH, LABEL_CONFIG_PATH, ROOT, BackendServer, LabelStudioServer, Project,
                         retrieve_predictions, wait_for_predictions)


USERNAME = "e2e@example.com"
PASSWORD = "e2e-pass-4321"
LEGACY_TOKEN = "qawl-e2e-legacy-token-0123456789"
BACKEND_AUTH = ("label-studio", "e2e-backend-pass-9876")  # qawl runs with basic auth, as a deployment should

LS_START_TIMEOUT = float(os.environ.get("QAWL_E2E_LS_TIMEOUT", 180))
BACKEND_START_TIMEOUT = 60.0

# Every service started in this session, so a failing test can show their logs.
_SERVICES: list[Service] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing(reason: str):
    """Skip on a workstation, fail under CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def label_studio_binary() -> Path | None:
    """$QAWL_LABEL_STUDIO when set (scripts/test.sh sets it), else .venv-ls or PATH."""
    return _executable(os.environ.get("QAWL_LABEL_STUDIO"),
                       [ROOT / ".venv-ls" / "bin" / "label-studio", shutil.which("label-studio")])


def chromium_binary() -> Path | None:
    """$QAWL_CHROMIUM when set, else the first Chromium on PATH."""
    return _executable(os.environ.get("QAWL_CHROMIUM"),
                       [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")])


def _executable(explicit: str | None, fallbacks: list) -> Path | None:
    """An explicit choice is the only candidate: a wrong path must not be papered over by another install."""
    candidates = [explicit] if explicit else fallbacks
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failing e2e test, attach the tail of every service log to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and item.get_closest_marker("e2e"):
        for service in _SERVICES:
            report.sections.append((f"{service.name} log ({service.log_path})", service.log_tail(80)))


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def label_studio(e2e_dir) -> LabelStudioServer:
    binary = label_studio_binary()
    if binary is None:
        missing("Label Studio is not installed: run scripts/setup.sh (it creates .venv-ls) or set QAWL_LABEL_STUDIO")
    port = free_port()
    data_dir = e2e_dir / "label-studio-data"
    env = dict(os.environ)
    for name in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY", "LABEL_STUDIO_HOST", "DJANGO_DB"):
        env.pop(name, None)
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": USERNAME,
        "LABEL_STUDIO_PASSWORD": PASSWORD,
        "LABEL_STUDIO_USER_TOKEN": LEGACY_TOKEN,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "ML_BLOCK_LOCAL_IP": "false",
        "SSRF_PROTECTION_ENABLED": "false",
        "LATEST_VERSION_CHECK": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "COLLECT_ANALYTICS": "false",
        "PYTHONUNBUFFERED": "1",
    })
    service = Service("label-studio", [str(binary), "start", "--internal-host", "127.0.0.1", "--port", str(port),
                                       "--no-browser"], env, e2e_dir / "label-studio.log", cwd=e2e_dir)
    _SERVICES.append(service)
    service.start()
    url = f"http://127.0.0.1:{port}"
    try:
        service.wait_http(f"{url}/health", LS_START_TIMEOUT, fail_if=lambda: _moved_port(service, port))
        server = LabelStudioServer(url, LEGACY_TOKEN, USERNAME, PASSWORD, data_dir, service)
        whoami = server.api().get(f"{url}/api/current-user/whoami", timeout=10)
        assert whoami.ok, f"the legacy token is refused ({whoami.status_code}): {whoami.text[:300]}"
        yield server
    finally:
        service.stop()


def _moved_port(service: Service, port: int) -> str | None:
    """Label Studio silently takes the next port when its own is busy (contract §9): say so at once."""
    found = re.search(r"Starting development server at https?://[^/\s]+:(\d+)", service.log_text())
    if found and int(found.group(1)) != port:
        return f"port {port} was taken, Label Studio moved to {found.group(1)}"
    return None


@pytest.fixture(scope="session")
def backend(e2e_dir, label_studio) -> BackendServer:
    qawl = Path(sys.executable).parent / "qawl"
    argv = [str(qawl)] if qawl.exists() else [sys.executable, "-m", "qawl.cli"]
    port = free_port()
    model_dir = e2e_dir / "model-dir"
    env = dict(os.environ)
    env.update({
        "MODEL_DIR": str(model_dir),
        "LABEL_STUDIO_URL": label_studio.url,
        "LABEL_STUDIO_API_KEY": label_studio.token,
        "BASIC_AUTH_USER": BACKEND_AUTH[0],
        "BASIC_AUTH_PASS": BACKEND_AUTH[1],
        "PYTHONUNBUFFERED": "1",
    })
    # Two workers, as a deployment runs them: every one must serve the newest version.
    service = Service("qawl", argv + ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"], env,
                      e2e_dir / "qawl.log", cwd=ROOT)
    _SERVICES.append(service)
    service.start()
    url = f"http://127.0.0.1:{port}"
    try:
        service.wait_http(f"{url}/health", BACKEND_START_TIMEOUT, accept=lambda r: r.status_code == 401)
        yield BackendServer(url, model_dir, service, BACKEND_AUTH)
    finally:
        service.stop()


@pytest.fixture(scope="session")
def ls_client(label_studio):
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=label_studio.url, api_key=label_studio.token, timeout=120)


@pytest.fixture(scope="session")
def project(ls_client, label_studio, backend) -> Project:
    """Project with qawl's config, the backend connected, the examples imported, predictions retrieved."""
    label_config = LABEL_CONFIG_PATH.read_text(encoding="utf-8")
    examples = json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))

    created = ls_client.projects.create(title="qawl end-to-end", label_config=label_config)
    project_id = created.id
    ml = ls_client.ml.create(project=project_id, url=backend.url, title="qawl", is_interactive=False,
                             auth_method="BASIC_AUTH", basic_auth_user=backend.auth[0],
                             basic_auth_pass=backend.auth[1])
    ls_client.projects.import_tasks(id=project_id, request=[{"data": task["data"]} for task in examples])
    texts = {task.id: task.data["text"] for task in ls_client.tasks.list(project=project_id, fields="all")}
    assert len(texts) == len(examples), f"imported {len(texts)} of {len(examples)} example tasks"

    model_version = backend.setup(project_id, label_config)["model_version"]
    retrieve_predictions(ls_client, project_id)
    predictions = wait_for_predictions(ls_client, texts, model_version)
    return Project(project_id, ml.id, label_config, texts, model_version, predictions)


@pytest.fixture(scope="session")
def chromium() -> Path:
    binary = chromium_binary()
    if binary is None:
        missing("Chromium is not installed (apt-get install chromium fonts-noto-core) or set QAWL_CHROMIUM")
    return binary


