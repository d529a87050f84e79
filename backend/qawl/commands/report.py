"""``qawl report``: one HTML file that tells a project lead what pre-annotation saves and what the dataset holds.

From Label Studio (``--project ID``: every task, prediction and annotation
through the SDK, with ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY``) or from
a JSON export (``--from-export FILE``). Writes ``-o report.html`` and, beside
it, the who-said-what table as ``<name>.who-said-what.csv`` and ``.jsonl``;
prints a JSON summary. See ``docs/report.md``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

NAME = "report"
HELP = "an HTML report of a project: edit rate per model version, scores against later gold, who said what"


def add_arguments(parser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--project", metavar="ID", help="Label Studio project id (needs LABEL_STUDIO_URL and "
                                                        "LABEL_STUDIO_API_KEY)")
    source.add_argument("--from-export", type=Path, metavar="FILE",
                        help="a Label Studio JSON export (with predictions, for the forecasts)")
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    parser.add_argument("--csv", type=Path, metavar="FILE",
                        help="who-said-what CSV (default: beside the report, NAME.who-said-what.csv)")
    parser.add_argument("--jsonl", type=Path, metavar="FILE",
                        help="who-said-what JSONL (default: beside the report, NAME.who-said-what.jsonl)")
    parser.add_argument("--title", help="the report's title (default: the project's title)")
    parser.add_argument("--data-key", default=None,
                        help="task data key holding the text (default: the project's label config for --project; "
                             "text, or a task's only string, for --from-export)")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="show a progress bar while pulling from Label Studio (default: on a terminal)")
    progress.add_argument("--no-progress", dest="progress", action="store_false")


def run(args) -> int:
    from ..report.build import build_report, write_report
    from ..report.charts import ChartsUnavailable

    started = time.perf_counter()
    history = _history(args)
    pulled = time.perf_counter()
    report = build_report(history, args.title)
    try:
        paths = write_report(report, args.out, args.csv, args.jsonl)
    except ChartsUnavailable as error:
        raise SystemExit(f"qawl report: {error}")
    dataset = report.dataset
    if not dataset.annotated_tasks:
        print("qawl report: no annotated task yet; the report shows predictions only", file=sys.stderr)
    print(json.dumps({
        "out": str(paths["html"]), "csv": str(paths["csv"]), "jsonl": str(paths["jsonl"]),
        "tasks": dataset.tasks, "annotated_tasks": dataset.annotated_tasks, "annotations": dataset.annotations,
        "versions": report.versions,
        "edit_rate": {entry.version: entry.total.as_dict()["edit_rate"] for entry in report.edits},
        "forecast_tasks": {forecast.version: forecast.tasks for forecast in report.forecasts},
        "sources": len(dataset.sources), "quotes": len(dataset.quotes),
        "seconds": {"read": round(pulled - started, 2), "total": round(time.perf_counter() - started, 2)},
    }, ensure_ascii=False))
    return 0


def _history(args):
    if args.from_export:
        from ..labelstudio.export import ExportError
        from ..labelstudio.history import history_from_export

        try:
            return history_from_export(args.from_export, args.data_key)
        except ExportError as error:
            raise SystemExit(f"qawl report: {error}")
    from ..labelstudio.history import pull_history

    settings = args.settings
    if not settings.label_studio_url or not settings.label_studio_api_key:
        raise SystemExit("qawl report --project needs LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (a legacy token "
                         "or a personal access token); or report on an export with --from-export FILE")
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        return pull_history(settings.label_studio_url, settings.label_studio_api_key, str(args.project),
                            args.data_key, progress=progress)
    except Exception as error:  # the SDK raises its own errors, httpx's and ValueError for a bad id
        detail = getattr(error, "body", None) or error
        raise SystemExit(f"qawl report: cannot read project {args.project} from {settings.label_studio_url}: "
                         f"{type(error).__name__}: {str(detail)[:300]}")
