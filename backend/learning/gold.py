"""The gold store: every submitted annotation, on disk before the webhook is answered.

SQLite in WAL mode with ``synchronous=FULL``: a committed write survives a
SIGKILL or power loss, readers never block the writer, and several gunicorn
workers can share one file. One row per annotation; updates replace it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GoldAnnotation", "GoldStore"]

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
"""


@dataclass
class GoldAnnotation:
    project_id: str
    annotation_id: str
    task_id: str | None
    text: str
    result: list
    label_config: str | None
    updated_at: float


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
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            self._local.db = db
        return db

    def put(self, project_id: str, annotation_id: str, task_id: str | None, text: str, result: list,
            label_config: str | None = None) -> None:
        """Store or replace one annotation and count it; durable when this returns."""
        db = self._connect()
        with _transaction(db):
            db.execute(
                "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(project_id, annotation_id) DO UPDATE SET task_id=excluded.task_id, "
                "text=excluded.text, result=excluded.result, label_config=excluded.label_config, "
                "updated_at=excluded.updated_at",
                (project_id, annotation_id, task_id, text, json.dumps(result, ensure_ascii=False),
                 label_config, time.time()),
            )
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
