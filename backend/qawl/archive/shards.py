"""Shards on disk or in object storage: which inputs, which outputs, what is done, how a file is written.

Every path is a local path or an fsspec URL (``s3://bucket/news/``, ``gs://…``,
``memory://…``). An input shard ``NAME`` (``.jsonl``, ``.jsonl.gz`` or a
``.json`` list) is written to ``OUT/NAME`` (compressed when the input is), its
bad records to ``OUT/NAME.errors.jsonl``, and last ``OUT/NAME.done.json`` with
the shard's counts: a shard is finished when its output and that marker are
both there, and a rerun skips it. Every file is written to a hidden temporary
name next to it and renamed into place (``os.replace`` locally, a move in
object storage), so a crash leaves a temporary file, never half an output;
the next run deletes those before it starts.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

import fsspec
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem

__all__ = ["BadRecord", "InputError", "Shard", "DONE_SUFFIX", "ERRORS_SUFFIX", "atomic_output", "find_inputs",
           "finished", "is_glob", "output_name", "plan", "read_done", "read_records", "remove",
           "remove_partials", "single", "write_atomically"]

INPUT_SUFFIXES = (".jsonl.gz", ".jsonl", ".json")
ERRORS_SUFFIX = ".errors.jsonl"
DONE_SUFFIX = ".done.json"
_TEMP_MARK = ".tmp-"
_GLOB_CHARS = "*?["
_PREVIEW = 200  # characters of a bad record kept in the errors file


class InputError(ValueError):
    """The inputs or the output folder cannot make a run; the message says why."""


class BadRecord(ValueError):
    """A record that cannot be read (not UTF-8, not JSON); the message says why."""


@dataclass(frozen=True)
class Shard:
    """One unit of work: an input file and the three files its run writes."""

    source: str
    name: str
    output: str
    errors: str
    done: str

    @property
    def json_list(self) -> bool:
        """The input is a ``.json`` file (a list of tasks, or one task), not JSON lines."""
        return self.source.endswith(".json")


def is_glob(path: str) -> bool:
    return any(ch in path for ch in _GLOB_CHARS)


def _is_local(fs) -> bool:
    return isinstance(fs, LocalFileSystem)


def _url(fs, path: str) -> str:
    """A path fsspec returned, as a URL the same filesystem opens again (a plain path when local)."""
    return path if _is_local(fs) else fs.unstrip_protocol(path)


def _basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _is_input_name(name: str) -> bool:
    return (name.endswith(INPUT_SUFFIXES) and not name.startswith(".")
            and not name.endswith((ERRORS_SUFFIX, DONE_SUFFIX)))


def find_inputs(inputs: Iterable[str]) -> list[str]:
    """The input shards: each argument a file, a folder (its ``.jsonl``, ``.jsonl.gz`` and ``.json`` files,
    not those under subfolders) or a glob (the shards it matches); in name order within each argument, each
    file once. Hidden files and a run's own ``.errors.jsonl`` and ``.done.json`` files are never inputs."""
    found: list[str] = []
    for argument in inputs:
        fs, path = url_to_fs(argument)
        if is_glob(argument):
            matches = [p for p in fs.glob(path) if _is_input_name(_basename(p)) and fs.isfile(p)]
            if not matches:
                raise InputError(f"{argument}: no file matches (a shard ends in .jsonl, .jsonl.gz or .json)")
            paths = sorted(matches)
        elif fs.isdir(path):
            paths = sorted(p for p in fs.ls(path, detail=False) if _is_input_name(_basename(p)) and fs.isfile(p))
            if not paths:
                raise InputError(f"{argument}: no .jsonl, .jsonl.gz or .json file in this folder")
        elif fs.isfile(path):
            paths = [path]
        else:
            raise InputError(f"{argument}: no such file or folder")
        for p in paths:
            url = _url(fs, p)
            if url not in found:
                found.append(url)
    return found


def output_name(name: str, fmt: str) -> str:
    """The output's name for an input named ``name``: the same, but a ``.json`` list becomes ``.jsonl`` for
    the quotes and entities corpora, which are always JSON lines."""
    if fmt != "label-studio" and name.endswith(".json"):
        return name + "l"
    return name


