"""``qawl data``: fetch the public data sets behind the README's figures, or check a data directory.

``FILES`` lists every data file a figure, a test or entity retraining reads, with the sha256 of the copy the
figures were made on: the project's shared data (``../shared/data``), hashed when this command was written.
Two of them are built from public sources, each pinned to one commit:

* ``anercorp/train.txt``, the training part of ANERcorp (Benajiba, Rosso and Benedí Ruiz 2007; CC BY-SA 4.0)
  in the CAMeL Lab's train/test split (Obeid et al. 2020), rebuilt from the same public copy of the corpus
  file as the shared one, by the CAMeL Lab's published recipe (:func:`anercorp_split`). Only the training
  part is written: the test part is this project's held-out ANERcorp evaluation.
* ``news_raw/ant_news.jsonl.gz``, the ANT corpus v2.1 multi-source collection (Chouigui, Ben Khiroun and
  Elayeb 2017), one JSON object an article (:func:`ant_records`). The shared copy leaves out the articles of
  ``quotes_dev`` and of a held-out evaluation set and is shuffled; a fetched copy holds every article but those
  of a ``quotes_dev`` found in the same directory, sorted by id, so it never matches the recorded checksum and
  the figures read from it (speeds, archive throughput) come out close to the README's, not equal.

The dev sets (``quotes_dev``, ``entities_dev``) are the project's own gold annotations, not public: nothing
can fetch them, and ``--check`` says whether a directory holds the copies the figures used.
"""

from __future__ import annotations

import gzip
import http.client
import io
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..jsonl import read_jsonl
from ..learning.integrity import file_sha256

NAME = "data"
HELP = "fetch the public data sets the README's figures use (ANERcorp, the ANT corpus), or --check a data folder"


@dataclass(frozen=True)
class DataFile:
    path: str     # relative to the data directory
    sha256: str   # of the copy the README's figures were made on (../shared/data)
    dataset: str  # "anercorp", "ant" or "gold"


FILES = (
    DataFile("anercorp/train.txt", "275c9057871f195e2c5eb8e22e526d430ab1bc7f77e48a80f8c4e38c293138ae", "anercorp"),
    DataFile("news_raw/ant_news.jsonl.gz", "d15feb758f9a8a8d224d63544d00e77071220d8bd83c92f4f8e19a238ee2a13d", "ant"),
    DataFile("quotes_dev/articles.jsonl", "b0c50de3f8a407d4ef0fa76cfbcc957ecbaec12a37f60cbb3f0bc91b9c9a10ce", "gold"),
    DataFile("quotes_dev/gold.jsonl", "7dfa4ac3d0a9133f95ea395454fbbc767b82eb3e038dc35a2e2427fbfef5df9f", "gold"),
    DataFile("entities_dev/articles.jsonl", "9f7ed994684da1ea8989cf570ccfca49d7ac6eb9294103964a5497012c7f5b08", "gold"),
    DataFile("entities_dev/gold.jsonl", "9f8bd2a60bc3005c02c12f3024f13096575943af2a3881a15f3f11bc32c1f9e5", "gold"),
)


@dataclass(frozen=True)
class Source:
    url: str
    what: str


# The public sources, each pinned to a commit. ANERcorp: the corpus file that ../shared/data/anercorp/train.txt
# was rebuilt from (its SOURCE.md); the CAMeL Lab describes the split at https://camel.abudhabi.nyu.edu/anercorp/.
# ANT: the repository's archive at the commit ../shared/data/news_raw was made from.
SOURCES = {
    "anercorp": Source("https://raw.githubusercontent.com/HassanAzzam/Arabic-NER/"
                       "056cbc16483ae7e2a3ff86615cf46ed26af8c743/ANERCorp",
                       "ANERcorp (CC BY-SA 4.0), the training part of the CAMeL Lab split"),
    "ant": Source("https://github.com/antcorpus/antcorpus.multisource.data/archive/f117ce44.tar.gz",
                  "the ANT corpus v2.1 multi-source collection"),
}
FETCHABLE = tuple(SOURCES)
SETS = FETCHABLE + ("gold",)


class FetchError(Exception):
    """A download or a write that failed; its message is one line for the user."""


