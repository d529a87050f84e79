"""The learning curve's stand-in: how project adaptation is tuned without ever reading news_learn.

Run: ``.venv/bin/python benchmarks/learning_standin.py [--seeds 1,2,3] [--base DIR] [--crf-prior P] [--gated]`` (needs
torch, the train extra; about 4 minutes to build the base, then about a minute per split on 2 cores).

``learning_curve.py`` measures project adaptation on ``news_learn``, which nothing may be tuned on. Choosing
the adaptation's settings needs a curve of its own, built the same way from other data:

- the base: the shipped recipe (``train_and_adapt``: the neural tagger trained on ANERcorp, then adapted to
  recent news) with only ``entities_dev`` and the even-numbered ``news_gold`` articles as its recent news;
- the pool: the odd-numbered ``news_gold`` articles (entity and quote gold), which the base never saw; each
  seeded split teaches 8 of them (one task per paragraph, in article order) and holds out the other 4;
- each version is built from that base exactly as the server builds one (``build_version``), replaying the
  base's own recent news (as a project's version replays the shipped model's).

Prints each split's curve (before and with all its taught tasks), then the mean change in entity errors
(1 - overlap F1). ``--base DIR`` keeps the base there and reuses it on the next run. ``--errors`` builds no
version and says how much there is to learn from names: the base's errors on each split's held-out
articles, by whether the taught articles annotate their string. ``--gated`` runs the points 0, 25, 50 and all
of one project with the promotion check on, as ``learning_curve.py --gated`` does (the check's reference news,
the first ``news_gold`` articles, overlaps this pool: read its reference verdicts with that in mind).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import statistics
import sys
from collections import Counter
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

from learning_curve import load_articles, run_split  # noqa: E402

from qawl.arabic import fold  # noqa: E402
from qawl.evaluation.entities import LABELS  # noqa: E402
from qawl.evaluation.matching import match_spans, overlap_match  # noqa: E402
from qawl.settings import Settings, data_dir  # noqa: E402
from qawl.shipped import SHIPPED_MODEL_DIR  # noqa: E402

TAUGHT = 8  # of the 12 pool articles per split; the other 4 are held out


def base_news_sentences() -> list:
    """The base's recent news: entities_dev and the even-numbered news_gold articles, as tagger sentences."""
    from qawl.ner.train import documents_to_sentences, gold_documents

    shared = data_dir()
    documents = gold_documents(shared / "entities_dev" / "articles.jsonl", shared / "entities_dev" / "gold.jsonl")
    documents += gold_documents(shared / "news_gold" / "articles.jsonl", shared / "news_gold" / "entities.jsonl")[0::2]
    return documents_to_sentences([(text, spans) for _, text, spans in documents])


def build_base(out: Path) -> None:
    """The shipped model's directory with its neural tagger retrained by the shipped recipe on the base's
    recent news (the CRF, lists and vectors are the shipped ones: none of them learnt news_gold)."""
    from qawl.ner.conll import read_conll
    from qawl.ner.features import FeatureExtractor
    from qawl.ner.neural_train import train_and_adapt

    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SHIPPED_MODEL_DIR, out)
    for name in ("neural.npz", "neural.json"):
        (out / name).unlink()
    summary = train_and_adapt(read_conll(data_dir() / "anercorp" / "train.txt"), base_news_sentences(), out,
                              FeatureExtractor.from_model_dir(out))
    print(f"base built in {out}: {summary}", flush=True)


