"""One SQLite file, shared by the gold store and the training queue, safe across processes.

WAL mode with ``synchronous=FULL``: a committed write survives a SIGKILL or
power loss, readers never block the writer, and several gunicorn workers (and
the training subprocess) share one file. One connection per thread.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

__all__ = ["Database", "transaction"]


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


class Database:
    """Thread-local connections to one file, its schema created on first open."""

    def __init__(self, path: Path | str, schema: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with transaction(self.connect()) as db:
            for statement in schema.split(";"):
                if statement.strip():
                    db.execute(statement)

    def connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            _use_wal(db)
            db.execute("PRAGMA synchronous=FULL")
            self._local.db = db
        return db


class transaction:
    """BEGIN IMMEDIATE ... COMMIT, so concurrent writers queue instead of failing."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, error, trace):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
        return False
