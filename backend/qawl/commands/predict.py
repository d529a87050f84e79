"""``qawl predict``: pre-annotate a file of tasks for import into Label Studio, no server needed; or an archive.

One file in, one file out (``-o``): a JSON list of tasks with predictions, or
with ``--format quotes``/``entities`` the quotes or entities corpus as JSON lines.
A folder, a glob, several files or a ``.jsonl.gz`` shard in: an archive run
(:mod:`qawl.archive`, ``docs/archive.md``) writing each shard's output under the
same name in the folder ``-o``, serially or with ``--engine dask``, restartable.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ..archive.formats import FORMATS, json_list_bytes
from ..labelstudio.check import count_results
from ..labelstudio.config import ConfigError, mapping_for
from ..labelstudio.predict import predict_task
from ..labelstudio.results import empty_prediction
from ..labelstudio.tasks import TaskError, read_task_file, task_key, task_text, with_prediction
from ..shipped import SHIPPED_MODEL_DIR
from ._model import add_model_arguments, load_annotator, model_path, read_label_config

NAME = "predict"
HELP = ("pre-annotate tasks (JSON list or JSONL) into Label Studio's import format, or a folder of shards "
        "into a quotes or entities corpus, serially or on Dask")


def add_arguments(parser) -> None:
    parser.add_argument("input", nargs="+",
                        help="a JSON list of Label Studio tasks, or JSONL of {\"text\": ...}; or shards "
                             "(.jsonl, .jsonl.gz, .json): several files, a folder or a glob, local or an fsspec URL")
    parser.add_argument("-o", "--output", required=True,
                        help="where to write the tasks with predictions: a file for one input file, "
                             "a folder for shards (each output has its input's name)")
    parser.add_argument("--format", choices=FORMATS, default="label-studio",
                        help="label-studio: tasks with predictions (default); quotes: one JSON line per quote; "
                             "entities: one JSON line per entity")
    parser.add_argument("--engine", choices=("local", "dask"), default=None,
                        help="local: shards one after another in this process (default); "
                             "dask: one task per shard on a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="a Dask scheduler's address, e.g. tcp://10.0.0.5:8786 (implies --engine dask); "
                             "without it --engine dask starts a LocalCluster of this machine")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="worker processes of the LocalCluster (default: one per core)")
    parser.add_argument("--redo", action="store_true",
                        help="do every shard again, also those a previous run finished in the output folder")
    parser.add_argument("--config", default=str(SHIPPED_MODEL_DIR.parent / "label_config.xml"),
                        help="the project's label config (default: qawl's own)")
    add_model_arguments(parser, model_flag="--model-dir")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument("--allow-empty", action="store_true",
                        help="exit 0 even when the input holds no tasks or some tasks could not be annotated "
                             "(no text, a stage error): they keep an empty prediction (one input file)")


def run(args) -> int:
    label_config = read_label_config(args.config, NAME)
    if label_config is None:
        return 2
    try:
        mapping = mapping_for(label_config)
    except ConfigError as error:
        print(f"qawl predict: {args.config}: {error}", file=sys.stderr)
        return 2
    engine = _engine(args)
    if engine is None:
        return 2
    if _archive_run(args, engine):
        return _run_archive(args, engine, label_config, shards=True)
    if args.format != "label-studio":
        return _run_archive(args, engine, label_config, shards=False)
    source = args.input[0]
    try:
        tasks = read_task_file(source)
    except (OSError, ValueError) as error:
        print(f"qawl predict: cannot read {source}: {error}", file=sys.stderr)
        return 2
    annotator = load_annotator(args, NAME)
    # JSONL articles carry the text as `text`, Label Studio tasks as `data.text`: name it as the file does
    field = mapping.data_key if _is_jsonl(source) else f"data.{mapping.data_key}"
    out, bad = [], []
    failures = _Failures()
    logging.getLogger(predict_task.__module__).addHandler(failures)
    try:
        for number, task in enumerate(_progress(tasks, not args.no_progress), 1):
            if not isinstance(task, dict):  # left out of the output, so not in it with a misleading empty prediction
                print(f"qawl predict: item {number} is not a task object; left out", file=sys.stderr)
                continue
            try:
                task_text(task, mapping.data_key)
            except TaskError as error:  # the same empty prediction predict_task gives it, said in the file's terms
                bad.append((number, task_key(task), str(error).replace(f"data.{mapping.data_key}", f"`{field}`")))
                out.append(with_prediction(task, empty_prediction(annotator.version)))
                continue
            failures.records.clear()
            out.append(with_prediction(task, predict_task(task, annotator, mapping, label_config)))
            if failures.records:  # a stage error or an invalid prediction, logged above with its details
                bad.append((number, task_key(task), failures.records[0].getMessage().split(": ", 1)[-1]))
    finally:
        logging.getLogger(predict_task.__module__).removeHandler(failures)
    Path(args.output).write_bytes(json_list_bytes(out))
    regions = count_results(out)
    print(f"{len(out)} tasks, {regions} results, model {annotator.version} -> {args.output}", file=sys.stderr)
    return _bad_input_summary(args, source, len(out), bad)


class _Failures(logging.Handler):
    """The warnings and errors predict_task logs for the task at hand."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record) -> None:
        self.records.append(record)


