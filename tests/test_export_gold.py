"""``qawl export-gold``: annotations become gold files that qawl's own scorers and trainer read."""

from __future__ import annotations

import json

import pytest

from qawl.cli import main
from qawl.evaluation.gold_files import load_gold
from qawl.learning.export_gold import conll_lines, quote_record, write_datasets
from qawl.learning.gold import GoldStore
from qawl.labelstudio.annotations import parse_result
from qawl.ner.conll import read_conll

from ls_results import labels_region as _region, said_relation as _said

TEXT = ('قال وزير الخارجية أيمن الصفدي للصحفيين في عمّان: "إن الأردن يدعم الحل السياسي". '
        'وأضاف أن بلاده "لن تتخلى" عن اللاجئين السوريين. وأكد الصفدي أن الزيارة المقبلة ستكون للعراق ومصر.')




def _result(text: str = TEXT) -> list:
    return [
        _region("s1", text, "وزير الخارجية أيمن الصفدي", "SPEAKER"),
        _region("q1", text, "إن الأردن يدعم الحل السياسي", "QUOTE"),
        _region("q2", text, 'بلاده "لن تتخلى" عن اللاجئين السوريين', "QUOTE"),
        _region("s2", text, "الصفدي", "SPEAKER", occurrence=1),
        _region("q3", text, "الزيارة المقبلة ستكون للعراق ومصر", "QUOTE"),
        _said("s1", "q1"), _said("s1", "q2"), _said("s2", "q3"),
        _region("e1", text, "أيمن الصفدي", "PER"),
        _region("e2", text, "عمّان", "LOC"),
        _region("e3", text, "الأردن", "LOC"),
        _region("e4", text, "الصفدي", "PER", occurrence=1),
        _region("e5", text, "لعراق", "LOC"),   # the clitic rule: after the first ل of للعراق
        _region("e6", text, "مصر", "LOC"),     # after the و of ومصر
    ]


def test_conll_tags_whole_tokens_and_keeps_sentences_apart():
    lines = conll_lines(parse_result(TEXT, _result()))
    assert "أيمن B-PER" in lines and "الصفدي I-PER" in lines
    assert "للعراق B-LOC" in lines and "ومصر B-LOC" in lines  # clitic-stripped regions tag their whole token
    assert "عمّان B-LOC" in lines  # the diacritic stays in the token
    sentences = [s for s in "\n".join(lines).split("\n\n") if s.strip()]
    assert len(sentences) == 3
    assert sum(1 for line in lines if line.endswith("-LOC")) == 4


def test_adjacent_entities_of_one_label_stay_two():
    text = "زار الوفد مصر سوريا أمس."
    result = [_region("a", text, "مصر", "LOC"), _region("b", text, "سوريا", "LOC")]
    assert [line for line in conll_lines(parse_result(text, result)) if "LOC" in line] == ["مصر B-LOC", "سوريا B-LOC"]


def test_quote_types_speakers_and_mentions():
    record = quote_record("7", parse_result(TEXT, _result()))
    direct, mixed, indirect = record["quotes"]
    assert direct["type"] == "direct"           # inside the marks, after a colon
    assert mixed["type"] == "indirect"          # a clause holding a quoted fragment
    assert indirect["type"] == "indirect"
    minister = [TEXT.index("وزير الخارجية"), TEXT.index("وزير الخارجية") + len("وزير الخارجية أيمن الصفدي")]
    assert direct["speaker"] == mixed["speaker"] == minister
    later = TEXT.index("الصفدي", TEXT.index("وأكد"))
    assert indirect["speaker"] == [later, later + len("الصفدي")]
    assert TEXT[slice(*direct["speaker"])] == "وزير الخارجية أيمن الصفدي"


def test_mentions_gather_speaker_regions_that_read_the_same():
    text = 'قال الوزيرُ: "نعم". وقال الوزير أيضا: "لا".'
    result = [_region("s1", text, "الوزيرُ", "SPEAKER"), _region("q1", text, "نعم", "QUOTE"),
              _region("s2", text, "الوزير", "SPEAKER", occurrence=1), _region("q2", text, "لا", "QUOTE"),
              _said("s1", "q1"), _said("s2", "q2")]
    first, second = quote_record("1", parse_result(text, result))["quotes"]
    assert len(first["mentions"]) == len(second["mentions"]) == 2  # the diacritic does not split them


def test_unattributed_quote_has_no_speaker():
    text = 'وقيل إن المفاوضات توقفت.'
    record = quote_record("1", parse_result(text, [_region("q", text, "المفاوضات توقفت", "QUOTE")]))
    assert record["quotes"][0]["speaker"] is None and record["quotes"][0]["mentions"] == []


