"""``qawl predict``: pre-annotate a file of tasks for import into Label Studio, no server needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..labelstudio.check import count_results
from ..labelstudio.config import ConfigError, mapping_for
from ..labelstudio.predict import predict_task
from ..labelstudio.tasks import read_task_file, with_prediction
from ..shipped import SHIPPED_MODEL_DIR
from ._model import add_model_arguments, load_annotator

NAME = "predict"
HELP = "pre-annotate tasks (JSON list or JSONL) into Label Studio's import format"


def add_arguments(parser) -> None:
    parser.add_argument("input", help="a JSON list of Label Studio tasks, or JSONL of {\"text\": ...}")
    parser.add_argument("-o", "--output", required=True, help="where to write the tasks with predictions")
    parser.add_argument("--config", default=str(SHIPPED_MODEL_DIR.parent / "label_config.xml"),
                        help="the project's label config (default: qawl's own)")
    add_model_arguments(parser, model_flag="--model-dir")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def run(args) -> int:
    label_config = Path(args.config).read_text(encoding="utf-8")
    try:
        mapping = mapping_for(label_config)
    except ConfigError as error:
        print(f"qawl predict: {args.config}: {error}", file=sys.stderr)
        return 2
    try:
        tasks = read_task_file(args.input)
    except (OSError, ValueError) as error:
        print(f"qawl predict: cannot read {args.input}: {error}", file=sys.stderr)
        return 2
    annotator = load_annotator(args, NAME)
    out = []
    for number, task in enumerate(_progress(tasks, not args.no_progress), 1):
        if not isinstance(task, dict):
            print(f"qawl predict: item {number} is not a task object; left out", file=sys.stderr)
            continue
        out.append(with_prediction(task, predict_task(task, annotator, mapping, label_config)))
    Path(args.output).write_bytes(_json_bytes(out))
    regions = count_results(out)
    print(f"{len(out)} tasks, {regions} results, model {annotator.version} -> {args.output}", file=sys.stderr)
    return 0


def _json_bytes(tasks: list) -> bytes:
    """UTF-8 JSON, readable Arabic; all escaped when a lone surrogate (a ``\\ud800`` escape in the input)
    cannot be written as UTF-8."""
    try:
        return json.dumps(tasks, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(tasks, indent=1).encode("ascii")


def _progress(items, enabled: bool):
    if enabled and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(items, unit="task", desc="qawl predict")
    return items
