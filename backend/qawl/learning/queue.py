"""The training queue: "training wanted" per project, durable, coalescing, resumable after a crash.

A request adds one to ``requested``; a run claims the current ``requested``
as its generation and, when it ends, sets ``done`` to it. Requests made
during a run therefore leave ``requested > done`` and exactly one more run
follows; a run killed mid-way leaves the same inequality, so the next server
start trains again. A failed run counts as done (its error is shown, not
retried for ever). Kept in the gold store's SQLite file.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .sqlite import Database, transaction

__all__ = ["TrainingQueue"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS training (
    project_id          TEXT PRIMARY KEY,
    requested           INTEGER NOT NULL DEFAULT 0,
    done                INTEGER NOT NULL DEFAULT 0,
    running             INTEGER NOT NULL DEFAULT 0,
    reason              TEXT,
    pull                INTEGER NOT NULL DEFAULT 0,
    requested_at        REAL,
    received_at_request INTEGER NOT NULL DEFAULT 0,
    started_at          REAL,
    finished_at         REAL,
    seconds             REAL,
    runs                INTEGER NOT NULL DEFAULT 0,
    failures            INTEGER NOT NULL DEFAULT 0,
    last_error          TEXT,
    last_error_at       REAL,
    last_version        TEXT,
    last_summary        TEXT
);
"""


class TrainingQueue:
    def __init__(self, path: Path | str):
        self._db = Database(path, _SCHEMA)

    def request(self, project_id: str, reason: str, received: int, pull: bool = False) -> None:
        """Ask for one more run of the project; ``received`` is its annotation count at this moment."""
        db = self._db.connect()
        with transaction(db):
            self._want(db, project_id, reason, received, pull)

    def request_every(self, project_id: str, received: int, every: int) -> bool:
        """Ask for a run when ``every`` annotations arrived since the last request; True if asked."""
        if every <= 0:
            return False
        db = self._db.connect()
        with transaction(db):
            row = db.execute("SELECT received_at_request FROM training WHERE project_id=?",
                             (project_id,)).fetchone()
            if received - (row[0] if row else 0) < every:
                return False
            self._want(db, project_id, f"{every} new annotations", received, False)
            return True

    @staticmethod
    def _want(db, project_id: str, reason: str, received: int, pull: bool) -> None:
        db.execute(
            "INSERT INTO training (project_id, requested, reason, pull, requested_at, received_at_request) "
            "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT(project_id) DO UPDATE SET requested = requested + 1, "
            "reason=excluded.reason, pull = MAX(pull, excluded.pull), requested_at=excluded.requested_at, "
            "received_at_request=MAX(received_at_request, excluded.received_at_request)",
            (project_id, reason, int(pull), time.time(), received))

    def pending(self) -> list[str]:
        """Projects with a request no finished run has covered (also those a crash interrupted)."""
        return [r[0] for r in self._db.connect().execute(
            "SELECT project_id FROM training WHERE requested > done ORDER BY requested_at")]

    def claim(self, project_id: str) -> tuple[int, bool] | None:
        """Mark a run as started (caller holds the project's lock): its generation and whether to pull."""
        db = self._db.connect()
        with transaction(db):
            row = db.execute("SELECT requested, done, pull FROM training WHERE project_id=?",
                             (project_id,)).fetchone()
            if not row or row[0] <= row[1]:
                return None
            db.execute("UPDATE training SET running=?, pull=0, started_at=? WHERE project_id=?",
                       (row[0], time.time(), project_id))
            return row[0], bool(row[2])

    def finish(self, project_id: str, generation: int, seconds: float, version: str | None,
               error: str | None, summary: dict | None) -> None:
        """Record a finished run; a failed run counts as done too."""
        db = self._db.connect()
        with transaction(db):
            db.execute("UPDATE training SET done=MAX(done, ?), running=0, finished_at=?, seconds=?, runs=runs+1, "
                       "failures=failures+?, last_version=COALESCE(?, last_version), "
                       "last_error=CASE WHEN ? IS NULL THEN last_error ELSE ? END, "
                       "last_error_at=CASE WHEN ? IS NULL THEN last_error_at ELSE ? END, "
                       "last_summary=COALESCE(?, last_summary) WHERE project_id=?",
                       (generation, time.time(), round(seconds, 2), int(error is not None), version,
                        error, error, error, time.time(),
                        json.dumps(summary, ensure_ascii=False) if summary is not None else None, project_id))

    def give_up(self, project_id: str, error: str) -> None:
        """Mark every request of a project that cannot be run as done, failed, so the queue moves on."""
        db = self._db.connect()
        with transaction(db):
            db.execute("UPDATE training SET done=requested, running=0, failures=failures+1, last_error=?, "
                       "last_error_at=? WHERE project_id=?", (error, time.time(), project_id))

    def rows(self) -> dict[str, dict]:
        cursor = self._db.connect().execute("SELECT * FROM training")
        names = [d[0] for d in cursor.description]
        rows = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            if row.get("last_summary"):
                row["last_summary"] = json.loads(row["last_summary"])
            rows[row.pop("project_id")] = row
        return rows