def _is_jsonl(path: str) -> bool:
    """True for a file of JSON lines (or one object), False for a JSON list of tasks."""
    with open(path, "rb") as handle:
        head = handle.read(4096).decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    return not head.startswith("[")


def _bad_input_summary(args, source: str, total: int, bad: list) -> int:
    """0 when every task was annotated (or --allow-empty); else 1 after saying which tasks were not, and why."""
    if not bad and total:
        return 0
    if not total:
        print(f"qawl predict: {source} holds no tasks; {args.output} is an empty list", file=sys.stderr)
    else:
        print(f"qawl predict: {len(bad)} of {total} tasks could not be annotated (bad input):", file=sys.stderr)
        for number, task_id, reason in bad[:_LISTED]:
            where = f"item {number}" + (f" (id {task_id})" if task_id is not None else "")
            print(f"  {where}: {reason}", file=sys.stderr)
        if len(bad) > _LISTED:
            print(f"  … and {len(bad) - _LISTED} more", file=sys.stderr)
        print(f"qawl predict: they are in {args.output} with an empty prediction of score 0.0, which Label Studio "
              "lists first as the least certain", file=sys.stderr)
    if args.allow_empty:
        return 0
    print("qawl predict: exit 1; fix the input, or pass --allow-empty to accept empty predictions", file=sys.stderr)
    return 1


_LISTED = 10


def _engine(args) -> str | None:
    """The engine the flags ask for; None (after one line) when they contradict each other."""
    if args.scheduler and args.engine == "local":
        print("qawl predict: --scheduler needs --engine dask", file=sys.stderr)
        return None
    engine = "dask" if args.scheduler else (args.engine or "local")
    if args.workers is not None and (engine != "dask" or args.scheduler):
        print("qawl predict: --workers sizes the LocalCluster of --engine dask without --scheduler; with a "
              "scheduler, start as many `dask worker`s as you want", file=sys.stderr)
        return None
    if args.workers is not None and args.workers < 1:
        print("qawl predict: --workers must be at least 1", file=sys.stderr)
        return None
    return engine


def _archive_run(args, engine: str) -> bool:
    """Shards in, a folder out: anything but one plain JSON or JSONL file run here into one output file."""
    if len(args.input) != 1 or engine != "local":
        return True
    path, output = args.input[0], args.output
    if "://" in path or path.endswith(".gz") or Path(output).is_dir() or output.endswith(("/", "\\")):
        return True
    return not Path(path).is_file() and (Path(path).is_dir() or any(ch in path for ch in "*?["))


def _run_archive(args, engine: str, label_config: str, shards: bool) -> int:
    """A run of the archive engine: every shard into the folder ``-o``, or (``shards`` False) one file into
    the file ``-o`` in the quotes or entities format."""
    from ..archive import shards as files
    from ..archive.job import run_archive, run_shards
    from ..archive.process import JobSpec
    from ..stages.registry import STAGES

    unknown = sorted(set(args.skip_stage) - STAGES.keys())
    if unknown:
        print(f"qawl predict: cannot skip unknown stage(s) {unknown}; known: {sorted(STAGES)}", file=sys.stderr)
        return 2
    model = model_path(args, NAME) if (args.model is not None or args.model_project is not None) else None
    if model is not None:
        model = Path(model).resolve()
        if not (model / "model.json").is_file() and not args.scheduler:
            raise SystemExit(f"qawl {NAME}: {model} is not a model directory (no model.json)")
    spec = JobSpec(fmt=args.format, label_config=label_config, model_dir=None if model is None else str(model),
                   skip=tuple(args.skip_stage), stage_options=args.settings.stage_options(), mark_done=shards)
    if engine == "local":
        _load_here(spec)  # one line and exit 2 for a model that does not load, before any shard
    options = dict(engine=engine, scheduler=args.scheduler, workers=args.workers, redo=args.redo,
                   progress=not args.no_progress)
    try:
        if shards:
            report = run_archive(args.input, args.output, spec, **options)
        else:
            report = run_shards([files.single(args.input[0], args.output)], spec, output=args.output, **options)
    except files.InputError as error:
        print(f"qawl predict: {error}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(f"qawl predict: {line}", file=sys.stderr)
    return 0 if report.ok else 1


def _load_here(spec) -> None:
    from ..archive.worker import annotator_for, model_key

    try:
        annotator_for(model_key(spec.model_dir, spec.skip, spec.stage_options))
    except FileNotFoundError:
        raise SystemExit(f"qawl {NAME}: {spec.model_dir} is not a model directory (no model.json)") from None
    except (OSError, ValueError, KeyError) as error:
        where = spec.model_dir or "the shipped model"
        raise SystemExit(f"qawl {NAME}: cannot load the model in {where}: {error}") from None


def _progress(items, enabled: bool):
    if enabled and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(items, unit="task", desc="qawl predict")
    return items
