"""Cross-validated entity scores on ANERcorp's training file, through the Label Studio path.

Run: ``.venv/bin/python benchmarks/anercorp_folds.py [--folds 10] [--jobs 2] [--param c2=0.05]``.

One development split of ~940 entities moves by a point or more when the
split moves (a standard error of about 1.3 points at F1 0.8), so this script
also gives the k-fold figure: each fold of consecutive sentences is held out
in turn, a CRF is trained on the rest exactly as ``qawl train --conll`` does
(same features, resources and parameters), and the held-out fold is scored
by ``qawl evaluate-ner``'s own scorer through the full Annotator, once with
the shipped stages and once without ``entity_rules`` (the tagger alone,
ANERcorp's conventions). Fold 10 of 10 is the development split the model
card reports. Prints each fold and the micro-F1 pooled over all folds, and the same on the entities whose
string is unseen in the fold's training part (issue 21: unseen names are where the tagger is weak).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from name_value import name_value
from qawl.commands.evaluate_ner import score_sentences
from qawl.evaluation.matching import PRF
from qawl.settings import shared_data_dir
from qawl.ner.conll import read_conll
from qawl.ner.crf_adapt import adapt_crf_file, adapted_path
from qawl.ner.features import FeatureExtractor
from qawl.ner.train import train_entity_model
from qawl.pipeline import Annotator
from qawl.shipped import SHIPPED_MODEL_DIR

LABELS = ("LOC", "MISC", "ORG", "PER", "micro")


def fold_bounds(n: int, folds: int) -> list[tuple[int, int]]:
    return [(n * k // folds, n * (k + 1) // folds) for k in range(folds)]


def rule_changes(shipped: Annotator, tagger: Annotator, sentences) -> Counter:
    """What the stages after the tagger change against the gold file, by label and first word.

    Keys are ``("added", label, word)`` for an entity the shipped pipeline has, the tagger alone has
    not and the gold file has not, and ``("removed", label, word)`` for a gold entity the tagger
    found and the shipped pipeline lost.
    """
    from qawl.commands.evaluate_ner import documents_from_sentences
    from qawl.document import ENTITY, Token
    from qawl.ner.align import spans_to_tags
    from qawl.ner.conll import entities_of

    changes: Counter = Counter()
    for text, chunk, offsets in documents_from_sentences(sentences, 10):
        per_annotator = []
        for annotator in (shipped, tagger):
            regions = [(s.start, s.end, s.label) for s in annotator.annotate(text).spans_of(ENTITY)]
            per_annotator.append([spans_to_tags([Token(a, b, w) for (a, b), (w, _) in zip(sentence_offsets, sentence)],
                                                regions) for sentence, sentence_offsets in zip(chunk, offsets)])
        for sentence, with_rules, alone in zip(chunk, *per_annotator):
            gold = set(entities_of([t for _, t in sentence]))
            with_rules, alone = set(entities_of(with_rules)), set(entities_of(alone))
            for label, first, _ in (with_rules - alone) - gold:
                changes["added", label, sentence[first][0]] += 1
            for label, first, _ in (alone - with_rules) & gold:
                changes["removed", label, sentence[first][0]] += 1
    return changes


def entity_strings(sentences) -> set[str]:
    """The surface strings (tokens joined by a space) of the gold entities of CoNLL ``sentences``."""
    from qawl.ner.conll import entities_of

    return {" ".join(w for w, _ in sentence[first:end]) for sentence in sentences
            for _, first, end in entities_of([t for _, t in sentence])}


def unseen_counts(annotator: Annotator, sentences, seen: set[str]) -> dict[str, list[int]]:
    """Per label and micro, [tp, predicted, gold] over the entities whose string is not in ``seen`` (the
    training part's gold entity strings): a gold entity counts when its string is unseen, a predicted one
    when its string is, and a true positive is an unseen predicted entity that is a gold entity (span and
    label)."""
    from qawl.commands.evaluate_ner import documents_from_sentences
    from qawl.document import ENTITY, Token
    from qawl.ner.align import spans_to_tags
    from qawl.ner.conll import entities_of

    counts = {label: [0, 0, 0] for label in LABELS}
    for text, chunk, offsets in documents_from_sentences(sentences, 10):
        regions = [(s.start, s.end, s.label) for s in annotator.annotate(text).spans_of(ENTITY)]
        for sentence, sentence_offsets in zip(chunk, offsets):
            tokens = [Token(a, b, w) for (a, b), (w, _) in zip(sentence_offsets, sentence)]
            words = [w for w, _ in sentence]
            gold = {e for e in entities_of([t for _, t in sentence]) if " ".join(words[e[1]:e[2]]) not in seen}
            predicted = {e for e in entities_of(spans_to_tags(tokens, regions))
                         if " ".join(words[e[1]:e[2]]) not in seen}
            for label in LABELS:
                mine = {e for e in predicted if label in ("micro", e[0])}
                theirs = {e for e in gold if label in ("micro", e[0])}
                counts[label][0] += len(mine & theirs)
                counts[label][1] += len(mine)
                counts[label][2] += len(theirs)
    return counts


VARIANTS = {"shipped": ((), {}), "tagger": (("entity_rules",), {}), "crf": ((), {"entities": {"neural": False}})}


def run_fold(conll: str, folds: int, k: int, models_dir: str | None = None, params: dict | None = None,
             explain: bool = False, neural: dict | None = None, news: list | None = None,
             crf_prior: float = 0.0, ensemble_weight: float | None = None) -> dict:
    """Train without fold ``k`` (or reuse the model kept in ``models_dir``) as ``qawl train`` does, score
    fold ``k`` with and without entity_rules, and without the neural tagger (whose scores weigh
    ``ensemble_weight`` in the sum when given). ``neural`` holds the neural
    tagger's training settings (None: no neural tagger in this run); ``news`` the recent-news gold
    sentences it is adapted to (and the CRF, with ``crf_prior`` > 0)."""
    sentences = read_conll(Path(conll))
    start, end = fold_bounds(len(sentences), folds)[k]
    held, train = sentences[start:end], sentences[:start] + sentences[end:]
    with tempfile.TemporaryDirectory(prefix=f"qawl-fold{k}-") as tmp:
        model_dir = Path(models_dir) / f"fold{k + 1}of{folds}" if models_dir else Path(tmp)
        model_dir.mkdir(parents=True, exist_ok=True)
        # the shipped manifest; clusters and name statistics fall back to the shipped files
        (model_dir / "model.json").write_text((SHIPPED_MODEL_DIR / "model.json").read_text(encoding="utf-8"),
                                              encoding="utf-8")
        features = FeatureExtractor.from_clusters_file(SHIPPED_MODEL_DIR / "clusters.tsv")
        if not (model_dir / "entities.crfsuite").exists():
            train_entity_model(train, model_dir / "entities.crfsuite", features, params=params)
        if neural is not None and not (model_dir / "neural.npz").exists():
            from qawl.ner.neural_train import train_and_adapt

            train_and_adapt(train, news or [], model_dir, features, vectors_dir=str(SHIPPED_MODEL_DIR / "vectors"),
                            settings=neural)
        adapted_path(model_dir / "entities.crfsuite").unlink(missing_ok=True)  # a kept model's last trial
        if crf_prior > 0 and news:  # a trial: the CRF adapted to the recent news too (qawl train does not)
            adapt_crf_file(model_dir / "entities.crfsuite", features, news, crf_prior)
        scores, unseen, annotators = {}, {}, {}
        seen = entity_strings(train)
        variants = VARIANTS if neural is not None else {"shipped": VARIANTS["shipped"], "tagger": VARIANTS["tagger"]}
        for name, (skip, options) in variants.items():
            options = options if neural is not None else {"entities": {"neural": False}}
            if ensemble_weight is not None and neural is not None and name != "crf":
                options = {**options, "entities": {**options.get("entities", {}), "neural_weight": ensemble_weight}}
            annotators[name] = Annotator.load(model_dir, skip=skip, stage_options=options)
            result, _ = score_sentences(annotators[name], held)
            scores[name] = {label: [result[label].true_positives, result[label].predicted, result[label].gold]
                            for label in LABELS if label in result}
            unseen[name] = unseen_counts(annotators[name], held, seen)
        changes = rule_changes(annotators["shipped"], annotators["tagger"], held) if explain else Counter()
    return {"fold": k, "sentences": len(held), "scores": scores, "unseen": unseen,
            "changes": [[*key, n] for key, n in changes.items()]}


def recent_news_sentences() -> list:
    """The recent-news gold sentences ``qawl train`` adapts the shipped neural tagger to."""
    from qawl.ner.train import recent_news_sentences as sentences_under
    from qawl.settings import data_dir

    return sentences_under(data_dir())


def pooled(outcomes: list[dict], name: str, label: str) -> PRF:
    return sum((PRF(*o["scores"][name][label]) for o in outcomes if label in o["scores"][name]), PRF())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conll", type=Path, default=shared_data_dir() / "anercorp" / "train.txt")
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="also write the per-fold counts here")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", type=name_value,
                        help="a crfsuite training parameter instead of the default (repeatable), e.g. c2=0.05")
    parser.add_argument("--no-neural", action="store_true",
                        help="the CRF alone (no neural tagger trained or added), as qawl shipped before issue 21")
    parser.add_argument("--neural-setting", action="append", default=[], metavar="NAME=VALUE", type=name_value,
                        help="a neural tagger training setting instead of the default (repeatable), e.g. epochs=8")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="also list the N first words most often behind entities entity_rules adds that the "
                             "gold file lacks, and behind gold entities it removes")
    parser.add_argument("--crf-prior", type=float, default=0.0,
                        help="a trial: also adapt each fold's CRF to the recent news the neural tagger is adapted "
                             "to, with this prior (qawl.ner.crf_adapt; default 0: not adapted, as qawl train)")
    parser.add_argument("--ensemble-weight", type=float, metavar="W",
                        help="weight the neural tagger's scores W in their sum with the CRF's instead of the weight "
                             "its neural.json gives (with --models-dir, to compare weights on kept models)")
    parser.add_argument("--models-dir", type=Path,
                        help="keep each fold's model here and reuse the ones already there (to score changes "
                             "after the tagger, e.g. to entity_rules, without retraining; delete it after "
                             "changing features, resources or training data)")
    args = parser.parse_args()
    if not args.conll.exists():
        print(f"no CoNLL file at {args.conll}", file=sys.stderr)
        return 2
    params = dict(args.param)
    neural, news = None, None
    if not args.no_neural:
        news = recent_news_sentences()
        neural = {"threads": max(1, (os.cpu_count() or 1) // max(1, args.jobs)), **dict(args.neural_setting)}
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(run_fold, [str(args.conll)] * args.folds, [args.folds] * args.folds,
                                 range(args.folds), [str(args.models_dir) if args.models_dir else None] * args.folds,
                                 [params or None] * args.folds, [args.explain > 0] * args.folds,
                                 [neural] * args.folds, [news] * args.folds, [args.crf_prior] * args.folds,
                                 [args.ensemble_weight] * args.folds))
    print(f"{args.folds}-fold cross-validation of {args.conll} ({time.perf_counter() - started:.0f} s)"
          + (f", training parameters {params}" if params else "")
          + (f", neural tagger weight {args.ensemble_weight}" if args.ensemble_weight is not None else ""))
    print(f"{'fold':>4} {'sentences':>9} {'entities':>8} {'F1 shipped':>10} {'F1 tagger':>9}"
          f" {'unseen':>7} {'unseen F1 shipped':>17} {'unseen F1 tagger':>16}")
    for o in outcomes:
        shipped, tagger = (PRF(*o["scores"][n]["micro"]) for n in ("shipped", "tagger"))
        new_shipped, new_tagger = (PRF(*o["unseen"][n]["micro"]) for n in ("shipped", "tagger"))
        print(f"{o['fold'] + 1:>4} {o['sentences']:>9} {shipped.gold:>8} {shipped.f1:>10.4f} {tagger.f1:>9.4f}"
              f" {new_shipped.gold:>7} {new_shipped.f1:>17.4f} {new_tagger.f1:>16.4f}")
    for name in [n for n in VARIANTS if n in outcomes[0]["scores"]]:
        per_fold = [PRF(*o["scores"][name]["micro"]).f1 for o in outcomes]
        print(f"\n{name}: pooled micro P/R/F1 over all folds, and the spread of the fold F1s")
        for label in LABELS:
            prf = pooled(outcomes, name, label)
            print(f"  {label:<6} P {prf.precision:.4f}  R {prf.recall:.4f}  F1 {prf.f1:.4f}  (gold {prf.gold})")
        spread = statistics.stdev(per_fold) if len(per_fold) > 1 else 0.0
        print(f"  fold F1: mean {statistics.mean(per_fold):.4f}, sd {spread:.4f}, "
              f"min {min(per_fold):.4f}, max {max(per_fold):.4f}")
        print("  entities whose string is unseen in the fold's training part:")
        for label in LABELS:
            prf = sum((PRF(*o["unseen"][name][label]) for o in outcomes), PRF())
            print(f"  {label:<6} P {prf.precision:.4f}  R {prf.recall:.4f}  F1 {prf.f1:.4f}  (gold {prf.gold})")
    if args.explain:
        changes: Counter = Counter()
        for o in outcomes:
            for kind, label, word, n in o["changes"]:
                changes[kind, label, word] += n
        for kind in ("added", "removed"):
            by_label: Counter = Counter()
            for (k, label, _), n in changes.items():
                if k == kind:
                    by_label[label] += n
            labels = ", ".join(f"{label} {n}" for label, n in sorted(by_label.items()))
            print(f"\nentity_rules {kind} (against the gold file): {sum(by_label.values())} entities ({labels}); "
                  "most frequent first words:")
            top = [(key, n) for key, n in changes.most_common() if key[0] == kind][:args.explain]
            print("  " + ", ".join(f"{label} {word} {n}" for (_, label, word), n in top))
    if args.json:
        args.json.write_text(json.dumps(outcomes, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
