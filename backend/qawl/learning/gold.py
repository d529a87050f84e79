"""The gold store: every submitted annotation, on disk before the webhook is answered.

SQLite in WAL mode with ``synchronous=FULL``: a committed write survives a
SIGKILL or power loss, readers never block the writer, and several gunicorn
workers can share one file. One row per annotation; updates replace it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GoldAnnotation", "GoldStore", "storable_text"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS annotations (
    project_id    TEXT NOT NULL,
    annotation_id TEXT NOT NULL,
    task_id       TEXT,
    text          TEXT NOT NULL,
    result        TEXT NOT NULL,
    label_config  TEXT,
    updated_at    REAL NOT NULL,
    PRIMARY KEY (project_id, annotation_id)
);
CREATE TABLE IF NOT EXISTS counters (
    project_id TEXT PRIMARY KEY,
    received   INTEGER NOT NULL DEFAULT 0
);
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


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def storable_text(value: str) -> str:
    """``value`` with each lone surrogate (a stray ``\\ud800`` escape in the JSON that was sent) made U+FFFD.

    SQLite keeps text as UTF-8, which cannot hold a lone surrogate; one character replaces one, so
    the annotation's offsets still hold and the annotation is kept rather than refused.
    """
    return _LONE_SURROGATE.sub("\ufffd", value)


@dataclass
class GoldAnnotation:
    project_id: str
    annotation_id: str
    task_id: str | None
    text: str
    result: list
    label_config: str | None
    updated_at: float


def _use_wal(db: sqlite3.Connection, seconds: float = 30.0) -> None:
    """Put the file in WAL mode, waiting for other processes that are doing the same.

    Only the first switch of a new file needs the database to itself, and SQLite refuses it at once
    ("database is locked") rather than waiting out the busy timeout: server workers that boot
    together on a fresh ``MODEL_DIR`` would otherwise kill one another's start.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class GoldStore:
    """Thread-safe access to ``MODEL_DIR/gold.sqlite3``."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            _use_wal(db)
            db.execute("PRAGMA synchronous=FULL")
            self._local.db = db
        return db

    def put(self, project_id: str, annotation_id: str, task_id: str | None, text: str, result: list,
            label_config: str | None = None, count: bool = True) -> None:
        """Store or replace one annotation and count it; durable when this returns.

        ``count=False`` for annotations pulled from Label Studio: they are not
        new work by annotators, so they do not advance the retrain-every-N counter.
        """
        db = self._connect()
        with _transaction(db):
            db.execute(
                "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(project_id, annotation_id) DO UPDATE SET task_id=excluded.task_id, "
                "text=excluded.text, result=excluded.result, label_config=excluded.label_config, "
                "updated_at=excluded.updated_at",
                (project_id, annotation_id, task_id, storable_text(text),
                 storable_text(json.dumps(result, ensure_ascii=False)),
                 None if label_config is None else storable_text(label_config), time.time()),
            )
            if count:
                db.execute("INSERT INTO counters VALUES (?, 1) ON CONFLICT(project_id) "
                           "DO UPDATE SET received = received + 1", (project_id,))

    def delete(self, project_id: str, annotation_ids: list[str]) -> int:
        db = self._connect()
        with _transaction(db):
            removed = 0
            for annotation_id in annotation_ids:
                removed += db.execute("DELETE FROM annotations WHERE project_id=? AND annotation_id=?",
                                      (project_id, annotation_id)).rowcount
        return removed

    def annotations(self, project_id: str) -> list[GoldAnnotation]:
        rows = self._connect().execute(
            "SELECT project_id, annotation_id, task_id, text, result, label_config, updated_at "
            "FROM annotations WHERE project_id=? ORDER BY updated_at", (project_id,)).fetchall()
        return [GoldAnnotation(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]

    def count(self, project_id: str | None = None) -> int:
        if project_id is None:
            return self._connect().execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
        return self._connect().execute("SELECT COUNT(*) FROM annotations WHERE project_id=?",
                                       (project_id,)).fetchone()[0]

    def received(self, project_id: str) -> int:
        """How many annotation events were ever stored for the project (updates included)."""
        row = self._connect().execute("SELECT received FROM counters WHERE project_id=?",
                                      (project_id,)).fetchone()
        return row[0] if row else 0

    def projects(self) -> list[str]:
        return [r[0] for r in self._connect().execute("SELECT DISTINCT project_id FROM annotations")]

    def prune(self, project_id: str, keep_ids: set[str], older_than: float) -> int:
        """Delete annotations Label Studio no longer has (stored before ``older_than``, not in ``keep_ids``)."""
        db = self._connect()
        with _transaction(db):
            rows = db.execute("SELECT annotation_id FROM annotations WHERE project_id=? AND updated_at<?",
                              (project_id, older_than)).fetchall()
            doomed = [r[0] for r in rows if r[0] not in keep_ids]
            for annotation_id in doomed:
                db.execute("DELETE FROM annotations WHERE project_id=? AND annotation_id=?", (project_id, annotation_id))
        return len(doomed)

    # -- the training queue: "training wanted" survives a crash --------------------------------

    def want_training(self, project_id: str, reason: str, pull: bool = False) -> None:
        """Ask for one more training run of the project (requests made while one runs coalesce)."""
        db = self._connect()
        with _transaction(db):
            self._want(db, project_id, reason, pull)

    def want_training_every(self, project_id: str, every: int) -> bool:
        """Ask for training when ``every`` annotations arrived since the last request; True if asked."""
        if every <= 0:
            return False
        db = self._connect()
        with _transaction(db):
            row = db.execute("SELECT c.received, COALESCE(t.received_at_request, 0) FROM counters c "
                             "LEFT JOIN training t ON t.project_id = c.project_id WHERE c.project_id=?",
                             (project_id,)).fetchone()
            if not row or row[0] - row[1] < every:
                return False
            self._want(db, project_id, f"{every} new annotations", False)
            return True

    @staticmethod
    def _want(db, project_id: str, reason: str, pull: bool) -> None:
        received = db.execute("SELECT received FROM counters WHERE project_id=?", (project_id,)).fetchone()
        db.execute(
            "INSERT INTO training (project_id, requested, reason, pull, requested_at, received_at_request) "
            "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT(project_id) DO UPDATE SET requested = requested + 1, "
            "reason=excluded.reason, pull = MAX(pull, excluded.pull), requested_at=excluded.requested_at, "
            "received_at_request=excluded.received_at_request",
            (project_id, reason, int(pull), time.time(), received[0] if received else 0))

    def pending_training(self) -> list[str]:
        """Projects with a request no finished run has covered (also those a crash interrupted)."""
        return [r[0] for r in self._connect().execute(
            "SELECT project_id FROM training WHERE requested > done ORDER BY requested_at")]

    def claim_training(self, project_id: str) -> tuple[int, bool] | None:
        """Mark a run as started (caller holds the project's lock): its generation and whether to pull."""
        db = self._connect()
        with _transaction(db):
            row = db.execute("SELECT requested, done, pull FROM training WHERE project_id=?",
                             (project_id,)).fetchone()
            if not row or row[0] <= row[1]:
                return None
            db.execute("UPDATE training SET running=?, pull=0, started_at=? WHERE project_id=?",
                       (row[0], time.time(), project_id))
            return row[0], bool(row[2])

    def finish_training(self, project_id: str, generation: int, seconds: float, version: str | None,
                        error: str | None, summary: dict | None) -> None:
        """Record a finished run; a failed run counts as done too (the error is shown, not retried forever)."""
        db = self._connect()
        with _transaction(db):
            db.execute("UPDATE training SET done=MAX(done, ?), running=0, finished_at=?, seconds=?, runs=runs+1, "
                       "failures=failures+?, last_version=COALESCE(?, last_version), "
                       "last_error=CASE WHEN ? IS NULL THEN last_error ELSE ? END, "
                       "last_error_at=CASE WHEN ? IS NULL THEN last_error_at ELSE ? END, "
                       "last_summary=COALESCE(?, last_summary) WHERE project_id=?",
                       (generation, time.time(), round(seconds, 2), int(error is not None), version,
                        error, error, error, time.time(),
                        json.dumps(summary, ensure_ascii=False) if summary is not None else None, project_id))

    def training_rows(self) -> dict[str, dict]:
        cursor = self._connect().execute("SELECT * FROM training")
        names = [d[0] for d in cursor.description]
        rows = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            if row.get("last_summary"):
                row["last_summary"] = json.loads(row["last_summary"])
            rows[row.pop("project_id")] = row
        return rows


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, so concurrent writers queue instead of failing."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, error, trace):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
        return False
