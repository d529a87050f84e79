"""Character-level entity scores of a model on the shared entities_dev set.

Run: ``.venv/bin/python benchmarks/entities_dev.py [--model DIR] [--skip-stage entity_rules] [--errors]``,
or score the output of
``qawl predict ../shared/data/entities_dev/articles.jsonl -o P.json`` with ``--predictions P.json``.
The same as ``qawl score-entities`` with its default files (the scoring lives in
``backend/qawl/evaluation/entities.py``); kept so the figures in the README and the model card
have the command they were measured with. entities_dev is a sanity check: tune on
ANERcorp's dev split, not on this.
"""

from __future__ import annotations

import sys

from qawl.cli import main
from qawl.evaluation.entities import default_dev_paths

if __name__ == "__main__":
    if not default_dev_paths()[1].exists():
        print(f"no entities_dev data at {default_dev_paths()[1]}")
        sys.exit(1)
    sys.exit(main(["score-entities", *sys.argv[1:]]))
