"""``qawl export-gold``: a project's annotations as gold datasets, ready to score a model against.

Reads the gold store under ``MODEL_DIR`` (what the webhook kept) or a Label
Studio JSON export (``--from-export``), and writes ``articles.jsonl``,
``entities.jsonl``, ``entities.conll`` and ``quotes.jsonl`` into ``-o DIR``
(see ``backend/qawl/learning/export_gold.py``). Then, for example::

    qawl evaluate-ner --conll DIR/entities.conll
    qawl score-entities --articles DIR/articles.jsonl --gold DIR/entities.jsonl
    qawl score-quotes --articles DIR/articles.jsonl --gold DIR/quotes.jsonl

``--task-ids 1-500,733`` keeps those tasks; ``--since`` and ``--until`` keep the
annotations last updated in that time (Label Studio's ``updated_at`` in an
export; in the gold store, when qawl last stored the annotation: its webhook,
or the pull before a training). The filters pick annotations; each task then
gives its latest one. With nothing left to export, the command says why and
exits 1, writing nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

NAME = "export-gold"
HELP = "export annotations (gold store or Label Studio export) as CoNLL and JSONL gold datasets"


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="directory to write into")
    parser.add_argument("--from-export", type=Path, metavar="FILE",
                        help="a Label Studio JSON export instead of the gold store")
    parser.add_argument("--project", help="project id in the gold store (needed when it holds several)")
    parser.add_argument("--model-dir", type=Path, default=None,
                        help="MODEL_DIR holding gold.sqlite3 (default $MODEL_DIR or var/models)")
    parser.add_argument("--data-key", default=None,
                        help="task data key holding the text, for --from-export (default: text, or a task's "
                             "only string)")
    parser.add_argument("--task-ids", type=task_ranges, metavar="RANGES",
                        help="only these tasks: ids and inclusive ranges, comma-separated (1-500,733,900-)")
    parser.add_argument("--since", type=moment, metavar="DATE",
                        help="only annotations last updated at or after DATE (YYYY-MM-DD or an ISO time; UTC "
                             "unless it names its zone)")
    parser.add_argument("--until", type=lambda value: moment(value, end_of_day=True), metavar="DATE",
                        help="only annotations last updated at or before DATE (a date includes its whole day)")


def task_ranges(value: str) -> list[tuple[int, float]]:
    """``1-500,733,900-`` → ``[(1, 500), (733, 733), (900, inf)]``; ``-20`` is ``0-20``."""
    ranges = []
    for part in value.split(","):
        part = part.strip()
        low, dash, high = part.partition("-")
        try:
            start = int(low) if low.strip() else 0
            stop = (int(high) if high.strip() else float("inf")) if dash else start
        except ValueError:
            start, stop = -1, -1
        if not part or start < 0 or stop < start or (dash and not low.strip() and not high.strip()):
            raise argparse.ArgumentTypeError(f"expected task ids and ranges like 1-500,733,900- (got {value!r})")
        ranges.append((start, stop))
    return ranges


def moment(value: str, end_of_day: bool = False) -> datetime:
    """A UTC datetime from ``YYYY-MM-DD`` (its start, or with ``end_of_day`` its last microsecond) or ISO time."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date (2025-01-31) or an ISO time (2025-01-31T18:00) "
                                         f"(got {value!r})") from None
    if len(text) == 10 and end_of_day:  # a date alone: through the end of that day
        parsed = parsed + timedelta(days=1) - timedelta(microseconds=1)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def run(args) -> int:
    from ..learning.export_gold import write_datasets

    rows = _rows_from_export(args) if args.from_export else _rows_from_store(args)
    kept = [row for row in rows if _wanted(row, args)]
    if not kept:
        print(f"qawl export-gold: nothing to export: {_why_nothing(rows, args)}", file=sys.stderr)
        return 1
    summary = write_datasets([(key, text, result) for key, _, text, result, _ in kept], args.out)
    print(json.dumps({"out": str(args.out), **summary.as_dict()}, ensure_ascii=False))
    return 0


def _filters(args) -> list[str]:
    said = []
    if getattr(args, "task_ids", None):
        said.append("in tasks " + ",".join(f"{a}-{'' if b == float('inf') else b}" if a != b else str(a)
                                           for a, b in args.task_ids))
    if getattr(args, "since", None):
        said.append(f"updated since {args.since.isoformat()}")
    if getattr(args, "until", None):
        said.append(f"updated until {args.until.isoformat()}")
    return said


def _why_nothing(rows, args) -> str:
    source = str(args.from_export) if args.from_export else f"the gold store ({_store_path(args)})"
    if not rows:
        return f"{source} holds no submitted annotation"
    return (f"{source} holds {len(rows)} annotation{'s' if len(rows) != 1 else ''}, none "
            + " and ".join(_filters(args)))


def _wanted(row, args) -> bool:
    _, task_id, _, _, updated = row
    if getattr(args, "task_ids", None):
        if task_id is None or not str(task_id).isdigit():
            return False
        number = int(task_id)
        if not any(low <= number <= high for low, high in args.task_ids):
            return False
    if getattr(args, "since", None) or getattr(args, "until", None):
        if updated is None:
            return False
        if args.since and updated < args.since:
            return False
        if args.until and updated > args.until:
            return False
    return True


def _rows_from_export(args):
    """``(task key, task id, text, result, last updated)`` for each usable annotation of the export."""
    from ..labelstudio.export import ExportError, read_export
    from ..labelstudio.history import annotation_times

    try:
        found = read_export(args.from_export, args.data_key)
        dated = getattr(args, "since", None) or getattr(args, "until", None)
        times = annotation_times(args.from_export, args.data_key) if dated else {}
    except ExportError as error:
        raise SystemExit(f"qawl export-gold: {error}")
    return [(row.task_id if row.task_id is not None else row.key, row.task_id, row.text, row.result,
             times.get(row.key)) for row in found]


def _store_path(args) -> Path:
    return (args.model_dir or args.settings.model_dir) / "gold.sqlite3"


def _rows_from_store(args):
    from ..learning.gold import GoldStore

    path = _store_path(args)
    if not path.exists():
        raise SystemExit(f"qawl export-gold: no gold store at {path} (set --model-dir or MODEL_DIR, "
                         f"or give --from-export FILE)")
    store = GoldStore(path)
    project = args.project
    if project is None:
        projects = store.projects()
        if len(projects) > 1:
            raise SystemExit(f"qawl export-gold: the gold store holds projects {', '.join(sorted(projects))}; "
                             f"choose one with --project")
        project = projects[0] if projects else "1"
    return [(a.task_id if a.task_id is not None else a.annotation_id, a.task_id, a.text, a.result,
             datetime.fromtimestamp(a.updated_at, timezone.utc)) for a in store.annotations(str(project))]
