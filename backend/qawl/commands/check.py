"""``qawl check``: validate predictions and annotations in a task file against a label config.

This is what a CI pipeline runs on prediction files: exit 0 when every
region is well formed, 1 with one line per problem otherwise, 2 when the
file or the config cannot be read.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ..labelstudio.validate import schema_for, validate_result
from ._tasks_io import read_tasks

NAME = "check"
HELP = "check tasks with predictions/annotations against a label config (exit 1 on any problem)"


@dataclass
class Finding:
    task: str
    source: str
    region: str
    reason: str

    def __str__(self) -> str:
        return f"task {self.task} {self.source} region {self.region}: {self.reason}"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="JSON list (or JSONL) of tasks with predictions and/or annotations")
    parser.add_argument("--config", required=True, help="the label config XML to check against")
    parser.add_argument("--json", action="store_true", help="print the problems as a JSON list")


def check_tasks(tasks: list, label_config: str) -> list[Finding]:
    """Every problem in every prediction and annotation of ``tasks``."""
    schema = schema_for(label_config)
    text_keys = sorted(set(schema.objects.values()))
    findings: list[Finding] = []
    for position, task in enumerate(tasks):
        name = str(task.get("id", f"#{position}")) if isinstance(task, dict) else f"#{position}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            findings.append(Finding(name, "task", "-", "task has no data object"))
            continue
        data = task["data"]
        missing = [k for k in text_keys if k not in data]
        if missing:
            findings.append(Finding(name, "task", "-", f"data has no key {missing[0]!r} named by the label config"))
        text = next((data[k] for k in text_keys if isinstance(data.get(k), str)), None)
        for kind in ("predictions", "annotations"):
            entries = task.get(kind, [])
            if not isinstance(entries, list):
                findings.append(Finding(name, kind, "-", f"{kind} is not a list"))
                continue
            for index, entry in enumerate(entries):
                source = f"{kind[:-1]} {index}"
                if not isinstance(entry, dict):
                    findings.append(Finding(name, source, "-", f"{kind[:-1]} is not an object"))
                    continue
                for problem in validate_result(entry.get("result"), text, schema, entry.get("score")):
                    findings.append(Finding(name, source, problem.region, problem.reason))
    return findings


def run(args) -> int:
    try:
        label_config = Path(args.config).read_text(encoding="utf-8")
        schema_for(label_config)
        tasks = read_tasks(args.file)
    except Exception as error:
        print(f"qawl check: cannot read input: {error}", file=sys.stderr)
        return 2
    findings = check_tasks(tasks, label_config)
    if args.json:
        print(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            print(finding)
        regions = sum(len(e.get("result") or []) for t in tasks if isinstance(t, dict)
                      for k in ("predictions", "annotations") for e in (t.get(k) or []) if isinstance(e, dict))
        print(f"{len(tasks)} tasks, {regions} results checked, {len(findings)} problems", file=sys.stderr)
    return 1 if findings else 0
