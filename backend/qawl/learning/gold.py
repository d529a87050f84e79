"""The gold store: every submitted annotation, on disk before the webhook is answered.

One row per annotation (updates replace it), in ``MODEL_DIR/gold.sqlite3``
(see ``sqlite.py``). Beside the annotations it keeps, per project, how many
annotation events arrived (for retrain-every-N) and the project's label
config with the data key it names, so that a training or an export long
after the webhook still reads the text where the project keeps it.
Nothing deletes an annotation but an annotator's delete (a webhook, or a
pull that shows Label Studio no longer has it).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from .sqlite import Database, transaction

__all__ = ["GoldAnnotation", "GoldStore", "ProjectRecord", "storable_text"]

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
CREATE TABLE IF NOT EXISTS projects (
    project_id   TEXT PRIMARY KEY,
    label_config TEXT,
    data_key     TEXT,
    updated_at   REAL NOT NULL
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


@dataclass(frozen=True)
class ProjectRecord:
    """What the store knows of a project: the label config it was last seen with, and its data key."""

    project_id: str
    label_config: str | None
    data_key: str | None


class GoldStore:
    """Thread- and process-safe access to the annotations in ``MODEL_DIR/gold.sqlite3``."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._db = Database(self.path, _SCHEMA)
        self._known_configs: dict[str, tuple] = {}  # project -> (hash of config, data key) this process last wrote

    def _connect(self):
        return self._db.connect()

    def put(self, project_id: str, annotation_id: str, task_id: str | None, text: str, result: list,
            label_config: str | None = None, count: bool = True) -> None:
        """Store or replace one annotation and count it; durable when this returns.

        ``count=False`` for annotations pulled from Label Studio: they are not
        new work by annotators, so they do not advance the retrain-every-N counter.
        """
        db = self._connect()
        with transaction(db):
            db.execute(
                "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(project_id, annotation_id) DO UPDATE SET task_id=excluded.task_id, "
                "text=excluded.text, result=excluded.result, "
                "label_config=COALESCE(excluded.label_config, annotations.label_config), "
                "updated_at=excluded.updated_at",
                (project_id, storable_text(annotation_id), None if task_id is None else storable_text(task_id),
                 storable_text(text),
                 storable_text(json.dumps(result, ensure_ascii=False)),
                 None if label_config is None else storable_text(label_config), time.time()),
            )
            if count:
                db.execute("INSERT INTO counters VALUES (?, 1) ON CONFLICT(project_id) "
                           "DO UPDATE SET received = received + 1", (project_id,))

    def delete(self, project_id: str, annotation_ids: list[str]) -> int:
        db = self._connect()
        with transaction(db):
            removed = 0
            for annotation_id in annotation_ids:
                removed += db.execute("DELETE FROM annotations WHERE project_id=? AND annotation_id=?",
                                      (project_id, storable_text(annotation_id))).rowcount
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
        with transaction(db):
            rows = db.execute("SELECT annotation_id FROM annotations WHERE project_id=? AND updated_at<?",
                              (project_id, older_than)).fetchall()
            doomed = [r[0] for r in rows if r[0] not in keep_ids]
            for annotation_id in doomed:
                db.execute("DELETE FROM annotations WHERE project_id=? AND annotation_id=?", (project_id, annotation_id))
        return len(doomed)

    # -- the project's label config and data key ----------------------------------------------
    def remember_project(self, project_id: str, label_config: str | None, data_key: str | None) -> None:
        """Keep the project's label config and data key (written only when they change, so /setup stays fast)."""
        known = (hash(label_config), data_key)
        if not label_config or not data_key or self._known_configs.get(project_id) == known:
            return
        db = self._connect()
        with transaction(db):
            db.execute("INSERT INTO projects VALUES (?, ?, ?, ?) ON CONFLICT(project_id) DO UPDATE SET "
                       "label_config=excluded.label_config, data_key=excluded.data_key, "
                       "updated_at=excluded.updated_at",
                       (project_id, storable_text(label_config), data_key, time.time()))
        if len(self._known_configs) >= 4096:  # bounded, whatever ids anonymous /setup calls send
            self._known_configs.clear()
        self._known_configs[project_id] = known

    def project(self, project_id: str) -> ProjectRecord | None:
        row = self._connect().execute("SELECT label_config, data_key FROM projects WHERE project_id=?",
                                      (project_id,)).fetchone()
        return ProjectRecord(project_id, row[0], row[1]) if row else None