def add_arguments(parser) -> None:
    parser.add_argument("--dir", type=Path,
                        help="the data directory (default: QAWL_DATA, else ../shared/data beside the checkout when "
                             "it exists, else var/data in the checkout)")
    parser.add_argument("--check", action="store_true",
                        help="fetch nothing: report which files match the recorded checksums, which differ, which "
                             "are missing; exit 1 unless all match")
    parser.add_argument("--only", action="append", choices=SETS, metavar="SET",
                        help=f"only this set ({', '.join(SETS)}; repeatable; gold can only be checked)")
    parser.add_argument("--force", action="store_true", help="fetch again even when a file is already there")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the network (default: 60)")


def run(args) -> int:
    directory = Path(args.dir) if args.dir else args.settings.data
    sets = tuple(args.only or SETS)
    if args.check:
        return _check(directory, sets)
    wanted = [name for name in FETCHABLE if name in sets]
    if not wanted:
        print("qawl data: the gold sets are the project's own and cannot be fetched; --check them", file=sys.stderr)
        return 2
    try:
        directory.mkdir(parents=True, exist_ok=True)
        code = 0
        for name in wanted:
            code = max(code, _fetch(name, directory, args.force, args.timeout))
    except FetchError as error:
        print(f"qawl data: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"qawl data: cannot write in {directory}: {error.strerror or error}", file=sys.stderr)
        return 2
    return code


# -- checking ---------------------------------------------------------------------------------------------------
def check(directory: Path, sets=SETS) -> list[tuple[DataFile, str]]:
    """Each file of ``sets`` with ``"ok"``, ``"differs"`` or ``"missing"``."""
    results = []
    for item in FILES:
        if item.dataset not in sets:
            continue
        path = directory / item.path
        if not path.is_file():
            results.append((item, "missing"))
        else:
            results.append((item, "ok" if file_sha256(path) == item.sha256 else "differs"))
    return results


def _check(directory: Path, sets) -> int:
    results = check(directory, sets)
    for item, status in results:
        print(f"{status:8} {item.path}")
    counts = {status: sum(1 for _, s in results if s == status) for status in ("ok", "differs", "missing")}
    print(f"{directory}: {counts['ok']} match, {counts['differs']} differ, {counts['missing']} missing")
    return 0 if counts["ok"] == len(results) else 1


# -- fetching ---------------------------------------------------------------------------------------------------
def download(url: str, target: Path, timeout: float) -> None:
    """``url`` into the file ``target``; a FetchError with one line when the network or the server fails."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
    except urllib.error.HTTPError as error:
        raise FetchError(f"cannot download {url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", None) or error
        raise FetchError(f"cannot download {url}: {reason} (no network? copy the data into the folder by hand, "
                         f"or set QAWL_DATA to a folder that has it)") from None


def _fetch(name: str, directory: Path, force: bool, timeout: float) -> int:
    item = next(f for f in FILES if f.dataset == name)
    target = directory / item.path
    if target.is_file() and not force:
        status = "matches" if file_sha256(target) == item.sha256 else "differs from"
        print(f"{item.path}: already there, {status} the figures' copy (--force fetches it again)")
        return 0 if status == "matches" or name == "ant" else 1
    source = SOURCES[name]
    print(f"fetching {source.what} from {source.url}", flush=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".qawl-data-") as scratch:
        raw = Path(scratch) / "download"
        download(source.url, raw, timeout)
        built = Path(scratch) / "built"
        if name == "anercorp":
            train, _test = anercorp_split(raw.read_text(encoding="utf-8-sig"))
            built.write_text(train, encoding="utf-8")
        else:
            _write_jsonl_gz(built, ant_records(raw, exclude=_dev_articles(directory)))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(built, target)
    digest = file_sha256(target)
    if digest == item.sha256:
        print(f"{item.path}: written, matches the figures' copy")
        return 0
    if name == "ant":
        print(f"{item.path}: written (sha256 {digest}); it holds every public article, so it differs from the "
              f"figures' copy, which leaves out a held-out set")
        return 0
    print(f"{item.path}: written, but differs from the figures' copy (sha256 {digest}, recorded {item.sha256}): "
          f"scores read from it may differ from the README's")
    return 1


# -- ANERcorp: the CAMeL Lab split ---------------------------------------------------------------------------------
def _is_period(token: str) -> bool:
    return token != "" and token.strip(".") == ""


def anercorp_sentences(raw: str) -> list[list[tuple[str, str]]]:
    """The corpus file (one ``TOKEN TAG`` a line) as sentences, by the CAMeL Lab's recipe: U+200F removed,
    middle and bold dots (``·``, ``•``) made periods, a sentence ended after every run of period tokens."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in raw.splitlines():
        fields = line.replace("\u200f", "").split()
        if len(fields) < 2:
            continue
        token, tag = fields[0].replace("\u00b7", ".").replace("\u2022", "."), fields[-1]
        if current and _is_period(current[-1][0]) and not _is_period(token):
            sentences.append(current)
            current = []
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def anercorp_split(raw: str) -> tuple[str, str]:
    """(train, test) in CoNLL form, a blank line after each sentence: the sentences that hold the first 5/6 of
    the tokens go to train, the rest to test, in corpus order."""
    sentences = anercorp_sentences(raw)
    total = sum(len(s) for s in sentences)
    boundary = total * 5 / 6
    parts: tuple[list[str], list[str]] = ([], [])
    seen = 0
    for sentence in sentences:
        part = parts[0] if seen < boundary else parts[1]
        part.append("".join(f"{token} {tag}\n" for token, tag in sentence) + "\n")
        seen += len(sentence)
    return "".join(parts[0]), "".join(parts[1])


# -- the ANT corpus -------------------------------------------------------------------------------------------------
_FIELD = re.compile(r"<(DOCNO|SRC|CAT|TITLE|TIME|TEXT)>(.*?)</\1>", re.S)
_SPACE = re.compile(r"[^\S\n]+")


def _tidy(text: str) -> str:
    """Whitespace normalised: runs of spaces made one, lines trimmed, empty lines dropped."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def ant_document(text: str) -> dict | None:
    """One ``<DOC>`` file of the corpus as ``{id, source, category, date, title, text}``; None if it is not one."""
    fields = {key: value for key, value in _FIELD.findall(text)}
    if "DOCNO" not in fields or "TEXT" not in fields:
        return None
    return {"id": fields["DOCNO"].strip(), "source": fields.get("SRC", "").strip(),
            "category": fields.get("CAT", "").strip(), "date": fields.get("TIME", "").strip(),
            "title": _tidy(fields.get("TITLE", "")), "text": _tidy(fields["TEXT"])}


def ant_records(archive: Path, exclude: tuple[set, set] = (set(), set())) -> list[dict]:
    """Every article of the corpus archive (a .tar.gz of ``<DOC>`` text files), sorted by id, less those whose
    id or text is in ``exclude`` (ids, texts)."""
    ids, texts = exclude
    records = {}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if not (member.isfile() and member.name.endswith(".txt")):
                    continue
                handle = tar.extractfile(member)
                document = ant_document(handle.read().decode("utf-8", errors="replace")) if handle else None
                if document and document["text"] and document["id"] not in ids and document["text"] not in texts:
                    records.setdefault(document["id"], document)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise FetchError(f"the ANT archive is not a readable .tar.gz: {error}") from None
    return [records[key] for key in sorted(records)]


def _dev_articles(directory: Path) -> tuple[set, set]:
    """Ids (without the ``dev_`` prefix) and texts of ``quotes_dev`` when the directory has it: the shared
    news_raw leaves those articles out, and so does a fetched one."""
    path = directory / "quotes_dev" / "articles.jsonl"
    records = read_jsonl(path) if path.is_file() else []
    return ({str(r.get("id", "")).removeprefix("dev_") for r in records}, {r.get("text", "") for r in records})


def _write_jsonl_gz(path: Path, records: list[dict]) -> None:
    """Byte-for-byte the same for the same records: no name or time in the gzip header."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped:
        with io.TextIOWrapper(zipped, encoding="utf-8", newline="\n") as text:
            for record in records:
                text.write(json.dumps(record, ensure_ascii=False) + "\n")
