"""``qawl data``: checking a data folder against recorded checksums, fetching without a network, QAWL_DATA.

No test here reaches the internet: downloads go to a closed port or to an HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import io
import json
import socket
import tarfile
import threading
from pathlib import Path

import pytest

from qawl.cli import main
from qawl.commands import data
from qawl.settings import Settings, data_dir, shared_data_dir


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """urllib would send even a loopback URL through a proxy named in the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- --check ---------------------------------------------------------------------------------------------------------
def test_check_reports_a_matching_a_changed_and_a_missing_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "anercorp").mkdir()
    (tmp_path / "anercorp" / "train.txt").write_text("قال O\n. O\n\n", encoding="utf-8")
    (tmp_path / "quotes_dev").mkdir()
    (tmp_path / "quotes_dev" / "gold.jsonl").write_text('{"id": "a"}\n', encoding="utf-8")
    monkeypatch.setattr(data, "FILES", (
        data.DataFile("anercorp/train.txt", _sha("قال O\n. O\n\n"), "anercorp"),
        data.DataFile("quotes_dev/gold.jsonl", _sha('{"id": "b"}\n'), "gold"),
        data.DataFile("news_raw/ant_news.jsonl.gz", "0" * 64, "ant"),
    ))
    assert main(["data", "--check", "--dir", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == ["ok       anercorp/train.txt", "differs  quotes_dev/gold.jsonl",
                         "missing  news_raw/ant_news.jsonl.gz"]
    assert lines[3] == f"{tmp_path}: 1 match, 1 differ, 1 missing"

    # one set alone, all of whose files match: exit 0
    assert main(["data", "--check", "--dir", str(tmp_path), "--only", "anercorp"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{tmp_path}: 1 match, 0 differ, 0 missing"


def test_the_recorded_checksums_match_the_project_data_when_it_is_there():
    """The checksums in qawl.commands.data are those of the data the README's figures were made on."""
    if not all((data_dir() / item.path).is_file() for item in data.FILES):
        pytest.skip(f"the project data is not in {data_dir()}")
    assert [status for _, status in data.check(data_dir())] == ["ok"] * len(data.FILES)


# -- no network ------------------------------------------------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("only", ["anercorp", "ant"])
def test_fetching_without_a_network_fails_with_one_line(only, tmp_path, monkeypatch, capsys):
    url = f"http://127.0.0.1:{_closed_port()}/{only}"
    monkeypatch.setitem(data.SOURCES, only, data.Source(url, only))
    assert main(["data", "--dir", str(tmp_path / "d"), "--only", only, "--timeout", "5"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"qawl data: cannot download {url}") and "no network?" in err
    assert not any(path.is_file() for path in (tmp_path / "d").rglob("*"))  # no half-written file is left


def test_the_gold_sets_cannot_be_fetched(tmp_path, capsys):
    assert main(["data", "--dir", str(tmp_path), "--only", "gold"]) == 2
    assert "cannot be fetched" in capsys.readouterr().err


# -- QAWL_DATA ---------------------------------------------------------------------------------------------------------
def test_qawl_data_names_the_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("QAWL_SHARED_DATA", raising=False)
    monkeypatch.setenv("QAWL_DATA", str(tmp_path))
    assert data_dir() == tmp_path and shared_data_dir() == tmp_path
    assert Settings.from_env().shared_data == tmp_path  # the old attribute name
    assert main(["data", "--check"]) == 1  # an empty folder: every file missing
    out = capsys.readouterr().out
    assert f"{tmp_path}: 0 match, 0 differ, {len(data.FILES)} missing" in out


def test_the_old_variable_still_works_and_qawl_data_wins_over_it(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    assert Settings.from_env({"QAWL_SHARED_DATA": str(old)}).data == old
    assert Settings.from_env({"QAWL_SHARED_DATA": str(old), "QAWL_DATA": str(new)}).data == new
    # the training job gets its settings as JSON, the old key included
    assert Settings.from_json(json.dumps({"shared_data": str(old)})).data == old
    assert Settings.from_json(Settings.from_env({"QAWL_DATA": str(new)}).to_json()).data == new


def test_the_scorers_read_their_default_gold_from_qawl_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QAWL_DATA", str(tmp_path))
    assert main(["score-quotes"]) == 2
    assert str(tmp_path / "quotes_dev" / "articles.jsonl") in capsys.readouterr().err


# -- building the files from their public form -----------------------------------------------------------------------
RAW_ANERCORP = "\n".join([
    "فرانكفورت B-LOC", "\u200f O", "قال O", "برند B-PERS", "جوتشولك I-PERS", ". O", ". O",  # a run of periods
    "وقال O", "سولانا\u200f B-PERS", "\u00b7 O",                                              # · is a period
    "في O", "بيروت B-LOC", "\u2022 O",
    "انتهى O", ". O",
]) + "\n"


def test_anercorp_is_cut_into_sentences_and_split_by_the_camel_lab_recipe():
    sentences = data.anercorp_sentences(RAW_ANERCORP)
    assert [[token for token, _ in s] for s in sentences] == [
        ["فرانكفورت", "قال", "برند", "جوتشولك", ".", "."], ["وقال", "سولانا", "."], ["في", "بيروت", "."],
        ["انتهى", "."]]
    train, test = data.anercorp_split(RAW_ANERCORP)
    # 14 tokens: the first 5/6 of them (11.7) reach into the third sentence (tokens 9 to 11), which goes to train
    assert train == ("فرانكفورت B-LOC\nقال O\nبرند B-PERS\nجوتشولك I-PERS\n. O\n. O\n\n"
                     "وقال O\nسولانا B-PERS\n. O\n\nفي O\nبيروت B-LOC\n. O\n\n")
    assert test == "انتهى O\n. O\n\n"


def _ant_doc(docno: str, text: str) -> str:
    return (f"<DOC>\n<DOCNO>{docno}</DOCNO>\n<URL>http://example.invalid/{docno}</URL>\n<SRC>skynews</SRC>\n"
            f"<CAT>sport</CAT>\n<TITLE>عنوان  {docno}</TITLE>\n<TIME>Wed, 08 Aug 2018 17:01:45 GMT</TIME>\n"
            f"<ABSTRACT>\nملخص\n</ABSTRACT>\n<TEXT>\n{text}\n</TEXT>\n</DOC>\n")


def _ant_archive(path: Path) -> None:
    files = {"corpus-f117ce44/Skynews/sport/SK-sport-2-20180808.txt": _ant_doc("SK-sport-2-20180808", "نص  ثان \n\n سطر"),
             "corpus-f117ce44/Skynews/sport/SK-sport-1-20180807.txt": _ant_doc("SK-sport-1-20180807", "نص أول"),
             "corpus-f117ce44/Skynews/sport/SK-sport-3-20180809.txt": _ant_doc("SK-sport-3-20180809", "مقال التطوير"),
             "corpus-f117ce44/README.md": "# ANT\n"}
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            payload = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving the folder ``served``."""
    served = tmp_path / "served"
    served.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_builds_both_public_sets_over_http(tmp_path, local_server, monkeypatch, capsys):
    served, base = local_server
    (served / "ANERCorp").write_text(RAW_ANERCORP, encoding="utf-8")
    _ant_archive(served / "ant.tar.gz")
    monkeypatch.setitem(data.SOURCES, "anercorp", data.Source(f"{base}/ANERCorp", "ANERcorp"))
    monkeypatch.setitem(data.SOURCES, "ant", data.Source(f"{base}/ant.tar.gz", "ANT"))
    target = tmp_path / "data"
    (target / "quotes_dev").mkdir(parents=True)  # its articles are left out of news_raw, as in the shared copy
    (target / "quotes_dev" / "articles.jsonl").write_text(
        json.dumps({"id": "dev_SK-sport-3-20180809", "text": "مقال التطوير"}, ensure_ascii=False) + "\n",
        encoding="utf-8")

    # the tiny stand-in corpus is not the real one: the train file is written and said to differ (exit 1)
    assert main(["data", "--dir", str(target)]) == 1
    out = capsys.readouterr().out
    assert "anercorp/train.txt: written, but differs from the figures' copy" in out
    assert (target / "anercorp" / "train.txt").read_text(encoding="utf-8") == data.anercorp_split(RAW_ANERCORP)[0]
    assert not (target / "anercorp" / "test.txt").exists()  # the held-out part is never written

    news = target / "news_raw" / "ant_news.jsonl.gz"
    records = [json.loads(line) for line in gzip.open(news, "rt", encoding="utf-8")]
    assert records == [
        {"id": "SK-sport-1-20180807", "source": "skynews", "category": "sport",
         "date": "Wed, 08 Aug 2018 17:01:45 GMT", "title": "عنوان SK-sport-1-20180807", "text": "نص أول"},
        {"id": "SK-sport-2-20180808", "source": "skynews", "category": "sport",
         "date": "Wed, 08 Aug 2018 17:01:45 GMT", "title": "عنوان SK-sport-2-20180808", "text": "نص ثان\nسطر"},
    ]
    first = news.read_bytes()
    assert not [p for p in target.iterdir() if p.name.startswith(".qawl-data-")]  # the scratch folder is gone

    # a second run keeps what is there; --force builds the same bytes again
    assert main(["data", "--dir", str(target), "--only", "ant"]) == 0
    assert "already there" in capsys.readouterr().out
    assert main(["data", "--dir", str(target), "--only", "ant", "--force"]) == 0
    assert news.read_bytes() == first


def test_a_server_error_is_one_line_too(tmp_path, local_server, monkeypatch, capsys):
    _served, base = local_server
    monkeypatch.setitem(data.SOURCES, "anercorp", data.Source(f"{base}/nothing-here", "ANERcorp"))
    assert main(["data", "--dir", str(tmp_path), "--only", "anercorp"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"qawl data: cannot download {base}/nothing-here: HTTP 404 File not found"


def test_the_dev_articles_left_out_are_read_as_json_lines_even_with_a_line_separator_in_a_text(tmp_path):
    from qawl.commands.data import _dev_articles

    text = "قال الوزير\u2028إن الموازنة أُقرت."  # U+2028 is left unescaped by json.dumps(ensure_ascii=False)
    (tmp_path / "quotes_dev").mkdir()
    (tmp_path / "quotes_dev" / "articles.jsonl").write_text(
        json.dumps({"id": "dev_AL-x-1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _dev_articles(tmp_path) == ({"AL-x-1"}, {text})
