"""Time of the whole model on texts shaped to be slow, each as long as the model annotates (200,000 characters).

Run: ``.venv/bin/python benchmarks/worst_case_texts.py``. One task of any shape
must not hold a worker for long; real articles run at roughly 100,000–200,000
characters a second, and each shape here should stay within a few seconds.
"""

from __future__ import annotations

import time

from qawl.pipeline import MAX_ANNOTATED_CHARS, Annotator

SHAPES = {
    "quotes in one paragraph, no sentence end": "وقال الوزير «إن الوضع مستقر» وأضاف ",
    "bare quoted words": "«قال» ",
    "unclosed marks": "« قال الوزير ",
    "straight quotes": '"قال" \'نعم\' ',
    "one sentence of names": "قال الوزير محمد في بيروت ",
    "dotted letters, no spaces": "سي.إن.إن.",
    "words joined by full stops": "شخص.وقال.",
    "hashtags": "#حزب_الله ",
    "ministries with nationality": "وزارة الخارجية الأمريكية ",
    "full names": "التقى محمد بن سلمان آل سعود ",
    "quoted programme titles": "برنامج «صباح الخير» ",
    "one long word": "ب",
    "numbers": "12345 ",
    "blank lines": "\n",
}


def main() -> int:
    annotator = Annotator.load()
    annotator.annotate("قال الوزير إن «الوضع مستقر» في بيروت.")  # load word caches and compiled code once
    print(f"{'shape':<42} {'chars':>8} {'seconds':>8} {'spans':>7}")
    for name, unit in SHAPES.items():
        text = (unit * (MAX_ANNOTATED_CHARS // len(unit) + 1))[:MAX_ANNOTATED_CHARS]
        started = time.perf_counter()
        doc = annotator.annotate(text)
        print(f"{name:<42} {len(text):>8} {time.perf_counter() - started:>8.2f} {len(doc.spans):>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
