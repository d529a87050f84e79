"""Cross-validated figure of the learned clause ends against the rule they replace (issue 23).

The quote gold of quotes_dev and news_gold (52 articles) is split by article into K folds; for each fold a
clause-end model is trained on the other folds' gold (qawl.learning.clause_ends) and the shipped pipeline
annotates the fold's articles twice, with the rule and with that model. The scores of all folds are pooled.
news_learn is never read.

    .venv/bin/python benchmarks/quote_clause_ends.py [--folds 10] [--errors] [--save clause_ends.json]

It also says what a project's version would do with these articles as its gold: keep the rule or learn clause
ends (``qawl.learning.clause_end_choice``, 5-fold by article), and which reporting cues it would switch off
(``qawl.learning.cue_choice``). ``--save`` also trains one model on all 52
articles and writes it as a plain JSON file: put it in a model directory as ``clause_ends.json`` and the quotes
stage uses it instead of the rule (the shipped model has none, since the rule scores better).
"""

from __future__ import annotations

import argparse
import json
import time

from qawl.evaluation.gold_files import load_gold
from qawl.evaluation.quotes import QuoteScores, format_report, score_document
from qawl.gold_doc import GoldDoc
from qawl.learning.clause_end_choice import choose_clause_ends
from qawl.learning.cue_choice import choose_cues
from qawl.learning.clause_ends import clause_examples, train_clause_ends
from qawl.pipeline import Annotator
from qawl.settings import shared_data_dir


def gold_articles() -> list[tuple[dict, dict]]:
    base = shared_data_dir()
    pairs = load_gold(base / "quotes_dev" / "articles.jsonl", base / "quotes_dev" / "gold.jsonl", "quotes")
    pairs += load_gold(base / "news_gold" / "articles.jsonl", base / "news_gold" / "quotes.jsonl", "quotes")
    return sorted(pairs, key=lambda pair: pair[0]["id"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--errors", action="store_true", help="print the boundary errors of both")
    parser.add_argument("--save", metavar="PATH", help="also write a model trained on all the articles")
    args = parser.parse_args()

    pairs = gold_articles()
    annotator = Annotator.load()
    stage = next(s for s in annotator.stages if s.name == "quotes")
    shipped_model = stage.clause_ends
    examples = {article["id"]: clause_examples(stage, [(article["text"], record["quotes"])])
                for article, record in pairs}
    rule, learned = QuoteScores(), QuoteScores()
    started = time.perf_counter()
    for fold in range(args.folds):
        held = [(a, r) for i, (a, r) in enumerate(pairs) if i % args.folds == fold]
        taught = [e for i, (a, _) in enumerate(pairs) if i % args.folds != fold for e in examples[a["id"]]]
        model = train_clause_ends(taught)
        for article, record in held:
            stage.clause_ends = None
            rule = rule + score_document(annotator.annotate(article["text"]), record, article["id"])
            stage.clause_ends = model
            learned = learned + score_document(annotator.annotate(article["text"]), record, article["id"])
    stage.clause_ends = shipped_model
    if args.save:
        model = train_clause_ends([e for found in examples.values() for e in found],
                                  meta={"trained_on": "quotes_dev + news_gold", "articles": len(pairs)})
        model.save(args.save)
        print(f"model trained on all {len(pairs)} articles written to {args.save}")
    stage.clause_ends = None
    as_gold = [GoldDoc(article["text"], quotes=[(q["start"], q["end"]) for q in record["quotes"]], key=article["id"])
               for article, record in pairs]
    choice = choose_clause_ends(stage, as_gold)[1]
    cues = choose_cues(stage, as_gold)
    stage.clause_ends = shipped_model
    n_examples = sum(len(e) for e in examples.values())
    print(f"{len(pairs)} articles, {args.folds} folds by article, {n_examples} clause-end examples "
          f"({time.perf_counter() - started:.1f} s)")
    print(f"a project with these articles as its gold would keep {choice['kept']!r} clause ends "
          f"(qawl.learning.clause_end_choice, {choice['exact']} quotes ended exactly over its folds) and switch "
          f"{cues['off'] or 'no'} reporting cues off (qawl.learning.cue_choice; predicted quotes no gold quote "
          f"overlaps, by cue: { {lemma: n for lemma, (n, _) in cues['deleted'].items() if n} })")
    for name, scores in (("rule", rule), ("learned (cross-validated)", learned)):
        print(f"--- {name}")
        print(format_report(scores))
        if args.errors:
            for error in scores.errors:
                if error["kind"] == "boundary":
                    print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
