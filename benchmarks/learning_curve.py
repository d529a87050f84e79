"""Learning curve: held-out entity and quote scores after 0, 25, 50 and 100 gold tasks.

How the tasks are built (printed with the figures): the 14 development
articles that have both quote gold (``quotes_dev``) and entity gold
(``entities_dev``) are split into paragraph tasks (one task per non-empty
line). Each task carries, as a Label Studio annotation, the entities inside
it, the quotes inside it and, when the quote's speaker span is inside it
too, the SPEAKER region and its ``said`` relation (shifted to task offsets).
A fixed quarter of the articles (every fourth in id order) is held out for
scoring, so held-out text never shares an article with training text; the
other articles' tasks are shuffled once (seed 13) and the first N are the
gold a project would have collected. Each point trains a fresh version
exactly as the server does (``build_version``: CRF on ANERcorp + gold shown
``QAWL_GOLD_WEIGHT`` times, learnt cues/names and the ``learnt`` stage).

    .venv/bin/python benchmarks/learning_curve.py [--points 0,25,50,100] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

from qawl.evaluation.matching import PRF, exact_match, match_spans  # noqa: E402
from qawl.evaluation.quotes import QuoteScores, score_document  # noqa: E402
from qawl.settings import Settings, shared_data_dir  # noqa: E402


def load_articles() -> list[dict]:
    base = shared_data_dir()
    texts, quotes, entities = {}, {}, {}
    for name in ("quotes_dev", "entities_dev"):
        for line in open(base / name / "articles.jsonl", encoding="utf-8"):
            record = json.loads(line)
            texts[record["id"]] = record["text"]
    for line in open(base / "quotes_dev" / "gold.jsonl", encoding="utf-8"):
        record = json.loads(line)
        quotes[record["id"]] = record["quotes"]
    for line in open(base / "entities_dev" / "gold.jsonl", encoding="utf-8"):
        record = json.loads(line)
        entities[record["id"]] = record["entities"]
    return [{"id": i, "text": texts[i], "quotes": quotes[i], "entities": entities[i]}
            for i in sorted(set(quotes) & set(entities))]


def paragraph_tasks(article: dict) -> list[dict]:
    """One task per non-empty line, with the gold that lies wholly inside it, in task offsets."""
    text, tasks, offset = article["text"], [], 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        inside = lambda s, e: start <= s and e <= end  # noqa: E731
        ents = [(e["start"] - start, e["end"] - start, e["label"]) for e in article["entities"]
                if inside(e["start"], e["end"])]
        quotes = []
        for q in article["quotes"]:
            if not inside(q["start"], q["end"]):
                continue
            speaker = q.get("speaker")
            speaker = [speaker[0] - start, speaker[1] - start] if speaker and inside(*speaker) else None
            mentions = [[m[0] - start, m[1] - start] for m in q.get("mentions") or [] if inside(*m)]
            quotes.append({"type": q["type"], "start": q["start"] - start, "end": q["end"] - start,
                           "speaker": speaker, "mentions": mentions})
        tasks.append({"article": article["id"], "text": line, "entities": ents, "quotes": quotes})
    return tasks


def ls_result(task: dict) -> list[dict]:
    """The task's gold as a Label Studio annotation result (qawl's label config)."""
    text, result = task["text"], []

    def region(rid, start, end, label, group):
        result.append({"id": rid, "from_name": group, "to_name": "text", "type": "labels",
                       "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}})

    for i, (start, end, label) in enumerate(task["entities"]):
        region(f"e{i}", start, end, label, "entity")
    speakers: dict[tuple, str] = {}
    for i, quote in enumerate(task["quotes"]):
        region(f"q{i}", quote["start"], quote["end"], "QUOTE", "attribution")
        if quote["speaker"]:
            key = tuple(quote["speaker"])
            if key not in speakers:
                speakers[key] = f"s{len(speakers)}"
                region(speakers[key], key[0], key[1], "SPEAKER", "attribution")
            result.append({"type": "relation", "from_id": speakers[key], "to_id": f"q{i}", "direction": "right",
                           "labels": ["said"]})
    return result


def score(annotator, tasks: list[dict]) -> tuple[PRF, QuoteScores]:
    entities, quotes = PRF(), QuoteScores()
    for task in tasks:
        doc = annotator.annotate(task["text"])
        predicted = [(s.start, s.end, s.label) for s in doc.spans if s.group == "entity"]
        tp = 0
        for label in ("PER", "ORG", "LOC", "MISC"):
            gold = [(s, e) for s, e, lab in task["entities"] if lab == label]
            pred = [(s, e) for s, e, lab in predicted if lab == label]
            tp += len(match_spans(task["text"], gold, pred, exact_match))
        entities = entities + PRF(tp, len(predicted), len(task["entities"]))
        quotes = quotes + score_document(doc, {"quotes": task["quotes"]}, task["article"])
    return entities, quotes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", default="0,25,50,100")
    parser.add_argument("--quick", action="store_true",
                        help="retrain the CRF on 1000 ANERcorp sentences, 50 iterations (a smoke run, not the figures)")
    args = parser.parse_args()
    if args.quick:
        os.environ.setdefault("QAWL_TRAIN_BASE_SENTENCES", "1000")
        os.environ.setdefault("QAWL_CRF_ITERATIONS", "50")
    if not (shared_data_dir() / "quotes_dev").is_dir():
        print(f"shared data not found under {shared_data_dir()} (set QAWL_DATA, or see qawl data)")
        return 1

    from qawl.learning.build import BuildOptions, build_version
    from qawl.labelstudio.annotations import parse_result
    from qawl.learning.store import ModelStore
    from qawl.pipeline import Annotator

    articles = load_articles()
    held_ids = {a["id"] for i, a in enumerate(articles) if i % 4 == 0}
    held = [t for a in articles if a["id"] in held_ids for t in paragraph_tasks(a)]
    pool = [t for a in articles if a["id"] not in held_ids for t in paragraph_tasks(a)]
    random.Random(13).shuffle(pool)
    points = [int(p) for p in args.points.split(",")]
    options = BuildOptions.from_settings(Settings.from_env())
    print("Tasks: the 14 dev articles with both quote and entity gold, split into paragraph tasks (one per line);")
    print(f"  held out: {len(held_ids)} articles (every 4th by id) = {len(held)} tasks, "
          f"{sum(len(t['entities']) for t in held)} entities, {sum(len(t['quotes']) for t in held)} quotes;")
    print(f"  gold pool: {len(articles) - len(held_ids)} other articles = {len(pool)} tasks, shuffled (seed 13).")
    print(f"Training per point: shipped model + first N pool tasks as annotations; CRF {options.entity_crf} "
          f"(ANERcorp sentences: {options.base_sentences or 'all'}, gold weight {options.gold_weight}, "
          f"iterations {options.crf_iterations or 'default'}); learnt cues/names + learnt stage.")
    print()
    print(f"{'gold tasks':>10} {'version':<24} {'ent P':>6} {'ent R':>6} {'ent F1':>6}  "
          f"{'quote P':>7} {'quote R':>7} {'quote F1':>8} {'attrib':>6}  {'train s':>7}")
    shipped = Annotator.load()
    with tempfile.TemporaryDirectory(prefix="qawl-curve-") as tmp:
        store = ModelStore(tmp)
        for n in points:
            started = time.perf_counter()
            if n == 0:
                annotator, seconds = shipped, 0.0
            else:
                n = min(n, len(pool))
                docs = [parse_result(t["text"], ls_result(t), f"{t['article']}#{i}") for i, t in enumerate(pool[:n])]
                published = build_version(store, f"curve{n}", docs, options, base=shipped)
                annotator = Annotator.load(published.path)
                seconds = time.perf_counter() - started
            ent, quotes = score(annotator, held)
            print(f"{n:>10} {annotator.version:<24} {ent.precision:6.3f} {ent.recall:6.3f} {ent.f1:6.3f}  "
                  f"{quotes.overlap.precision:7.3f} {quotes.overlap.recall:7.3f} {quotes.overlap.f1:8.3f} "
                  f"{quotes.attribution_accuracy:6.3f}  {seconds:7.1f}", flush=True)
    print()
    print("ent = entities, exact span and label match; quote = overlap match (guidelines); "
          "attrib = share of matched gold quotes whose predicted speaker overlaps a gold mention.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
