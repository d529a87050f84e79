"""``qawl report`` on a Label Studio export whose answers are known: every count of every table.

Six tasks, two model versions: ``v1`` published on 1 January (its first
prediction), ``v2`` on 1 February. The annotations change the predictions in
ways counted by hand below (accept, move, relabel, delete, add; relations kept,
removed, added), one annotation starts from a blank task and one is cancelled.
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser

import pytest

from qawl.cli import main
from qawl.labelstudio.history import Link, Region, history_from_export
from qawl.report.build import build_report, write_report
from qawl.report.edits import diff
from qawl.report.sources import SourceResolver, mention_of

from ls_results import labels_region as region, said_relation as said

T1 = 'قال الرئيس السوري بشار الأسد إن "الحرب انتهت" في دمشق. وأضاف الأسد أن الجيش سيبقى في حلب.'
T2 = 'أعلنت وزارة الخارجية الأمريكية أن واشنطن سترسل وفدا إلى القاهرة. وقال دونالد ترامب: "سنحقق السلام".'
T3 = 'ونقلت وكالة سانا عن الأسد قوله إن "سوريا لن تتراجع". وأكد وزير الخارجية أن المفاوضات مستمرة.'
T4 = 'صرح المتحدث باسم الجيش بأن القوات دخلت إدلب.'
T5 = 'زار الوفد بيروت أمس.'
T6 = 'قال خبير اقتصادي إن الأسعار سترتفع.'




def prediction(pid: int, version: str, when: str, result: list) -> dict:
    return {"id": pid, "model_version": version, "score": 0.5, "created_at": when, "updated_at": when,
            "result": result, "task": 0, "project": 1}


def annotation(aid: int, when: str, result: list, parent: int | None = None, lead_time: float | None = None,
               cancelled: bool = False) -> dict:
    return {"id": aid, "result": result, "was_cancelled": cancelled, "ground_truth": False, "created_at": when,
            "updated_at": when, "lead_time": lead_time, "parent_prediction": parent, "completed_by": 1}


JAN1, FEB1 = "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"


def export_tasks() -> list[dict]:
    # Task 1, v1: p6 (QUOTE) is moved shorter, p7 ORG becomes MISC, LOC حلب is added; the relation p1→p6 is
    # removed and p5→p6 added, p1→p3 kept.
    t1_v1 = [region("p1", T1, "الرئيس السوري بشار الأسد", "SPEAKER"), region("p2", T1, "بشار الأسد", "PER"),
             region("p3", T1, "الحرب انتهت", "QUOTE"), region("p4", T1, "دمشق", "LOC"),
             region("p5", T1, "الأسد", "SPEAKER", 1), region("p6", T1, "الجيش سيبقى في حلب", "QUOTE"),
             region("p7", T1, "الجيش", "ORG"), said("p1", "p3"), said("p1", "p6")]
    a1 = [region("p1", T1, "الرئيس السوري بشار الأسد", "SPEAKER"), region("p2", T1, "بشار الأسد", "PER"),
          region("p3", T1, "الحرب انتهت", "QUOTE"), region("p4", T1, "دمشق", "LOC"),
          region("p5", T1, "الأسد", "SPEAKER", 1), region("p6", T1, "الجيش سيبقى", "QUOTE"),
          region("p7", T1, "الجيش", "MISC"), region("n1", T1, "حلب", "LOC"), said("p1", "p3"), said("p5", "p6")]
    # Task 2, v1: MISC السلام deleted; SPEAKER and QUOTE of Trump added with their relation.
    t2_gold = [region("s", T2, "وزارة الخارجية الأمريكية", "SPEAKER"),
               region("q", T2, "واشنطن سترسل وفدا إلى القاهرة", "QUOTE"),
               region("o", T2, "وزارة الخارجية الأمريكية", "ORG"), region("l1", T2, "واشنطن", "LOC"),
               region("l2", T2, "القاهرة", "LOC"), region("p", T2, "دونالد ترامب", "PER"), said("s", "q")]
    t2_v1 = t2_gold + [region("m", T2, "السلام", "MISC")]
    a2 = t2_gold + [region("s2", T2, "دونالد ترامب", "SPEAKER"), region("q2", T2, "سنحقق السلام", "QUOTE"),
                    said("s2", "q2")]
    # Task 3: v1 names the agency as the speaker; v2, which the annotator started from, is right but for the
    # second quote's speaker, which the annotator adds.
    t3_v1 = [region("s", T3, "وكالة سانا", "SPEAKER"), region("q", T3, "سوريا لن تتراجع", "QUOTE"),
             region("o", T3, "سانا", "ORG"), region("l", T3, "سوريا", "LOC"), said("s", "q")]
    t3_v2 = [region("s", T3, "الأسد", "SPEAKER"), region("q", T3, "سوريا لن تتراجع", "QUOTE"),
             region("o", T3, "سانا", "ORG"), region("p", T3, "الأسد", "PER"), region("l", T3, "سوريا", "LOC"),
             region("q2", T3, "المفاوضات مستمرة", "QUOTE"), said("s", "q")]
    a3 = t3_v2 + [region("s2", T3, "وزير الخارجية", "SPEAKER"), said("s2", "q2")]
    # Task 4, v2: PER إدلب relabelled LOC, MISC القوات deleted.
    t4_v2 = [region("s", T4, "المتحدث باسم الجيش", "SPEAKER"), region("q", T4, "القوات دخلت إدلب", "QUOTE"),
             region("o", T4, "الجيش", "ORG"), region("p", T4, "إدلب", "PER"), region("m", T4, "القوات", "MISC"),
             said("s", "q")]
    a4 = [region("s", T4, "المتحدث باسم الجيش", "SPEAKER"), region("q", T4, "القوات دخلت إدلب", "QUOTE"),
          region("o", T4, "الجيش", "ORG"), region("p", T4, "إدلب", "LOC"), said("s", "q")]
    t6 = [region("s", T6, "خبير اقتصادي", "SPEAKER"), region("q", T6, "الأسعار سترتفع", "QUOTE"), said("s", "q")]
    return [
        {"id": 1, "data": {"text": T1}, "predictions": [prediction(101, "v1", JAN1, t1_v1)],
         "annotations": [annotation(11, "2025-01-10T09:00:00Z", a1, parent=101, lead_time=30.0)]},
        {"id": 2, "data": {"text": T2},
         "predictions": [prediction(102, "v1", JAN1, t2_v1), prediction(202, "v2", FEB1, a2)],
         "annotations": [annotation(12, "2025-01-12T09:00:00Z", a2, lead_time=50.0)]},  # no parent: v1 by time
        {"id": 3, "data": {"text": T3},
         "predictions": [prediction(103, "v1", JAN1, t3_v1), prediction(203, "v2", FEB1, t3_v2)],
         "annotations": [annotation(13, "2025-02-10T09:00:00Z", a3, parent=203, lead_time=12.0)]},
        {"id": 4, "data": {"text": T4}, "predictions": [prediction(204, "v2", "2025-02-01T05:00:00Z", t4_v2)],
         "annotations": [annotation(14, "2025-02-11T09:00:00Z", a4),
                         annotation(15, "2025-02-11T10:00:00Z", [], cancelled=True)]},
        {"id": 5, "data": {"text": T5},
         "predictions": [prediction(105, "v1", JAN1, [region("l", T5, "بيروت", "LOC")]),
                         prediction(205, "v2", FEB1, [region("l", T5, "بيروت", "LOC")])], "annotations": []},
        {"id": 6, "data": {"text": T6}, "predictions": [],
         "annotations": [annotation(16, "2025-01-15T09:00:00Z", t6)]},
    ]


@pytest.fixture()
def export(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_tasks(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def report(export):
    return build_report(history_from_export(export))


def counts(accepted=0, moved=0, relabelled=0, deleted=0, added=0) -> dict:
    return {"accepted": accepted, "moved": moved, "relabelled": relabelled, "deleted": deleted, "added": added}


# --- edits ---------------------------------------------------------------------------------------------------

def test_edit_counts_per_version_and_label(report):
    assert report.versions == ["v1", "v2"]
    assert report.blank == 1  # task 6 started from no prediction
    v1, v2 = (entry.as_dict() for entry in report.edits)
    assert (v1["version"], v1["annotations"], v1["tasks"], v1["unchanged"]) == ("v1", 2, 2, 0)
    assert (v2["version"], v2["annotations"], v2["tasks"], v2["unchanged"]) == ("v2", 2, 2, 0)
    expected_v1 = {"SPEAKER": counts(accepted=3, added=1), "PER": counts(accepted=2),
                   "QUOTE": counts(accepted=2, moved=1, added=1), "LOC": counts(accepted=3, added=1),
                   "ORG": counts(accepted=1, relabelled=1), "MISC": counts(deleted=1)}
    expected_v2 = {"SPEAKER": counts(accepted=2, added=1), "QUOTE": counts(accepted=3), "ORG": counts(accepted=2),
                   "PER": counts(accepted=1, relabelled=1), "LOC": counts(accepted=1), "MISC": counts(deleted=1)}
    for got, expected in ((v1, expected_v1), (v2, expected_v2)):
        assert {label: {k: c[k] for k in expected[label]} for label, c in got["by_label"].items()} == expected
    assert {k: v1["total"][k] for k in ("accepted", "moved", "relabelled", "deleted", "added", "predicted",
                                        "annotated")} == {**counts(11, 1, 1, 1, 3), "predicted": 14, "annotated": 16}
    assert {k: v2["total"][k] for k in ("accepted", "moved", "relabelled", "deleted", "added", "predicted",
                                        "annotated")} == {**counts(9, 0, 1, 1, 1), "predicted": 11, "annotated": 11}
    assert v1["total"]["accept_rate"] == round(11 / 14, 4) and v1["total"]["edit_rate"] == round(6 / 17, 4)
    assert v2["total"]["accept_rate"] == round(9 / 11, 4) and v2["total"]["edit_rate"] == round(3 / 12, 4)
    assert v1["relations"] == {"said": {"kept": 2, "removed": 1, "added": 2}}
    assert v2["relations"] == {"said": {"kept": 2, "removed": 0, "added": 1}}
    assert v1["relabels"] == [{"from": "ORG", "to": "MISC", "count": 1}]
    assert v2["relabels"] == [{"from": "PER", "to": "LOC", "count": 1}]
    assert (v1["mean_lead_time"], v2["mean_lead_time"]) == (40.0, 12.0)


def test_diff_pairs_regions_in_the_documented_order():
    predicted = [Region("a", 0, 5, "PER", "entity"), Region("b", 10, 20, "QUOTE", "attribution"),
                 Region("c", 30, 35, "ORG", "entity"), Region("d", 40, 45, "SPEAKER", "attribution"),
                 Region("e", 50, 55, "LOC", "entity")]
    annotated = [Region("a", 0, 5, "PER", "entity"), Region("b", 12, 22, "QUOTE", "attribution"),
                 Region("c", 30, 35, "LOC", "entity"), Region("x", 40, 45, "PER", "entity"),  # other control
                 Region("y", 60, 64, "MISC", "entity"), Region("e2", 52, 58, "ORG", "entity")]  # moved+relabelled
    result = diff(predicted, [Link("d", "b", "said")], annotated, [])
    assert {label: c.as_dict() for label, c in result.by_label.items()} == {
        "PER": {**counts(accepted=1, added=1), "predicted": 1, "annotated": 2, "accept_rate": 1.0, "edit_rate": 0.5},
        "QUOTE": {**counts(moved=1), "predicted": 1, "annotated": 1, "accept_rate": 0.0, "edit_rate": 1.0},
        "ORG": {**counts(relabelled=1, added=1), "predicted": 1, "annotated": 2, "accept_rate": 0.0,
                "edit_rate": 1.0},
        "SPEAKER": {**counts(deleted=1), "predicted": 1, "annotated": 0, "accept_rate": 0.0, "edit_rate": 1.0},
        "LOC": {**counts(deleted=1), "predicted": 1, "annotated": 0, "accept_rate": 0.0, "edit_rate": 1.0},
        "MISC": {**counts(added=1), "predicted": 0, "annotated": 1, "accept_rate": None, "edit_rate": 1.0}}
    assert result.relabels == {("ORG", "LOC"): 1}
    assert result.links["said"].as_dict() == {"kept": 0, "removed": 1, "added": 0}


def test_an_unchanged_annotation_counts_as_unchanged(tmp_path):
    tasks = export_tasks()[4:5]
    tasks[0]["annotations"] = [annotation(1, "2025-02-02T00:00:00Z", tasks[0]["predictions"][1]["result"])]
    path = tmp_path / "e.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    entry = build_report(history_from_export(path)).edits[0]
    assert (entry.version, entry.annotations, entry.unchanged, entry.total.edit_rate) == ("v2", 1, 1, 0.0)


# --- forecast ------------------------------------------------------------------------------------------------

def prf(d: dict) -> tuple:
    return d["tp"], d["predicted"], d["gold"]


def test_forecast_scores_each_version_on_later_gold_only(report):
    v1, v2 = report.forecasts
    assert (v1.version, v1.published.isoformat(), v1.trained_on, v1.tasks) == ("v1", "2025-01-01T00:00:00+00:00",
                                                                                0, 3)
    assert (v2.version, v2.published.isoformat(), v2.trained_on, v2.tasks) == ("v2", "2025-02-01T00:00:00+00:00",
                                                                                3, 2)
    assert sorted(v1.task_ids) == ["1", "2", "3"] and sorted(v2.task_ids) == ["3", "4"]
    e1, e2 = v1.entities.as_dict(), v2.entities.as_dict()
    for kind in ("exact", "overlap"):
        assert {label: prf(e1[kind][label]) for label in ("PER", "LOC", "ORG", "MISC", "micro")} == {
            "PER": (2, 2, 3), "LOC": (4, 4, 5), "ORG": (2, 3, 2), "MISC": (0, 1, 1), "micro": (8, 10, 11)}
        assert {label: prf(e2[kind][label]) for label in ("PER", "LOC", "ORG", "MISC", "micro")} == {
            "PER": (1, 2, 1), "LOC": (1, 1, 2), "ORG": (2, 2, 2), "MISC": (0, 1, 0), "micro": (4, 6, 5)}
    assert e1["exact"]["micro"]["f1"] == round(16 / 21, 4) and e2["overlap"]["micro"]["f1"] == round(8 / 11, 4)
    q1, q2 = v1.quotes.as_dict(), v2.quotes.as_dict()
    assert prf(q1["quotes_exact"]) == (3, 4, 6) and prf(q1["quotes_overlap"]) == (4, 4, 6)
    assert prf(q1["direct_overlap"]) == (2, 2, 3)
    assert (q1["attribution_right"], q1["attribution_total"]) == (2, 4)
    assert prf(q2["quotes_exact"]) == (3, 3, 3) and prf(q2["quotes_overlap"]) == (3, 3, 3)
    assert (q2["attribution_right"], q2["attribution_total"]) == (2, 3)
    points = report.learning_points()
    assert [(version, trained) for version, trained, _ in points] == [("v1", 0), ("v2", 3)]
    assert points[0][2]["quotes_overlap"] == 0.8 and abs(points[1][2]["accepted"] - 9 / 11) < 1e-9


# --- dataset -------------------------------------------------------------------------------------------------

def test_dataset_counts_quotes_and_sources(report):
    dataset = report.dataset
    assert (dataset.tasks, dataset.annotated_tasks, dataset.annotations, dataset.cancelled) == (6, 5, 5, 1)
    assert dict(dataset.labels) == {"SPEAKER": 8, "QUOTE": 8, "PER": 3, "LOC": 6, "ORG": 3, "MISC": 1}
    assert (dataset.said, dataset.direct, dataset.indirect, dataset.unattributed) == (8, 3, 5, 0)
    table = [(s.name, s.quotes, s.direct, s.indirect, len(s.tasks)) for s in dataset.sources]
    assert table == [("بشار الأسد", 3, 2, 1, 2), ("الجيش", 1, 0, 1, 1), ("خبير اقتصادي", 1, 0, 1, 1),
                     ("دونالد ترامب", 1, 1, 0, 1), ("وزارة الخارجية الأمريكية", 1, 0, 1, 1),
                     ("وزير الخارجية", 1, 0, 1, 1)]
    assert dict(dataset.sources[0].mentions) == {"الرئيس السوري بشار الأسد": 1, "الأسد": 2}
    assert dataset.sources[0].examples == ["الحرب انتهت", "الجيش سيبقى"]
    assert len(dataset.quotes) == 8


def test_speakers_join_their_full_name_within_the_task_first_then_across_the_dataset():
    def mentions(task_id, text):
        title, name, short = text.index("الرئيس"), text.index(" ", 4) + 1, text.rindex("الأسد")
        return [mention_of(task_id, text, (title, text.index(" كذا")), [(name, text.index(" كذا"), "PER")]),
                mention_of(task_id, text, (short, short + len("الأسد")), [])]

    a = mentions("a", "قال الرئيس بشار الأسد كذا. وقال الأسد كذا.")
    b = mentions("b", "قال الرئيس حافظ الأسد كذا. وقال الأسد كذا.")
    assert [m.name for m in a] == ["بشار الأسد", "الأسد"]
    resolver = SourceResolver(a + b)
    assert [resolver.resolve(m) for m in a + b] == ["بشار الاسد", "بشار الاسد", "حافظ الاسد", "حافظ الاسد"]
    elsewhere = mention_of("c", "قال الأسد", (4, 9), [])
    assert resolver.resolve(elsewhere) == "الاسد"  # two full names end with it: it stays its own source
    lone = SourceResolver(a)
    assert lone.resolve(elsewhere) == "بشار الاسد"
    untagged = [mention_of("d", "قال الرئيس السوري بشار الأسد", (4, 28), []), mention_of("d", "الأسد", (0, 5), [])]
    assert SourceResolver(untagged).resolve(untagged[1]) == "الرئيس السوري بشار الاسد"


# --- the files -----------------------------------------------------------------------------------------------

class Tables(HTMLParser):
    """Every table of a page by id: its body's rows of cell texts; every chart figure; the Arabic cells."""

    def __init__(self):
        super().__init__()
        self.tables, self.figures, self.rtl_cells = {}, {}, []
        self._table = self._row = self._cell = self._figure = None
        self._head = False
        self._rtl = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), [])
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and self._table is not None and not self._head:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._rtl = attrs.get("dir") == "rtl" and attrs.get("lang") == "ar"
        elif tag == "figure":
            self._figure = attrs.get("id")
            self.figures[self._figure] = []
        elif self._figure is not None:
            self.figures[self._figure].append(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).strip()
            self._row.append(text)
            if self._rtl:
                self.rtl_cells.append(text)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "thead":
            self._head = False
        elif tag == "table":
            self._table = None
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def body(rows: list[list[str]]) -> list[list[str]]:
    return rows


