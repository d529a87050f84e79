"""Character-level entity scores of a model on the shared entities_dev set.

Run: ``.venv/bin/python benchmarks/entities_dev.py [--model DIR] [--skip-stage entity_rules] [--errors]``,
or score the output of
``qawl predict ../shared/data/entities_dev/articles.jsonl -o P.json`` with ``--predictions P.json``.
Every article goes through the full Annotator (as ``/predict`` does); the
predicted ``entity`` regions are matched to the gold character spans with the
guidelines' exact and overlap rules (``backend/evaluation/matching.py``), a
match counting only when the labels agree. Prints per-label and micro P/R/F1
for both, and the unlabelled overlap F1 (did we find the name at all).
entities_dev is a sanity check: tune on ANERcorp's dev split, not on this.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from backend.document import ENTITY
from backend.jsonl import read_jsonl
from backend.evaluation.matching import PRF, exact_match, overlap_match, score_spans
from backend.settings import shared_data_dir
from backend.ner.conll import LABELS
from backend.pipeline import SHIPPED_MODEL_DIR, Annotator


def predictions_from_file(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Entity regions per article id from a ``qawl predict`` output (Label Studio import format)."""
    found = {}
    for task in json.loads(path.read_text(encoding="utf-8")):
        regions = task["predictions"][0]["result"] if task.get("predictions") else []
        found[task["data"]["id"]] = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
                                     for r in regions if r.get("type") == "labels"
                                     and r["value"]["labels"][0] in LABELS]
    return found


def score(model_dir: Path, show_errors: bool = False, predictions: Path | None = None,
          skip: tuple[str, ...] = ()) -> dict:
    base = shared_data_dir() / "entities_dev"
    articles = {r["id"]: r for r in read_jsonl(base / "articles.jsonl")}
    from_file = predictions_from_file(predictions) if predictions else None
    annotator = None if from_file is not None else Annotator.load(model_dir, skip=skip)
    totals: dict[str, dict[str, PRF]] = {m: {l: PRF() for l in LABELS} for m in ("exact", "overlap")}
    unlabelled = PRF()
    for gold_record in read_jsonl(base / "gold.jsonl"):
        text = articles[gold_record["id"]]["text"]
        if from_file is not None:
            predicted = from_file[gold_record["id"]]
        else:
            predicted = [(s.start, s.end, s.label) for s in annotator.annotate(text).spans_of(ENTITY)]
        gold = [(g["start"], g["end"], g["label"]) for g in gold_record["entities"]]
        for name, matcher in (("exact", exact_match), ("overlap", overlap_match)):
            for label in LABELS:
                totals[name][label] += score_spans(text, [g[:2] for g in gold if g[2] == label],
                                                   [p[:2] for p in predicted if p[2] == label], matcher)
        unlabelled += score_spans(text, [g[:2] for g in gold], [p[:2] for p in predicted], overlap_match)
        if show_errors:
            gold_set, pred_set = set(gold), set(predicted)
            for s, e, l in sorted(gold_set - pred_set):
                print(f"  missed {l:<4} {text[s:e]}")
            for s, e, l in sorted(pred_set - gold_set):
                print(f"  extra  {l:<4} {text[s:e]}")
    result = {}
    for name, per_label in totals.items():
        per_label["micro"] = sum(per_label.values(), PRF())
        result[name] = {label: prf.as_dict() for label, prf in per_label.items()}
    result["unlabelled_overlap"] = unlabelled.as_dict()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=SHIPPED_MODEL_DIR)
    parser.add_argument("--predictions", type=Path,
                        help="score this `qawl predict` output of entities_dev/articles.jsonl instead of predicting")
    parser.add_argument("--skip-stage", action="append", default=[], metavar="STAGE",
                        help="leave a stage out, e.g. entity_rules to score the CRF alone")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (shared_data_dir() / "entities_dev" / "gold.jsonl").exists():
        print(f"no entities_dev data under {shared_data_dir()}")
        return 1
    result = score(args.model, args.errors, args.predictions, tuple(args.skip_stage))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for name in ("exact", "overlap"):
        print(f"{name} (labels must agree)")
        print(f"  {'label':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>5} {'pred':>5}")
        for label, d in result[name].items():
            print(f"  {label:<6} {d['precision']:7.4f} {d['recall']:7.4f} {d['f1']:7.4f} {d['gold']:5d} {d['predicted']:5d}")
    u = result["unlabelled_overlap"]
    print(f"unlabelled overlap: P {u['precision']:.4f} R {u['recall']:.4f} F1 {u['f1']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
