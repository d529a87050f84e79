"""Background training: one run at a time per project, requests durable, the server never blocked.

A request only writes "training wanted" into the gold store's SQLite file
(``requested += 1``) and wakes a worker thread; the webhook answers at once.
The worker takes a project's lock (``flock`` on ``projects/<pid>/train.lock``,
so several gunicorn workers never train the same project twice and a dead
process releases it), runs ``qawl.learning.train_job`` in a subprocess and
records the outcome. A request that arrives during a run leaves
``requested > done``, so exactly one more run follows. After a crash or a
SIGKILL the same inequality holds, and the next server start trains again.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from .store import ModelStore

__all__ = ["Trainer"]

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0


class Trainer:
    def __init__(self, registry, gold, settings, autostart: bool = True):
        self.registry, self.gold, self.settings = registry, gold, settings
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
        self.gold.want_training(project_id, reason, pull)
        self._kick()
        return {"queued": True, "reason": reason}

    def annotation_stored(self, project_id: str) -> None:
        """After each stored annotation: every ``retrain_every`` new ones ask for a run."""
        if self.gold.want_training_every(project_id, int(self.settings.retrain_every)):
            self._kick()

    def metrics(self) -> dict:
        """Per project: state, last run, last error, gold counts, the version serving."""
        self.ensure_worker()
        out = {}
        for pid, row in self.gold.training_rows().items():
            busy = self._locked_elsewhere(pid)
            state = "training" if busy else ("queued" if row["requested"] > row["done"] else "idle")
            if row["running"] and not busy and state != "training":
                state = "interrupted; will run again"
            out[pid] = {
                "state": state, "requests": row["requested"], "runs": row["runs"], "failures": row["failures"],
                "last_reason": row["reason"], "started_at": row["started_at"], "finished_at": row["finished_at"],
                "last_seconds": row["seconds"], "last_version": row["last_version"],
                "last_error": row["last_error"], "last_error_at": row["last_error_at"],
                "last_summary": row["last_summary"],
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
                for project_id in self.gold.pending_training():
                    if self._stop.is_set():
                        break
                    self.run_pending(project_id)
            except Exception:
                log.exception("training worker error")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()

    def run_pending(self, project_id: str) -> bool:
        """Run one training of the project if it is wanted and no one else is running it."""
        handle = self._try_lock(project_id)
        if handle is None:
            return False
        try:
            claim = self.gold.claim_training(project_id)
            if claim is None:
                return False
            generation, pull = claim
            self.store.clean_building(project_id)
            started = time.perf_counter()
            self._running[project_id] = time.time()
            version, error, summary = None, None, None
            try:
                outcome = self._run_job(project_id, pull)
                version, summary = outcome.get("version"), outcome
                if outcome.get("pull_error"):
                    log.warning("project %s trained from the local store: %s", project_id, outcome["pull_error"])
            except Exception as failure:
                error = str(failure)[-2000:]
                log.error("training project %s failed: %s", project_id, error)
            finally:
                self._running.pop(project_id, None)
            self.gold.finish_training(project_id, generation, time.perf_counter() - started, version, error, summary)
            if version:
                log.info("project %s: new model version %s", project_id, version)
                refresh = getattr(self.registry, "refresh", None)
                if refresh:  # load here, in the trainer thread: this worker serves it at once
                    refresh(project_id, wait=True)
            return True
        finally:
            handle.close()

    def _run_job(self, project_id: str, pull: bool) -> dict:
        command = [sys.executable, "-m", "qawl.learning.train_job", "--model-dir", str(self.settings.model_dir),
                   "--project", project_id, "--parent", str(os.getpid())]
        if pull:
            command.append("--pull")
        env = dict(os.environ)
        env["LABEL_STUDIO_URL"] = self.settings.label_studio_url or ""
        env["LABEL_STUDIO_API_KEY"] = self.settings.label_studio_api_key or ""
        env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
        process = subprocess.run(command, capture_output=True, text=True, env=env, preexec_fn=_lower_priority,
                                 cwd=str(Path(__file__).resolve().parents[2]))
        if process.returncode != 0:
            tail = (process.stderr or "").strip().splitlines()[-6:]
            raise RuntimeError(f"train_job exited with {process.returncode}: " + " | ".join(tail))
        lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise RuntimeError("train_job printed no outcome")
        return json.loads(lines[-1])

    # -- the per-project lock ------------------------------------------------------------------
    def _lock_path(self, project_id: str) -> Path:
        path = self.store.project_dir(project_id)
        path.mkdir(parents=True, exist_ok=True)
        return path / "train.lock"

    def _try_lock(self, project_id: str):
        handle = open(self._lock_path(project_id), "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return handle

    def _locked_elsewhere(self, project_id: str) -> bool:
        if project_id in self._running:
            return True
        try:
            handle = self._try_lock(project_id)
        except (OSError, ValueError):
            return False
        if handle is None:
            return True
        handle.close()
        return False


def _lower_priority() -> None:
    """In the child before exec: training yields the CPU to request threads."""
    try:
        os.nice(10)
    except OSError:
        pass
