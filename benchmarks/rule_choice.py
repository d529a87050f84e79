"""A project whose conventions differ from the guidelines: do its corrections switch the right entity rules off?

Run: ``.venv/bin/python benchmarks/anercorp_folds.py --jobs 2 --models-dir DIR`` once (it trains and keeps
each fold's model), then ``.venv/bin/python benchmarks/rule_choice.py --models-dir DIR``.

ANERcorp stands in for such a project: it leaves ``الجيش الإسرائيلي`` or ``الحكومة المصرية`` untagged, which
the guidelines tag ORG. For each of the 10 folds of ``anercorp_folds.py``, the model trained without the fold
annotates the fold's texts (10 sentences each). The fold's texts are cut into two halves; the rules are chosen
on one half's gold (:func:`qawl.learning.rule_choice.choose_rules`, as a project's version does) and the other
half is scored with every rule and with the chosen ones; then the halves swap. Prints the pooled micro-F1
(exact, ANERcorp's token scorer through character regions) both ways and the rules each half switched off.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from qawl.commands.evaluate_ner import documents_from_sentences, score_sentences
from qawl.evaluation.matching import PRF
from qawl.gold_doc import GoldDoc
from qawl.learning.rule_choice import choose_rules
from qawl.ner.conll import entities_of, read_conll
from qawl.pipeline import Annotator
from qawl.settings import shared_data_dir

from anercorp_folds import fold_bounds

PER_DOC = 10


def gold_docs(sentences) -> list[GoldDoc]:
    """The texts ``anercorp_folds.py`` scores (``PER_DOC`` sentences each), with their entities as regions."""
    docs = []
    for text, chunk, offsets in documents_from_sentences(sentences, PER_DOC):
        regions = [(spans[first][0], spans[end - 1][1], label) for sentence, spans in zip(chunk, offsets)
                   for label, first, end in entities_of([tag for _, tag in sentence])]
        docs.append(GoldDoc(text, regions))
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, required=True, help="the fold models of anercorp_folds.py")
    parser.add_argument("--conll", type=Path, default=shared_data_dir() / "anercorp" / "train.txt")
    parser.add_argument("--folds", type=int, default=10)
    args = parser.parse_args()
    if not args.conll.exists():
        print(f"no CoNLL file at {args.conll}", file=sys.stderr)
        return 2
    sentences = read_conll(args.conll)
    totals = {"every rule": PRF(), "rules chosen": PRF()}
    switched: Counter = Counter()
    for k, (start, end) in enumerate(fold_bounds(len(sentences), args.folds)):
        model_dir = args.models_dir / f"fold{k + 1}of{args.folds}"
        if not (model_dir / "entities.crfsuite").is_file():
            print(f"no fold model in {model_dir}: run anercorp_folds.py --models-dir {args.models_dir}",
                  file=sys.stderr)
            return 2
        held = sentences[start:end]
        middle = (len(held) // (2 * PER_DOC)) * PER_DOC  # halves of whole texts
        halves = [held[:middle], held[middle:]]
        every = Annotator.load(model_dir)
        for taught, scored in (halves, halves[::-1]):
            off = choose_rules(every, gold_docs(taught))["off"]
            switched.update(off)
            chosen = every if not off else _with_rules_off(model_dir, off)
            for name, annotator in (("every rule", every), ("rules chosen", chosen)):
                result, _ = score_sentences(annotator, scored, PER_DOC)
                micro = result["micro"]
                totals[name] = totals[name] + PRF(micro.true_positives, micro.predicted, micro.gold)
            print(f"fold {k + 1}: {len(taught)} sentences taught, rules off: {', '.join(off) or 'none'}")
    for name, prf in totals.items():
        print(f"{name:<13} P {prf.precision:.4f}  R {prf.recall:.4f}  F1 {prf.f1:.4f}  (gold {prf.gold})")
    print(f"rules switched off, in how many of the {2 * args.folds} halves: {dict(switched)}")
    return 0


def _with_rules_off(model_dir: Path, off: list[str]) -> Annotator:
    """The fold's model with the rules ``off`` switched off, as a project's version has them
    (:func:`qawl.learning.build.version_stages`)."""
    return Annotator.load(model_dir, stage_options={"entity_rules": {rule: False for rule in off}})


if __name__ == "__main__":
    sys.exit(main())
