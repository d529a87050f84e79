"""Quote and attribution scoring exactly as the annotation guidelines define it.

Quote detection: precision, recall and F1, exact and by overlap, for all
quotes and for direct quotes alone (predicted spans whose ``kind`` attribute is
``direct``). Direct-quote recall: the share of gold direct quotes that some
predicted quote (of any kind) matches by overlap. Attribution: of the gold
quotes matched by overlap, the share whose predicted ``said`` relation (the
best-scored one) comes from a SPEAKER overlapping any mention of the gold
source; a gold quote with no source counts as right when no relation is
predicted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..document import Document
from ..settings import shared_data_dir
from .gold_files import GoldFileError, load_gold
from .matching import PRF, exact_match, match_spans, overlap_match

__all__ = ["GoldFileError", "QuoteScores", "default_dev_paths", "load_gold", "score_document", "score_files"]

Range = tuple[int, int]


def default_dev_paths() -> tuple[Path, Path]:
    base = shared_data_dir() / "quotes_dev"
    return base / "articles.jsonl", base / "gold.jsonl"


@dataclass
class QuoteScores:
    """Summable counts for one or many documents."""

    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)
    direct_exact: PRF = field(default_factory=PRF)
    direct_overlap: PRF = field(default_factory=PRF)
    direct_found: int = 0
    direct_gold: int = 0
    attributed_right: int = 0
    attributed_total: int = 0
    errors: list[dict] = field(default_factory=list)

    def __add__(self, other: "QuoteScores") -> "QuoteScores":
        return QuoteScores(self.exact + other.exact, self.overlap + other.overlap,
                           self.direct_exact + other.direct_exact, self.direct_overlap + other.direct_overlap,
                           self.direct_found + other.direct_found, self.direct_gold + other.direct_gold,
                           self.attributed_right + other.attributed_right,
                           self.attributed_total + other.attributed_total, self.errors + other.errors)

    @property
    def direct_recall(self) -> float:
        return self.direct_found / self.direct_gold if self.direct_gold else 0.0

    @property
    def attribution_accuracy(self) -> float:
        return self.attributed_right / self.attributed_total if self.attributed_total else 0.0

    def as_dict(self) -> dict:
        return {
            "quotes_exact": self.exact.as_dict(),
            "quotes_overlap": self.overlap.as_dict(),
            "direct_exact": self.direct_exact.as_dict(),
            "direct_overlap": self.direct_overlap.as_dict(),
            "direct_recall": round(self.direct_recall, 4),
            "direct_found": self.direct_found,
            "direct_gold": self.direct_gold,
            "attribution_accuracy": round(self.attribution_accuracy, 4),
            "attribution_right": self.attributed_right,
            "attribution_total": self.attributed_total,
        }


def _relation_heads(doc: Document) -> dict[int, object]:
    """Best-scored ``said`` head for each quote span (keyed by span id)."""
    best: dict[int, tuple[float, object]] = {}
    for relation in doc.relations:
        if relation.label != "said":
            continue
        key = id(relation.tail)
        if key not in best or relation.score > best[key][0]:
            best[key] = (relation.score, relation.head)
    return {key: head for key, (_, head) in best.items()}


def score_document(doc: Document, gold: dict, doc_id: str = "") -> QuoteScores:
    """Score one annotated Document against its gold record."""
    text = doc.text
    predicted = [s for s in doc.spans if s.label == "QUOTE"]
    pred_ranges = [(s.start, s.end) for s in predicted]
    gold_quotes = gold["quotes"]
    gold_ranges = [(q["start"], q["end"]) for q in gold_quotes]
    direct_gold_idx = [i for i, q in enumerate(gold_quotes) if q["type"] == "direct"]
    direct_pred_idx = [i for i, s in enumerate(predicted) if s.attrs.get("kind") == "direct"]

    scores = QuoteScores()
    scores.exact = PRF(len(match_spans(text, gold_ranges, pred_ranges, exact_match)), len(predicted), len(gold_ranges))
    pairs = match_spans(text, gold_ranges, pred_ranges, overlap_match)
    scores.overlap = PRF(len(pairs), len(predicted), len(gold_ranges))

    dg = [gold_ranges[i] for i in direct_gold_idx]
    dp = [pred_ranges[i] for i in direct_pred_idx]
    scores.direct_exact = PRF(len(match_spans(text, dg, dp, exact_match)), len(dp), len(dg))
    scores.direct_overlap = PRF(len(match_spans(text, dg, dp, overlap_match)), len(dp), len(dg))
    scores.direct_gold = len(dg)
    scores.direct_found = sum(1 for i in direct_gold_idx if i in pairs)

    heads = _relation_heads(doc)
    for gi, pi in pairs.items():
        quote = gold_quotes[gi]
        mentions = [tuple(m) for m in quote.get("mentions") or []]
        if quote.get("speaker"):
            mentions.append(tuple(quote["speaker"]))
        head = heads.get(id(predicted[pi]))
        if not mentions:
            right = head is None
        else:
            right = head is not None and any(overlap_match(text, (head.start, head.end), m) for m in mentions)
        scores.attributed_total += 1
        scores.attributed_right += int(right)
        if not right:
            scores.errors.append({"id": doc_id, "kind": "speaker", "quote": text[slice(*gold_ranges[gi])][:60],
                                  "gold": text[slice(*quote["speaker"])] if quote.get("speaker") else None,
                                  "predicted": head.text_in(text) if head is not None else None})

    exact_pairs = match_spans(text, gold_ranges, pred_ranges, exact_match)
    for gi, q in enumerate(gold_quotes):
        if gi not in pairs:
            scores.errors.append({"id": doc_id, "kind": "missed", "type": q["type"], "start": q["start"],
                                  "context": text[max(0, q["start"] - 40):q["start"]],
                                  "quote": text[q["start"]:q["end"]]})
        elif gi not in exact_pairs:
            p = predicted[pairs[gi]]
            scores.errors.append({"id": doc_id, "kind": "boundary", "type": q["type"], "start": q["start"],
                                  "gold": text[q["start"]:q["end"]], "predicted": p.text_in(text)})
    matched_pred = set(pairs.values())
    for pi, span in enumerate(predicted):
        if pi not in matched_pred:
            scores.errors.append({"id": doc_id, "kind": "spurious", "start": span.start,
                                  "context": text[max(0, span.start - 40):span.start],
                                  "predicted": span.text_in(text), "source": span.source})
    return scores


def score_files(articles: Path | str, gold: Path | str,
                annotate: Callable[[str], Document] | None = None) -> QuoteScores:
    """Annotate every article (with the shipped model unless ``annotate`` is given) and score it."""
    if annotate is None:
        from ..pipeline import Annotator

        annotate = Annotator.load().annotate
    total = QuoteScores()
    for article, record in load_gold(articles, gold, "quotes"):
        total = total + score_document(annotate(article["text"]), record, article["id"])
    return total


def format_report(scores: QuoteScores) -> str:
    """Human-readable summary lines."""
    def row(name: str, prf: PRF) -> str:
        return (f"{name:<16} P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}"
                f"  (tp {prf.true_positives}, pred {prf.predicted}, gold {prf.gold})")

    lines = [row("quotes exact", scores.exact), row("quotes overlap", scores.overlap),
             row("direct exact", scores.direct_exact), row("direct overlap", scores.direct_overlap),
             f"{'direct recall':<16} {scores.direct_recall:.3f}  ({scores.direct_found}/{scores.direct_gold})",
             f"{'attribution':<16} {scores.attribution_accuracy:.3f}"
             f"  ({scores.attributed_right}/{scores.attributed_total})"]
    return "\n".join(lines)


def iter_errors(scores: QuoteScores, kinds: Iterable[str] | None = None):
    wanted = set(kinds) if kinds else None
    for error in scores.errors:
        if wanted is None or error["kind"] in wanted:
            yield error
