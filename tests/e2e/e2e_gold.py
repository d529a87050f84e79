"""Hand-made corrected annotations of three example tasks, as an annotator would submit them.

Regions are given by their text (and which occurrence), so the offsets are
found in the task text and never typed by hand; ``build`` turns them into a
Label Studio result with ids and ``said`` relations.
"""

from __future__ import annotations

ATTRIBUTION = {"SPEAKER", "QUOTE"}

# text prefix -> (regions as (label, text, occurrence), relations as (speaker text, quote text))
CORRECTIONS = {
    "أكد رئيس الوزراء العراقي": (
        [("SPEAKER", "رئيس الوزراء العراقي", 0),
         ("QUOTE", "بغداد ستواصل التعاون مع الأمم المتحدة", 0),
         ("QUOTE", "الانتخابات ستجري في موعدها", 0),
         ("QUOTE", "لا أحد يستطيع تأجيلها", 0),
         ("LOC", "بغداد", 0),
         ("ORG", "الأمم المتحدة", 0)],
        [("رئيس الوزراء العراقي", "بغداد ستواصل التعاون مع الأمم المتحدة"),
         ("رئيس الوزراء العراقي", "الانتخابات ستجري في موعدها"),
         ("رئيس الوزراء العراقي", "لا أحد يستطيع تأجيلها")],
    ),
    "وقال الرئيسُ الفرنسيُّ": (
        [("SPEAKER", "الرئيسُ الفرنسيُّ إيمانويل ماكـرون", 0),
         ("QUOTE", "فرنسا ستستضيف قمة للمناخ", 0),
         ("SPEAKER", "المتحدثة باسم الإليزيه", 0),
         ("QUOTE", "القمة ستعقد في ديسمبر بمشاركة خمسين دولة", 0),
         ("PER", "إيمانويل ماكـرون", 0),
         ("LOC", "باريس", 0),
         ("LOC", "فرنسا", 0)],
        [("الرئيسُ الفرنسيُّ إيمانويل ماكـرون", "فرنسا ستستضيف قمة للمناخ"),
         ("المتحدثة باسم الإليزيه", "القمة ستعقد في ديسمبر بمشاركة خمسين دولة")],
    ),
    "حذر وزير المالية المصري": (
        [("SPEAKER", "محافظ البنك المركزي المصري", 0),
         ("QUOTE", "الاقتصاد قادر على امتصاص الصدمة", 0),
         ("SPEAKER", "خبير اقتصادي", 0),
         ("QUOTE", "التضخم سيبقى مرتفعا حتى نهاية العام", 0),
         ("ORG", "البنك المركزي المصري", 0),
         ("LOC", "القاهرة", 0),
         ("ORG", "بي بي سي", 0)],
        [("محافظ البنك المركزي المصري", "الاقتصاد قادر على امتصاص الصدمة"),
         ("خبير اقتصادي", "التضخم سيبقى مرتفعا حتى نهاية العام")],
    ),
}


def correction_for(text: str):
    for prefix, correction in CORRECTIONS.items():
        if text.startswith(prefix):
            return correction
    return None


def build(text: str, regions, relations) -> list[dict]:
    """A Label Studio result for ``text``: one region per entry, then the ``said`` relations."""
    result, ids = [], {}
    for number, (label, span, occurrence) in enumerate(regions):
        start = _find(text, span, occurrence)
        region_id = f"gold{number}"
        ids.setdefault(span, region_id)
        result.append({"id": region_id, "from_name": "attribution" if label in ATTRIBUTION else "entity",
                       "to_name": "text", "type": "labels",
                       "value": {"start": start, "end": start + len(span), "text": span, "labels": [label]}})
    for speaker, quote in relations:
        result.append({"type": "relation", "from_id": ids[speaker], "to_id": ids[quote], "direction": "right",
                       "labels": ["said"]})
    return result


def _find(text: str, span: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(span, start + 1)
        if start < 0:
            raise ValueError(f"{span!r} does not occur {occurrence + 1} time(s) in the task text")
    return start
