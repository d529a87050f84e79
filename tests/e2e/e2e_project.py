"""What the e2e tests share besides fixtures: the running services, the project, stored predictions.

A module of its own (not conftest) so test files import it by a name that
cannot collide with the other conftest.py files of the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import requests

from e2e_processes import Service, wait_until

ROOT = Path(__file__).resolve().parents[2]
LABEL_CONFIG_PATH = ROOT / "label_config" / "arabic_news.xml"
EXAMPLES_PATH = ROOT / "examples" / "tasks.json"


@dataclass
class LabelStudioServer:
    url: str
    token: str
    username: str
    password: str
    data_dir: Path
    service: Service

    def api(self) -> requests.Session:
        """A requests session that speaks to the REST API with the legacy token."""
        session = requests.Session()
        session.headers["Authorization"] = f"Token {self.token}"
        return session


@dataclass
class BackendServer:
    url: str
    model_dir: Path
    service: Service
    auth: tuple[str, str]  # the basic auth qawl runs with, and Label Studio is given

    def setup(self, project_id: int, label_config: str) -> dict:
        """What Label Studio's /setup call would get back for this project."""
        payload = {"project": f"{project_id}.0", "schema": label_config, "hostname": "", "access_token": "",
                   "extra_params": None}
        response = requests.post(f"{self.url}/setup", json=payload, timeout=5, auth=self.auth)
        response.raise_for_status()
        return response.json()

    def metrics(self) -> dict:
        response = requests.get(f"{self.url}/metrics", timeout=5, auth=self.auth)
        response.raise_for_status()
        return response.json()


@dataclass
class Project:
    """The e2e project: ids, texts, and the first round of stored predictions."""

    id: int
    ml_backend_id: int
    label_config: str
    texts: dict[int, str]  # task id -> text
    model_version: str
    predictions: dict[int, list[dict]] = field(default_factory=dict)  # task id -> stored predictions

    def showcase_task(self) -> int:
        """The task the browser opens: a said relation and the most regions (ties: lowest id)."""
        def weight(task_id):
            result = latest(self.predictions[task_id])["result"]
            relations = sum(1 for r in result if r.get("type") == "relation")
            return (relations > 0, len(result), -task_id)
        return max(self.texts, key=weight)


def latest(predictions: list[dict]) -> dict:
    return max(predictions, key=lambda p: p["id"])


def retrieve_predictions(ls_client, project_id: int) -> None:
    """The Data Manager's "Retrieve predictions" on every task."""
    ls_client.actions.create(id="retrieve_tasks_predictions", project=project_id,
                             selected_items={"all": True, "excluded": []})


def stored_predictions(ls_client, task_id: int) -> list[dict]:
    return [p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in ls_client.predictions.list(task=task_id)]


def wait_for_predictions(ls_client, texts: dict[int, str], model_version: str, timeout: float = 60.0):
    """Every task's stored predictions, once each task has one of ``model_version``."""
    def check():
        found = {task_id: stored_predictions(ls_client, task_id) for task_id in texts}
        ready = all(any(p["model_version"] == model_version for p in preds) for preds in found.values())
        return found if ready else None

    try:
        return wait_until(check, timeout, f"predictions of model version {model_version!r} for every task",
                          interval=1.0)
    except TimeoutError as error:
        counts = {t: [p["model_version"] for p in stored_predictions(ls_client, t)] for t in texts}
        raise AssertionError(f"{error}; stored versions per task: {counts}") from None
