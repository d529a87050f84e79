"""``qawl score-quotes``: quote and attribution scores of a model (the shipped one by default) on a gold set."""

from __future__ import annotations

from ._model import add_model_arguments, load_annotator
from ._report import missing_data, print_scores

NAME = "score-quotes"
HELP = "score quote detection and attribution against gold JSONL (default: the shared quotes_dev set)"


def add_arguments(parser) -> None:
    parser.add_argument("--articles", help="articles JSONL (default: shared quotes_dev/articles.jsonl)")
    parser.add_argument("--gold", help="gold JSONL (default: shared quotes_dev/gold.jsonl)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--quotes-only", action="store_true",
                        help="run the quotes stage alone instead of the whole model")
    add_model_arguments(parser)
    parser.add_argument("--errors", action="store_true", help="also list missed, spurious and wrong items")


def run(args) -> int:
    from ..evaluation.quotes import GoldFileError, default_dev_paths, format_report, score_files

    default_articles, default_gold = default_dev_paths()
    articles = args.articles or default_articles
    gold = args.gold or default_gold
    if missing_data(NAME, "quotes_dev", articles=articles, gold=gold):
        return 2
    annotator = load_annotator(args, NAME)
    if args.quotes_only:
        annotator.stages = [stage for stage in annotator.stages if stage.name == "quotes"]
    try:
        scores = score_files(articles, gold, annotator.annotate)
    except (OSError, GoldFileError) as error:
        raise SystemExit(f"qawl score-quotes: {error}")
    print_scores(scores, format_report, args.json, args.errors)
    return 0
