"""Learning curve on news_learn: held-out entity, quote and attribution scores after 0, 25, 50 and all taught tasks.

Run: ``.venv/bin/python benchmarks/learning_curve.py [--splits 3] [--chart docs/learning_curve.png]``
(needs torch, the train extra: the neural tagger adapts; about 10 minutes on 2 cores).

``../shared/data/news_learn`` (16 recent articles: sport, economy/technology, politics, with entity and quote
gold) is reserved for this: no shipped model, rule or list is trained or tuned on it. Each split puts 10
articles in the taught pool and holds out the other 6; the taught articles are cut into one task per
paragraph, taught in article order, and each point builds a new version exactly as the server does
(``build_version``: learnt names and cues, cues and clause ends chosen when the gold's quotes call for them, the
neural tagger and the CRF adapted to the gold), without the promotion check so the curve shows what the gold
does; with ``--gated`` each point runs the promotion check as the server does (against the version the split's project
serves) and scores what annotators would get: the new version when it passes, else the one still serving.
Splits: ``--splits`` seeded shuffles (seeds 1, 2, 3 …), then the sport split: 4 sport articles taught, the other
2 held out. Prints, for each split and point, entity F1 (exact and overlap, micro and per label), quote F1
(overlap, and exact: ``q ex``) and attribution on the held-out articles, whether the version ends reported
clauses by the rule or by a model learnt from the gold (``ends``) and how many reporting cues it switched off;
then the mean and spread of the change in entity errors (1 - overlap F1) with all taught tasks.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

from qawl.evaluation.entities import EntityScores, score_document as score_entities  # noqa: E402
from qawl.evaluation.quotes import QuoteScores, score_document  # noqa: E402
from qawl.settings import Settings, data_dir  # noqa: E402
from qawl.shipped import SHIPPED_MODEL_DIR  # noqa: E402

LABELS = ("PER", "ORG", "LOC", "MISC")


def load_articles(collection: str = "news_learn") -> list[dict]:
    """A gold collection's articles (``news_learn`` by default) with their entity and quote gold, in file
    order."""
    folder = data_dir() / collection
    gold = {}
    for name, key in (("entities.jsonl", "entities"), ("quotes.jsonl", "quotes")):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            gold.setdefault(record["id"], {})[key] = record[key]
    articles = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return [{**a, "entities": gold[a["id"]]["entities"], "quotes": gold[a["id"]]["quotes"]} for a in articles]


def splits(articles: list[dict], count: int) -> list[tuple[str, list[dict], list[dict]]]:
    """(name, taught articles, held-out articles): ``count`` seeded shuffles of 10/6, then sport 4/2."""
    out = []
    for seed in range(1, count + 1):
        order = list(articles)
        random.Random(seed).shuffle(order)
        out.append((f"seed {seed}", order[:10], order[10:]))
    sport = [a for a in articles if a["category"] == "sport"]
    out.append(("sport", sport[:4], sport[4:]))
    return out


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


def score(annotator, tasks: list[dict]) -> tuple[EntityScores, QuoteScores]:
    entities, quotes = EntityScores(), QuoteScores()
    for task in tasks:
        doc = annotator.annotate(task["text"])
        predicted = [(s.start, s.end, s.label) for s in doc.spans if s.group == "entity"]
        entities = entities + score_entities(task["text"], task["entities"], predicted)
        quotes = quotes + score_document(doc, {"quotes": task["quotes"]}, task["article"])
    return entities, quotes


def run_split(name: str, taught: list[dict], held: list[dict], points: list[int], options, shipped, tmp: str,
              base_dir: Path = SHIPPED_MODEL_DIR, gated: bool = False):
    """The curve of one split: each point builds a version from ``shipped`` (the model of ``base_dir``,
    loaded) and scores the held-out tasks; one row per point. ``gated``: the points are one project's
    successive trainings, each published only if it passes the promotion check, and each scores the version
    serving after it."""
    from qawl.labelstudio.annotations import parse_result
    from qawl.learning.build import NotPromoted, build_version
    from qawl.learning.promotion import promotion_check
    from qawl.learning.store import ModelStore
    from qawl.pipeline import Annotator

    pool = [t for a in taught for t in paragraph_tasks(a)]
    held_tasks = [t for a in held for t in paragraph_tasks(a)]
    print(f"split {name}: taught {len(taught)} articles ({len(pool)} tasks), held out {len(held)} articles "
          f"({len(held_tasks)} tasks, {sum(len(t['entities']) for t in held_tasks)} entities, "
          f"{sum(len(t['quotes']) for t in held_tasks)} quotes)")
    print(f"  {'tasks':>5} {'exact':>6} {'overlap':>7}  " + " ".join(f"{label:>5}" for label in LABELS)
          + f"  {'quote':>6} {'q ex':>6} {'attrib':>6} {'ends':>6} {'cues off':>8} {'train s':>7}"
          + ("  gate" if gated else ""))
    rows = []
    store = ModelStore(tmp)
    for n in sorted({min(p, len(pool)) for p in points}):
        started = time.perf_counter()
        verdict, version_dir = "", None
        if n == 0:
            annotator = shipped
        else:
            docs = [parse_result(t["text"], ls_result(t), f"{t['article']}#{i}") for i, t in enumerate(pool[:n])]
            project = name.replace(" ", "") if gated else f"{name.replace(' ', '')}-{n}"
            check = promotion_check(store, project, docs, options, base_dir, shipped) if gated else None
            try:
                version_dir = build_version(store, project, docs, options, base_dir, base=shipped, check=check).path
                annotator = Annotator.load(version_dir)
                verdict = "published"
            except NotPromoted as refused:
                serving = store.current(project)
                version_dir = serving.path if serving else None
                annotator = Annotator.load(version_dir) if serving else shipped
                verdict = f"refused ({refused})"
        seconds = time.perf_counter() - started
        entities, quotes = score(annotator, held_tasks)
        result = entities.as_dict()
        row = {"tasks": n, "exact": result["exact"]["micro"]["f1"], "overlap": result["overlap"]["micro"]["f1"],
               "labels": {label: result["overlap"][label]["f1"] for label in LABELS},
               "quote": quotes.overlap.f1, "quote_exact": quotes.exact.f1,
               "attribution": quotes.attribution_accuracy, "gate": verdict, **_quote_choices(version_dir)}
        rows.append(row)
        print(f"  {n:>5} {row['exact']:6.3f} {row['overlap']:7.3f}  "
              + " ".join(f"{row['labels'][label]:5.3f}" for label in LABELS)
              + f"  {row['quote']:6.3f} {row['quote_exact']:6.3f} {row['attribution']:6.3f} {row['clause_ends']:>6}"
              + f" {len(row['cues_off']):>8} {seconds:7.1f}"
              + (f"  {verdict}" if gated else ""), flush=True)
    return rows


def _quote_choices(version_dir: Path | None) -> dict:
    """What a version chose for its quotes stage from the gold (its ``model.json``): whether it ends reported
    clauses by the ``rule`` or a model ``learnt`` from the gold, and the reporting cues it switched off."""
    if version_dir is None:
        return {"clause_ends": "rule", "cues_off": []}
    training = json.loads((Path(version_dir) / "model.json").read_text(encoding="utf-8"))["training"]
    kept = (training.get("clause_ends") or {}).get("kept", "base")
    return {"clause_ends": "learnt" if kept == "learnt" else "rule",
            "cues_off": (training.get("cues") or {}).get("off", [])}


def chart(curves: dict[str, list[dict]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6.4, 4))
    for name, rows in curves.items():
        axis.plot([r["tasks"] for r in rows], [r["overlap"] for r in rows], marker="o", label=name)
    axis.set_xlabel("taught tasks (paragraphs of news_learn)")
    axis.set_ylabel("held-out entity F1 (overlap)")
    axis.set_title("qawl learning curve: entities on held-out news_learn articles")
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", default="0,25,50,1000", help="taught tasks per point (more than the pool: all)")
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--chart", type=Path, help="also draw the overlap-F1 curves into this PNG")
    parser.add_argument("--gated", action="store_true",
                        help="run the promotion check at each point and score the version serving after it")
    args = parser.parse_args()
    if not (data_dir() / "news_learn" / "entities.jsonl").is_file():
        print(f"news_learn not found under {data_dir()} (set QAWL_DATA, or see qawl data)")
        return 1
    from qawl.learning.build import BuildOptions
    from qawl.pipeline import Annotator

    options = BuildOptions.from_settings(Settings.from_env())
    shipped = Annotator.load()
    points = [int(p) for p in args.points.split(",")]
    curves = {}
    with tempfile.TemporaryDirectory(prefix="qawl-curve-") as tmp:
        for name, taught, held in splits(load_articles(), args.splits):
            curves[name] = run_split(name, taught, held, points, options, shipped, tmp, gated=args.gated)
    print()
    print("change in entity errors (1 - overlap F1) with all taught tasks, against the shipped model:")
    changes = {}
    for name, rows in curves.items():
        before, after = 1 - rows[0]["overlap"], 1 - rows[-1]["overlap"]
        changes[name] = (after - before) / before if before else 0.0
        worst = min(rows[-1]["labels"][label] - rows[0]["labels"][label] for label in LABELS)
        print(f"  {name:<8} {before:.3f} -> {after:.3f} ({100 * changes[name]:+.1f} %); quote "
              f"{rows[0]['quote']:.3f} -> {rows[-1]['quote']:.3f} (exact {rows[0]['quote_exact']:.3f} -> "
              f"{rows[-1]['quote_exact']:.3f}), attribution {rows[0]['attribution']:.3f} -> "
              f"{rows[-1]['attribution']:.3f}; worst label change {100 * worst:+.1f} points")
    random_splits = [changes[name] for name in changes if name != "sport"]
    print(f"  mean over the {len(random_splits)} random splits {100 * statistics.mean(random_splits):+.1f} %, "
          f"spread (sd) {100 * (statistics.stdev(random_splits) if len(random_splits) > 1 else 0):.1f} points")
    if args.chart:
        chart(curves, args.chart)
        print(f"chart: {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
