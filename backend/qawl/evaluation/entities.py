"""Character-level entity scores, as the guidelines define them for Label Studio regions.

Predicted ``entity`` regions are matched to gold character spans with the
guidelines' exact and overlap rules (:mod:`qawl.evaluation.matching`), a
match counting only when the labels agree; per label and micro P/R/F1 for
both, and the unlabelled overlap F1 (was the name found at all). Token-level
data (CoNLL) is scored by ``qawl evaluate-ner`` instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from ..labelstudio.tasks import first_prediction_regions, task_key
from ..settings import shared_data_dir
from .gold_files import GoldFileError, load_gold
from .matching import PRF, exact_match, overlap_match, score_spans

__all__ = ["EntityScores", "GoldFileError", "default_dev_paths", "predictions_from_file", "score_document",
           "score_files", "format_report"]

LABELS = ("PER", "ORG", "LOC", "MISC")
CharSpan = tuple[int, int, str]
Predict = Callable[[str], Sequence[CharSpan]]


def default_dev_paths() -> tuple[Path, Path]:
    base = shared_data_dir() / "entities_dev"
    return base / "articles.jsonl", base / "gold.jsonl"


@dataclass
class EntityScores:
    """Summable counts for one or many documents."""

    exact: dict[str, PRF] = field(default_factory=lambda: {label: PRF() for label in LABELS})
    overlap: dict[str, PRF] = field(default_factory=lambda: {label: PRF() for label in LABELS})
    unlabelled_overlap: PRF = field(default_factory=PRF)
    errors: list[dict] = field(default_factory=list)

    def __add__(self, other: "EntityScores") -> "EntityScores":
        return EntityScores({l: self.exact[l] + other.exact[l] for l in LABELS},
                            {l: self.overlap[l] + other.overlap[l] for l in LABELS},
                            self.unlabelled_overlap + other.unlabelled_overlap, self.errors + other.errors)

    def as_dict(self) -> dict:
        result = {}
        for name, per_label in (("exact", self.exact), ("overlap", self.overlap)):
            result[name] = {label: prf.as_dict() for label, prf in per_label.items()}
            result[name]["micro"] = sum(per_label.values(), PRF()).as_dict()
        result["unlabelled_overlap"] = self.unlabelled_overlap.as_dict()
        return result


def score_document(text: str, gold: Sequence[CharSpan], predicted: Sequence[CharSpan],
                   doc_id: str = "") -> EntityScores:
    scores = EntityScores()
    for per_label, matcher in ((scores.exact, exact_match), (scores.overlap, overlap_match)):
        for label in LABELS:
            per_label[label] = score_spans(text, [g[:2] for g in gold if g[2] == label],
                                           [p[:2] for p in predicted if p[2] == label], matcher)
    scores.unlabelled_overlap = score_spans(text, [g[:2] for g in gold], [p[:2] for p in predicted], overlap_match)
    gold_set, predicted_set = set(gold), set(predicted)
    scores.errors = ([{"id": doc_id, "kind": "missed", "label": l, "start": s, "text": text[s:e]}
                      for s, e, l in sorted(gold_set - predicted_set)]
                     + [{"id": doc_id, "kind": "spurious", "label": l, "start": s, "text": text[s:e]}
                        for s, e, l in sorted(predicted_set - gold_set)])
    return scores


def score_files(articles: Path | str, gold: Path | str, predict: Predict | None = None,
                predictions: dict[str, list[CharSpan]] | None = None) -> EntityScores:
    """Score every gold article: predicted by ``predict`` (the shipped model by default), or read
    from ``predictions`` (article id → spans, see :func:`predictions_from_file`)."""
    if predictions is None and predict is None:
        from ..document import ENTITY
        from ..pipeline import Annotator

        annotator = Annotator.load()

        def predict(text):
            return [(s.start, s.end, s.label) for s in annotator.annotate(text).spans_of(ENTITY)]

    total = EntityScores()
    for article, record in load_gold(articles, gold, "entities"):
        text = article["text"]
        if predictions is not None:
            if article["id"] not in predictions:
                raise GoldFileError(f"no prediction for article {article['id']!r}")
            predicted = predictions[article["id"]]
        else:
            predicted = list(predict(text))
        spans = [(g["start"], g["end"], g["label"]) for g in record["entities"]]
        total = total + score_document(text, spans, predicted, article["id"])
    return total


def predictions_from_file(path: Path | str) -> dict[str, list[CharSpan]]:
    """Entity regions per article id from a ``qawl predict`` output (Label Studio import format).

    The article id is the task's ``data.id`` (what ``qawl predict`` keeps of a JSONL article), else its ``id``.
    """
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldFileError(f"cannot read predictions from {path}: {error}") from None
    found = {}
    for task in tasks if isinstance(tasks, list) else []:
        if isinstance(task, dict):
            found[task_key(task)] = [region for region in first_prediction_regions(task) if region[2] in LABELS]
    return found


def format_report(scores: EntityScores) -> str:
    result = scores.as_dict()
    lines = []
    for name in ("exact", "overlap"):
        lines.append(f"{name} (labels must agree)")
        lines.append(f"  {'label':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>5} {'pred':>5}")
        for label, d in result[name].items():
            lines.append(f"  {label:<6} {d['precision']:7.4f} {d['recall']:7.4f} {d['f1']:7.4f}"
                         f" {d['gold']:5d} {d['predicted']:5d}")
    u = result["unlabelled_overlap"]
    lines.append(f"unlabelled overlap: P {u['precision']:.4f} R {u['recall']:.4f} F1 {u['f1']:.4f}")
    return "\n".join(lines)
