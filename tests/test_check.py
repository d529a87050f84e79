"""``qawl check``: every seeded defect is reported, and every ``qawl predict`` output passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qawl.cli import main
from qawl.labelstudio.check import check_tasks

FIXTURE = Path(__file__).parent / "fixtures" / "defective_predictions.json"

# Each seeded defect: (task id, region or '-', words the reason must contain).
SEEDED = [
    ("1", "r-offset", "out of range"),
    ("2", "r-text", "differs from"),
    ("3", "r-from", "from_name 'speaker'"),
    ("4", "r-to", "to_name 'body'"),
    ("5", "r-label", "label 'PERSON'"),
    ("6", "#1", "relation to_id 'ghost'"),
    ("7", "#1", "relation label 'quoted'"),
    ("8", "r-dup", "not unique"),
    ("9", "r-score", "score 1.7"),
    ("10", "r-b", "overlaps region r-a"),
    ("11", "r-type", "type 'Labels'"),
    ("12", "r-nolabel", "no labels"),
    ("13", "r-float", "not integers"),
    ("14", "-", "no key 'text'"),
    ("15", "#2", "relation direction 'up'"),
    ("16", "r-notext", "value.text is missing"),
    ("17", "prediction", "score -0.2"),
    ("18", "#0", "no string id"),
]


def test_every_seeded_defect_is_reported(label_config):
    tasks = json.loads(FIXTURE.read_text(encoding="utf-8"))
    findings = check_tasks(tasks, label_config)
    for task, region, words in SEEDED:
        assert any(f.task == task and f.region == region and words in f.reason for f in findings), \
            f"task {task}: {words!r} not reported; got {[str(f) for f in findings if f.task == task]}"
    clean = [f for f in findings if f.task == "100"]
    assert clean == [], "the one well-formed task was reported"


def test_cli_exit_codes_and_json_output(tmp_path, capsys, label_config):
    config = Path(__file__).parent.parent / "label_config" / "arabic_news.xml"
    assert main(["check", str(FIXTURE), "--config", str(config)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= len(SEEDED) and all(line.startswith("task ") for line in lines)
    assert main(["check", str(FIXTURE), "--config", str(config), "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert {"task", "source", "region", "reason"} <= set(problems[0])
    missing = tmp_path / "nope.json"
    assert main(["check", str(missing), "--config", str(config)]) == 2


def test_predict_output_always_passes_check(tmp_path, capsys):
    root = Path(__file__).parent.parent
    out = tmp_path / "out.json"
    assert main(["predict", str(root / "examples" / "tasks.json"), "-o", str(out), "--no-progress"]) == 0
    config = root / "label_config" / "arabic_news.xml"
    assert main(["check", str(out), "--config", str(config)]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    labels = {r["value"]["labels"][0] for t in tasks for r in t["predictions"][0]["result"] if r["type"] == "labels"}
    assert {"QUOTE", "SPEAKER", "PER", "LOC", "ORG"} <= labels
    assert any(r["type"] == "relation" for t in tasks for r in t["predictions"][0]["result"])


def test_predict_accepts_jsonl_of_plain_texts(tmp_path):
    source = tmp_path / "texts.jsonl"
    source.write_text('{"text": "قال الرئيس إن «الحوار مستمر مع الجميع»."}\n{"text": "عاد الهدوء إلى بيروت."}\n',
                      encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["predict", str(source), "-o", str(out), "--no-progress"]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["text"][:3] for t in tasks] == ["قال", "عاد"]
    assert all(len(t["predictions"]) == 1 for t in tasks)


def test_predict_keeps_unicode_line_separators_inside_jsonl_texts(tmp_path):
    """U+2028 and U+2029 are not line ends in JSONL; a text that holds them comes back whole."""
    texts = ["قال وزير الخارجية\u2028إن «المفاوضات مع إيران مستمرة».", "زار الوفد دمشق\u2029ثم عاد إلى عمّان."]
    source = tmp_path / "texts.jsonl"
    source.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["predict", str(source), "-o", str(out), "--no-progress"]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["text"] for t in tasks] == texts
    for task in tasks:
        for region in task["predictions"][0]["result"]:
            if "start" in region.get("value", {}):
                value = region["value"]
                assert task["data"]["text"][value["start"]:value["end"]] == value["text"]
    entities = {r["value"]["text"] for r in tasks[1]["predictions"][0]["result"] if r["type"] == "labels"}
    assert {"دمشق", "عمّان"} <= entities


def test_predict_reads_a_json_list_saved_with_a_byte_order_mark(tmp_path):
    source = tmp_path / "tasks.json"
    source.write_text("\ufeff" + json.dumps([{"data": {"text": "وصل الرئيس إلى القاهرة."}}], ensure_ascii=False),
                      encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["predict", str(source), "-o", str(out), "--no-progress"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["data"]["text"] == "وصل الرئيس إلى القاهرة."


def test_predict_names_the_bad_jsonl_line_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "texts.jsonl"
    source.write_text('{"text": "عاد الهدوء إلى بيروت."}\n{"text": "نص مقطوع\n', encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["predict", str(source), "-o", str(out), "--no-progress"]) == 2
    assert "line 2 is not JSON" in capsys.readouterr().err
    assert not out.exists()


def test_predict_leaves_out_an_item_that_is_not_a_task_and_annotates_the_rest(tmp_path, capsys):
    source = tmp_path / "tasks.json"
    source.write_text(json.dumps([{"data": {"text": "التقى الوزير نظيره في الرياض."}}, "نص بلا مهمة",
                                  {"data": {"text": "غادر الوفد بغداد."}}], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["predict", str(source), "-o", str(out), "--no-progress"]) == 0
    assert "item 2 is not a task object" in capsys.readouterr().err
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["text"] for t in tasks] == ["التقى الوزير نظيره في الرياض.", "غادر الوفد بغداد."]
    assert all(t["predictions"][0]["result"] for t in tasks)


def test_predict_writes_a_lone_surrogate_escaped_instead_of_crashing(tmp_path):
    source = tmp_path / "texts.jsonl"
    source.write_text('{"text": "زار الرئيس \\ud800 دمشق."}\n{"text": "عاد الوفد إلى بيروت."}\n', encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["predict", str(source), "-o", str(out), "--no-progress"]) == 0
    tasks = json.loads(out.read_text(encoding="ascii"))
    assert tasks[0]["data"]["text"] == "زار الرئيس \ud800 دمشق."
    found = {r["value"]["text"] for t in tasks for r in t["predictions"][0]["result"] if r["type"] == "labels"}
    assert {"دمشق", "بيروت"} <= found


def test_predict_can_leave_a_stage_out_and_says_so(tmp_path):
    source = tmp_path / "texts.jsonl"
    source.write_text('{"text": "قال وزير الخارجية الأردني أيمن الصفدي في عمّان إن «الحدود ستبقى مفتوحة»."}\n',
                      encoding="utf-8")
    full, without = tmp_path / "full.json", tmp_path / "without.json"
    assert main(["predict", str(source), "-o", str(full), "--no-progress"]) == 0
    assert main(["predict", str(source), "-o", str(without), "--no-progress", "--skip-stage", "quotes"]) == 0
    full_prediction = json.loads(full.read_text(encoding="utf-8"))[0]["predictions"][0]
    prediction = json.loads(without.read_text(encoding="utf-8"))[0]["predictions"][0]
    labels = {r["value"]["labels"][0] for r in prediction["result"] if r["type"] == "labels"}
    assert "QUOTE" in {r["value"]["labels"][0] for r in full_prediction["result"] if r["type"] == "labels"}
    assert "QUOTE" not in labels and {"PER", "LOC"} <= labels
    assert prediction["model_version"] == full_prediction["model_version"] + "-without-quotes"
    with pytest.raises(SystemExit, match="cannot skip unknown stage"):
        main(["predict", str(source), "-o", str(without), "--no-progress", "--skip-stage", "nonsense"])
