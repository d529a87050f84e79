"""``qawl check``: validate predictions and annotations in a task file against a label config.

This is what a CI pipeline runs on prediction files: exit 0 when every
region is well formed, 1 with one line per problem otherwise, 2 when the
file or the config cannot be read.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from ..labelstudio.check import check_tasks, count_results
from ..labelstudio.tasks import read_task_file
from ..labelstudio.validate import schema_for
from ._model import read_label_config

NAME = "check"
HELP = "check tasks with predictions/annotations against a label config (exit 1 on any problem)"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="JSON list (or JSONL) of tasks with predictions and/or annotations")
    parser.add_argument("--config", required=True, help="the label config XML to check against")
    parser.add_argument("--json", action="store_true", help="print the problems as a JSON list")


def run(args) -> int:
    label_config = read_label_config(args.config, NAME)
    if label_config is None:
        return 2
    try:
        schema_for(label_config)
    except Exception as error:  # the XML parser's or the SDK's own error, whatever its class
        print(f"qawl check: --config {args.config}: not a label config Label Studio can use: {error}",
              file=sys.stderr)
        return 2
    try:
        tasks = read_task_file(args.file)
    except (OSError, ValueError) as error:
        print(f"qawl check: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    findings = check_tasks(tasks, label_config)
    if args.json:
        print(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            print(finding)
        print(f"{len(tasks)} tasks, {count_results(tasks)} results checked, {len(findings)} problems", file=sys.stderr)
    return 1 if findings else 0