def test_the_html_tables_say_the_known_answers(export, tmp_path, capsys):
    out = tmp_path / "out" / "report.html"
    assert main(["report", "--from-export", str(export), "-o", str(out), "--title", "اختبار"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["tasks"], summary["annotated_tasks"], summary["versions"]) == (6, 5, ["v1", "v2"])
    assert summary["forecast_tasks"] == {"v1": 3, "v2": 2} and summary["quotes"] == 8
    page = out.read_text(encoding="utf-8")
    parsed = Tables()
    parsed.feed(page)
    tables = parsed.tables

    assert body(tables["edits-by-version"]) == [
        ["v1", "2", "0", "14", "11", "1", "1", "1", "3", "78.6 %", "35.3 %", "40.0"],
        ["v2", "2", "0", "11", "9", "0", "1", "1", "1", "81.8 %", "25.0 %", "12.0"]]
    by_label = {(row[0], row[1]): row[2:8] for row in body(tables["edits-by-label"])}
    assert by_label[("v1", "QUOTE")] == ["3", "2", "1", "0", "0", "1"]
    assert by_label[("v1", "ORG")] == ["2", "1", "0", "1", "0", "0"]
    assert by_label[("v1", "MISC")] == ["1", "0", "0", "0", "1", "0"]
    assert by_label[("v1", "all labels")] == ["14", "11", "1", "1", "1", "3"]
    assert by_label[("v2", "PER")] == ["2", "1", "0", "1", "0", "0"]
    assert by_label[("v2", "all labels")] == ["11", "9", "0", "1", "1", "1"]
    assert len(by_label) == 6 + 1 + 6 + 1
    assert body(tables["relations"]) == [["v1", "said", "2", "1", "2"], ["v2", "said", "2", "0", "1"]]
    assert body(tables["relabels"]) == [["v1", "ORG", "MISC", "1"], ["v2", "PER", "LOC", "1"]]

    forecast = body(tables["forecast"])
    assert [row[:4] for row in forecast] == [["v1", "2025-01-01 00:00 UTC", "0", "3"],
                                            ["v2", "2025-02-01 00:00 UTC", "3", "2"]]
    assert forecast[0][4:10] == ["0.800", "0.727", "0.762", "0.800", "0.727", "0.762"]
    assert forecast[0][10:18] == ["0.750", "0.500", "0.600", "1.000", "0.667", "0.800", "0.800", "50.0 %"]
    assert forecast[1][10:18] == ["1.000", "1.000", "1.000", "1.000", "1.000", "1.000", "1.000", "66.7 %"]
    per_label = {(row[0], row[1]): row[2:] for row in body(tables["forecast-labels"])}
    assert per_label[("v1", "LOC")][:2] == ["5", "4"] and per_label[("v2", "PER")][:2] == ["1", "2"]
    assert len(per_label) == 8

    assert dict((row[0], row[1]) for row in body(tables["labels"])) == {
        "PER": "3", "ORG": "3", "LOC": "6", "MISC": "1", "SPEAKER": "8", "QUOTE": "8", "said relations": "8"}
    assert body(tables["quotes"]) == [["3", "5", "8", "0"]]
    sources = body(tables["sources"])
    assert [row[:5] for row in sources] == [["بشار الأسد", "3", "2", "1", "2"], ["الجيش", "1", "0", "1", "1"],
                                            ["خبير اقتصادي", "1", "0", "1", "1"], ["دونالد ترامب", "1", "1", "0", "1"],
                                            ["وزارة الخارجية الأمريكية", "1", "0", "1", "1"],
                                            ["وزير الخارجية", "1", "0", "1", "1"]]
    assert sources[0][5] == "الأسد ×2، الرئيس السوري بشار الأسد ×1"
    assert "بشار الأسد" in parsed.rtl_cells and "الأسد ×2، الرئيس السوري بشار الأسد ×1" in parsed.rtl_cells

    # one self-contained file: every chart an inline SVG with drawn paths, nothing fetched from anywhere
    assert set(parsed.figures) == {f"chart-{name}" for name in ("edits", "f1", "learning", "distribution", "sources")}
    for name, tags in parsed.figures.items():
        assert tags[0] == "svg" and tags.count("path") > 10, name
    for banned in ("<script", "<link", "<img", "src=", "@import", "url(http", 'href="http'):
        assert banned not in page, banned
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) > 100  # one page of several inline SVGs and tables: no id twice

    rows = list(csv.DictReader(open(tmp_path / "out" / "report.who-said-what.csv", encoding="utf-8-sig")))
    assert len(rows) == 8 and rows[0] == {"task_id": "1", "source": "بشار الأسد",
                                          "speaker": "الرئيس السوري بشار الأسد", "quote": "الحرب انتهت",
                                          "type": "direct", "start": str(T1.index("الحرب")),
                                          "end": str(T1.index("الحرب") + len("الحرب انتهت")),
                                          "speaker_start": "4", "speaker_end": "28"}
    lines = (tmp_path / "out" / "report.who-said-what.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"] for line in lines].count("بشار الأسد") == 3
    assert 'href="report.who-said-what.csv"' in page


