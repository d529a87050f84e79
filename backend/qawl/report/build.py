"""The report of a project's history: edit rates per version, forecasts against later gold, the dataset.

``build_report`` computes every table from a :class:`~qawl.labelstudio.history.History`;
``write_report`` draws the charts and writes the HTML file and the
who-said-what CSV and JSONL beside it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..labelstudio.history import History
from .dataset import Dataset, dataset_of, write_csv, write_jsonl
from .edits import VersionEdits, edits_by_version
from .forecast import VersionForecast, forecast_scores, forecasts, publication_times

__all__ = ["Report", "build_report", "write_report"]


@dataclass
class Report:
    title: str
    source: str
    generated: datetime
    published: dict[str, datetime | None]
    edits: list[VersionEdits]
    blank: int  # annotations that started from no prediction
    forecasts: list[VersionForecast]
    dataset: Dataset
    predictions_by_id_only: int = 0
    tasks_without_text: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def versions(self) -> list[str]:
        return list(self.published)

    def edits_of(self, version: str) -> VersionEdits | None:
        return next((entry for entry in self.edits if entry.version == version), None)

    def learning_points(self) -> list[tuple[str, int, dict[str, float | None]]]:
        """(version, tasks annotated before it was published, its scores) for the learning curve."""
        points = []
        for forecast in self.forecasts:
            if forecast.published is None:
                continue
            scores = forecast_scores(forecast)
            edits = self.edits_of(forecast.version)
            scores["accepted"] = edits.total.accept_rate if edits is not None else None
            points.append((forecast.version, forecast.trained_on, scores))
        return points

    def as_dict(self) -> dict:
        return {"title": self.title, "source": self.source, "generated": self.generated.isoformat(),
                "versions": {v: (t.isoformat() if t else None) for v, t in self.published.items()},
                "edits": [entry.as_dict() for entry in self.edits],
                "annotations_without_prediction": self.blank,
                "forecasts": [forecast.as_dict() for forecast in self.forecasts],
                "dataset": self.dataset.as_dict(),
                "predictions_by_id_only": self.predictions_by_id_only,
                "tasks_without_text": self.tasks_without_text}


def build_report(history: History, title: str | None = None, now: datetime | None = None) -> Report:
    started = time.perf_counter()
    published = publication_times(history)
    edits, blank = edits_by_version(history, list(published))
    after_edits = time.perf_counter()
    predicted = forecasts(history, published)
    after_forecasts = time.perf_counter()
    dataset = dataset_of(history)
    done = time.perf_counter()
    return Report(title or history.title or "Annotation report", history.source,
                  now or datetime.now(timezone.utc).replace(microsecond=0), published, edits, blank, predicted,
                  dataset, history.predictions_by_id_only, history.tasks_without_text,
                  {"edits": after_edits - started, "forecasts": after_forecasts - after_edits,
                   "dataset": done - after_forecasts})


def write_report(report: Report, out: Path | str, csv_path: Path | str | None = None,
                 jsonl_path: Path | str | None = None) -> dict[str, Path]:
    """Write the HTML report and the who-said-what CSV and JSONL (by default beside it, named after it).

    Raises :class:`qawl.report.charts.ChartsUnavailable` when matplotlib cannot draw the charts.
    """
    from .html import render

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stem = out.name[:-len(out.suffix)] if out.suffix else out.name
    csv_path = Path(csv_path) if csv_path else out.with_name(f"{stem}.who-said-what.csv")
    jsonl_path = Path(jsonl_path) if jsonl_path else out.with_name(f"{stem}.who-said-what.jsonl")
    started = time.perf_counter()
    page = render(report, {"csv": _relative(csv_path, out.parent), "jsonl": _relative(jsonl_path, out.parent)})
    report.timings["charts_and_html"] = time.perf_counter() - started
    out.write_text(page, encoding="utf-8")
    write_csv(report.dataset.quotes, csv_path)
    write_jsonl(report.dataset.quotes, jsonl_path)
    return {"html": out, "csv": csv_path, "jsonl": jsonl_path}


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()
