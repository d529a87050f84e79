"""``qawl export-gold``: a project's annotations as gold datasets, ready to score a model against.

Reads the gold store under ``MODEL_DIR`` (what the webhook kept) or a Label
Studio JSON export (``--from-export``), and writes ``articles.jsonl``,
``entities.jsonl``, ``entities.conll`` and ``quotes.jsonl`` into ``-o DIR``
(see ``backend/qawl/learning/export_gold.py``). Then, for example::

    qawl evaluate-ner --conll DIR/entities.conll
    qawl score-entities --articles DIR/articles.jsonl --gold DIR/entities.jsonl
    qawl score-quotes --articles DIR/articles.jsonl --gold DIR/quotes.jsonl
"""

from __future__ import annotations

import json
import sys
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


def run(args) -> int:
    from ..learning.export_gold import write_datasets

    rows = _rows_from_export(args) if args.from_export else _rows_from_store(args)
    summary = write_datasets(rows, args.out)
    if not summary.tasks:
        print("qawl export-gold: no annotations to export", file=sys.stderr)
    print(json.dumps({"out": str(args.out), **summary.as_dict()}, ensure_ascii=False))
    return 0


def _rows_from_export(args):
    from ..labelstudio.export import ExportError, read_export

    try:
        found = read_export(args.from_export, args.data_key)
    except ExportError as error:
        raise SystemExit(f"qawl export-gold: {error}")
    return [(row.task_id if row.task_id is not None else row.key, row.text, row.result) for row in found]


def _rows_from_store(args):
    from ..learning.gold import GoldStore

    model_dir = args.model_dir or args.settings.model_dir
    path = model_dir / "gold.sqlite3"
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
    return [(a.task_id if a.task_id is not None else a.annotation_id, a.text, a.result)
            for a in store.annotations(str(project))]
