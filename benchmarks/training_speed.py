"""How long one training of a project takes: ANERcorp plus 1,000 annotated tasks, on this machine.

Run: ``.venv/bin/python benchmarks/training_speed.py [--tasks 1000]`` (needs torch, the train extra).

The tasks are the paragraphs of recent-news gold (entities_dev, news_gold and quotes_dev; never news_learn),
cycled until there are ``--tasks`` of them, each stored as a Label Studio annotation in a real gold store
(SQLite) under a temporary MODEL_DIR. Then the training job runs exactly as the server's background worker
runs it (``run_training``: read the gold, learn the lists, the promotion check's trial build and scoring,
adapt the neural tagger on ANERcorp's sample plus the replayed news plus the gold, adapt the CRF to the gold,
check, publish) and the
time of each part is printed. The issue's goal: 60 s or less on 2 cores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning_curve import ls_result, paragraph_tasks  # noqa: E402
from qawl.settings import Settings, data_dir  # noqa: E402


def gold_articles() -> list[dict]:
    """Recent-news articles with entity gold (quotes where the set has them), as learning_curve reads them."""
    sets = (("news_gold", "entities.jsonl", "quotes.jsonl"), ("entities_dev", "gold.jsonl", None),
            ("quotes_dev", None, "gold.jsonl"))
    articles = []
    for folder, entities, quotes in sets:
        base = data_dir() / folder
        gold: dict[str, dict] = {}
        for name, key in ((entities, "entities"), (quotes, "quotes")):
            for line in (base / name).read_text(encoding="utf-8").splitlines() if name else []:
                record = json.loads(line)
                gold.setdefault(record["id"], {})[key] = record.get(key, [])
        for line in (base / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            found = gold.get(article["id"], {})
            articles.append({**article, "entities": found.get("entities", []), "quotes": found.get("quotes", [])})
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    args = parser.parse_args()
    if not (data_dir() / "news_gold" / "entities.jsonl").is_file():
        print(f"news_gold not found under {data_dir()}")
        return 1
    from qawl.learning.gold import GoldStore
    from qawl.learning.train_job import run_training

    paragraphs = [t for a in gold_articles() for t in paragraph_tasks(a)]
    tasks = list(itertools.islice(itertools.cycle(paragraphs), args.tasks))
    with tempfile.TemporaryDirectory(prefix="qawl-train-speed-") as tmp:
        settings = Settings.from_env({"MODEL_DIR": tmp})
        store = GoldStore(Path(tmp) / "gold.sqlite3")
        for i, task in enumerate(tasks):
            store.put("7", str(i), str(i), task["text"], ls_result(task))
        started = time.perf_counter()
        outcome = run_training(settings, "7")
        seconds = time.perf_counter() - started
        summary = outcome.summary or {}
    entities = summary.get("entities", {})
    print(f"one training, {args.tasks} annotated tasks ({len(paragraphs)} distinct paragraphs) + ANERcorp: "
          f"{seconds:.1f} s wall on this machine (goal: 60 s on 2 cores)")
    print(f"  published: {outcome.version or 'no'}; promotion: {(summary.get('promotion') or {}).get('reason')}")
    print(f"  final adaptation: {entities.get('adapt')}; gold sentences {entities.get('gold_sentences')}, "
          f"replayed news sentences {entities.get('replayed_news_sentences')}")
    print(f"  final CRF adaptation: {entities.get('crf')}")
    rules = summary.get("rules") or {}
    print(f"  final rule choice: off {rules.get('off')} in {rules.get('seconds')} s")
    cues, ends = summary.get("cues") or {}, summary.get("clause_ends") or {}
    print(f"  final quote choices: cues off {cues.get('off')} in {cues.get('seconds')} s; clause ends "
          f"{ends.get('kept')} ({ends.get('exact')} exact over its folds) in {ends.get('seconds')} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