def _join(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name


def _absolute(url: str) -> str:
    fs, path = url_to_fs(url)
    return os.path.abspath(path) if _is_local(fs) else url


def plan(sources: list[str], out_dir: str, fmt: str) -> list[Shard]:
    """One shard per input, its outputs in ``out_dir``; two inputs of the same name are an InputError."""
    out_dir = _absolute(out_dir)
    shards, seen = [], {}
    for source in sources:
        name = _basename(source)
        if not name.endswith(INPUT_SUFFIXES):
            raise InputError(f"{source}: a shard must end in .jsonl, .jsonl.gz or .json")
        target = output_name(name, fmt)
        if target in seen:
            raise InputError(f"{seen[target]} and {source} would both be written to {_join(out_dir, target)}")
        seen[target] = source
        output = _join(out_dir, target)
        if _absolute(source).rpartition("/")[0] == out_dir.rstrip("/"):
            raise InputError(f"{source}: the output folder is the input's own folder")
        shards.append(Shard(_absolute(source), target, output, output + ERRORS_SUFFIX, output + DONE_SUFFIX))
    return shards


def single(source: str, output: str) -> Shard:
    """A one-shard run with an output file of its own (``qawl predict FILE -o FILE --format quotes``)."""
    output = _absolute(output)
    return Shard(_absolute(source), _basename(output), output, output + ERRORS_SUFFIX, output + DONE_SUFFIX)


def _listing(folder: str) -> list[str]:
    fs, path = url_to_fs(folder)
    if not fs.isdir(path):
        return []
    return [_basename(p) for p in fs.ls(path, detail=False)]


def finished(shards: list[Shard]) -> set[str]:
    """Names of the shards whose output and done marker are both there (one listing per output folder)."""
    names: set[str] = set()
    by_folder: dict[str, list[Shard]] = {}
    for shard in shards:
        by_folder.setdefault(shard.output.rsplit("/", 1)[0], []).append(shard)
    for folder, members in by_folder.items():
        present = set(_listing(folder))
        names |= {s.name for s in members if _basename(s.output) in present and _basename(s.done) in present}
    return names


def remove_partials(shards: list[Shard]) -> list[str]:
    """Delete the temporary files a crashed run left for these shards' outputs; their paths.

    Run before any shard starts (a run owns its output folder, and a temporary file is never
    finished work) and after the last. Only this run's own temporary names are touched
    (``.NAME.tmp-…`` for a shard's output, errors file and done marker), nothing else in the folder.
    """
    removed = []
    owned: dict[str, set[str]] = {}
    for shard in shards:
        for url in (shard.output, shard.errors, shard.done):
            folder, _, name = url.rpartition("/")
            owned.setdefault(folder, set()).add(name)
    for folder, names in sorted(owned.items()):
        fs, path = url_to_fs(folder)
        if not fs.isdir(path):
            continue
        for p in fs.ls(path, detail=False):
            name = _basename(p)
            if name.startswith(".") and _TEMP_MARK in name and _temp_owner(name) & names:
                fs.rm(p)
                removed.append(_url(fs, p))
    return removed


def _temp_owner(temp_name: str) -> set[str]:
    """The names a temporary name may stand for: ``.NAME.tmp-TOKEN`` -> {NAME} (every split, in case NAME or
    TOKEN holds the mark too)."""
    owners, start = set(), 0
    while (at := temp_name.find(_TEMP_MARK, start)) > 0:
        owners.add(temp_name[1:at])
        start = at + 1
    return owners


def read_done(shard: Shard) -> dict | None:
    """The counts a finished shard's marker holds, or None when it cannot be read."""
    try:
        with fsspec.open(shard.done, "rb") as handle:
            value = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def remove(url: str) -> None:
    """Delete a file if it is there."""
    fs, path = url_to_fs(url)
    if fs.exists(path):
        fs.rm(path)


def _temp_path(fs, path: str) -> str:
    folder, _, name = path.rpartition("/")
    token = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    return f"{folder}/.{name}{_TEMP_MARK}{token}"


@contextmanager
def atomic_output(url: str) -> Iterator:
    """A binary file that appears at ``url`` whole when the block ends, never in part.

    A ``.gz`` URL is gzip-compressed with no name and no time in the header, so the same
    records make the same bytes on every run and every machine.
    """
    fs, path = url_to_fs(url)
    fs.makedirs(path.rpartition("/")[0] or "/", exist_ok=True)
    temp = _temp_path(fs, path)
    try:
        with fs.open(temp, "wb") as raw:
            if path.endswith(".gz"):
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed:
                    yield packed
            else:
                yield raw
        if _is_local(fs):
            os.replace(temp, path)
        else:
            fs.mv(temp, path)
    except BaseException:
        try:
            if fs.exists(temp):
                fs.rm(temp)
        except OSError:
            pass
        raise


def write_atomically(url: str, data: bytes) -> None:
    with atomic_output(url) as handle:
        handle.write(data)


def _preview(raw: bytes | str) -> str:
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    return text[:_PREVIEW]


def read_records(shard: Shard) -> Iterator[tuple[int | None, object, str]]:
    """``(line or item number, value or BadRecord, preview of the raw record)`` for each record of the shard.

    JSON lines are read as bytes and decoded one by one, so a line that is not UTF-8 or not JSON
    is one bad record, not a failed shard; lines end at ``\\n`` only (see :mod:`qawl.jsonl`) and
    blank lines are skipped. A ``.json`` shard is read whole, as ``qawl predict`` reads a file: a
    list of tasks, one task, or JSON lines.
    """
    with fsspec.open(shard.source, "rb", compression="infer") as handle:
        if shard.json_list:
            yield from _json_file_records(handle.read())
            return
        for number, line in enumerate(handle, 1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                yield number, BadRecord(f"not UTF-8 ({error.reason} at byte {error.start})"), _preview(line)
                continue
            yield number, _parse(text), _preview(text)


def _parse(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        return BadRecord(f"not JSON ({error})")


def _json_file_records(raw: bytes) -> Iterator[tuple[int | None, object, str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield None, BadRecord(f"file is not UTF-8 ({error.reason} at byte {error.start})"), _preview(raw)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        for number, line in enumerate(text.split("\n"), 1):  # JSON lines in a .json file
            if line.strip():
                yield number, _parse(line), _preview(line)
        return
    for number, item in enumerate(value if isinstance(value, list) else [value], 1):
        yield number, item, _preview(json.dumps(item, ensure_ascii=False))
