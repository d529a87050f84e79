"""Background training: one run at a time per project, requests durable, the server never blocked.

A request only writes "training wanted" into the training queue (``queue.py``)
and wakes a worker thread; the webhook answers at once. The worker takes the
project's training lock (``lock.py``), runs ``qawl.learning.train_job`` in a
subprocess with the server's settings, reads the ``TrainingOutcome`` it wrote,
records it in the queue, and loads the new version in this worker at once.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..settings import Settings
from .gold import GoldStore
from .lock import held_elsewhere, try_project_lock
from .queue import TrainingQueue
from .store import ModelStore
from .train_job import TrainingOutcome

__all__ = ["Trainer"]

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])  # the folder holding the qawl package


class JobFailed(RuntimeError):
    """The training subprocess failed: ``reason`` is what /metrics may show, the message is for the log."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class Trainer:
    def __init__(self, registry, gold: GoldStore, settings: Settings, autostart: bool = True):
        self.registry, self.gold, self.settings = registry, gold, settings
        self.queue = TrainingQueue(gold.path)
        self.store = ModelStore(settings.model_dir)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._running: dict[str, float] = {}  # project -> start time, runs of this process
        self.autostart = autostart
        if autostart:
            self.ensure_worker()

    # -- what the routes call ------------------------------------------------------------------
    def request(self, project_id: str, reason: str, pull: bool = False) -> dict:
        """Note that the project wants training (durably) and return at once."""
        self.store.project_dir(project_id)  # refuses odd project ids before anything is written
        self.queue.request(project_id, reason, self.gold.received(project_id), pull)
        self._kick()
        return {"queued": True, "reason": reason}

    def annotation_stored(self, project_id: str) -> None:
        """After each stored annotation: every ``retrain_every`` new ones ask for a run."""
        if self.queue.request_every(project_id, self.gold.received(project_id), int(self.settings.retrain_every)):
            self._kick()

    def metrics(self) -> dict:
        """Per project: state, last run, last error, gold counts, the version serving."""
        self.ensure_worker()
        out = {}
        for pid, row in self.queue.rows().items():
            busy = pid in self._running or held_elsewhere(self.store, pid)
            state = "training" if busy else ("queued" if row["requested"] > row["done"] else "idle")
            if row["running"] and not busy and state != "training":
                state = "interrupted; will run again"
            out[pid] = {
                "state": state, "requests": row["requested"], "runs": row["runs"], "failures": row["failures"],
                "last_reason": row["reason"], "started_at": row["started_at"], "finished_at": row["finished_at"],
                "last_seconds": row["seconds"], "last_version": row["last_version"],
                "last_error": row["last_error"], "last_error_at": row["last_error_at"],
                "last_summary": row["last_summary"],
                # the promotion check of the last run: why its model was published or not
                "last_promotion": ((row["last_summary"] or {}).get("summary") or {}).get("promotion"),
                "gold": {"annotations": self.gold.count(pid), "received": self.gold.received(pid)},
            }
        return out

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    # -- the worker ----------------------------------------------------------------------------
    def ensure_worker(self) -> None:
        """Start the worker thread in this process (again after a fork: threads do not survive it)."""
        if not self.autostart:
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="qawl-trainer", daemon=True)
            self._thread.start()

    def _kick(self) -> None:
        self.ensure_worker()
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_all_pending()
            except Exception:
                log.exception("training worker error")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()

    def run_all_pending(self) -> None:
        """One pass over the queue; a project that cannot even be started is given up, never blocks the others."""
        for project_id in self.queue.pending():
            if self._stop.is_set():
                return
            try:
                self.run_pending(project_id)
            except Exception as error:
                log.error("project %r cannot be trained, its request is dropped: %s", project_id[:64], error)
                self.queue.give_up(project_id, f"this project cannot be trained ({type(error).__name__})")

    def run_pending(self, project_id: str) -> bool:
        """Run one training of the project if it is wanted and no one else is running it."""
        handle = try_project_lock(self.store, project_id)
        if handle is None:
            return False
        try:
            claim = self.queue.claim(project_id)
            if claim is None:
                return False
            generation, pull = claim
            self.store.clean_building(project_id)
            started = time.perf_counter()
            self._running[project_id] = time.time()
            outcome, error = None, None
            try:
                outcome = self._run_job(project_id, pull)
                if outcome.pull_error:
                    log.warning("project %s trained from the local store: %s", project_id, outcome.pull_error)
            except Exception as failure:  # the details (paths, output) go to the log; /metrics says what and when
                log.error("training project %s failed: %s", project_id, failure)
                error = failure.reason if isinstance(failure, JobFailed) else \
                    f"training failed ({type(failure).__name__}); see the server log"
            finally:
                self._running.pop(project_id, None)
            version = outcome.version if outcome else None
            self.queue.finish(project_id, generation, time.perf_counter() - started, version, error,
                              outcome.as_dict() if outcome else None)
            if version:
                log.info("project %s: new model version %s", project_id, version)
                self.registry.for_project(project_id)  # load here, in the trainer thread: served at once
            return True
        finally:
            handle.close()

    def _run_job(self, project_id: str, pull: bool) -> TrainingOutcome:
        """The training subprocess, its settings handed over in a file and its outcome read from one."""
        with tempfile.TemporaryDirectory(prefix="job-", dir=self.store.project_dir(project_id)) as folder:
            settings_file, result_file = Path(folder) / "settings.json", Path(folder) / "outcome.json"
            settings_file.write_text(self.settings.to_json(), encoding="utf-8")
            command = [sys.executable, "-m", "qawl.learning.train_job", "--settings", str(settings_file),
                       "--project", project_id, "--result", str(result_file), "--parent", str(os.getpid())]
            if pull:
                command.append("--pull")
            # cwd: ``-m`` makes the package importable however qawl was installed; the environment is
            # inherited, but the job reads its settings from the file only.
            process = subprocess.run(command, capture_output=True, text=True, preexec_fn=_lower_priority,
                                     cwd=_PACKAGE_PARENT)
            if process.returncode != 0:
                tail = (process.stderr or "").strip().splitlines()[-6:]
                raise JobFailed(f"the training job exited with code {process.returncode}; see the server log",
                                " | ".join(tail))
            if not result_file.is_file():
                raise JobFailed("the training job wrote no outcome; see the server log", "")
            return TrainingOutcome.from_dict(json.loads(result_file.read_text(encoding="utf-8")))


def _lower_priority() -> None:
    """In the child before exec: training yields the CPU to request threads."""
    try:
        os.nice(10)
    except OSError:
        pass
