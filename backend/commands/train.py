"""``qawl train``: train the entity CRF from a CoNLL file (ANERcorp by default layout).

The last ``--dev-fraction`` of the sentences is held out for development
(default 10%, as the shipped model card reports); ``--dev-fraction 0``
trains on everything. The same command, data and resources give the same
model file.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..pipeline import SHIPPED_MODEL_DIR

NAME = "train"
HELP = "train the entity CRF from a CoNLL (TOKEN TAG) file"


def add_arguments(parser) -> None:
    parser.add_argument("--conll", type=Path, required=True, help="training file, one TOKEN TAG a line")
    parser.add_argument("-o", "--out", type=Path, default=SHIPPED_MODEL_DIR,
                        help="model directory to write entities.crfsuite into (default: the shipped model)")
    parser.add_argument("--dev-fraction", type=float, default=0.1, help="last share of sentences held out")
    parser.add_argument("--clusters", type=Path, default=None,
                        help="clusters file (default: clusters.tsv of the output, else of the shipped model)")
    parser.add_argument("--max-iterations", type=int, default=None)


def run(args) -> int:
    from ..ner.conll import read_conll, split_dev
    from ..ner.features import FeatureExtractor
    from ..ner.resources import load_clusters, load_gazetteer, load_triggers
    from ..ner.train import train_entity_model

    sentences = read_conll(args.conll)
    train, dev = split_dev(sentences, args.dev_fraction)
    clusters_path = args.clusters or (args.out / "clusters.tsv")
    if not clusters_path.exists():
        clusters_path = SHIPPED_MODEL_DIR / "clusters.tsv"
    features = FeatureExtractor(load_gazetteer(), load_triggers(), load_clusters(clusters_path))
    params = {"max_iterations": args.max_iterations} if args.max_iterations else None
    summary = train_entity_model(train, args.out / "entities.crfsuite", features, params=params)
    summary.update({"train_sentences": len(train), "dev_sentences": len(dev), "clusters": str(clusters_path)})
    print(json.dumps(summary, ensure_ascii=False))
    return 0
