"""``qawl train``: train the entity taggers from a CoNLL file (ANERcorp by default layout).

The CRF (``entities.crfsuite``) and then the neural tagger (``neural.npz``,
needs torch: the ``train`` extra) are trained on every sentence, as the
shipped model is: its settings were chosen by cross-validation
(``benchmarks/anercorp_folds.py``). ``--dev-fraction`` holds out the last
share of the sentences to score against. The same command, data and
resources give the same model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..shipped import SHIPPED_MODEL_DIR

NAME = "train"
HELP = "train the entity taggers from a CoNLL (TOKEN TAG) file, or a project model from a Label Studio export"


def add_arguments(parser) -> None:
    parser.add_argument("--conll", type=Path, help="training file, one TOKEN TAG a line")
    parser.add_argument("--from-export", type=Path, metavar="FILE",
                        help="retrain a project's model from a Label Studio JSON export; writes a new version "
                             "under MODEL_DIR that a running server picks up")
    parser.add_argument("--project", default="1", help="project id for --from-export (default 1)")
    parser.add_argument("--model-dir", type=Path, default=None,
                        help="MODEL_DIR for --from-export (default $MODEL_DIR or var/models)")
    parser.add_argument("--data-key", default=None,
                        help="task data key holding the text, for --from-export (default: the project's, as the "
                             "server saw its label config; else text, or a task's only string)")
    parser.add_argument("-o", "--out", type=Path, default=None, metavar="DIR",
                        help="with --conll, required: the model directory to write entities.crfsuite into "
                             "(a new folder, or a copy of the shipped model; never the shipped model by default)")
    parser.add_argument("--dev-fraction", type=float, default=0.0, metavar="SHARE",
                        help="with --conll: the last share of the sentences held out for development, not trained "
                             "on (default 0: every sentence, as the shipped model)")
    parser.add_argument("--gold-documents", nargs=2, action="append", default=[], metavar=("ARTICLES", "GOLD"),
                        help="with --conll: adapt the neural tagger to these recent-news articles (JSONL with id and "
                             "text) and their entity gold (JSONL with id and entities: start, end, label), as the "
                             "shipped model is adapted to entities_dev and news_gold; repeatable")
    parser.add_argument("--no-neural", action="store_true",
                        help="with --conll: train the CRF only (the neural tagger needs torch, the train extra)")
    parser.add_argument("--clusters", type=Path, default=None,
                        help="clusters file (default: clusters.tsv of the output, else of the shipped model)")
    parser.add_argument("--max-iterations", type=int, default=None, metavar="N",
                        help="with --conll: stop the CRF's L-BFGS training after at most N iterations (default "
                             "200, as the shipped model); fewer trains faster and usually less well")


def run(args) -> int:
    if args.from_export:
        return _run_from_export(args)
    if not args.conll:
        raise SystemExit("qawl train: give --conll FILE or --from-export FILE")
    if args.out is None:
        print(f"qawl train: --conll needs -o DIR, the model directory to write entities.crfsuite into: a new "
              f"folder, or a copy of the shipped model ({SHIPPED_MODEL_DIR}) to replace its tagger; "
              "nothing is overwritten by default", file=sys.stderr)
        return 2
    if args.out.resolve() == SHIPPED_MODEL_DIR.resolve():
        print(f"qawl train: -o {args.out} is the shipped model; writing into it anyway", file=sys.stderr)
    from ..ner.conll import read_conll, split_dev
    from ..ner.features import FeatureExtractor
    from ..ner.train import train_entity_model

    try:
        sentences = read_conll(args.conll)
    except (OSError, UnicodeDecodeError) as error:
        raise SystemExit(f"qawl train: cannot read {args.conll}: {error}")
    train, dev = split_dev(sentences, args.dev_fraction)
    news = _gold_sentences(args.gold_documents)
    clusters_path = args.clusters or (args.out / "clusters.tsv")
    if not clusters_path.exists():
        clusters_path = SHIPPED_MODEL_DIR / "clusters.tsv"
    features = FeatureExtractor.from_clusters_file(clusters_path)
    params = {"max_iterations": args.max_iterations} if args.max_iterations else None
    summary = train_entity_model(train, args.out / "entities.crfsuite", features, params=params)
    summary.update({"train_sentences": len(train), "dev_sentences": len(dev), "gold_sentences": len(news),
                    "clusters": str(clusters_path)})
    if not args.no_neural:
        try:
            from ..ner.neural_train import train_and_adapt
        except ImportError as error:
            print(f"qawl train: the neural tagger needs torch ({error}): pip install 'qawl[train]', "
                  "or --no-neural", file=sys.stderr)
            return 2
        summary["neural"] = train_and_adapt(train, news, args.out, features)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _gold_sentences(pairs: list[list[str]]) -> list:
    """Token sentences (the tagger's tokens, IOB2 tags) of the ``--gold-documents`` articles."""
    from ..ner.train import documents_to_sentences, gold_documents

    documents = []
    for articles, gold in pairs:
        try:
            documents += [(text, spans) for _, text, spans in gold_documents(articles, gold)]
        except (OSError, ValueError) as error:
            raise SystemExit(f"qawl train: cannot read {articles} / {gold}: {error}")
    return documents_to_sentences(documents)


def _run_from_export(args) -> int:
    from dataclasses import replace

    from ..labelstudio.export import ExportError
    from ..learning.from_export import train_from_export

    settings = replace(args.settings, model_dir=args.model_dir) if args.model_dir else args.settings
    try:
        outcome = train_from_export(args.from_export, settings, str(args.project), args.data_key)
    except (ExportError, TimeoutError) as error:
        raise SystemExit(f"qawl train: {error}")
    print(json.dumps(outcome, ensure_ascii=False))
    return 0
