"""Archive runs (``qawl predict`` over shards, ``qawl.archive``): serial and Dask give the same bytes, the model
loads once per worker process, a run that crashed or failed a shard is finished by a rerun that redoes only the
unfinished shards, and a bad record lands in the shard's errors file without stopping anything.

The heavy tests (marked ``slow``, run by CI like every test but ``e2e``/``browser``) use 2,000 ``news_raw``
articles in 8 shards and skip when the shared data is not there.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qawl.archive import shards as files
from qawl.archive.formats import entity_records, normalise_speaker, quote_records
from qawl.archive.job import run_archive
from qawl.archive.process import JobSpec, process_shard
from qawl.archive.split import split_jsonl
from qawl.archive.worker import annotator_for, load_count, model_key
from qawl.cli import main
from qawl.document import Document
from qawl.settings import shared_data_dir
from qawl.shipped import SHIPPED_MODEL_DIR

ROOT = Path(__file__).resolve().parent.parent
NEWS = shared_data_dir() / "news_raw" / "ant_news.jsonl.gz"
LABEL_CONFIG = (SHIPPED_MODEL_DIR.parent / "label_config.xml").read_text(encoding="utf-8")
needs_news = pytest.mark.skipif(not NEWS.is_file(), reason="no news_raw in the shared data")


def _spec(fmt: str = "label-studio", **options) -> JobSpec:
    return JobSpec(fmt=fmt, label_config=LABEL_CONFIG, **options)


def _quiet(message: str) -> None:
    pass


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output and errors file of a run, by name (the done markers hold timings, so not them)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if not p.name.endswith(files.DONE_SUFFIX) and not p.name.startswith(".")}


def _copy_finished(reference: Path, out: Path, names: list[str]) -> dict[str, int]:
    """Shards a previous run finished: their output and done marker; their modification times."""
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        for suffix in ("", files.DONE_SUFFIX):
            shutil.copy2(reference / (name + suffix), out / (name + suffix))
    return {name: (out / name).stat().st_mtime_ns for name in names}


# -- 2,000 news_raw articles in 8 shards -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def news_shards(tmp_path_factory) -> list[Path]:
    if not NEWS.is_file():
        pytest.skip("no news_raw in the shared data")
    folder = tmp_path_factory.mktemp("news_in")
    return [Path(p) for p in split_jsonl(str(NEWS), str(folder), 8, limit=2000, prefix="news")]


@pytest.fixture(scope="module")
def serial_run(news_shards, tmp_path_factory):
    """The reference: the serial engine over the 8 shards, Label Studio tasks (the richest format)."""
    out = tmp_path_factory.mktemp("serial_out")
    report = run_archive([str(news_shards[0].parent)], str(out), _spec(), engine="local", progress=False,
                         say=_quiet)
    return out, report


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes, as on a 2-core machine."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        with distributed.Client(local) as client:
            yield local, client


@pytest.mark.slow
@needs_news
def test_serial_run_reads_every_article(serial_run):
    out, report = serial_run
    assert report.ok and len(report.done) == 8 and not report.skipped
    assert report.totals()["articles"] == 2000 and report.totals()["errors"] == 0
    assert report.totals()["quotes"] > 1000 and report.totals()["entities"] > 10000
    first = _read_jsonl(out / "news-00000.jsonl.gz")[0]
    assert first["data"]["id"] and first["predictions"][0]["result"]
    assert sum(len(_read_jsonl(p)) for p in out.glob("*.jsonl.gz")) == 2000


@pytest.mark.slow
@needs_news
def test_local_cluster_of_two_processes_writes_the_same_bytes(serial_run, news_shards, cluster, tmp_path):
    reference, _ = serial_run
    local, client = cluster
    out = tmp_path / "dask_out"
    report = run_archive([str(p) for p in news_shards], str(out), _spec(), engine="dask",
                         scheduler=local.scheduler_address, progress=False, say=_quiet)
    assert report.ok and [s["shard"] for s in report.done] == [p.name for p in news_shards]
    assert len({s["worker"] for s in report.done}) == 2, "both worker processes took shards"
    assert _outputs(out) == _outputs(reference)

    # the model loaded once in each worker process: not per shard (4 each), and not again for a second run
    assert sorted(client.run(load_count).values()) == [1, 1]
    again = run_archive([str(p) for p in news_shards[:2]], str(out), _spec(), engine="dask",
                        scheduler=local.scheduler_address, redo=True, progress=False, say=_quiet)
    assert len(again.done) == 2 and sorted(client.run(load_count).values()) == [1, 1]


def _dies_in_the_middle(shard, spec, *, victim: str, marker: str, after: int = 60, on_record=None):
    """The shard function, except that the worker process running ``victim`` the first time dies (``os._exit``)
    after ``after`` articles, its output half written to a temporary file."""
    if shard.name != victim or os.path.exists(marker):
        return process_shard(shard, spec)
    seen = []

    def count():
        seen.append(1)
        if len(seen) == after:
            Path(marker).write_text(str(os.getpid()))
            os._exit(1)

    return process_shard(shard, spec, on_record=count)


@pytest.mark.slow
@needs_news
def test_a_killed_worker_s_shard_is_redone_and_a_rerun_redoes_only_unfinished_shards(
        serial_run, news_shards, cluster, tmp_path):
    import cloudpickle

    reference, _ = serial_run
    local, client = cluster
    names = [p.name for p in news_shards]
    out = tmp_path / "out"
    # a first run finished shards 0-3 and crashed in shard 4, leaving a temporary file
    before = _copy_finished(reference, out, names[:4])
    (out / f".{names[4]}.tmp-crashed-1-0").write_bytes(b"half a shard")

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    marker = tmp_path / "died"
    messages = []
    report = run_archive([str(news_shards[0].parent)], str(out), _spec(), engine="dask",
                         scheduler=local.scheduler_address, progress=False, say=messages.append,
                         shard_fn=functools.partial(_dies_in_the_middle, victim=names[6], marker=str(marker)))

    assert marker.exists(), "the worker running shard 6 died in the middle of it"
    assert report.ok, report.failed
    assert [s["shard"] for s in report.skipped] == names[:4]
    assert [s["shard"] for s in report.done] == names[4:], "only the unfinished shards were done"
    assert {name: (out / name).stat().st_mtime_ns for name in names[:4]} == before, "finished shards untouched"
    assert any("left by a run that did not finish" in m for m in messages)
    assert not [p for p in out.iterdir() if ".tmp-" in p.name], "no temporary file is left behind"
    assert _outputs(out) == _outputs(reference)
    assert all(count <= 1 for count in client.run(load_count).values()), "the restarted worker loaded once"

    rerun = run_archive([str(news_shards[0].parent)], str(out), _spec(), engine="dask",
                        scheduler=local.scheduler_address, progress=False, say=_quiet)
    assert not rerun.done and len(rerun.skipped) == 8 and rerun.totals("all")["articles"] == 2000


def _fails(shard, spec, *, victim: str, on_record=None):
    if shard.name == victim:
        raise OSError("the storage went away")
    return process_shard(shard, spec, on_record=on_record)


@pytest.mark.slow
@needs_news
def test_a_failed_shard_does_not_stop_the_run_and_the_rerun_redoes_it_alone(serial_run, news_shards, tmp_path):
    reference, _ = serial_run
    names = [p.name for p in news_shards]
    out = tmp_path / "out"
    _copy_finished(reference, out, names[:6])
    first = run_archive([str(news_shards[0].parent)], str(out), _spec(), engine="local", progress=False,
                        say=_quiet, shard_fn=functools.partial(_fails, victim=names[6]))
    assert not first.ok and list(first.failed) == [names[6]] and "storage went away" in first.failed[names[6]]
    assert [s["shard"] for s in first.done] == [names[7]], "the shard after the failed one was done"
    assert any("FAILED" in line for line in first.lines())
    assert not (out / names[6]).exists()

    rerun = run_archive([str(news_shards[0].parent)], str(out), _spec(), engine="local", progress=False,
                        say=_quiet)
    assert rerun.ok and [s["shard"] for s in rerun.done] == [names[6]] and len(rerun.skipped) == 7
    assert _outputs(out) == _outputs(reference)


# -- small runs ---------------------------------------------------------------------------------------------------

ARTICLES = [
    {"id": "a1", "text": 'قال الرئيس الأمريكي دونالد ترامب: "سنفوز في الانتخابات". وأضاف أن الاقتصاد قوي.'},
    {"id": "a2", "text": "أكد وزير الخارجية أن المفاوضات ستستأنف الأسبوع المقبل في القاهرة."},
    {"id": "a3", "text": "وصل الوفد إلى بيروت أمس."},
]


def _write_jsonl(path: Path, records: list, compress: bool = False) -> Path:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    return path


def _read_jsonl(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line]


def test_a_bad_record_goes_to_the_errors_file_and_the_others_are_annotated(tmp_path, monkeypatch):
    annotator = annotator_for(model_key(None))  # the model this process's runs use
    real = annotator.annotate

    def annotate(text):
        if text == "boom":
            raise RuntimeError("a stage broke")
        return real(text)

    monkeypatch.setattr(annotator, "annotate", annotate)
    lines = [json.dumps(ARTICLES[0], ensure_ascii=False).encode(),
             b'{"id": "a2", "text": ',                       # not JSON
             b"[1, 2]",                                      # not an object
             b'{"id": "a4"}',                                # no text
             b'{"id": "a5", "text": 5}',                     # text not a string
             b'\xff\xfe{"id": "a6"}',                        # not UTF-8
             b"",                                            # blank: skipped, no error
             b'{"id": "a8", "text": "boom"}',                # the annotator fails
             json.dumps({"data": {"id": "a9", "text": ARTICLES[1]["text"]}}, ensure_ascii=False).encode()]
    source = tmp_path / "in" / "bad.jsonl"
    source.parent.mkdir()
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out"
    report = run_archive([str(source)], str(out), _spec(), progress=False, say=_quiet)

    assert report.ok, "bad records never fail the shard"
    assert report.totals()["articles"] == 2 and report.totals()["errors"] == 6
    tasks = _read_jsonl(out / "bad.jsonl")
    assert [t["data"]["id"] for t in tasks] == ["a1", "a9"] and all(t["predictions"][0]["result"] for t in tasks)
    errors = _read_jsonl(out / "bad.jsonl.errors.jsonl")
    assert [(e["line"], e["article_id"]) for e in errors] == [(2, None), (3, None), (4, "a4"), (5, "a5"),
                                                             (6, None), (8, "a8")]
    reasons = [e["error"] for e in errors]
    assert "not JSON" in reasons[0] and "not an object" in reasons[1] and "no data.text" in reasons[2]
    assert "not a string" in reasons[3] and "not UTF-8" in reasons[4]
    assert reasons[5] == "annotation failed: RuntimeError: a stage broke"
    assert all(e["shard"] == "bad.jsonl" and isinstance(e["record"], str) for e in errors)
    assert any("errors.jsonl" in line for line in report.lines())


def test_a_clean_redo_removes_a_stale_errors_file(tmp_path):
    source = _write_jsonl(tmp_path / "in" / "s.jsonl", ARTICLES[:1])
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.jsonl.errors.jsonl").write_text('{"stale": true}\n')
    assert run_archive([str(source)], str(out), _spec("quotes"), progress=False, say=_quiet).ok
    assert not (out / "s.jsonl.errors.jsonl").exists()


def test_quotes_and_entities_corpora_from_a_document():
    text = 'قال الرئيس الأمريكي دونالد ترامب: "سنفوز". وقال #مارك_زوكربيرغ إن الشركة بخير. «اتفقنا» و"نعم"'
    doc = Document(text)
    speaker = doc.add_span(4, 32, "SPEAKER", "attribution", 0.8)
    assert doc.text[4:32] == "الرئيس الأمريكي دونالد ترامب"
    doc.add_span(20, 32, "PER", "entity", 0.9)
    doc.add_span(27, 32, "PER", "entity", 0.9)
    direct = doc.add_span(35, 40, "QUOTE", "attribution", 0.9, kind="direct")
    other = doc.add_span(0, 3, "SPEAKER", "attribution", 0.8)
    doc.add_relation(other, direct, "said", 0.3)
    doc.add_relation(speaker, direct, "said", 0.85)  # the better link wins
    start = text.index("#مارك")
    hashtag = doc.add_span(start, start + len("#مارك_زوكربيرغ"), "SPEAKER", "attribution", 0.8)
    indirect = doc.add_span(text.index("الشركة"), text.index(" بخير") + 5, "QUOTE", "attribution", 0.7,
                            kind="indirect")
    doc.add_relation(hashtag, indirect, "said", 0.7)
    doc.add_span(text.index("اتفقنا"), text.index("اتفقنا") + 6, "QUOTE", "attribution", 0.5)  # no kind
    bare = doc.add_span(text.index("نعم"), text.index("نعم") + 3, "QUOTE", "attribution", 0.5)
    bare.attrs["kind"] = None

    records = quote_records("x1", doc)
    assert [r["quote"] for r in records] == ["سنفوز", "الشركة بخير", "اتفقنا", "نعم"]
    first = records[0]
    assert first == {"article_id": "x1", "quote": "سنفوز", "start": 35, "end": 40, "type": "direct",
                     "speaker": "الرئيس الأمريكي دونالد ترامب", "speaker_start": 4, "speaker_end": 32,
                     "speaker_normalised": "دونالد ترامب", "score": 0.9, "speaker_score": 0.85}
    assert records[1]["type"] == "indirect"
    assert records[1]["speaker_normalised"] == "مارك زوكربيرغ", "no PER inside: the whole region, no # or _"
    assert records[2]["type"] == "direct" and records[2]["speaker"] is None, "marks decide when the stage did not"
    assert records[2]["speaker_start"] is None and records[2]["speaker_score"] is None
    assert records[3]["type"] == "direct"  # "نعم" in straight marks
    assert normalise_speaker(doc, other) == "قال"

    entities = entity_records("x1", doc)
    assert [(e["text"], e["label"]) for e in entities] == [("دونالد ترامب", "PER"), ("ترامب", "PER")]
    assert entities[0]["normalised"] == "دونالد ترامب" and entities[0]["start"] == 20


def test_single_file_quotes_and_entities_runs_write_the_file_named(tmp_path, capsys):
    source = _write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    quotes = tmp_path / "quotes.jsonl"
    (tmp_path / ".quotes.jsonl.tmp-crashed-1-0").write_text("half")   # ours, from a crash: deleted
    (tmp_path / ".notes.txt.tmp-editor").write_text("someone else's")  # not ours: kept
    assert main(["predict", str(source), "-o", str(quotes), "--format", "quotes", "--no-progress"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".notes.txt.tmp-editor"]
    records = _read_jsonl(quotes)
    assert records and {r["article_id"] for r in records} <= {"a1", "a2", "a3"}
    assert {"quote", "start", "end", "type", "speaker", "speaker_normalised", "score"} <= set(records[0])
    assert "3 articles" in capsys.readouterr().err
    assert not (tmp_path / "quotes.jsonl.done.json").exists(), "a one-file run never skips, so no marker"

    entities = tmp_path / "entities.jsonl.gz"
    assert main(["predict", str(source), "-o", str(entities), "--format", "entities", "--no-progress"]) == 0
    assert gzip.decompress(entities.read_bytes()) and _read_jsonl(entities)[0]["article_id"] == "a1"


def test_one_json_file_into_a_file_is_the_legacy_label_studio_run(tmp_path):
    """A JSON list or JSONL file into a file: the same bytes as ever (benchmarks/prediction_snapshot.sh);
    the same file as a shard gives the same tasks, one a line."""
    source = _write_jsonl(tmp_path / "in" / "articles.jsonl", ARTICLES)
    assert main(["predict", str(source), "-o", str(tmp_path / "out.json"), "--no-progress"]) == 0
    tasks = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert isinstance(tasks, list) and len(tasks) == 3 and not (tmp_path / "out.json.done.json").exists()
    assert main(["predict", str(source.parent), "-o", str(tmp_path / "shards"), "--no-progress"]) == 0
    assert _read_jsonl(tmp_path / "shards" / "articles.jsonl") == tasks


def test_a_json_list_shard_keeps_its_shape(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tasks.json").write_text(json.dumps([{"data": a} for a in ARTICLES] + ["not a task"],
                                                  ensure_ascii=False), encoding="utf-8")
    report = run_archive([str(folder)], str(tmp_path / "ls"), _spec(), progress=False, say=_quiet)
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    assert isinstance(tasks, list) and [t["data"]["id"] for t in tasks] == ["a1", "a2", "a3"]
    assert report.totals()["errors"] == 1
    run_archive([str(folder)], str(tmp_path / "q"), _spec("quotes"), progress=False, say=_quiet)
    assert (tmp_path / "q" / "tasks.jsonl").exists(), "the corpora are JSON lines: .json becomes .jsonl"


def test_inputs_from_folders_globs_and_lists(tmp_path):
    folder = tmp_path / "in"
    for name in ("b.jsonl.gz", "a.jsonl", "c.json"):
        _write_jsonl(folder / name, ARTICLES[:1], compress=name.endswith(".gz"))
    (folder / "notes.txt").write_text("x")
    (folder / "a.jsonl.errors.jsonl").write_text("")
    (folder / "sub").mkdir()
    _write_jsonl(folder / "sub" / "d.jsonl", ARTICLES[:1])

    def names(paths):
        return [Path(p).name for p in paths]

    assert names(files.find_inputs([str(folder)])) == ["a.jsonl", "b.jsonl.gz", "c.json"]
    assert names(files.find_inputs([str(folder / "*.jsonl*")])) == ["a.jsonl", "b.jsonl.gz"]
    assert names(files.find_inputs([str(folder / "c.json"), str(folder / "a.jsonl"), str(folder / "a.jsonl")])) \
        == ["c.json", "a.jsonl"]
    assert names(files.find_inputs([str(folder / "**" / "*.jsonl")])) == ["a.jsonl", "d.jsonl"]
    with pytest.raises(files.InputError, match="no file matches"):
        files.find_inputs([str(folder / "*.parquet")])
    with pytest.raises(files.InputError, match="no such file"):
        files.find_inputs([str(folder / "missing.jsonl")])
    _write_jsonl(tmp_path / "other" / "a.jsonl", ARTICLES[:1])
    with pytest.raises(files.InputError, match="would both be written"):
        files.plan([str(folder / "a.jsonl"), str(tmp_path / "other" / "a.jsonl")], str(tmp_path / "out"), "quotes")
    with pytest.raises(files.InputError, match="input's own folder"):
        files.plan([str(folder / "a.jsonl")], str(folder), "quotes")


def test_atomic_output_is_whole_or_absent_and_gzip_is_reproducible(tmp_path):
    target = tmp_path / "o" / "x.jsonl.gz"
    with pytest.raises(RuntimeError):
        with files.atomic_output(str(target)) as handle:
            handle.write(b"half")
            raise RuntimeError("crash")
    assert not target.exists() and not list(target.parent.iterdir())
    files.write_atomically(str(target), b'{"a": 1}\n')
    first = target.read_bytes()
    files.write_atomically(str(target), b'{"a": 1}\n')
    assert target.read_bytes() == first and gzip.decompress(first) == b'{"a": 1}\n'


def test_an_output_folder_of_another_format_is_refused(tmp_path):
    source = _write_jsonl(tmp_path / "in" / "s.jsonl", ARTICLES[:1])
    assert run_archive([str(source)], str(tmp_path / "out"), _spec("quotes"), progress=False, say=_quiet).ok
    with pytest.raises(files.InputError, match="holds the quotes format"):
        run_archive([str(source)], str(tmp_path / "out"), _spec("entities"), progress=False, say=_quiet)
    redone = run_archive([str(source)], str(tmp_path / "out"), _spec("entities"), redo=True, progress=False,
                         say=_quiet)
    assert len(redone.done) == 1 and "label" in _read_jsonl(tmp_path / "out" / "s.jsonl")[0]


def test_fsspec_urls_in_and_out(tmp_path):
    """Paths go through fsspec: here its in-memory filesystem, in production s3://, gs://, abfs://."""
    import fsspec

    memory = fsspec.filesystem("memory")
    root = f"memory://qawl-test-{os.getpid()}"
    for k in range(2):
        with memory.open(f"{root}/in/part-{k}.jsonl", "wb") as handle:
            handle.write("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES).encode("utf-8"))
    try:
        report = run_archive([f"{root}/in/*.jsonl"], f"{root}/out", _spec("quotes"), progress=False, say=_quiet)
        assert report.ok and len(report.done) == 2 and report.totals()["articles"] == 6
        local = run_archive([str(_write_jsonl(tmp_path / "in" / "part-0.jsonl", ARTICLES))], str(tmp_path / "out"),
                            _spec("quotes"), progress=False, say=_quiet)
        assert local.ok
        assert memory.cat(f"{root}/out/part-0.jsonl") == (tmp_path / "out" / "part-0.jsonl").read_bytes()
        assert len(run_archive([f"{root}/in"], f"{root}/out", _spec("quotes"), progress=False,
                               say=_quiet).skipped) == 2
    finally:
        memory.rm(root, recursive=True)


def test_the_command_runs_shards_on_a_local_cluster_and_a_rerun_skips_them(tmp_path):
    """``qawl predict FOLDER -o OUT --engine dask``: the LocalCluster the command starts itself."""
    pytest.importorskip("distributed")
    folder = tmp_path / "in"
    _write_jsonl(folder / "p0.jsonl.gz", ARTICLES, compress=True)
    _write_jsonl(folder / "p1.jsonl.gz", ARTICLES[::-1], compress=True)
    command = [str(Path(sys.executable).parent / "qawl"), "predict", str(folder), "-o", str(tmp_path / "dask"),
               "--format", "quotes", "--engine", "dask", "--workers", "2", "--no-progress"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "LocalCluster of 2 worker process(es)" in first.stderr and "6 articles" in first.stderr
    assert "articles/s" in first.stderr and "2 done now" in first.stderr
    run_archive([str(folder)], str(tmp_path / "serial"), _spec("quotes"), progress=False, say=_quiet)
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "serial")
    second = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert second.returncode == 0 and "2 of 2 shard(s) finished before: skipped" in second.stderr
    assert "nothing left to do" in second.stderr and "LocalCluster" not in second.stderr


def test_contradictory_engine_flags_exit_2(tmp_path, capsys):
    source = _write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1])
    assert main(["predict", str(source), "-o", str(tmp_path / "o"), "--engine", "local",
                 "--scheduler", "tcp://nowhere:8786"]) == 2
    assert main(["predict", str(source), "-o", str(tmp_path / "o"), "--workers", "2"]) == 2
    assert main(["predict", str(tmp_path / "*.nothing"), "-o", str(tmp_path / "o")]) == 2
    assert "no file matches" in capsys.readouterr().err
