"""One training run, as its own process: ``python -m qawl.learning.train_job --settings F --project P --result R``.

The server starts this in a subprocess so CRF training never competes with
request threads for the GIL, a crash in training cannot take the server
down, and a killed server takes its training with it (parent-death signal).
The server hands it its ``Settings`` as a JSON file; the job pulls from Label
Studio when asked (falling back to the local gold store when that fails,
recording the error), builds and publishes a new version, and writes its
``TrainingOutcome`` as JSON to the result file.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..settings import Settings

__all__ = ["TrainingOutcome", "run_training", "main"]

log = logging.getLogger(__name__)


@dataclass
class TrainingOutcome:
    """What one run did: the version it published and its training summary, and the pull's result."""

    project: str
    version: str | None = None
    summary: dict = field(default_factory=dict)
    pull: dict | None = None
    pull_error: str | None = None
    unreadable_annotations: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "TrainingOutcome":
        return cls(**{k: values[k] for k in cls.__dataclass_fields__ if k in values})


def run_training(settings: Settings, project_id: str, pull: bool = False) -> TrainingOutcome:
    """Pull (optionally), build and publish. Raises on build failure."""
    from ..labelstudio.annotations import parse_result
    from ..pipeline import Annotator
    from ..shipped import SHIPPED_MODEL_DIR
    from .build import BuildOptions, NotPromoted, build_version
    from .gold import GoldStore
    from .promotion import promotion_check
    from .store import ModelStore

    started = time.perf_counter()
    gold = GoldStore(settings.model_dir / "gold.sqlite3")
    outcome = TrainingOutcome(project_id)
    if pull:
        _pull(settings, gold, project_id, outcome)
    docs = []
    for annotation in gold.annotations(project_id):
        try:
            docs.append(parse_result(annotation.text, annotation.result, annotation.annotation_id))
        except Exception:  # one stored annotation must never stop the project's training
            outcome.unreadable_annotations += 1
            log.exception("project %s: annotation %s cannot be read; left out", project_id, annotation.annotation_id)
    store, options, base = ModelStore(settings.model_dir), BuildOptions.from_settings(settings), Annotator.load()
    check = promotion_check(store, project_id, docs, options, SHIPPED_MODEL_DIR, base)
    try:
        published = build_version(store, project_id, docs, options, base=base, check=check)
    except NotPromoted as refused:  # the version serving stays; the summary says why
        outcome.summary = refused.summary
        outcome.seconds = round(time.perf_counter() - started, 2)
        return outcome
    manifest = json.loads((published.path / "model.json").read_text(encoding="utf-8"))
    outcome.version, outcome.summary = published.version, manifest.get("training", {})
    outcome.seconds = round(time.perf_counter() - started, 2)
    return outcome


def _pull(settings: Settings, gold, project_id: str, outcome: TrainingOutcome) -> None:
    """Bring the gold store up to date with Label Studio; on any failure, say why and train on what is stored."""
    if not settings.label_studio_url or not settings.label_studio_api_key:
        outcome.pull_error = "LABEL_STUDIO_URL or LABEL_STUDIO_API_KEY not set; trained from the local store"
        return
    from ..labelstudio.client import pull_annotations
    from .sync import project_data_key, sync_gold

    started = time.time()
    try:
        pulled = pull_annotations(settings.label_studio_url, settings.label_studio_api_key, project_id,
                                  project_data_key(gold, project_id))
    except Exception as error:  # unreachable LS, bad key, …: train on what we have
        # the whole error (Label Studio's answer, addresses) goes to the log; /metrics shows only its kind
        log.warning("pulling project %s from Label Studio failed: %s: %s", project_id, type(error).__name__, error)
        outcome.pull_error = f"could not pull from Label Studio ({type(error).__name__}); trained from the local store"
        return
    outcome.pull = sync_gold(gold, project_id, pulled, started)


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the server that started us dies (no orphaned trainings)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def write_result(path: Path, outcome: TrainingOutcome) -> None:
    """Atomically, so the server never reads half an outcome."""
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(outcome.as_dict(), ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", required=True, type=Path, help="the server's Settings as JSON")
    parser.add_argument("--project", required=True)
    parser.add_argument("--result", required=True, type=Path, help="where to write the TrainingOutcome JSON")
    parser.add_argument("--pull", action="store_true", help="pull annotations from Label Studio first")
    parser.add_argument("--parent", type=int, default=0, help="exit if this process is gone (set by the server)")
    args = parser.parse_args(argv)
    settings = Settings.from_json(args.settings.read_text(encoding="utf-8"))
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s train_job: %(message)s",
                        stream=sys.stderr)
    if args.parent:
        _die_with_parent()
        if os.getppid() != args.parent:  # the parent died before prctl took effect
            return 3
    write_result(args.result, run_training(settings, args.project, args.pull))
    return 0


if __name__ == "__main__":
    sys.exit(main())
