"""How long ``qawl report`` takes for a project of 1,000 annotated tasks (goal: under 30 s).

Builds a Label Studio JSON export in a temporary directory: the ten texts of
``examples/tasks.json`` repeated to ``--tasks`` tasks, each with the shipped
model's prediction from ``examples/predicted.json`` as version ``v1`` (made on
1 January) and an improved ``v2`` (1 February), and one annotation per task
that starts from ``v1`` for the first half (January) and from ``v2`` for the
second (February), accepting, moving, relabelling, deleting and adding regions
at fixed, seeded rates. Then runs ``qawl report --from-export`` in a fresh
process, as a lead would, and prints the wall time with the report's own
phases.

    .venv/bin/python benchmarks/report_speed.py [--tasks 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 30.0
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
JAN1 = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEB1 = datetime(2025, 2, 1, tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _edited(result: list, text: str, rng: random.Random, rates: dict[str, float]) -> list:
    """A copy of a result with regions accepted, moved, relabelled or deleted and some added, at ``rates``."""
    regions, kept = [], set()
    for item in result:
        if item.get("type") == "relation":
            continue
        region = json.loads(json.dumps(item))
        region.pop("score", None)
        region.pop("origin", None)
        value = region["value"]
        draw = rng.random()
        if draw < rates["delete"]:
            continue
        draw -= rates["delete"]
        if draw < rates["move"] and value["end"] - value["start"] > 3:
            value["end"] -= rng.randint(1, 2)
            value["text"] = text[value["start"]:value["end"]]
        elif draw < rates["move"] + rates["relabel"] and value["labels"][0] in ENTITY_LABELS:
            value["labels"] = [rng.choice([label for label in ENTITY_LABELS if label != value["labels"][0]])]
        regions.append(region)
        kept.add(region["id"])
    if rng.random() < rates["add"]:
        words = [(i, i + len(w)) for i, w in _words(text) if len(w) > 3]
        start, end = rng.choice(words)
        regions.append({"id": f"added{rng.randint(0, 10**6)}", "from_name": "entity", "to_name": "text",
                        "type": "labels", "value": {"start": start, "end": end, "text": text[start:end],
                                                    "labels": [rng.choice(ENTITY_LABELS)]}})
    relations = [dict(item) for item in result if item.get("type") == "relation"
                 and item["from_id"] in kept and item["to_id"] in kept]
    return regions + relations


def _words(text: str):
    position = 0
    for word in text.split():
        position = text.index(word, position)
        yield position, word
        position += len(word)


def build_export(tasks: int, seed: int = 7) -> list[dict]:
    examples = json.loads((ROOT / "examples" / "predicted.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    exported = []
    for number in range(1, tasks + 1):
        example = examples[(number - 1) % len(examples)]
        text = example["data"]["text"]
        v1 = example["predictions"][0]["result"]
        v2 = _edited(v1, text, rng, {"delete": 0.05, "move": 0.0, "relabel": 0.0, "add": 0.0})
        predictions = [{"id": 10 * number + 1, "model_version": "v1", "score": 0.7, "result": v1,
                        "created_at": _iso(JAN1), "task": number},
                       {"id": 10 * number + 2, "model_version": "v2", "score": 0.8, "result": v2,
                        "created_at": _iso(FEB1 + timedelta(seconds=number)), "task": number}]
        first_half = number <= tasks // 2
        start = predictions[0] if first_half else predictions[1]
        rates = ({"delete": 0.12, "move": 0.10, "relabel": 0.06, "add": 0.4} if first_half
                 else {"delete": 0.06, "move": 0.05, "relabel": 0.03, "add": 0.2})
        when = (JAN1 if first_half else FEB1) + timedelta(days=1, minutes=number)
        annotation = {"id": number, "result": _edited(start["result"], text, rng, rates), "was_cancelled": False,
                      "created_at": _iso(when), "updated_at": _iso(when), "lead_time": rng.uniform(20, 90),
                      "parent_prediction": start["id"]}
        exported.append({"id": number, "data": {"text": text}, "predictions": predictions,
                         "annotations": [annotation]})
    return exported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the export and the report here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qawl-report-bench-") as scratch:
        where = args.keep or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        export = where / "export.json"
        export.write_text(json.dumps(build_export(args.tasks), ensure_ascii=False), encoding="utf-8")
        qawl = Path(sys.executable).parent / "qawl"
        argv = [str(qawl)] if qawl.exists() else [sys.executable, "-m", "qawl.cli"]
        started = time.perf_counter()
        done = subprocess.run([*argv, "report", "--from-export", str(export), "-o", str(where / "report.html")],
                              capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        summary = json.loads(done.stdout)
        size = (where / "report.html").stat().st_size
    print(f"qawl report, {summary['tasks']} tasks ({summary['annotations']} annotations, versions "
          f"{', '.join(summary['versions'])}): {seconds:.1f} s wall in a fresh process "
          f"(reading the export {summary['seconds']['read']:.1f} s, everything inside qawl "
          f"{summary['seconds']['total']:.1f} s); report {size / 1024:.0f} KiB, {summary['sources']} sources, "
          f"{summary['quotes']} quotes; edit rate {summary['edit_rate']}, forecast tasks {summary['forecast_tasks']}")
    verdict = "within" if seconds < GOAL_SECONDS else "OVER"
    print(f"{verdict} the {GOAL_SECONDS:.0f} s goal")
    return 0 if seconds < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
