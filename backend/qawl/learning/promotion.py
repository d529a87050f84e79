"""The promotion check: a new version reaches annotators only if it is not worse on the project's newest gold.

Before publishing, the same recipe is trained again without the newest annotations (the newest fifth, at
least one), and that trial model and the version serving now both annotate the held-out texts; their
entity scores (overlap micro-F1 over the labels the project uses) are compared. The newest gold is what the
serving version has seen least of, and what the next tasks will look like most.

Gold can be wrong in a way its own held-out part cannot show: labels shuffled at random score as badly
for every model. So the trial must also keep its score on a reference of correct recent news (the first
articles of ``news_gold`` in the data directory, when it is there) within ``REFERENCE_TOLERANCE`` of the
serving version's. The new version is published only when both hold. The comparison is kept in the
version's training summary (``model.json``, ``GET /versions``) and, when it says no, in ``/metrics``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Callable, Sequence

from ..document import ENTITY
from ..evaluation.entities import EntityScores, score_document
from ..gold_doc import GoldDoc
from ..pipeline import Annotator
from .build import BuildOptions, prepare, version_stages
from .gold_to_training import project_entity_labels
from .store import ModelStore

__all__ = ["promotion_check", "HOLD_OUT_SHARE", "MIN_ANNOTATIONS"]

HOLD_OUT_SHARE = 0.2
MIN_ANNOTATIONS = 5  # annotations with entities needed before any can be held out
REFERENCE_TOLERANCE = 0.02  # a project's own conventions may cost this much on general news, no more
REFERENCE_ARTICLES = 8


def promotion_check(store: ModelStore, project_id: str, docs: Sequence[GoldDoc], options: BuildOptions,
                    base_dir: Path, base: Annotator) -> Callable[[dict], dict]:
    """The check :func:`.build.build_version` runs before publishing (``docs`` oldest first)."""
    def check(_summary: dict) -> dict:
        taught = [d for d in docs if d.entities]
        if len(taught) < MIN_ANNOTATIONS:
            return {"passed": True, "held_out": 0,
                    "reason": f"{len(taught)} annotations with entities: too few to hold any out, published"}
        held = max(1, round(len(taught) * HOLD_OUT_SHARE))
        newest = taught[-held:]
        older = [d for d in docs if not any(d is n for n in newest)]
        current = store.current(project_id)
        serving_dir, serving_name = (current.path, current.version) if current else (base_dir, "the shipped model")
        with tempfile.TemporaryDirectory(prefix="promotion-", dir=store.project_dir(project_id)) as scratch:
            trial_dir = Path(scratch) / "trial"
            trial_dir.mkdir()
            prepared = prepare(trial_dir, older, base, base_dir, options)
            manifest = json.loads((base_dir / "model.json").read_text(encoding="utf-8"))
            stages = version_stages(manifest, prepared["rules"]["off"])
            (trial_dir / "model.json").write_text(json.dumps({**manifest, "stages": stages}), encoding="utf-8")
            labels = project_entity_labels(docs)
            trial, serving = Annotator.load(trial_dir), Annotator.load(serving_dir)
            new, old = _overlap_f1(trial, newest, labels), _overlap_f1(serving, newest, labels)
            reference = _reference(options.shared_data)
            ref_new, ref_old = (_overlap_f1(trial, reference, labels), _overlap_f1(serving, reference, labels)) \
                if reference else (None, None)
        reasons = [f"newest {held} annotations held out: entity overlap F1 {new:.4f} trained without them against "
                   f"{old:.4f} for {serving_name}"]
        passed = new >= old
        if reference:
            reasons.append(f"reference news: {ref_new:.4f} against {ref_old:.4f}")
            passed = passed and ref_new >= ref_old - REFERENCE_TOLERANCE
        verdict = "published" if passed else "not published: worse than the version serving"
        return {"passed": passed, "held_out": held, "f1_new": round(new, 4), "f1_serving": round(old, 4),
                "reference_new": ref_new and round(ref_new, 4), "reference_serving": ref_old and round(ref_old, 4),
                "serving": serving_name, "reason": "; ".join(reasons) + f"; {verdict}"}
    return check


def _reference(data: Path) -> list[GoldDoc]:
    """The reference articles: the first of ``news_gold``, with their entity gold (none without the data)."""
    from ..ner.train import gold_documents

    folder = data / "news_gold"
    if not (folder / "entities.jsonl").is_file():
        return []
    documents = gold_documents(folder / "articles.jsonl", folder / "entities.jsonl")[:REFERENCE_ARTICLES]
    return [GoldDoc(text, spans) for _, text, spans in documents]


def _overlap_f1(annotator: Annotator, docs: Sequence[GoldDoc], labels: set[str]) -> float:
    total = EntityScores()
    for doc in docs:
        predicted = [(s.start, s.end, s.label) for s in annotator.annotate(doc.text).spans_of(ENTITY)
                     if s.label in labels]
        total = total + score_document(doc.text, list(doc.entities), predicted)
    return total.as_dict()["overlap"]["micro"]["f1"]
