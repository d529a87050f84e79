"""Latency of interactive pre-annotation (Auto-Annotation) under gunicorn on loopback.

One task of about 400 words, posted to ``/predict`` with ``params.context.result`` holding one drawn region
(a SPEAKER the model found, one it missed, a QUOTE, an entity), as Label Studio's
``/api/ml/{id}/interactive-annotating`` sends it; the same task without context for comparison. Prints p50/p95
per case and over all interactive requests; the target is p95 ≤ 50 ms.
Usage: .venv/bin/python benchmarks/interactive_latency.py [--requests 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_latency import percentiles, served

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPHS = [
    ("وقال وزير الخارجية الأردني أيمن الصفدي في عمّان إن «المنطقة تحتاج إلى حل سياسي عاجل». "
     "وأضاف أن بلاده ستدعم جهود الأمم المتحدة في المنطقة."),
    ("قال وزير المالية إن العجز سيتراجع هذا العام. النقيب مروان العلي، في كلمة أمام المعتصمين: "
     "«لن نتراجع عن مطالبنا مهما كانت الضغوط علينا». وأضاف أن الإضراب سيستمر حتى تحقيق المطالب."),
    ("أكدت المتحدثة باسم الحكومة ليلى حداد أن الوزارة ستفتح تحقيقا في الحادث. "
     "وأضافت أن النتائج ستعلن الأسبوع المقبل. من جهته، قال رئيس البلدية إن الأضرار محدودة."),
    ("تسلق فريق لبناني جبل إيفِرِست الأسبوع الماضي. وقال قائد الفريق إن الوصول إلى قمة ايفرست كان حلما. "
     "وأضاف أن الفريق سيعود لإيفرست العام المقبل."),
    ("وصرّح سامي الخطيب للصحفيين في بيروت بأن المفاوضات وصلت إلى طريق مسدود. "
     "وأشار إلى أن الوفد سيعود إلى بيروت غدا."),
]


def article(words: int = 400) -> str:
    parts, count, k = [], 0, 0
    while count < words:
        paragraph = PARAGRAPHS[k % len(PARAGRAPHS)]
        parts.append(paragraph)
        count += len(paragraph.split())
        k += 1
    return "\n\n".join(parts)


def region(text: str, phrase: str, label: str, region_id: str) -> dict:
    start = text.index(phrase)
    control = "attribution" if label in ("SPEAKER", "QUOTE") else "entity"
    return {"id": region_id, "from_name": control, "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start, "end": start + len(phrase), "text": phrase, "labels": [label]}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per case")
    args = parser.parse_args()

    config = (ROOT / "label_config" / "arabic_news.xml").read_text(encoding="utf-8")
    text = article()
    task = {"id": 1, "data": {"text": text}, "annotations": [], "drafts": [], "predictions": []}
    cases = {
        "no context (batch)": None,
        "SPEAKER the model found": [region(text, "وزير الخارجية الأردني أيمن الصفدي", "SPEAKER", "s1")],
        "SPEAKER the model missed": [region(text, "النقيب مروان العلي", "SPEAKER", "s2")],
        "QUOTE": [region(text, "المنطقة تحتاج إلى حل سياسي عاجل", "QUOTE", "q1")],
        "entity (same name)": [region(text, "إيفِرِست", "MISC", "e1")],
    }
    with served() as (url, seconds):
        print(f"server up in {seconds:.2f} s; task of {len(text.split())} words")
        session = requests.Session()
        interactive = []
        for name, drawn in cases.items():
            context = {"result": drawn} if drawn else None
            payload = {"tasks": [task], "project": "1.1795535340", "label_config": config,
                       "params": {"login": None, "password": None, "context": context}}
            session.post(url + "/predict", json=payload, timeout=100).raise_for_status()  # warm-up
            samples = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = session.post(url + "/predict", json=payload, timeout=100)
                samples.append(time.perf_counter() - started)
                response.raise_for_status()
                if drawn and not response.json()["results"][0]["result"]:
                    raise RuntimeError(f"{name}: empty prediction")
            if drawn:
                interactive += samples
            print(f"{name:28s} n={len(samples):4d}  {percentiles(samples)}")
        print(f"{'all interactive':28s} n={len(interactive):4d}  {percentiles(interactive)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
