"""Every problem in the predictions and annotations of a file of Label Studio tasks (``qawl check``)."""

from __future__ import annotations

from dataclasses import dataclass

from .validate import schema_for, validate_result

__all__ = ["Finding", "check_tasks", "count_results"]


@dataclass
class Finding:
    task: str
    source: str
    region: str
    reason: str

    def __str__(self) -> str:
        return f"task {self.task} {self.source} region {self.region}: {self.reason}"


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


def count_results(tasks: list) -> int:
    """How many result items (regions and relations) the tasks' predictions and annotations hold."""
    return sum(len(entry.get("result") or []) for task in tasks if isinstance(task, dict)
               for kind in ("predictions", "annotations") for entry in (task.get(kind) or [])
               if isinstance(entry, dict))
