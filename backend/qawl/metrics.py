"""Request counts for ``/metrics`` that describe the whole server, not the worker that answered.

Each gunicorn worker keeps its own counts and, after every request, writes
them to ``MODEL_DIR/metrics/<server pid>-<worker pid>.json`` (a small file,
replaced atomically); ``/metrics`` adds up the files of every worker of this
server. Files of an earlier server (a master no longer running) are removed
at start.

``prometheus_text`` writes the numbers of ``/metrics`` in Prometheus' text
exposition format (version 0.0.4), for ``/metrics?format=prometheus`` or a
scraper's ``Accept: text/plain``: the same numbers as the JSON, nothing more.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from pathlib import Path

__all__ = ["PROMETHEUS_CONTENT_TYPE", "ServerMetrics", "prometheus_text"]

PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


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


def _label(value) -> str:
    return str(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")


def _number(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return repr(float(value)) if isinstance(value, float) else str(int(value))


class _Exposition:
    def __init__(self):
        self.lines: list[str] = []

    def family(self, name: str, kind: str, help_text: str, samples) -> None:
        """One metric family; ``samples`` are ``(labels dict, value)``; a family without samples is left out."""
        samples = [(labels, value) for labels, value in samples if value is not None]
        if not samples:
            return
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
        for labels, value in samples:
            inner = ",".join(f'{key}="{_label(val)}"' for key, val in labels.items())
            self.lines.append(f"{name}{{{inner}}} {_number(value)}" if inner else f"{name} {_number(value)}")


def prometheus_text(numbers: dict) -> str:
    """The ``/metrics`` JSON (``model_version``, ``requests``, ``gold``, ``training``, ``models``) as Prometheus
    text: counts as counters, times and states as gauges, names and versions as labels."""
    out = _Exposition()
    requests = numbers.get("requests") or {}
    by_path = requests.get("by_path") or {}
    out.family("qawl_model_info", "gauge", "the version serving projects without a trained model of their own",
               [({"version": numbers.get("model_version", "")}, 1)])
    out.family("qawl_requests_total", "counter", "requests answered, per route and status, all workers",
               [({"path": path, "status": status}, count) for path, entry in sorted(by_path.items())
                for status, count in sorted(entry["statuses"].items())])
    out.family("qawl_request_mean_milliseconds", "gauge", "mean answer time per route since the server started",
               [({"path": path}, float(entry["mean_ms"])) for path, entry in sorted(by_path.items())])
    out.family("qawl_tasks_predicted_total", "counter", "tasks predicted by /predict, all workers",
               [({}, requests.get("tasks_predicted", 0))])
    out.family("qawl_webhook_events_total", "counter", "webhook events received, per action",
               [({"action": action}, count)
                for action, count in sorted((requests.get("webhook_events") or {}).items())])
    workers = requests.get("workers") or []
    out.family("qawl_worker_requests_total", "counter", "requests answered per gunicorn worker",
               [({"pid": w["pid"]}, w["requests"]) for w in workers])
    out.family("qawl_worker_tasks_predicted_total", "counter", "tasks predicted per gunicorn worker",
               [({"pid": w["pid"]}, w["tasks_predicted"]) for w in workers])
    # "gold" holds qawl's own counts ({"annotations": n}); named by their keys, as the JSON names them
    out.family("qawl_gold", "gauge", "gold stored, all projects (kind: what is counted)",
               [({"kind": kind}, _numeric(count)) for kind, count in sorted((numbers.get("gold") or {}).items())])
    training = sorted((numbers.get("training") or {}).items())
    out.family("qawl_training_state", "gauge", "a project's training state (1 for the current one)",
               [({"project": pid, "state": t["state"]}, 1) for pid, t in training])
    for key, kind, help_text in (("requests", "counter", "training runs asked for"),
                                 ("runs", "counter", "training runs finished"),
                                 ("failures", "counter", "training runs failed"),
                                 ("last_seconds", "gauge", "seconds the last training run took"),
                                 ("finished_at", "gauge", "when the last training run finished (Unix time)"),
                                 ("last_error_at", "gauge", "when the last training run failed (Unix time)")):
        name = f"qawl_training_{key}" + ("_total" if kind == "counter" else "")
        out.family(name, kind, help_text, [({"project": pid}, _numeric(t.get(key))) for pid, t in training])
    out.family("qawl_training_gold", "gauge", "gold per project (kind annotations: stored; received: ever sent)",
               [({"project": pid, "kind": kind}, _numeric(count)) for pid, t in training
                for kind, count in sorted((t.get("gold") or {}).items())])
    models = sorted((numbers.get("models") or {}).items())
    out.family("qawl_project_model_info", "gauge", "the version serving each project a worker has seen",
               [({"project": pid, "version": m["serving"]}, 1) for pid, m in models])
    out.family("qawl_project_model_load_error", "gauge", "1 when the project's newest model failed to load",
               [({"project": pid}, bool(m.get("load_error"))) for pid, m in models])
    out.family("qawl_project_model_loaded_at", "gauge", "when the serving model was loaded (Unix time)",
               [({"project": pid}, _numeric(m.get("loaded_at"))) for pid, m in models])
    return "\n".join(out.lines) + "\n"


def _numeric(value):
    """A number for a sample, None (no sample) for anything else (a missing time, a text)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value
