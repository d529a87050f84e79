"""``qawl score-entities``: character-level entity scores against gold spans (exact and overlap).

The articles go through the full Annotator, as ``/predict`` does, unless
``--predictions`` gives a ``qawl predict`` output to score instead.
"""

from __future__ import annotations

from pathlib import Path

from ._model import add_model_arguments, load_annotator
from ._report import missing_data, print_scores

NAME = "score-entities"
HELP = "score entity regions against gold character spans (default: the shared entities_dev set)"


def add_arguments(parser) -> None:
    parser.add_argument("--articles", type=Path, help="articles JSONL (default: shared entities_dev/articles.jsonl)")
    parser.add_argument("--gold", type=Path, help="gold JSONL (default: shared entities_dev/gold.jsonl)")
    parser.add_argument("--predictions", type=Path,
                        help="score this `qawl predict` output of the articles instead of predicting")
    add_model_arguments(parser)
    parser.add_argument("--errors", action="store_true", help="also list missed and spurious spans")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def run(args) -> int:
    from ..document import ENTITY
    from ..evaluation.entities import (GoldFileError, default_dev_paths, format_report, predictions_from_file,
                                       score_files)

    default_articles, default_gold = default_dev_paths()
    articles, gold = args.articles or default_articles, args.gold or default_gold
    if missing_data(NAME, "entities_dev", articles=articles, gold=gold, predictions=args.predictions):
        return 2
    try:
        if args.predictions:
            scores = score_files(articles, gold, predictions=predictions_from_file(args.predictions))
        else:
            annotator = load_annotator(args, NAME)
            scores = score_files(articles, gold, lambda text: [(s.start, s.end, s.label)
                                                               for s in annotator.annotate(text).spans_of(ENTITY)])
    except (OSError, GoldFileError) as error:
        raise SystemExit(f"qawl score-entities: {error}")
    print_scores(scores, format_report, args.json, args.errors)
    return 0