def test_a_plain_export_with_prediction_ids_keeps_the_predictions_annotations_started_from(tmp_path):
    """Label Studio's plain JSON export lists predictions by id; each annotation carries its own whole."""
    tasks = export_tasks()
    for task in tasks:
        whole = {p["id"]: p for p in task["predictions"]}
        task["predictions"] = list(whole)
        for item in task["annotations"]:
            if item["parent_prediction"] in whole:
                item["prediction"] = whole[item["parent_prediction"]]
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = build_report(history_from_export(path))
    assert report.predictions_by_id_only == 8 - 2  # of 8, 101 and 203 came whole with the annotations
    assert [(e.version, e.annotations, e.total.accepted) for e in report.edits] == [("v1", 1, 5), ("v2", 1, 6)]
    assert report.blank == 3  # tasks 2 and 4 (no parent, no prediction left) and task 6
    page = write_report(report, tmp_path / "r.html")["html"].read_text(encoding="utf-8")
    assert "came as ids only" in page


def test_report_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a Label Studio JSON export"):
        main(["report", "--from-export", str(bad), "-o", str(tmp_path / "r.html")])
    with pytest.raises(SystemExit, match="LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY"):
        from qawl.cli import build_parser
        from qawl.commands import report as command
        from qawl.settings import Settings

        args = build_parser().parse_args(["report", "--project", "3", "-o", str(tmp_path / "r.html")])
        args.settings = Settings.from_env({})
        command.run(args)


def test_an_empty_project_still_gets_a_report_with_every_chart(tmp_path, capsys):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps([{"id": 1, "data": {"text": T5}, "predictions": [], "annotations": []}]),
                    encoding="utf-8")
    assert main(["report", "--from-export", str(path), "-o", str(tmp_path / "r.html")]) == 0
    parsed = Tables()
    parsed.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert len(parsed.figures) == 5 and all(tags[0] == "svg" for tags in parsed.figures.values())
    assert "no annotated task yet" in capsys.readouterr().err
