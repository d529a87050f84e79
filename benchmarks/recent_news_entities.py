"""Entity scores on recent news: entities_dev and news_gold pooled (38 articles, 1,126 entities).

Run: ``.venv/bin/python benchmarks/recent_news_entities.py [--model DIR] [--skip-stage STAGE] [--cv 5 [--base DIR]
[--models-dir DIR] [--crf-prior P] [--neural-setting NAME=VALUE]] [--ensemble-weight W]``.

Each set's articles go through ``qawl predict`` (the command a project lead runs, the same Annotator the
server runs), and the prediction file is scored by ``qawl score-entities --predictions``; the counts of
both sets are then added up per label. Prints exact and overlap P/R/F1 per label and micro.

The shipped neural tagger is adapted to these very articles (``qawl train --gold-documents``), so its
scores on them flatter it. ``--cv K`` gives the honest figure: the neural tagger is trained on ANERcorp
as ``qawl train`` trains it (``--base DIR`` reuses one trained so, unadapted), and for each of K folds of
articles (every K-th in id order) it is adapted to the other folds' gold only, put beside the shipped CRF
and scored on the held-out fold (needs torch: the train extra; about 5 minutes on 2 cores, under 2 with
``--base``; ``--models-dir DIR`` keeps each fold's adapted model and scores a kept one again in seconds).
``--ensemble-weight W`` scores with the neural tagger's scores weighted W in their sum with the CRF's instead of
the weight its ``neural.json`` gives (the entities stage's ``neural_weight`` option). ``--crf-prior P`` adapts
the CRF to the same gold as well (:mod:`qawl.ner.crf_adapt`, from its
ANERcorp weights, as a project's version adapts it): a trial that ``anercorp_folds.py --crf-prior P``
measures on ANERcorp. ``--neural-setting NAME=VALUE`` trains the unadapted tagger with that setting instead of
the default (as ``anercorp_folds.py --neural-setting``), to compare a training change on both cross-validations.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

from name_value import name_value
from qawl.cli import main as qawl
from qawl.evaluation.entities import EntityScores, score_document
from qawl.evaluation.matching import PRF
from qawl.ner.train import RECENT_NEWS_GOLD as SETS
from qawl.settings import data_dir

LABELS = ("PER", "ORG", "LOC", "MISC", "micro")


def scores_of(articles: Path, gold: Path, model_args: list[str], tmp: Path) -> dict:  # through qawl predict
    predictions = tmp / f"{articles.parent.name}.json"
    with contextlib.redirect_stdout(io.StringIO()):
        if qawl(["predict", str(articles), "-o", str(predictions), *model_args]) != 0:
            raise SystemExit(f"qawl predict failed on {articles}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        qawl(["score-entities", "--articles", str(articles), "--gold", str(gold), "--predictions", str(predictions),
              "--json"])
    return json.loads(out.getvalue())


def cross_validated(folds: int, base: Path | None, tmp: Path, crf_prior: float, models_dir: Path | None = None,
                    stage_options: dict | None = None, neural_settings: dict | None = None) -> dict:
    """Pooled scores of ``--cv``: per fold, the neural tagger adapted to the other folds' articles (and the CRF
    too when ``crf_prior`` > 0), kept in ``models_dir`` when given and reused from there."""
    from qawl.document import ENTITY
    from qawl.ner.conll import read_conll
    from qawl.ner.features import FeatureExtractor
    from qawl.ner.neural_train import train_and_adapt
    from qawl.ner.train import gold_documents
    from qawl.pipeline import Annotator
    from qawl.shipped import SHIPPED_MODEL_DIR

    documents = sorted(d for folder, articles, gold in SETS
                       for d in gold_documents(data_dir() / folder / articles, data_dir() / folder / gold))
    anercorp = read_conll(data_dir() / "anercorp" / "train.txt")
    features = FeatureExtractor.from_model_dir(SHIPPED_MODEL_DIR)
    kept = models_dir / f"prior{crf_prior}" if models_dir is not None else None
    total = EntityScores()
    for k in range(folds):
        fold_dir = (kept or tmp) / f"fold{k + 1}of{folds}"
        if not (fold_dir / "model.json").exists():
            if base is None:
                base = tmp / "base"
                train_and_adapt(anercorp, [], base, features, settings=neural_settings)
            _adapted_fold(fold_dir, base, documents, folds, k, anercorp, features, crf_prior)
        annotator = Annotator.load(fold_dir, stage_options=stage_options)
        for i, (_, text, spans) in enumerate(documents):
            if i % folds == k:
                predicted = [(s.start, s.end, s.label) for s in annotator.annotate(text).spans_of(ENTITY)]
                total = total + score_document(text, spans, predicted)
    return total.as_dict()


def _adapted_fold(fold_dir: Path, base: Path, documents, folds: int, k: int, anercorp, features,
                  crf_prior: float) -> None:
    """The model of fold ``k``: the shipped CRF and the unadapted tagger of ``base``, adapted to the other folds'
    articles; its manifest is written last, so a fold cut short is built again."""
    import shutil

    from qawl.ner.crf_adapt import adapt_crf_file
    from qawl.ner.neural_train import adapt_to_gold
    from qawl.ner.train import documents_to_sentences
    from qawl.shipped import SHIPPED_MODEL_DIR

    fold_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHIPPED_MODEL_DIR / "entities.crfsuite", fold_dir / "entities.crfsuite")
    for name in ("neural.npz", "neural.json"):
        shutil.copy(base / name, fold_dir / name)
    taught = documents_to_sentences([(text, spans) for i, (_, text, spans) in enumerate(documents) if i % folds != k])
    adapt_to_gold(fold_dir, taught, anercorp, features)  # as train_and_adapt adapts after training
    if crf_prior > 0:  # the CRF too, from its ANERcorp weights (a trial: qawl train does not)
        adapt_crf_file(fold_dir / "entities.crfsuite", features, taught, crf_prior)
    shutil.copy(SHIPPED_MODEL_DIR / "model.json", fold_dir / "model.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--skip-stage", action="append", default=[])
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help="K-fold cross-validation over the articles of the neural tagger's adaptation")
    parser.add_argument("--crf-prior", type=float, default=0.0,
                        help="with --cv: also adapt the CRF to each fold's gold, with this prior (default 0: the "
                             "CRF stays as trained on ANERcorp, as shipped)")
    parser.add_argument("--base", type=Path, help="with --cv: a model directory with an unadapted neural tagger")
    parser.add_argument("--models-dir", type=Path,
                        help="with --cv: keep each fold's adapted model here and reuse the ones already there (to "
                             "score changes after the taggers without adapting again; delete it after changing "
                             "the taggers, their training or the data)")
    parser.add_argument("--ensemble-weight", type=float, metavar="W",
                        help="with --cv: weight the neural tagger's scores W in their sum with the CRF's instead of "
                             "the weight its neural.json gives")
    parser.add_argument("--neural-setting", action="append", default=[], metavar="NAME=VALUE", type=name_value,
                        help="with --cv: train the unadapted tagger with this setting instead of the default "
                             "(repeatable), e.g. epochs=8")
    args = parser.parse_args()
    if args.ensemble_weight is not None and not args.cv:
        parser.error("--ensemble-weight needs --cv")
    if args.neural_setting and (not args.cv or args.base):
        parser.error("--neural-setting needs --cv and no --base (it changes how the base is trained)")
    neural_settings = dict(args.neural_setting)
    model_args = ((["--model-dir", args.model] if args.model else [])
                  + [a for s in args.skip_stage for a in ("--skip-stage", s)])
    pooled = {kind: {label: PRF() for label in LABELS} for kind in ("exact", "overlap")}
    with tempfile.TemporaryDirectory() as tmp:
        if args.cv:
            weight = args.ensemble_weight
            options = {"entities": {"neural_weight": weight}} if weight is not None else None
            scores = cross_validated(args.cv, args.base, Path(tmp), args.crf_prior, args.models_dir, options,
                                     neural_settings)
            for kind in pooled:
                for label in LABELS:
                    s = scores[kind][label]
                    pooled[kind][label] = PRF(s["tp"], s["predicted"], s["gold"])
        for name, articles, gold in SETS if not args.cv else ():
            base = data_dir() / name
            if not (base / gold).exists():
                print(f"no {name} data at {base}", file=sys.stderr)
                return 2
            scores = scores_of(base / articles, base / gold, model_args, Path(tmp))
            for kind in pooled:
                for label in LABELS:
                    s = scores[kind].get(label)
                    if s:
                        pooled[kind][label] = pooled[kind][label] + PRF(s["tp"], s["predicted"], s["gold"])
    how = (f"{args.cv}-fold cross-validation over the articles of the neural tagger's adaptation"
           + (f"; the CRF adapted too (prior {args.crf_prior})" if args.crf_prior > 0 else "")
           + (f"; neural tagger weight {args.ensemble_weight}" if args.ensemble_weight is not None else "")
           + "".join(f"; {name}={value}" for name, value in args.neural_setting) if args.cv
           else "through qawl predict" + (f" ({' '.join(model_args)})" if model_args else ""))
    print(f"recent news: {', '.join(name for name, _, _ in SETS)} pooled, {how}")
    for kind, by_label in pooled.items():
        print(f"{kind}")
        for label, prf in by_label.items():
            print(f"  {label:<6} P {prf.precision:.4f}  R {prf.recall:.4f}  F1 {prf.f1:.4f}  "
                  f"(gold {prf.gold}, predicted {prf.predicted})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