def test_write_datasets_keeps_the_latest_annotation_and_only_what_was_labelled(tmp_path):
    quotes_only = [r for r in _result() if r.get("type") == "relation" or r["value"]["labels"][0] in ("QUOTE", "SPEAKER")]
    rows = [("1", TEXT, [_region("old", TEXT, "الأردن", "ORG")]),   # replaced by the later annotation of task 1
            ("2", "خبر بلا اقتباس ولا أسماء.", []),
            ("3", TEXT, quotes_only),
            ("1", TEXT, _result())]
    summary = write_datasets(rows, tmp_path)
    assert summary.tasks == 3 and summary.entity_tasks == 1 and summary.quote_tasks == 2
    entities = [json.loads(line) for line in (tmp_path / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in entities] == ["1"]
    assert ("ORG" not in {e["label"] for e in entities[0]["entities"]})
    pairs = load_gold(tmp_path / "articles.jsonl", tmp_path / "quotes.jsonl", "quotes")
    assert [article["id"] for article, _ in pairs] == ["1", "3"]
    conll = read_conll(tmp_path / "entities.conll")
    assert sum(len(s) for s in conll) > 0 and all(tag == "O" or tag[2:] in ("PER", "LOC") for s in conll for _, tag in s)


def test_text_with_a_lone_surrogate_is_exported_as_valid_utf8(tmp_path):
    text = "زار الرئيس \ud800 بغداد أمس."
    write_datasets([("1", text, [_region("a", text, "بغداد", "LOC")])], tmp_path)
    for name in ("articles.jsonl", "entities.jsonl", "entities.conll"):
        (tmp_path / name).read_bytes().decode("utf-8")
    record = json.loads((tmp_path / "entities.jsonl").read_text(encoding="utf-8"))
    article = json.loads((tmp_path / "articles.jsonl").read_text(encoding="utf-8"))
    span = record["entities"][0]
    assert article["text"][span["start"]:span["end"]] == "بغداد"


def test_cli_exports_the_gold_store_and_the_scorers_read_it(tmp_path, capsys):
    store = GoldStore(tmp_path / "models" / "gold.sqlite3")
    store.put("4", "101", "55", TEXT, _result())
    out = tmp_path / "gold"
    assert main(["export-gold", "--model-dir", str(tmp_path / "models"), "-o", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tasks"] == 1 and summary["entities"] == 6 and summary["quotes"] == 3
    assert main(["score-quotes", "--articles", str(out / "articles.jsonl"), "--gold", str(out / "quotes.jsonl"),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes_overlap"]["gold"] == 3
    assert main(["score-entities", "--articles", str(out / "articles.jsonl"), "--gold", str(out / "entities.jsonl"),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exact"]["micro"]["gold"] == 6


def test_cli_exports_a_label_studio_export(tmp_path, capsys):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"id": 9, "data": {"text": TEXT}, "annotations": [
        {"id": 1, "result": [_region("x", TEXT, "عمّان", "LOC")], "was_cancelled": True},
        {"id": 2, "result": _result()}]}], ensure_ascii=False), encoding="utf-8")
    assert main(["export-gold", "--from-export", str(export), "-o", str(tmp_path / "gold")]) == 0
    assert json.loads(capsys.readouterr().out)["entities"] == 6
    assert json.loads((tmp_path / "gold" / "articles.jsonl").read_text(encoding="utf-8"))["id"] == "9"


def test_cli_says_what_is_missing(tmp_path):
    with pytest.raises(SystemExit, match="no gold store"):
        main(["export-gold", "--model-dir", str(tmp_path / "nowhere"), "-o", str(tmp_path / "gold")])
    store = GoldStore(tmp_path / "models" / "gold.sqlite3")
    store.put("1", "a", "1", TEXT, _result())
    store.put("2", "b", "2", TEXT, _result())
    with pytest.raises(SystemExit, match="--project"):
        main(["export-gold", "--model-dir", str(tmp_path / "models"), "-o", str(tmp_path / "gold")])
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a Label Studio JSON export"):
        main(["export-gold", "--from-export", str(bad), "-o", str(tmp_path / "gold")])


def test_shared_gold_survives_a_round_trip_through_label_studio_results(tmp_path):
    """quotes_dev and entities_dev gold, written as Label Studio annotations and exported again, come
    back with the same quotes (type, span, speaker) and the same entity spans."""
    from qawl.evaluation.entities import default_dev_paths as entity_paths
    from qawl.evaluation.quotes import default_dev_paths as quote_paths

    quote_articles, quote_gold = quote_paths()
    entity_articles, entity_gold = entity_paths()
    if not (quote_gold.exists() and entity_gold.exists()):
        pytest.skip("shared quotes_dev / entities_dev data not available")
    entities = {article["id"]: record for article, record in load_gold(entity_articles, entity_gold)}
    rows = []
    for article, record in load_gold(quote_articles, quote_gold):
        text, result, speakers = article["text"], [], {}
        for n, quote in enumerate(record["quotes"]):
            result.append(_span_region(f"q{n}", text, quote["start"], quote["end"], "QUOTE"))
            if quote["speaker"]:
                key = tuple(quote["speaker"])
                if key not in speakers:
                    speakers[key] = f"s{len(speakers)}"
                    result.append(_span_region(speakers[key], text, *key, "SPEAKER"))
                result.append(_said(speakers[key], f"q{n}"))
        for n, entity in enumerate(entities.get(article["id"], {}).get("entities", [])):
            result.append(_span_region(f"e{n}", text, entity["start"], entity["end"], entity["label"]))
        rows.append((article["id"], text, result))
    write_datasets(rows, tmp_path)

    exported = {record["id"]: record for _, record in load_gold(tmp_path / "articles.jsonl", tmp_path / "quotes.jsonl")}
    for _, record in load_gold(quote_articles, quote_gold):
        expected = sorted((q["start"], q["end"], q["type"], q["speaker"]) for q in record["quotes"])
        got = [(q["start"], q["end"], q["type"], q["speaker"]) for q in exported[record["id"]]["quotes"]]
        assert got == expected, record["id"]
    exported = {record["id"]: record for _, record in load_gold(tmp_path / "articles.jsonl", tmp_path / "entities.jsonl")}
    assert exported.keys() == entities.keys()
    for key, record in entities.items():
        assert exported[key]["entities"] == sorted(record["entities"], key=lambda e: (e["start"], e["end"], e["label"]))


def _span_region(rid: str, text: str, start: int, end: int, label: str) -> dict:
    group = "attribution" if label in ("QUOTE", "SPEAKER") else "entity"
    return {"id": rid, "from_name": group, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def test_tasks_come_out_in_task_order(tmp_path):
    text = "زار الوفد مصر أمس."
    rows = [(key, text, [_region("a", text, "مصر", "LOC")]) for key in ("10", "2", "export:ab12:0", "2")]
    write_datasets(rows, tmp_path)
    ids = [json.loads(line)["id"] for line in (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == ["2", "10", "export:ab12:0"]


def test_scorers_and_predict_run_a_projects_current_version(tmp_path, capsys):
    """``--project`` picks the version the server would use for the project, so a lead scores the
    model their annotators trained; here a version with the quotes stage alone, which finds no entities."""
    root = tmp_path / "models"
    version = root / "projects" / "3" / "versions" / "v2"
    version.mkdir(parents=True)
    (version / "model.json").write_text(json.dumps({"version": "qawl-test-v2", "stages": ["quotes"]}),
                                        encoding="utf-8")
    (root / "projects" / "3" / "CURRENT").write_text("v2", encoding="utf-8")
    write_datasets([("1", TEXT, _result())], tmp_path / "gold")
    articles, gold = str(tmp_path / "gold" / "articles.jsonl"), str(tmp_path / "gold" / "entities.jsonl")

    assert main(["score-entities", "--articles", articles, "--gold", gold, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exact"]["micro"]["predicted"] > 0  # the shipped model
    assert main(["score-entities", "--articles", articles, "--gold", gold, "--json",
                 "--project", "3", "--model-root", str(root)]) == 0
    assert json.loads(capsys.readouterr().out)["exact"]["micro"]["predicted"] == 0
    assert main(["score-quotes", "--articles", articles, "--gold", str(tmp_path / "gold" / "quotes.jsonl"),
                 "--json", "--project", "3", "--model-root", str(root)]) == 0
    assert json.loads(capsys.readouterr().out)["quotes_overlap"]["predicted"] == 3
    assert main(["predict", articles, "-o", str(tmp_path / "p.json"), "--project", "3", "--model-root", str(root),
                 "--no-progress"]) == 0
    [task] = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert task["predictions"][0]["model_version"] == "qawl-test-v2"

    with pytest.raises(SystemExit, match="project 4 has no trained version"):  # with the data files or without
        main(["score-quotes", "--articles", articles, "--gold", str(tmp_path / "gold" / "quotes.jsonl"),
              "--project", "4", "--model-root", str(root)])
    with pytest.raises(SystemExit, match="not a model directory"):
        main(["evaluate-ner", "--conll", str(tmp_path / "gold" / "entities.conll"), "--model", str(tmp_path)])
    with pytest.raises(SystemExit, match="cannot read"):
        main(["evaluate-ner", "--conll", str(tmp_path / "missing.conll")])


def _dated_export(tmp_path):
    """Tasks 1, 5 and 12, annotated on 10 January, 31 January (late evening) and 3 February."""
    def task(task_id, updated, fragment):
        return {"id": task_id, "data": {"text": TEXT}, "annotations": [
            {"id": 100 + task_id, "result": [_region("x", TEXT, fragment, "LOC")], "was_cancelled": False,
             "created_at": "2025-01-01T08:00:00Z", "updated_at": updated}]}

    export = tmp_path / "dated.json"
    export.write_text(json.dumps([task(1, "2025-01-10T09:00:00Z", "عمّان"), task(5, "2025-01-31T23:30:00Z", "الأردن"),
                                  task(12, "2025-02-03T09:00:00Z", "مصر")], ensure_ascii=False), encoding="utf-8")
    return export


def _exported_ids(out) -> list[str]:
    return [json.loads(line)["id"] for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("filters, expected", [
    (["--task-ids", "1-5"], ["1", "5"]),
    (["--task-ids", "12"], ["12"]),
    (["--task-ids", "2-4,10-"], ["12"]),
    (["--task-ids", "-5"], ["1", "5"]),
    (["--since", "2025-01-31"], ["5", "12"]),
    (["--until", "2025-01-31"], ["1", "5"]),          # a date alone takes in its whole day
    (["--until", "2025-01-31T12:00"], ["1"]),
    (["--since", "2025-01-11", "--until", "2025-02-02"], ["5"]),
    (["--task-ids", "5-12", "--since", "2025-02-01T00:00+00:00"], ["12"]),
])
def test_export_gold_filters_by_task_ids_and_annotation_dates(tmp_path, capsys, filters, expected):
    out = tmp_path / "gold"
    assert main(["export-gold", "--from-export", str(_dated_export(tmp_path)), "-o", str(out), *filters]) == 0
    assert _exported_ids(out) == expected
    assert json.loads(capsys.readouterr().out)["tasks"] == len(expected)


def test_export_gold_with_nothing_to_export_exits_1_and_says_why(tmp_path, capsys):
    out = tmp_path / "gold"
    assert main(["export-gold", "--from-export", str(_dated_export(tmp_path)), "-o", str(out),
                 "--task-ids", "100-200", "--since", "2025-01-01"]) == 1
    message = capsys.readouterr().err
    assert "nothing to export" in message and "holds 3 annotations, none in tasks 100-200 and updated since " \
                                              "2025-01-01T00:00:00+00:00" in message
    assert not out.exists()

    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps([{"id": 1, "data": {"text": TEXT}, "annotations": []}]), encoding="utf-8")
    assert main(["export-gold", "--from-export", str(empty), "-o", str(out)]) == 1
    assert "holds no submitted annotation" in capsys.readouterr().err

    store = GoldStore(tmp_path / "models" / "gold.sqlite3")
    store.put("4", "101", "55", TEXT, _result())
    store.put("4", "102", "56", TEXT, _result())
    models = ["--model-dir", str(tmp_path / "models")]
    assert main(["export-gold", *models, "-o", str(out), "--task-ids", "56"]) == 0
    assert _exported_ids(out) == ["56"]
    capsys.readouterr()
    assert main(["export-gold", *models, "-o", str(tmp_path / "old"), "--until", "2000-01-01"]) == 1
    assert "the gold store" in capsys.readouterr().err and not (tmp_path / "old").exists()
    assert main(["export-gold", *models, "--project", "9", "-o", str(tmp_path / "none")]) == 1
    assert "holds no submitted annotation" in capsys.readouterr().err


@pytest.mark.parametrize("flag, value", [("--task-ids", "x-3"), ("--task-ids", "9-2"), ("--task-ids", "-"),
                                         ("--since", "last week")])
def test_export_gold_refuses_a_filter_it_cannot_read(tmp_path, capsys, flag, value):
    with pytest.raises(SystemExit) as stopped:
        main(["export-gold", "--from-export", str(_dated_export(tmp_path)), "-o", str(tmp_path / "g"), flag, value])
    assert stopped.value.code == 2 and "expected" in capsys.readouterr().err
