"""Request counts for ``/metrics`` that describe the whole server, not the worker that answered.

Each gunicorn worker keeps its own counts and, after every request, writes
them to ``MODEL_DIR/metrics/<server pid>-<worker pid>.json`` (a small file,
replaced atomically); ``/metrics`` adds up the files of every worker of this
server. Files of an earlier server (a master no longer running) are removed
at start.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from pathlib import Path

__all__ = ["ServerMetrics"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ServerMetrics:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.counts: Counter = Counter()    # "path status" -> requests
        self.seconds: Counter = Counter()   # path -> total seconds
        self.events: Counter = Counter()    # webhook action -> count
        self.tasks = 0
        self._forget_earlier_servers()

    @property
    def _server(self) -> int:
        """The gunicorn master (this worker's parent); read per call, since workers fork after start."""
        return os.getppid()

    def _file(self) -> Path:
        return self.folder / f"{self._server}-{os.getpid()}.json"

    def _forget_earlier_servers(self) -> None:
        for path in self.folder.glob("*-*.json"):
            server = path.stem.split("-", 1)[0]
            if server.isdigit() and not _alive(int(server)):
                path.unlink(missing_ok=True)

    def record(self, path: str, status: int, seconds: float, tasks: int = 0, event: str | None = None) -> None:
        """Count one answered request (its predicted tasks, its webhook action) and publish this worker's counts."""
        with self._lock:
            self.counts[f"{path} {status}"] += 1
            self.seconds[path] += seconds
            self.tasks += tasks
            if event:
                self.events[event] += 1
            mine = self._mine()
            target = self._file()
            partial = target.with_suffix(f".{threading.get_ident()}.partial")
            partial.write_text(json.dumps(mine), encoding="utf-8")
            os.replace(partial, target)

    def _mine(self) -> dict:
        return {"pid": os.getpid(), "counts": dict(self.counts), "seconds": dict(self.seconds),
                "events": dict(self.events), "tasks_predicted": self.tasks}

    def snapshot(self) -> dict:
        """Counts of every worker of this server: per path, tasks predicted, webhook events, and per worker."""
        with self._lock:
            workers = {os.getpid(): self._mine()}
        for path in self.folder.glob(f"{self._server}-*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a worker replacing its file this instant; its next request writes it again
            workers.setdefault(data["pid"], data)
        counts, seconds, events, tasks = Counter(), Counter(), Counter(), 0
        for data in workers.values():
            counts.update(data["counts"])
            seconds.update(data["seconds"])
            events.update(data["events"])
            tasks += data["tasks_predicted"]
        by_path: dict[str, dict] = {}
        for key, count in counts.items():
            path, status = key.rsplit(" ", 1)
            entry = by_path.setdefault(path, {"count": 0, "statuses": {}, "mean_ms": 0.0})
            entry["count"] += count
            entry["statuses"][status] = count
        for path, entry in by_path.items():
            entry["mean_ms"] = round(1000 * seconds[path] / entry["count"], 2)
        return {"by_path": by_path, "tasks_predicted": tasks, "webhook_events": dict(events),
                "workers": [{"pid": pid, "tasks_predicted": data["tasks_predicted"],
                             "requests": sum(data["counts"].values())} for pid, data in sorted(workers.items())]}