def error_sources(annotator, taught: list[dict], held: list[dict]) -> Counter:
    """The annotator's entity errors on the held-out articles, by what the taught articles say of their
    string (folded): ``taught`` (annotated there as an entity), ``seen`` (there, but never annotated) or
    ``new``. The errors are those of the overlap F1 the curve reports: per label, gold and predicted spans
    paired one to one by ``match_spans`` with ``overlap_match``; a gold span left unpaired is ``missed``, a
    predicted one ``false``. Only errors of the first two kinds can be learnt from the names annotators
    taught; the rest needs what the model generalises from them."""
    taught_strings = {fold(a["text"][e["start"]:e["end"]]) for a in taught for e in a["entities"]}
    taught_text = " ".join(fold(a["text"]) for a in taught)

    def source(text: str, span: tuple[int, int]) -> str:
        string = fold(text[span[0]:span[1]])
        return "taught" if string in taught_strings else "seen" if string in taught_text else "new"

    counts: Counter = Counter()
    for article in held:
        text = article["text"]
        predicted = [s for s in annotator.annotate(text).spans if s.group == "entity"]
        for label in LABELS:
            gold = [(e["start"], e["end"]) for e in article["entities"] if e["label"] == label]
            mine = [(s.start, s.end) for s in predicted if s.label == label]
            pairs = match_spans(text, gold, mine, overlap_match)
            counts.update(("missed", source(text, g)) for i, g in enumerate(gold) if i not in pairs)
            paired = set(pairs.values())
            counts.update(("false", source(text, p)) for i, p in enumerate(mine) if i not in paired)
    return counts


def print_error_sources(base, pool: list[dict], seeds: list[int]) -> None:
    total: Counter = Counter()
    for seed in seeds:
        order = list(pool)
        random.Random(seed).shuffle(order)
        counts = error_sources(base, order[:TAUGHT], order[TAUGHT:])
        total.update(counts)
        print(f"seed {seed}: " + ", ".join(f"{kind} {source} {n}" for (kind, source), n in sorted(counts.items())))
    errors = sum(total.values())
    for source in ("taught", "seen", "new"):
        n = total["missed", source] + total["false", source]
        print(f"{source:>6}: {n} of {errors} errors ({100 * n / errors:.0f} %)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3", help="one split per seed")
    parser.add_argument("--base", type=Path, help="where to keep the base (built when it has no neural.npz)")
    parser.add_argument("--errors", action="store_true",
                        help="build no version: count the base's errors on each split's held-out articles by "
                             "whether the taught articles annotate their string")
    parser.add_argument("--crf-prior", type=float, default=None,
                        help="the CRF adaptation's prior (default: the shipped recipe's; 0: the CRF is kept)")
    parser.add_argument("--gated", action="store_true",
                        help="points 0, 25, 50 and all, each training published only if it passes the promotion "
                             "check, each point scoring the version serving after it")
    args = parser.parse_args()
    if not (data_dir() / "news_gold" / "quotes.jsonl").is_file():
        print(f"news_gold not found under {data_dir()} (set QAWL_DATA)")
        return 1
    from qawl.learning.build import BuildOptions
    from qawl.pipeline import Annotator

    with tempfile.TemporaryDirectory(prefix="qawl-standin-") as tmp:
        base_dir = args.base or Path(tmp) / "base"
        if not (base_dir / "neural.npz").is_file():
            build_base(base_dir)
        if args.errors:
            print_error_sources(Annotator.load(base_dir), load_articles("news_gold")[1::2],
                                [int(s) for s in args.seeds.split(",")])
            return 0
        options = dataclasses.replace(BuildOptions.from_settings(Settings.from_env()),
                                      replay=tuple(base_news_sentences()))
        if args.crf_prior is not None:
            options = dataclasses.replace(options, crf_prior=args.crf_prior)
        base = Annotator.load(base_dir)
        pool = load_articles("news_gold")[1::2]
        changes = []
        for seed in [int(s) for s in args.seeds.split(",")]:
            order = list(pool)
            random.Random(seed).shuffle(order)
            rows = run_split(f"seed {seed}", order[:TAUGHT], order[TAUGHT:], [0, 25, 50, 1000] if args.gated
                             else [0, 1000], options, base, str(Path(tmp) / "versions"), base_dir, gated=args.gated)
            before, after = 1 - rows[0]["overlap"], 1 - rows[-1]["overlap"]
            changes.append((after - before) / before if before else 0.0)
    print("change in entity errors (1 - overlap F1) with all taught tasks: "
          + ", ".join(f"{100 * c:+.1f} %" for c in changes)
          + f"; mean {100 * statistics.mean(changes):+.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
